/**
 * Account key derivation for the client: crypto's `derivePassphraseKeys`
 * (parameter checks, NFKC, handle-bound salt, scrypt, Secret Key mix, HKDF
 * split), with Node's scrypt (OpenSSL on the libuv thread pool: several times
 * faster than pure JS and off the main thread) as its scrypt step when on
 * Node. Elsewhere the portable @noble implementation is used.
 * kdf.test.ts checks both give the same keys.
 * @module
 */
import { derivePassphraseKeys } from '../crypto/index.ts';
import type { KdfAccount, KdfParams } from '../crypto/index.ts';
import { detectRuntime } from './store/select.ts';

/** Derives `{ authKey, unlockKey }` from passphrase and Secret Key with the account's parameters. */
export async function derivePassphrase(
  passphrase: string,
  secretKey: Uint8Array,
  params: KdfParams,
  account: KdfAccount,
): Promise<{ authKey: Uint8Array; unlockKey: Uint8Array }> {
  if (detectRuntime() !== 'node') return derivePassphraseKeys(passphrase, secretKey, params, account);
  const { nodeScrypt } = await import('#node-scrypt');
  return derivePassphraseKeys(passphrase, secretKey, params, account, nodeScrypt);
}
