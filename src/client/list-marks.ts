/**
 * Per-secret high-water marks of access lists: the highest list counter this
 * device verified for a secret and that list's hash. Kept beside the version
 * marks (same store, own key), so an older list the server replays, or a
 * different list under a counter already seen, is refused.
 * @module
 */
import { constantTimeEqual, fromBase64Url, toBase64Url } from '../crypto/index.ts';
import type { KeyStore } from './store/types.ts';
import { WriteQueue } from './trust.ts';

/** The latest access list a device verified for one secret. */
export interface ListMark {
  counter: number;
  hash: Uint8Array;
}

interface StoredListMark {
  counter: number;
  hash: string;
}

const STORE_KEY = 'list-marks';

/** Access-list marks of one client, loaded once and written back merged (highest counter wins). */
export class ListMarks {
  private marks: Map<string, ListMark> | null = null;
  private loading: Promise<void> | null = null;
  private readonly dirty = new Map<string, StoredListMark | null>();
  private readonly writes: WriteQueue;

  /** @param store - where the marks persist. */
  constructor(private readonly store: KeyStore) {
    this.writes = new WriteQueue(() => this.write());
  }

  private load(): Promise<void> {
    this.loading ??= (async () => {
      const marks = new Map<string, ListMark>();
      for (const [id, m] of Object.entries(readMarks(await this.store.get(STORE_KEY)))) {
        try {
          marks.set(id, { counter: m.counter, hash: fromBase64Url(m.hash, 32) });
        } catch {
          // A damaged local entry is dropped.
        }
      }
      this.marks = marks;
    })().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  /** The mark of a secret, if this device verified a list of it. */
  async get(secretId: string): Promise<ListMark | undefined> {
    await this.load();
    return this.marks!.get(secretId);
  }

  /**
   * Compares a verified list with the mark: `older` (counter below the mark),
   * `forked` (same counter, other list), or `ok` (at or above it).
   */
  async compare(secretId: string, counter: number, hash: Uint8Array): Promise<'ok' | 'older' | 'forked'> {
    const mark = await this.get(secretId);
    if (!mark || counter > mark.counter) return 'ok';
    if (counter < mark.counter) return 'older';
    return constantTimeEqual(mark.hash, hash) ? 'ok' : 'forked';
  }

  /** Raises marks (one write for many); a lower or equal counter changes nothing. */
  async raise(marks: Array<{ id: string; counter: number; hash: Uint8Array }>): Promise<void> {
    await this.load();
    let changed = false;
    for (const m of marks) {
      const current = this.marks!.get(m.id);
      if (current && current.counter >= m.counter) continue;
      this.marks!.set(m.id, { counter: m.counter, hash: m.hash.slice() });
      this.dirty.set(m.id, { counter: m.counter, hash: toBase64Url(m.hash) });
      changed = true;
    }
    if (changed) await this.writes.schedule();
  }

  /** Forgets a secret's mark (after the secret was deleted). */
  async drop(secretId: string): Promise<void> {
    await this.load();
    if (!this.marks!.delete(secretId)) return;
    this.dirty.set(secretId, null);
    await this.writes.schedule();
  }

  private async write(): Promise<void> {
    if (this.dirty.size === 0) return;
    const changes = new Map(this.dirty);
    this.dirty.clear();
    const stored = readMarks(await this.store.get(STORE_KEY));
    for (const [id, mark] of changes) {
      if (!mark) delete stored[id];
      else if (!stored[id] || stored[id].counter < mark.counter) stored[id] = mark;
    }
    await this.store.set(STORE_KEY, { v: 1, secrets: stored });
  }
}

function readMarks(value: unknown): Record<string, StoredListMark> {
  const secrets = (value as { secrets?: unknown } | undefined)?.secrets;
  if (typeof secrets !== 'object' || secrets === null) return {};
  const out: Record<string, StoredListMark> = {};
  for (const [id, mark] of Object.entries(secrets as Record<string, unknown>)) {
    const m = mark as Partial<StoredListMark> | null;
    if (m && Number.isSafeInteger(m.counter) && typeof m.hash === 'string') out[id] = { counter: m.counter!, hash: m.hash };
  }
  return out;
}
