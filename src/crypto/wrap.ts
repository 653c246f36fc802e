/**
 * Per-recipient wraps of a data key (DESIGN.md "Wrap per recipient").
 *
 * wrap = ephPub(32) || ChaCha20-Poly1305(key, nonce = 0^12, DEK)(48) where
 * key = HKDF-SHA256(ikm = X25519(eph, recipientPub), salt = ephPub || recipientPub,
 *                   info = "latchkey/v1/wrap" || SHA-256(context), 32).
 * The all-zero nonce is safe: the ephemeral key is fresh per wrap, so each
 * derived AEAD key encrypts exactly one message.
 */
import { CryptoError, assertLength } from './errors.ts';
import { concatBytes, randomBytes, sha256, zeroize } from './encoding.ts';
import { DOMAIN } from './domains.ts';
import { chachaOpen, chachaSeal, hkdfSha256 } from './aead.ts';
import { x25519Derive, x25519PublicKey } from './backend.ts';
import type { Decrypter } from './keys.ts';

/** Bytes in a wrap: ephemeral public key (32) || sealed DEK (32 + 16). */
export const WRAP_LENGTH = 80;
const ZERO_NONCE = new Uint8Array(12);

function wrapKey(shared: Uint8Array, ephPublic: Uint8Array, recipientPublic: Uint8Array, context: Uint8Array): Uint8Array {
  return hkdfSha256(shared, concatBytes(ephPublic, recipientPublic), concatBytes(DOMAIN.wrap, sha256(context)), 32);
}

/** wrapDataKey with an explicit ephemeral private key (frozen test vectors only). */
export async function wrapDataKeyWithEphemeral(
  dataKey: Uint8Array,
  recipientPublic: Uint8Array,
  context: Uint8Array,
  ephemeralPrivate: Uint8Array,
): Promise<Uint8Array> {
  assertLength(dataKey, 32, 'data key');
  assertLength(recipientPublic, 32, 'recipient public key');
  const ephPublic = await x25519PublicKey(ephemeralPrivate);
  const shared = await x25519Derive(ephemeralPrivate, recipientPublic);
  const key = wrapKey(shared, ephPublic, recipientPublic, context);
  const sealed = chachaSeal(key, ZERO_NONCE, dataKey, context);
  zeroize(shared, key);
  return concatBytes(ephPublic, sealed);
}

/** Wraps a 32-byte data key to a recipient's X25519 public key, bound to `context`. */
export async function wrapDataKey(dataKey: Uint8Array, recipientPublic: Uint8Array, context: Uint8Array): Promise<Uint8Array> {
  const eph = randomBytes(32);
  try {
    return await wrapDataKeyWithEphemeral(dataKey, recipientPublic, context, eph);
  } finally {
    zeroize(eph);
  }
}

/**
 * Opens a wrap. Returns null when it is not for this recipient or was made for
 * another context. Throws CryptoError (`bad-length`, `bad-key`) when the wrap
 * is malformed (wrong length, low-order ephemeral key).
 */
export async function unwrapDataKey(wrap: Uint8Array, recipient: Decrypter, context: Uint8Array): Promise<Uint8Array | null> {
  if (!(wrap instanceof Uint8Array)) throw new CryptoError('bad-input', 'wrap must be a Uint8Array');
  if (wrap.length !== WRAP_LENGTH) throw new CryptoError('bad-length', `a wrap is ${WRAP_LENGTH} bytes, got ${wrap.length}`);
  const ephPublic = wrap.subarray(0, 32);
  const shared = await recipient.deriveShared(ephPublic);
  const key = wrapKey(shared, ephPublic, recipient.publicKey, context);
  // The context also goes in as AAD: cheap, and it makes the binding explicit.
  const dek = chachaOpen(key, ZERO_NONCE, wrap.subarray(32), context);
  zeroize(shared, key);
  return dek;
}
