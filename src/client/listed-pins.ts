/**
 * How a device stores the latest signed pin list it merged (pin-list.ts):
 * whose list it is, its counter and hash (the high-water mark a rolled-back
 * list is refused against) and its entries, which trust.ts enforces when a
 * listed account's card is presented.
 * @module
 */
import { fromBase64Url } from '../crypto/index.ts';

/** The KeyStore key of the merged pin list. */
export const PIN_LIST_STORE_KEY = 'pin-list';

/** The latest signed pin list this device merged (pin-list.ts): whose it is, its counter and hash, its entries by account id. */
export interface StoredPinList {
  owner: string;
  counter: number;
  hash: string;
  accounts: Record<string, string>;
}

/** The stored pin list, or null when none (or damaged: it is merged again at the next login). */
export function readStoredPinList(value: unknown): StoredPinList | null {
  const v = value as Partial<StoredPinList> | null | undefined;
  if (!v || typeof v.owner !== 'string' || !Number.isSafeInteger(v.counter) || typeof v.hash !== 'string') return null;
  if (typeof v.accounts !== 'object' || v.accounts === null) return null;
  return { owner: v.owner, counter: v.counter!, hash: v.hash, accounts: v.accounts };
}

/** The entries of a stored list as account id -> card hash. */
export function listedOf(list: StoredPinList | null): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [id, hash] of Object.entries(list?.accounts ?? {})) {
    try {
      out.set(id, fromBase64Url(hash, 32));
    } catch {
      // A damaged entry is dropped; the next login merges the list again.
    }
  }
  return out;
}

