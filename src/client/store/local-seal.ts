/**
 * Device-local sealing shared by every store; the AES-256-GCM itself is
 * crypto's device-seal.ts. Its errors become LatchkeyErrors that say what to do.
 * @module
 */
import { CryptoError, generateDeviceKey, importDeviceKey, openWithDeviceKey, sealWithDeviceKey } from '../../crypto/index.ts';
import { LatchkeyError } from '../errors.ts';

const OPEN_FAILURES: Partial<Record<CryptoError['code'], string>> = {
  'bad-length': 'locally stored session data is truncated; log in again',
  'decrypt-failed': 'locally stored session data could not be decrypted (altered, or the local key changed); log in again',
};

async function withLatchkeyErrors<T>(run: () => Promise<T>, failures: Partial<Record<CryptoError['code'], string>> = {}): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof CryptoError)) throw error;
    const integrity = failures[error.code];
    if (integrity) throw new LatchkeyError('integrity', integrity, { cause: error });
    throw new LatchkeyError('bad-input', error.message);
  }
}

/** Generates a non-extractable AES-256-GCM key for local sealing. */
export async function generateLocalKey(): Promise<CryptoKey> {
  return withLatchkeyErrors(() => generateDeviceKey());
}

/** Imports 32 raw bytes as a non-extractable AES-256-GCM key. */
export async function importLocalKey(raw: Uint8Array): Promise<CryptoKey> {
  return withLatchkeyErrors(() => importDeviceKey(raw));
}

/** Seals `plain` under `key` with `label` as associated data. */
export async function sealLocal(key: CryptoKey, plain: Uint8Array, label: string): Promise<Uint8Array> {
  return withLatchkeyErrors(() => sealWithDeviceKey(key, plain, label));
}

/** Opens what {@link sealLocal} produced; throws a LatchkeyError if it was altered or the key differs. */
export async function openLocal(key: CryptoKey, sealed: Uint8Array, label: string): Promise<Uint8Array> {
  return withLatchkeyErrors(() => openWithDeviceKey(key, sealed, label), OPEN_FAILURES);
}
