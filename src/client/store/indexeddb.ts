/**
 * Browser store on IndexedDB (idb-keyval). The device-local sealing key is a
 * non-extractable AES-GCM CryptoKey generated once and stored in IndexedDB
 * itself (structured clone keeps it non-extractable), so the stored session
 * holds no raw private key or token: page script can use the key to decrypt
 * but cannot read it out.
 * @module
 */
import { createStore, del, get, set, update, type UseStore } from 'idb-keyval';
import { generateLocalKey, openLocal, sealLocal } from './local-seal.ts';
import type { KeyStore } from './types.ts';

const LOCAL_KEY = 'local-key';
const PROBE_TIMEOUT_MS = 3000;

/** Options of {@link openIndexedDbStore}. */
export interface IndexedDbStoreOptions {
  /** Database name (default `latchkey`). */
  database?: string;
}

/**
 * True when IndexedDB can actually be used here. It is absent in workerd and
 * some workers, and `indexedDB.open` throws SecurityError in opaque-origin
 * (sandboxed) iframes such as Colab output frames.
 */
export async function indexedDbAvailable(database = 'latchkey'): Promise<boolean> {
  if (typeof (globalThis as { indexedDB?: unknown }).indexedDB === 'undefined') return false;
  try {
    const store = createStore(database, 'kv');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('IndexedDB did not answer')), PROBE_TIMEOUT_MS);
    });
    try {
      await Promise.race([get('probe', store), timeout]);
    } finally {
      clearTimeout(timer);
    }
    return true;
  } catch {
    return false;
  }
}

/** Opens the IndexedDB-backed store (check {@link indexedDbAvailable} first). */
export async function openIndexedDbStore(options: IndexedDbStoreOptions = {}): Promise<KeyStore> {
  const database = options.database ?? 'latchkey';
  return new IndexedDbStore(createStore(database, 'kv'), database);
}

class IndexedDbStore implements KeyStore {
  readonly kind = 'indexeddb' as const;
  readonly location: string;
  private key: Promise<CryptoKey> | null = null;

  constructor(
    private readonly store: UseStore,
    database: string,
  ) {
    this.location = `indexeddb:${database}`;
  }

  async get(key: string): Promise<unknown> {
    return get(key, this.store);
  }

  async set(key: string, value: unknown): Promise<void> {
    // Round-trip through JSON so only plain data is stored, as in the other stores.
    await set(key, JSON.parse(JSON.stringify(value)), this.store);
  }

  async delete(key: string): Promise<void> {
    await del(key, this.store);
  }

  async seal(plain: Uint8Array, label: string): Promise<Uint8Array> {
    return sealLocal(await this.localKey(), plain, label);
  }

  async open(sealed: Uint8Array, label: string): Promise<Uint8Array> {
    return openLocal(await this.localKey(), sealed, label);
  }

  private localKey(): Promise<CryptoKey> {
    this.key ??= (async () => {
      const fresh = await generateLocalKey();
      // Atomic: if another tab stored a key first, keep theirs.
      await update<CryptoKey>(LOCAL_KEY, (old) => old ?? fresh, this.store);
      const stored = await get<CryptoKey>(LOCAL_KEY, this.store);
      if (!stored) throw new Error('IndexedDB lost the local key');
      return stored;
    })().catch((error: unknown) => {
      this.key = null;
      throw error;
    });
    return this.key;
  }
}
