/**
 * Thin AEAD and KDF wrappers over @noble/ciphers and @noble/hashes (exported
 * for test vectors and for the envelope, wrap, keyring, KDF and machine-token
 * modules). All lengths are checked here.
 */
import { chacha20poly1305, xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { CryptoError, assertLength } from './errors.ts';

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
  return hkdf(sha256, ikm, salt, info, length);
}

/** HMAC-SHA256 (RFC 2104), 32-byte tag. */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  if (!(key instanceof Uint8Array) || !(message instanceof Uint8Array)) throw new CryptoError('bad-input', 'HMAC key and message must be Uint8Arrays');
  return hmac(sha256, key, message);
}

/** An @noble HMAC-SHA256 instance keyed with an HKDF salt and not yet fed: reusable through {@link hkdf32Prepared}. */
export type HkdfSaltState = ReturnType<typeof hmac.create>;

/** Keys @noble's HMAC-SHA256 with `salt` once (the two pad blocks), for any number of {@link hkdf32Prepared} calls. */
export function hkdfSaltState(salt: Uint8Array): HkdfSaltState {
  return hmac.create(sha256, salt);
}

let extractScratch: Parameters<HkdfSaltState['_cloneInto']>[0];

/**
 * HKDF-SHA256 with 32-byte output from precomputed parts: `saltState` =
 * hkdfSaltState(salt) (left untouched: each call works on a noble clone),
 * `infoAndCounter` = info || 0x01 (HKDF's single expand block). Equals
 * `hkdfSha256(ikm, salt, info, 32)`; the steps are RFC 5869's, every
 * primitive is @noble's.
 */
export function hkdf32Prepared(saltState: HkdfSaltState, ikm: Uint8Array, infoAndCounter: Uint8Array): Uint8Array {
  const okm = new Uint8Array(32);
  // PRK = HMAC(salt, ikm), on a noble clone written into a reused instance (all synchronous; digestInto wipes it).
  const extract = saltState._cloneInto(extractScratch);
  extractScratch = extract;
  extract.update(ikm).digestInto(okm);
  hmac.create(sha256, okm).update(infoAndCounter).digestInto(okm); // OKM = HMAC(PRK, info || 1); the key is copied into the pads first
  return okm;
}

/**
 * HKDF-SHA256 with 32-byte output, split in two so the salt-dependent half
 * (the keyed HMAC state) can be computed while an X25519 runs elsewhere:
 * `hkdf32WithSalt(salt)(ikm, info)` equals `hkdfSha256(ikm, salt, info, 32)`.
 */
export function hkdf32WithSalt(salt: Uint8Array): (ikm: Uint8Array, info: Uint8Array) => Uint8Array {
  if (!(salt instanceof Uint8Array)) throw new CryptoError('bad-input', 'HKDF salt must be a Uint8Array');
  const saltState = hkdfSaltState(salt);
  return (ikm, info) => {
    const infoAndCounter = new Uint8Array(info.length + 1);
    infoAndCounter.set(info);
    infoAndCounter[info.length] = 1;
    return hkdf32Prepared(saltState, ikm, infoAndCounter);
  };
}
