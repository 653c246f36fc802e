/**
 * Passphrase key derivation for the client. Identical bytes to crypto's
 * `derivePassphraseKeys` (same parameter checks, NFKC, scrypt, HKDF split),
 * but on Node the scrypt itself runs in OpenSSL on the libuv thread pool
 * (several times faster than pure JS and off the main thread). Elsewhere the
 * portable @noble implementation is used. test/client/kdf.test.ts checks
 * both give the same keys.
 * @module
 */
import { assertKdfParams, derivePassphraseKeys, splitRootKey, utf8Encode, zeroize, CryptoError } from '../crypto/index.ts';
import type { KdfParams } from '../crypto/index.ts';
import { detectRuntime } from './store/select.ts';

/** Derives `{ authKey, unlockKey }` from a passphrase with the account's parameters. */
export async function derivePassphrase(passphrase: string, params: KdfParams): Promise<{ authKey: Uint8Array; unlockKey: Uint8Array }> {
  if (detectRuntime() !== 'node') return derivePassphraseKeys(passphrase, params);
  assertKdfParams(params);
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw new CryptoError('bad-input', 'passphrase must be a non-empty string');
  const { nodeScrypt } = await import('./kdf-node.ts');
  const password = utf8Encode(passphrase.normalize('NFKC'));
  const root = await nodeScrypt(password, params.salt, params.N, params.r, params.p);
  const keys = splitRootKey(root);
  zeroize(password, root);
  return keys;
}
