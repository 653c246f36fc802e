/**
 * Account key pairs (raw 32-byte keys; an Ed25519 private key is its seed) and
 * the Signer / Decrypter identity objects that keep imported keys for hot paths.
 */
import { assertLength } from './errors.ts';
import { randomBytes } from './encoding.ts';
import { ed25519PublicKey, ed25519SignerFor, ed25519Verify, x25519DeriverFor, x25519PublicKey } from './backend.ts';
import type { X25519Deriver } from './backend.ts';

/** A raw 32-byte public/private key pair. */
export interface KeyPair {
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/** The two key pairs of an account: Ed25519 for signing, X25519 for encryption. */
export interface AccountKeys {
  signing: KeyPair;
  encryption: KeyPair;
}

/** Something that signs with a fixed Ed25519 key. */
export interface Signer {
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** Something that performs X25519 with a fixed private key. */
export interface Decrypter {
  readonly publicKey: Uint8Array;
  deriveShared(peerPublic: Uint8Array): Promise<Uint8Array>;
}

/** Generates fresh signing and encryption key pairs from the platform CSPRNG. */
export async function generateAccountKeys(): Promise<AccountKeys> {
  return accountKeysFromPrivate(randomBytes(32), randomBytes(32));
}

/** Rebuilds both key pairs (recomputing the public keys) from the two 32-byte private keys. */
export async function accountKeysFromPrivate(signingPrivate: Uint8Array, encryptionPrivate: Uint8Array): Promise<AccountKeys> {
  assertLength(signingPrivate, 32, 'signing private key');
  assertLength(encryptionPrivate, 32, 'encryption private key');
  return {
    signing: { publicKey: await ed25519PublicKey(signingPrivate), privateKey: signingPrivate.slice() },
    encryption: { publicKey: await x25519PublicKey(encryptionPrivate), privateKey: encryptionPrivate.slice() },
  };
}

/** Creates a {@link Signer} for an Ed25519 seed; the key is imported once. */
export async function createSigner(privateKey: Uint8Array): Promise<Signer> {
  const publicKey = await ed25519PublicKey(privateKey);
  const sign = await ed25519SignerFor(privateKey);
  return { publicKey, sign };
}

// Decrypters made here can overlap caller work with the X25519 computation.
const overlapping = new WeakMap<Decrypter, X25519Deriver>();

/** Creates a {@link Decrypter} for an X25519 private key; the key is imported once. */
export async function createDecrypter(privateKey: Uint8Array): Promise<Decrypter> {
  const publicKey = await x25519PublicKey(privateKey);
  const derive = await x25519DeriverFor(privateKey);
  const decrypter: Decrypter = { publicKey, deriveShared: (peer) => derive(peer) };
  overlapping.set(decrypter, derive);
  return decrypter;
}

/**
 * `recipient.deriveShared(peer)`, running `meanwhile` while the platform
 * computes when the recipient was made by
 * {@link createDecrypter} (any other Decrypter: `meanwhile` runs first).
 * Not async, so it adds no promise hop of its own.
 */
export function deriveSharedOverlapped(recipient: Decrypter, peer: Uint8Array, meanwhile: () => void): Promise<Uint8Array> {
  const derive = overlapping.get(recipient);
  if (derive) return derive(peer, meanwhile);
  meanwhile();
  return recipient.deriveShared(peer);
}

/**
 * Strict RFC 8032 Ed25519 verification (non-canonical S, non-canonical point
 * encodings and small-order public keys are refused). Returns false on any
 * failure; throws CryptoError `bad-length` only for wrong input lengths.
 */
export async function verifySignature(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  return ed25519Verify(publicKey, message, signature);
}
