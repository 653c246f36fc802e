/**
 * Thin AEAD wrappers over @noble/ciphers, and HMAC/HKDF-SHA256 over
 * sha256-core.ts (exported for test vectors and for the envelope, wrap,
 * keyring, KDF and machine-token modules). All lengths are checked here.
 */
import { chacha20poly1305, xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { CryptoError, assertLength } from './errors.ts';
import { hmacKeyState, hmacWithState } from './sha256-core.ts';
import type { HmacKeyState } from './sha256-core.ts';

/** ChaCha20-Poly1305 (RFC 8439) encryption: returns ct || tag(16). */
export function chachaSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  assertLength(key, 32, 'ChaCha20-Poly1305 key');
  assertLength(nonce, 12, 'ChaCha20-Poly1305 nonce');
  return chacha20poly1305(key, nonce, aad).encrypt(plaintext);
}

/** ChaCha20-Poly1305 (RFC 8439) decryption: returns the plaintext, or null when authentication fails. */
export function chachaOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
  assertLength(key, 32, 'ChaCha20-Poly1305 key');
  assertLength(nonce, 12, 'ChaCha20-Poly1305 nonce');
  if (sealed.length < 16) return null;
  try {
    return chacha20poly1305(key, nonce, aad).decrypt(sealed);
  } catch {
    return null;
  }
}

/**
 * XChaCha20-Poly1305 encryption of `plaintext` into `output` (which must be
 * plaintext.length + 16 bytes), or into a new array. Writing into a
 * caller-provided view lets the envelope avoid a copy on large values.
 */
export function xchachaSeal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array, output?: Uint8Array): Uint8Array {
  assertLength(key, 32, 'XChaCha20-Poly1305 key');
  assertLength(nonce, 24, 'XChaCha20-Poly1305 nonce');
  return xchacha20poly1305(key, nonce, aad).encrypt(plaintext, output);
}

/** XChaCha20-Poly1305 decryption: returns the plaintext, or null when authentication fails. */
export function xchachaOpen(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array | null {
  assertLength(key, 32, 'XChaCha20-Poly1305 key');
  assertLength(nonce, 24, 'XChaCha20-Poly1305 nonce');
  if (sealed.length < 16) return null;
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(sealed);
  } catch {
    return null;
  }
}

/** HKDF-SHA256 (RFC 5869). `length` is at most 255 * 32 bytes. */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 1 || length > 255 * 32) {
    throw new CryptoError('bad-input', 'HKDF-SHA256 output length must be between 1 and 8160 bytes');
  }
  for (const [part, what] of [[ikm, 'ikm'], [salt, 'salt'], [info, 'info']] as const) {
    if (!(part instanceof Uint8Array)) throw new CryptoError('bad-input', `HKDF ${what} must be a Uint8Array`);
  }
  const prk = hmacSha256(salt, ikm);
  const prkKey = hmacKeyState(prk);
  prk.fill(0);
  // T(i) = HMAC(PRK, T(i-1) || info || i); `block` holds T(i-1) || info || i.
  const okm = new Uint8Array(Math.ceil(length / 32) * 32);
  const block = new Uint8Array(32 + info.length + 1);
  block.set(info, 32);
  for (let i = 1, off = 0; off < length; i++, off += 32) {
    block[block.length - 1] = i;
    const input = i === 1 ? block.subarray(32) : block;
    const t = hmacWithState(prkKey, input, okm.subarray(off, off + 32));
    block.set(t);
  }
  prkKey.fill(0);
  block.fill(0);
  if (okm.length === length) return okm;
  const out = okm.slice(0, length);
  okm.fill(0);
  return out;
}

/** HMAC-SHA256 (RFC 2104), 32-byte tag. */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  if (!(key instanceof Uint8Array) || !(message instanceof Uint8Array)) throw new CryptoError('bad-input', 'HMAC key and message must be Uint8Arrays');
  const state = hmacKeyState(key);
  const tag = hmacWithState(state, message);
  state.fill(0);
  return tag;
}

/**
 * HKDF-SHA256 with 32-byte output, split in two so the salt-dependent half
 * (the HMAC pad states) can be computed while an X25519 runs elsewhere:
 * `hkdf32WithSalt(salt)(ikm, info)` equals `hkdfSha256(ikm, salt, info, 32)`.
 */
export function hkdf32WithSalt(salt: Uint8Array): (ikm: Uint8Array, info: Uint8Array) => Uint8Array {
  if (!(salt instanceof Uint8Array)) throw new CryptoError('bad-input', 'HKDF salt must be a Uint8Array');
  const saltKey = hmacKeyState(salt);
  return (ikm, info) => {
    const infoAndCounter = new Uint8Array(info.length + 1);
    infoAndCounter.set(info);
    infoAndCounter[info.length] = 1;
    return hkdf32Prepared(saltKey, ikm, infoAndCounter);
  };
}

/**
 * HKDF-SHA256, 32-byte output, from precomputed parts: `saltKey` =
 * hmacKeyState(salt), `infoAndCounter` = info || 0x01 (the single expand block).
 */
export function hkdf32Prepared(saltKey: HmacKeyState, ikm: Uint8Array, infoAndCounter: Uint8Array): Uint8Array {
  const prk = hmacWithState(saltKey, ikm);
  const prkKey = hmacKeyState(prk);
  const okm = hmacWithState(prkKey, infoAndCounter, prk);
  prkKey.fill(0);
  return okm;
}
