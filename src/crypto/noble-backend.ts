/**
 * The @noble/curves fallback, loaded lazily (dynamic import) only where
 * WebCrypto lacks Ed25519/X25519 or when forced with setCryptoBackend('noble'),
 * so platforms with WebCrypto never download it.
 */
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, constantTimeEqual } from './encoding.ts';
import { isAcceptablePublicKey, scalarIsCanonical } from './ed25519-checks.ts';

const Point = ed25519.Point;
const L = Point.Fn.ORDER;

function bytesToNumberLE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

/** Ed25519 public key of a 32-byte seed. */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(seed);
}

/** Deterministic RFC 8032 Ed25519 signature. */
export function ed25519Sign(message: Uint8Array, seed: Uint8Array): Uint8Array {
  return ed25519.sign(message, seed);
}

/** Strict cofactorless verification (rules in ed25519-checks.ts); lengths already checked. */
export function ed25519VerifyStrict(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const r = signature.subarray(0, 32);
  const sBytes = signature.subarray(32, 64);
  if (!scalarIsCanonical(sBytes) || !isAcceptablePublicKey(publicKey)) return false;
  let A;
  try {
    A = Point.fromBytes(publicKey, false);
  } catch {
    return false; // not on the curve
  }
  const k = bytesToNumberLE(sha512(concatBytes(r, publicKey, message))) % L;
  const s = bytesToNumberLE(sBytes);
  const sB = s === 0n ? Point.ZERO : Point.BASE.multiplyUnsafe(s);
  const kA = k === 0n ? Point.ZERO : A.multiplyUnsafe(k);
  return constantTimeEqual(sB.subtract(kA).toBytes(), r);
}

/** X25519 public key of a 32-byte private key. */
export function x25519PublicKey(privateKey: Uint8Array): Uint8Array {
  return x25519.getPublicKey(privateKey);
}

/** X25519(privateKey, peerPublic); throws on an all-zero result (low-order peer). */
export function x25519Shared(privateKey: Uint8Array, peerPublic: Uint8Array): Uint8Array {
  return x25519.getSharedSecret(privateKey, peerPublic);
}
