/**
 * Sealing under a device-local key, for what a client keeps on its own
 * device (session token, keyring copy) in a file or IndexedDB:
 * sealed = iv(12, random) || AES-256-GCM(key, iv, plain, AAD = UTF-8(label)) || tag(16)
 * (NIST SP 800-38D; AEAD_AES_256_GCM of RFC 5116 §5.2). The key is a
 * non-extractable WebCrypto CryptoKey, so page scripts and copies of the
 * stored blob alone cannot read it; the label binds a blob to its slot.
 * A random 96-bit IV is safe for the few thousand seals one device key makes
 * (SP 800-38D §8.3 bounds it at 2^32).
 */
import { CryptoError } from './errors.ts';
import { concatBytes, randomBytes, utf8Encode } from './encoding.ts';

const IV_LENGTH = 12;
const TAG_LENGTH = 16;

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new CryptoError('bad-input', 'WebCrypto (crypto.subtle) is required; use a secure context (https or localhost)');
  return s;
}

/** A fresh non-extractable AES-256-GCM device key. */
export async function generateDeviceKey(): Promise<CryptoKey> {
  return subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

/** Imports 32 raw bytes as a non-extractable AES-256-GCM device key. */
export async function importDeviceKey(raw: Uint8Array): Promise<CryptoKey> {
  if (raw.length !== 32) throw new CryptoError('bad-length', `a device key must be 32 bytes, got ${raw.length}`);
  return subtle().importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/** Seals `plain` under `key` with `label` as associated data. */
export async function sealWithDeviceKey(key: CryptoKey, plain: Uint8Array, label: string): Promise<Uint8Array> {
  const iv = randomBytes(IV_LENGTH) as Uint8Array<ArrayBuffer>;
  const ad = utf8Encode(label) as Uint8Array<ArrayBuffer>;
  const ct = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: ad }, key, plain as Uint8Array<ArrayBuffer>));
  return concatBytes(iv, ct);
}

/**
 * Opens what {@link sealWithDeviceKey} produced.
 * @throws CryptoError `bad-length` when truncated, `decrypt-failed` when altered, under another key or label.
 */
export async function openWithDeviceKey(key: CryptoKey, sealed: Uint8Array, label: string): Promise<Uint8Array> {
  if (sealed.length < IV_LENGTH + TAG_LENGTH) throw new CryptoError('bad-length', 'the sealed data is too short to hold an IV and a tag');
  const ad = utf8Encode(label) as Uint8Array<ArrayBuffer>;
  let plain: ArrayBuffer;
  try {
    plain = await subtle().decrypt(
      { name: 'AES-GCM', iv: sealed.slice(0, IV_LENGTH), additionalData: ad },
      key,
      sealed.slice(IV_LENGTH) as Uint8Array<ArrayBuffer>,
    );
  } catch {
    throw new CryptoError('decrypt-failed', 'the sealed data could not be decrypted (altered, or the key or label differs)');
  }
  return new Uint8Array(plain);
}
