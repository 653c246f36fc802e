/**
 * Passphrase key derivation for the client: crypto's `derivePassphraseKeys`,
 * with Node's scrypt (OpenSSL on the libuv thread pool: several times faster
 * than pure JS and off the main thread) as its scrypt step when on Node.
 * Elsewhere the portable @noble implementation is used. test/client/kdf.test.ts
 * checks both give the same keys.
 * @module
 */
import { derivePassphraseKeys } from '../crypto/index.ts';
import type { KdfParams } from '../crypto/index.ts';
import { detectRuntime } from './store/select.ts';

/** Derives `{ authKey, unlockKey }` from a passphrase with the account's parameters. */
export async function derivePassphrase(passphrase: string, params: KdfParams): Promise<{ authKey: Uint8Array; unlockKey: Uint8Array }> {
  if (detectRuntime() !== 'node') return derivePassphraseKeys(passphrase, params);
  const { nodeScrypt } = await import('./kdf-node.ts');
  return derivePassphraseKeys(passphrase, params, nodeScrypt);
}
