/**
 * In-memory store: nothing survives the process or page. Used where no
 * persistent storage exists (Cloudflare Workers, opaque-origin iframes such as
 * Colab output frames, web workers without IndexedDB) and in tests.
 * @module
 */
import { generateLocalKey, openLocal, sealLocal } from './local-seal.ts';
import type { KeyStore } from './types.ts';

/** A {@link KeyStore} backed by a Map; values are deep-copied in and out. */
export class MemoryStore implements KeyStore {
  readonly kind = 'memory' as const;
  readonly location = 'memory';
  private readonly data = new Map<string, string>();
  private key: Promise<CryptoKey> | null = null;

  /** Reads a copy of the value, or `undefined`. */
  async get(key: string): Promise<unknown> {
    const text = this.data.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  /** Stores a copy of the value. */
  async set(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.stringify(value));
  }

  /** Removes the value. */
  async delete(key: string): Promise<void> {
    this.data.delete(key);
  }

  /** Seals under a per-store random key. */
  async seal(plain: Uint8Array, label: string): Promise<Uint8Array> {
    return sealLocal(await this.localKey(), plain, label);
  }

  /** Opens what {@link MemoryStore.seal} produced. */
  async open(sealed: Uint8Array, label: string): Promise<Uint8Array> {
    return openLocal(await this.localKey(), sealed, label);
  }

  private localKey(): Promise<CryptoKey> {
    this.key ??= generateLocalKey();
    return this.key;
  }
}
