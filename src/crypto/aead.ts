/**
 * Thin AEAD and KDF wrappers over @noble (exported for test vectors and for
 * the envelope, wrap and keyring modules). All lengths are checked here.
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
  return hkdf(sha256, ikm, salt, info, length);
}

const ONE = new Uint8Array([1]);

/** HMAC-SHA256 (RFC 2104), 32-byte tag. */
export function hmacSha256(key: Uint8Array, message: Uint8Array): Uint8Array {
  return hmac(sha256, key, message);
}

/**
 * HKDF-SHA256 with 32-byte output, split in two so the salt-dependent half
 * (the HMAC pad states) can be computed while an X25519 runs elsewhere:
 * `hkdf32WithSalt(salt)(ikm, info)` equals `hkdfSha256(ikm, salt, info, 32)`.
 */
export function hkdf32WithSalt(salt: Uint8Array): (ikm: Uint8Array, info: Uint8Array) => Uint8Array {
  const extract = hmac.create(sha256, salt);
  return (ikm, info) => {
    const prk = extract.update(ikm).digest();
    const okm = hmacSha256(prk, concat2(info, ONE));
    prk.fill(0);
    return okm;
  };
}

function concat2(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
