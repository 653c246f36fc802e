/**
 * The @noble/curves fallback, loaded lazily (dynamic import) only where
 * WebCrypto lacks Ed25519/X25519 or when forced with setCryptoBackend('noble'),
 * so platforms with WebCrypto never download it.
 */
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { isAcceptablePublicKey, scalarIsCanonical } from './ed25519-checks.ts';

/** Ed25519 public key of a 32-byte seed. */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(seed);
}

/** Deterministic RFC 8032 Ed25519 signature. */
export function ed25519Sign(message: Uint8Array, seed: Uint8Array): Uint8Array {
  return ed25519.sign(message, seed);
}

/**
 * Strict verification: the byte-level checks of ed25519-checks.ts (S < L,
 * canonical A not of small order), then @noble's own RFC 8032 verify with
 * zip215 off (canonical encodings only; cofactored equation, see
 * ed25519-checks.ts for how that differs from the WebCrypto path). Lengths
 * are already checked.
 */
export function ed25519VerifyStrict(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!scalarIsCanonical(signature.subarray(32, 64)) || !isAcceptablePublicKey(publicKey)) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/** X25519 public key of a 32-byte private key. */
export function x25519PublicKey(privateKey: Uint8Array): Uint8Array {
  return x25519.getPublicKey(privateKey);
}

/** X25519(privateKey, peerPublic); throws on an all-zero result (low-order peer). */
export function x25519Shared(privateKey: Uint8Array, peerPublic: Uint8Array): Uint8Array {
  return x25519.getSharedSecret(privateKey, peerPublic);
}
