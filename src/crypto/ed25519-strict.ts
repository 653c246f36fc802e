/**
 * Strict Ed25519 verification, identical on both backends.
 *
 * Rules (RFC 8032 §5.1.7 with the strict choices spelled out):
 * - S must be canonical (S < L);
 * - the public key A must be a canonical encoding (y < p, no "x = 0 with sign
 *   bit") of a point that is not of small order; a small-order A would let
 *   anyone forge: A = identity, R = identity, S = 0 verifies for every message
 *   under plain WebCrypto (checked in test/crypto/ed25519-strict.test.ts);
 * - verification is cofactorless: encode([S]B - [k]A) and compare with R's
 *   bytes. RFC 8032 allows this form; it is what OpenSSL (and so WebCrypto in
 *   Node) does, so the noble fallback here implements the same equation and the
 *   two backends never disagree, also not on signatures whose R has a torsion
 *   component (which the cofactored equation in noble's own verify accepts).
 *   A non-canonical R can never match a canonical re-encoding.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, constantTimeEqual } from './encoding.ts';

const Point = ed25519.Point;
const L = Point.Fn.ORDER;

function bytesToNumberLE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

/** L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
const L_BYTES = Uint8Array.from({ length: 32 }, (_, i) => Number((L >> BigInt(8 * i)) & 0xffn));

/** True when the 32-byte little-endian scalar is < L. Byte compares only. */
export function scalarIsCanonical(s: Uint8Array): boolean {
  for (let i = 31; i >= 0; i--) {
    if (s[i]! < L_BYTES[i]!) return true;
    if (s[i]! > L_BYTES[i]!) return false;
  }
  return false;
}

/** True when `publicKey` decodes strictly to a point that is not of small order. */
export function isStrictPublicKey(publicKey: Uint8Array): boolean {
  try {
    return !Point.fromBytes(publicKey, false).isSmallOrder();
  } catch {
    return false;
  }
}

/** Cofactorless strict verification with @noble/curves arithmetic (lengths already checked). */
export function nobleVerifyStrict(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const r = signature.subarray(0, 32);
  const sBytes = signature.subarray(32, 64);
  if (!scalarIsCanonical(sBytes)) return false;
  let A;
  try {
    A = Point.fromBytes(publicKey, false);
  } catch {
    return false;
  }
  if (A.isSmallOrder()) return false;
  const k = bytesToNumberLE(sha512(concatBytes(r, publicKey, message))) % L;
  const s = bytesToNumberLE(sBytes);
  const sB = s === 0n ? Point.ZERO : Point.BASE.multiplyUnsafe(s);
  const kA = k === 0n ? Point.ZERO : A.multiplyUnsafe(k);
  return constantTimeEqual(sB.subtract(kA).toBytes(), r);
}
