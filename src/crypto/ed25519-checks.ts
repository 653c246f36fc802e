/**
 * Byte-level Ed25519 strictness checks shared by both backends (no field
 * arithmetic, no @noble/curves, so the WebCrypto path stays small).
 *
 * Verification rules (RFC 8032 §5.1.7 with the strict choices spelled out):
 * - S must be canonical (S < L);
 * - the public key A must be a canonical encoding (y < p, and not x = 0 with
 *   the sign bit set) and must not be one of the 8 small-order points: with a
 *   small-order A, plain WebCrypto accepts (R = identity, S = 0) for every
 *   message, a universal forgery (see src/crypto/ed25519-strict.test.ts);
 * - the verification equation is the backend's own, never hand-written:
 *   WebCrypto (OpenSSL in Node) checks the cofactorless form,
 *   encode([S]B - [k]A) == R's bytes; the @noble fallback calls
 *   `ed25519.verify(..., { zip215: false })`, which checks the cofactored form
 *   [8]([S]B - R - [k]A) == identity. RFC 8032 §5.1.7 allows both. They agree
 *   on every honestly made signature and on all Wycheproof vectors (run through
 *   both backends in test/crypto/wycheproof.test.ts); they differ only on a
 *   crafted signature whose R carries a small-order (torsion) component, which
 *   WebCrypto refuses and noble accepts. Such a signature still needs the
 *   private key of A, so it is not a forgery; src/crypto/ed25519-strict.test.ts
 *   pins each backend's answer.
 * A that is canonical but not on the curve fails inside either backend.
 */
import { toHex } from './encoding.ts';

/** L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
const L_BYTES = new Uint8Array([
  0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
]);

/** True when the 32-byte little-endian scalar is < L. */
export function scalarIsCanonical(s: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    if (s[i]! < L_BYTES[i]!) return true;
    if (s[i]! > L_BYTES[i]!) return false;
  }
  return false;
}

function allBytes(e: Uint8Array, from: number, to: number, value: number): boolean {
  for (let i = from; i < to; i++) if (e[i] !== value) return false;
  return true;
}

/** True when a 32-byte point encoding is canonical: y < p, and not (x = 0, i.e. y = ±1, with the sign bit set). */
export function pointEncodingIsCanonical(e: Uint8Array): boolean {
  const top = e[31]! & 0x7f;
  const sign = e[31]! & 0x80;
  const middleFf = allBytes(e, 1, 31, 0xff);
  if (top === 0x7f && middleFf && e[0]! >= 0xed) return false; // y >= p = 2^255 - 19
  if (sign && top === 0 && e[0] === 1 && allBytes(e, 1, 31, 0)) return false; // y = 1
  if (sign && top === 0x7f && middleFf && e[0] === 0xec) return false; // y = p - 1
  return true;
}

// The canonical encodings of the 8 points of small order (the torsion subgroup).
const SMALL_ORDER = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  '0000000000000000000000000000000000000000000000000000000000000080',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
  '0000000000000000000000000000000000000000000000000000000000000000',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
];

/** True when `publicKey` is a canonical encoding of a point not of small order (curve membership is checked by the backend). */
export function isAcceptablePublicKey(publicKey: Uint8Array): boolean {
  return pointEncodingIsCanonical(publicKey) && !SMALL_ORDER.includes(toHex(publicKey));
}
