/**
 * Account key derivation for the client. Identical bytes to crypto's
 * `derivePassphraseKeys` (same parameter checks, NFKC, handle-bound salt,
 * scrypt, Secret Key mix, HKDF split), but on Node the scrypt itself runs in
 * OpenSSL on the libuv thread pool (several times faster than pure JS and off
 * the main thread). Elsewhere the portable @noble implementation is used.
 * test/client/kdf.test.ts checks both give the same keys.
 * @module
 */
import { accountSalt, assertKdfParams, combineKeys, derivePassphraseKeys, passphraseBytes, zeroize } from '../crypto/index.ts';
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
  assertKdfParams(params);
  const password = passphraseBytes(passphrase);
  const { nodeScrypt } = await import('./kdf-node.ts');
  const p = await nodeScrypt(password, accountSalt(account.handle, params.salt), params.N, params.r, params.p);
  zeroize(password);
  return combineKeys(p, secretKey, account.accountId);
}
