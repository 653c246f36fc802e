/**
 * Secret values: XChaCha20-Poly1305 under a fresh 32-byte data key (DEK),
 * random 24-byte nonce prepended, AAD = the encoded secret context so a
 * ciphertext cannot be moved to another owner, secret, name, provider or version.
 */
import { CryptoError } from './errors.ts';
import { randomBytes } from './encoding.ts';
import { canonicalBytes } from './canonical.ts';
import { xchachaOpen, xchachaSeal } from './aead.ts';

/** Where a ciphertext belongs. Every field is authenticated (AAD) and signed (via the version hash). */
export interface SecretContext {
  owner: string;
  secret: string;
  name: string;
  provider: string | null;
  version: number;
}

const NONCE = 24;
const TAG = 16;

/**
 * canonical({v: 1, owner, secret, name, provider, version}) (docs/format-v1.md,
 * "Context"). `provider` is included so swapping provider metadata is caught too.
 */
export function encodeContext(ctx: SecretContext): Uint8Array {
  if (!Number.isSafeInteger(ctx.version) || ctx.version < 1) {
    throw new CryptoError('bad-input', 'context version must be an integer >= 1');
  }
  for (const k of ['owner', 'secret', 'name'] as const) {
    if (typeof ctx[k] !== 'string') throw new CryptoError('bad-input', `context ${k} must be a string`);
  }
  if (ctx.provider !== null && typeof ctx.provider !== 'string') {
    throw new CryptoError('bad-input', 'context provider must be a string or null');
  }
  return canonicalBytes({ v: 1, owner: ctx.owner, secret: ctx.secret, name: ctx.name, provider: ctx.provider, version: ctx.version });
}

/** A fresh random 32-byte data key. */
export function generateDataKey(): Uint8Array {
  return randomBytes(32);
}

/** sealValue with an explicit nonce (for frozen test vectors only; production code uses {@link sealValue}). */
export function sealValueWithNonce(dataKey: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, context: Uint8Array): Uint8Array {
  const out = new Uint8Array(NONCE + plaintext.length + TAG);
  out.set(nonce, 0);
  // Encrypt straight into the output view: no second copy of a large value.
  xchachaSeal(dataKey, nonce, plaintext, context, out.subarray(NONCE));
  return out;
}

/** Encrypts `plaintext`; returns nonce(24) || ciphertext || tag(16). */
export function sealValue(dataKey: Uint8Array, plaintext: Uint8Array, context: Uint8Array): Uint8Array {
  return sealValueWithNonce(dataKey, randomBytes(NONCE), plaintext, context);
}

/**
 * Decrypts the output of {@link sealValue}.
 * @throws CryptoError `decrypt-failed` when the key, context or bytes do not match.
 */
export function openValue(dataKey: Uint8Array, sealed: Uint8Array, context: Uint8Array): Uint8Array {
  if (!(sealed instanceof Uint8Array) || sealed.length < NONCE + TAG) {
    throw new CryptoError('decrypt-failed', 'ciphertext is too short to be a sealed value');
  }
  const plain = xchachaOpen(dataKey, sealed.subarray(0, NONCE), sealed.subarray(NONCE), context);
  if (!plain) {
    throw new CryptoError('decrypt-failed', 'ciphertext does not open with this key and context (tampered, swapped or wrong secret)');
  }
  return plain;
}
