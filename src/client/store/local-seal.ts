/**
 * AES-256-GCM sealing under a device-local CryptoKey, shared by every store.
 * Output: 12-byte random IV || ciphertext || 16-byte tag. The label is the
 * associated data, so a sealed blob cannot be moved to another slot.
 * @module
 */
import { LatchkeyError } from '../errors.ts';

const IV_LENGTH = 12;
const TAG_LENGTH = 16;

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new LatchkeyError('bad-input', 'WebCrypto (crypto.subtle) is required; use a secure context (https or localhost)');
  return s;
}

/** Generates a non-extractable AES-256-GCM key for local sealing. */
export async function generateLocalKey(): Promise<CryptoKey> {
  return subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** Imports 32 raw bytes as a non-extractable AES-256-GCM key. */
export async function importLocalKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length !== 32) throw new LatchkeyError('bad-input', `local key must be 32 bytes, got ${raw.length}`);
  return subtle().importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/** Seals `plain` under `key` with `label` as associated data. */
export async function sealLocal(key: CryptoKey, plain: Uint8Array, label: string): Promise<Uint8Array> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_LENGTH));
  const ad = new TextEncoder().encode(label);
  const ct = new Uint8Array(
    await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: ad }, key, plain as Uint8Array<ArrayBuffer>),
  );
  const out = new Uint8Array(IV_LENGTH + ct.length);
  out.set(iv, 0);
  out.set(ct, IV_LENGTH);
  return out;
}

/** Opens what {@link sealLocal} produced; throws a LatchkeyError if it was altered or the key differs. */
export async function openLocal(key: CryptoKey, sealed: Uint8Array, label: string): Promise<Uint8Array> {
  if (sealed.length < IV_LENGTH + TAG_LENGTH) {
    throw new LatchkeyError('integrity', 'locally stored session data is truncated; log in again');
  }
  const ad = new TextEncoder().encode(label);
  try {
    const plain = await subtle().decrypt(
      { name: 'AES-GCM', iv: sealed.slice(0, IV_LENGTH), additionalData: ad },
      key,
      sealed.slice(IV_LENGTH) as Uint8Array<ArrayBuffer>,
    );
    return new Uint8Array(plain);
  } catch (error) {
    throw new LatchkeyError('integrity', 'locally stored session data could not be decrypted (altered, or the local key changed); log in again', {
      cause: error,
    });
  }
}
