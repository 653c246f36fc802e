/**
 * Where the SDK keeps its local state: config, session, pins and high-water
 * marks. Values are JSON-compatible objects. `seal`/`open` encrypt bytes under
 * a device-local key that never leaves the store (a non-extractable WebCrypto
 * key in browsers, a 0600 key file on Node), used for the session token and
 * the unlocked private keyring.
 * @module
 */

/** Which kind of storage backs a {@link KeyStore}. */
export type KeyStoreKind = 'file' | 'indexeddb' | 'memory' | 'custom';

/** Local persistence used by a client. Implementations must be safe to call concurrently. */
export interface KeyStore {
  /** What backs this store. */
  readonly kind: KeyStoreKind;
  /** Where the data lives, for messages (a folder, a database name). */
  readonly location: string;
  /** Reads a value; `undefined` when absent. */
  get(key: string): Promise<unknown>;
  /** Writes a JSON-compatible value (atomically: a reader sees the old or the new value). */
  set(key: string, value: unknown): Promise<void>;
  /** Removes a value (no error when absent). */
  delete(key: string): Promise<void>;
  /** Encrypts `plain` under the device-local key; `label` is bound as associated data. */
  seal(plain: Uint8Array, label: string): Promise<Uint8Array>;
  /** Decrypts what {@link KeyStore.seal} produced with the same label; throws if it was altered. */
  open(sealed: Uint8Array, label: string): Promise<Uint8Array>;
}

/** Keys the SDK uses in a store (one file each on Node). */
export const STORE_KEYS = ['config', 'session', 'pins', 'marks', 'list-marks', 'secret-keys', 'kdf-pins'] as const;

/** Store keys must be short lower-case words (they become file names). */
export const STORE_KEY_PATTERN = /^[a-z][a-z0-9-]{0,40}$/;
