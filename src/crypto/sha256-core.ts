/**
 * Allocation-light SHA-256 (FIPS 180-4) and HMAC-SHA256 with precomputed key
 * states, for the per-secret hot paths (wrap key derivation, version hashes).
 * @noble/hashes is correct but builds hash objects, views and pad buffers on
 * every call, which costs more than the few compressions a 32-byte HKDF needs.
 * Cross-checked against @noble/hashes and the Wycheproof HMAC/HKDF vectors in
 * test/crypto.
 */

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);

// Scratch shared by all calls (everything here is synchronous), wiped after each use
// because it holds message words derived from keys.
const W = new Int32Array(64);
const STATE = new Int32Array(8);
const TAIL = new Uint8Array(128);
const PAD = new Uint8Array(64);

/** One compression of the 64-byte block at m[o..] into the state at H[h..h+8]. */
function compress(H: Int32Array, h0: number, m: Uint8Array, o: number): void {
  for (let i = 0; i < 16; i++, o += 4) W[i] = (m[o]! << 24) | (m[o + 1]! << 16) | (m[o + 2]! << 8) | m[o + 3]!;
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15]!;
    const y = W[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (s1 + W[i - 7]! + s0 + W[i - 16]!) | 0;
  }
  let a = H[h0]!, b = H[h0 + 1]!, c = H[h0 + 2]!, d = H[h0 + 3]!, e = H[h0 + 4]!, f = H[h0 + 5]!, g = H[h0 + 6]!, h = H[h0 + 7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[h0 + 0] = (H[h0 + 0]! + a) | 0;
  H[h0 + 1] = (H[h0 + 1]! + b) | 0;
  H[h0 + 2] = (H[h0 + 2]! + c) | 0;
  H[h0 + 3] = (H[h0 + 3]! + d) | 0;
  H[h0 + 4] = (H[h0 + 4]! + e) | 0;
  H[h0 + 5] = (H[h0 + 5]! + f) | 0;
  H[h0 + 6] = (H[h0 + 6]! + g) | 0;
  H[h0 + 7] = (H[h0 + 7]! + h) | 0;
}

/**
 * Hashes `data` continuing from the state at `start[startOffset..+8]` (after
 * `prefixLength` bytes, a multiple of 64) and writes the 32-byte digest to
 * `out` at `outOffset`. `out` may alias `data` when data is under 64 bytes
 * (it is copied into the tail block before anything is written).
 */
function finish(start: Int32Array, startOffset: number, prefixLength: number, data: Uint8Array, out: Uint8Array, outOffset: number): void {
  const H = STATE;
  for (let i = 0; i < 8; i++) H[i] = start[startOffset + i]!;
  const n = data.length;
  let o = 0;
  for (; o + 64 <= n; o += 64) compress(H, 0, data, o);
  const rest = n - o;
  for (let i = 0; i < rest; i++) TAIL[i] = data[o + i]!;
  TAIL[rest] = 0x80;
  const end = rest < 56 ? 64 : 128;
  TAIL.fill(0, rest + 1, end - 8);
  const bits = (prefixLength + n) * 8;
  const hi = Math.floor(bits / 0x100000000);
  TAIL[end - 8] = hi >>> 24;
  TAIL[end - 7] = hi >>> 16;
  TAIL[end - 6] = hi >>> 8;
  TAIL[end - 5] = hi;
  TAIL[end - 4] = bits >>> 24;
  TAIL[end - 3] = bits >>> 16;
  TAIL[end - 2] = bits >>> 8;
  TAIL[end - 1] = bits;
  compress(H, 0, TAIL, 0);
  if (end === 128) compress(H, 0, TAIL, 64);
  for (let i = 0; i < 8; i++, outOffset += 4) {
    const v = H[i]!;
    out[outOffset] = v >>> 24;
    out[outOffset + 1] = v >>> 16;
    out[outOffset + 2] = v >>> 8;
    out[outOffset + 3] = v;
  }
  W.fill(0);
  H.fill(0);
  TAIL.fill(0, 0, end);
}

/** SHA-256 of `data` (32 bytes). */
export function sha256Digest(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  finish(IV, 0, 0, data, out, 0);
  return out;
}

/**
 * An HMAC-SHA256 key as the two hash states after its inner and outer pad
 * blocks (16 words: inner, then outer). Reusable for any number of messages.
 */
export type HmacKeyState = Int32Array;

/** Precomputes the HMAC-SHA256 pad states of `key` (any length; keys over 64 bytes are hashed first, RFC 2104). */
export function hmacKeyState(key: Uint8Array): HmacKeyState {
  const k = key.length > 64 ? sha256Digest(key) : key;
  const state = new Int32Array(16);
  state.set(IV, 0);
  state.set(IV, 8);
  PAD.fill(0x36);
  for (let i = 0; i < k.length; i++) PAD[i] = k[i]! ^ 0x36;
  compress(state, 0, PAD, 0);
  PAD.fill(0x5c);
  for (let i = 0; i < k.length; i++) PAD[i] = k[i]! ^ 0x5c;
  compress(state, 8, PAD, 0);
  PAD.fill(0);
  W.fill(0);
  if (k !== key) k.fill(0);
  return state;
}

/** HMAC-SHA256 of `message` under a precomputed key; writes the 32-byte tag into `out` (or a new array). */
export function hmacWithState(state: HmacKeyState, message: Uint8Array, out: Uint8Array = new Uint8Array(32)): Uint8Array {
  finish(state, 0, 64, message, out, 0);
  finish(state, 8, 64, out, out, 0);
  return out;
}
