/**
 * The fixed-shape ChaCha20-Poly1305 (RFC 8439) open a wrap needs: zero nonce,
 * no AAD, 32-byte plaintext. Two ChaCha20 blocks computed in place (block 0
 * gives the Poly1305 key, block 1 the keystream for the data key) instead of
 * the general-purpose @noble AEAD object; Poly1305 itself is @noble's.
 * Cross-checked against chachaOpen in test/crypto/wrap-open.test.ts.
 */
import { poly1305 } from '@noble/ciphers/_poly1305.js';

const X = new Int32Array(16);
const KEYSTREAM = new Uint8Array(128);
// ct(32) || le64(aad length = 0) || le64(ct length = 32)
const MAC_INPUT = new Uint8Array(48);

const rotl = (v: number, n: number): number => (v << n) | (v >>> (32 - n));

function readLe32(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
}

/** ChaCha20 block `counter` (nonce = 0^12) of `key` into KEYSTREAM at `offset`. */
function chachaBlock(key: Uint8Array, counter: number, offset: number): void {
  const j0 = 0x61707865, j1 = 0x3320646e, j2 = 0x79622d32, j3 = 0x6b206574;
  const j4 = readLe32(key, 0), j5 = readLe32(key, 4), j6 = readLe32(key, 8), j7 = readLe32(key, 12);
  const j8 = readLe32(key, 16), j9 = readLe32(key, 20), j10 = readLe32(key, 24), j11 = readLe32(key, 28);
  const j12 = counter, j13 = 0, j14 = 0, j15 = 0;
  let x0 = j0, x1 = j1, x2 = j2, x3 = j3, x4 = j4, x5 = j5, x6 = j6, x7 = j7;
  let x8 = j8, x9 = j9, x10 = j10, x11 = j11, x12 = j12, x13 = j13, x14 = j14, x15 = j15;
  for (let r = 0; r < 10; r++) {
    x0 = (x0 + x4) | 0; x12 = rotl(x12 ^ x0, 16); x8 = (x8 + x12) | 0; x4 = rotl(x4 ^ x8, 12);
    x0 = (x0 + x4) | 0; x12 = rotl(x12 ^ x0, 8); x8 = (x8 + x12) | 0; x4 = rotl(x4 ^ x8, 7);
    x1 = (x1 + x5) | 0; x13 = rotl(x13 ^ x1, 16); x9 = (x9 + x13) | 0; x5 = rotl(x5 ^ x9, 12);
    x1 = (x1 + x5) | 0; x13 = rotl(x13 ^ x1, 8); x9 = (x9 + x13) | 0; x5 = rotl(x5 ^ x9, 7);
    x2 = (x2 + x6) | 0; x14 = rotl(x14 ^ x2, 16); x10 = (x10 + x14) | 0; x6 = rotl(x6 ^ x10, 12);
    x2 = (x2 + x6) | 0; x14 = rotl(x14 ^ x2, 8); x10 = (x10 + x14) | 0; x6 = rotl(x6 ^ x10, 7);
    x3 = (x3 + x7) | 0; x15 = rotl(x15 ^ x3, 16); x11 = (x11 + x15) | 0; x7 = rotl(x7 ^ x11, 12);
    x3 = (x3 + x7) | 0; x15 = rotl(x15 ^ x3, 8); x11 = (x11 + x15) | 0; x7 = rotl(x7 ^ x11, 7);
    x0 = (x0 + x5) | 0; x15 = rotl(x15 ^ x0, 16); x10 = (x10 + x15) | 0; x5 = rotl(x5 ^ x10, 12);
    x0 = (x0 + x5) | 0; x15 = rotl(x15 ^ x0, 8); x10 = (x10 + x15) | 0; x5 = rotl(x5 ^ x10, 7);
    x1 = (x1 + x6) | 0; x12 = rotl(x12 ^ x1, 16); x11 = (x11 + x12) | 0; x6 = rotl(x6 ^ x11, 12);
    x1 = (x1 + x6) | 0; x12 = rotl(x12 ^ x1, 8); x11 = (x11 + x12) | 0; x6 = rotl(x6 ^ x11, 7);
    x2 = (x2 + x7) | 0; x13 = rotl(x13 ^ x2, 16); x8 = (x8 + x13) | 0; x7 = rotl(x7 ^ x8, 12);
    x2 = (x2 + x7) | 0; x13 = rotl(x13 ^ x2, 8); x8 = (x8 + x13) | 0; x7 = rotl(x7 ^ x8, 7);
    x3 = (x3 + x4) | 0; x14 = rotl(x14 ^ x3, 16); x9 = (x9 + x14) | 0; x4 = rotl(x4 ^ x9, 12);
    x3 = (x3 + x4) | 0; x14 = rotl(x14 ^ x3, 8); x9 = (x9 + x14) | 0; x4 = rotl(x4 ^ x9, 7);
  }
  X[0] = x0 + j0; X[1] = x1 + j1; X[2] = x2 + j2; X[3] = x3 + j3;
  X[4] = x4 + j4; X[5] = x5 + j5; X[6] = x6 + j6; X[7] = x7 + j7;
  X[8] = x8 + j8; X[9] = x9 + j9; X[10] = x10 + j10; X[11] = x11 + j11;
  X[12] = x12 + j12; X[13] = x13 + j13; X[14] = x14 + j14; X[15] = x15 + j15;
  for (let i = 0; i < 16; i++) {
    const v = X[i]!;
    const o = offset + 4 * i;
    KEYSTREAM[o] = v;
    KEYSTREAM[o + 1] = v >>> 8;
    KEYSTREAM[o + 2] = v >>> 16;
    KEYSTREAM[o + 3] = v >>> 24;
  }
}

/**
 * ChaCha20-Poly1305 open of a 48-byte sealed data key (ct(32) || tag(16)) with
 * nonce 0^12 and no AAD. Returns the 32-byte plaintext, or null when the tag
 * does not match. Same result as `chachaOpen(key, 0^12, sealed, empty)`.
 */
export function openSealedDataKey(key: Uint8Array, sealed: Uint8Array): Uint8Array | null {
  if (key.length !== 32 || sealed.length !== 48) throw new RangeError('openSealedDataKey needs a 32-byte key and 48 sealed bytes');
  chachaBlock(key, 0, 0);
  chachaBlock(key, 1, 64);
  for (let i = 0; i < 32; i++) MAC_INPUT[i] = sealed[i]!;
  MAC_INPUT[40] = 32;
  const tag = poly1305(MAC_INPUT, KEYSTREAM.subarray(0, 32));
  let diff = 0;
  for (let i = 0; i < 16; i++) diff |= tag[i]! ^ sealed[32 + i]!;
  let plain: Uint8Array | null = null;
  if (diff === 0) {
    plain = new Uint8Array(32);
    for (let i = 0; i < 32; i++) plain[i] = sealed[i]! ^ KEYSTREAM[64 + i]!;
  }
  KEYSTREAM.fill(0);
  X.fill(0);
  tag.fill(0);
  return plain;
}
