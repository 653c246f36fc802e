/**
 * Per-recipient wraps of a data key (docs/format-v1.md, "Wrap"): X25519 (RFC 7748),
 * HKDF-SHA256 (RFC 5869), ChaCha20-Poly1305 (RFC 8439).
 *
 * wrap = ephPub(32) || ChaCha20-Poly1305(key, nonce = 0^12, DEK, no AAD)(48) where
 * key = HKDF-SHA256(ikm = X25519(eph, recipientPub), salt = ephPub || recipientPub,
 *                   info = "latchkey/v1/wrap" || SHA-256(context), 32).
 * The all-zero nonce is safe: the ephemeral key is fresh per wrap, so each
 * derived AEAD key encrypts exactly one message.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { CryptoError, assertLength } from './errors.ts';
import { concatBytes, zeroize } from './encoding.ts';
import { DOMAIN } from './domains.ts';
import { chachaOpen, chachaSeal, hkdf32Prepared, hkdfSaltState } from './aead.ts';
import { x25519Derive, x25519Ephemeral, x25519PublicKey } from './backend.ts';
import { deriveSharedOverlapped } from './keys.ts';
import type { Decrypter } from './keys.ts';

/** Bytes in a wrap: ephemeral public key (32) || sealed DEK (32 + 16). */
export const WRAP_LENGTH = 80;
const ZERO_NONCE = new Uint8Array(12);
const NO_AAD = new Uint8Array(0);

const INFO_LENGTH = DOMAIN.wrap.length + 32 + 1;
const SALT = new Uint8Array(64);

/** Everything of the wrap-key derivation that does not need the shared secret (exported for bench/unwrap-parts.ts only). */
export function prepareWrapKey(ephPublic: Uint8Array, recipientPublic: Uint8Array, context: Uint8Array): (shared: Uint8Array) => Uint8Array {
  // info || 0x01: the whole input of HKDF's single expand block.
  // SHA-256(context) is digested straight into place, the salt built in a reused buffer (the HMAC copies its key).
  const infoAndCounter = new Uint8Array(INFO_LENGTH);
  infoAndCounter.set(DOMAIN.wrap);
  sha256.create().update(context).digestInto(infoAndCounter.subarray(DOMAIN.wrap.length, DOMAIN.wrap.length + 32));
  infoAndCounter[INFO_LENGTH - 1] = 1;
  SALT.set(ephPublic, 0);
  SALT.set(recipientPublic, 32);
  const saltState = hkdfSaltState(SALT);
  return (shared) => hkdf32Prepared(saltState, shared, infoAndCounter);
}

/** wrapDataKey with an explicit ephemeral private key (frozen test vectors only). */
export async function wrapDataKeyWithEphemeral(
  dataKey: Uint8Array,
  recipientPublic: Uint8Array,
  context: Uint8Array,
  ephemeralPrivate: Uint8Array,
): Promise<Uint8Array> {
  checkWrapInputs(dataKey, recipientPublic, context);
  return sealWrap(dataKey, recipientPublic, context, await x25519PublicKey(ephemeralPrivate), await x25519Derive(ephemeralPrivate, recipientPublic));
}

function checkWrapInputs(dataKey: Uint8Array, recipientPublic: Uint8Array, context: Uint8Array): void {
  assertLength(dataKey, 32, 'data key');
  assertLength(recipientPublic, 32, 'recipient public key');
  if (!(context instanceof Uint8Array)) throw new CryptoError('bad-input', 'context must be a Uint8Array');
}

function sealWrap(dataKey: Uint8Array, recipientPublic: Uint8Array, context: Uint8Array, ephPublic: Uint8Array, shared: Uint8Array): Uint8Array {
  const key = prepareWrapKey(ephPublic, recipientPublic, context)(shared);
  const sealed = chachaSeal(key, ZERO_NONCE, dataKey, NO_AAD);
  zeroize(shared, key);
  return concatBytes(ephPublic, sealed);
}

/** Wraps a 32-byte data key to a recipient's X25519 public key, bound to `context`. */
export async function wrapDataKey(dataKey: Uint8Array, recipientPublic: Uint8Array, context: Uint8Array): Promise<Uint8Array> {
  checkWrapInputs(dataKey, recipientPublic, context);
  const eph = await x25519Ephemeral();
  return sealWrap(dataKey, recipientPublic, context, eph.publicKey, await eph.derive(recipientPublic));
}

/**
 * Opens a wrap. Returns null when it is not for this recipient or was made for
 * another context. Throws CryptoError (`bad-length`, `bad-key`) when the wrap
 * is malformed (wrong length, low-order ephemeral key).
 */
export async function unwrapDataKey(wrap: Uint8Array, recipient: Decrypter, context: Uint8Array): Promise<Uint8Array | null> {
  if (!(wrap instanceof Uint8Array)) throw new CryptoError('bad-input', 'wrap must be a Uint8Array');
  if (wrap.length !== WRAP_LENGTH) throw new CryptoError('bad-length', `a wrap is ${WRAP_LENGTH} bytes, got ${wrap.length}`);
  if (!(context instanceof Uint8Array)) throw new CryptoError('bad-input', 'context must be a Uint8Array');
  const ephPublic = wrap.subarray(0, 32);
  let deriveKey: ((shared: Uint8Array) => Uint8Array) | undefined;
  // SHA-256 of the context and the salt-keyed HMAC state (both @noble) are computed while the X25519 runs off-thread.
  const shared = await deriveSharedOverlapped(recipient, ephPublic, () => {
    deriveKey = prepareWrapKey(ephPublic, recipient.publicKey, context);
  });
  const key = deriveKey!(shared);
  const dek = chachaOpen(key, ZERO_NONCE, wrap.subarray(32), NO_AAD);
  zeroize(shared, key);
  return dek;
}
