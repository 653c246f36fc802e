/**
 * High-water marks: per secret, the highest number this device accepted
 * (a version, or an access list's counter) and the hash of what carried it.
 * A lower number the server serves later is a replay; the same number with
 * another hash is a fork. Both kinds live in the KeyStore under their own key
 * as `{ v: 1, secrets: { id: { <field>: n, hash } } }`, are loaded once per
 * client and written back with coalesced writes merged into what is stored
 * (highest number wins), so two processes sharing a home folder never lower
 * each other's marks.
 * @module
 */
import { constantTimeEqual, fromBase64Url, toBase64Url } from '../crypto/index.ts';
import type { KeyStore } from './store/types.ts';

/** A mark named by its field: `{ version, hash }` or `{ counter, hash }`. */
export type Mark<F extends string> = { [K in F]: number } & { hash: Uint8Array };

type Stored = { n: number; hash: string };

/** Coalesces writes: callers that arrive while a write is pending share the next one. */
export class WriteQueue {
  private running: Promise<void> = Promise.resolve();
  private next: Promise<void> | null = null;

  constructor(private readonly write: () => Promise<void>) {}

  schedule(): Promise<void> {
    if (this.next) return this.next;
    const run = this.running.catch(() => undefined).then(() => {
      this.next = null;
      return this.write();
    });
    this.next = run;
    this.running = run;
    return run;
  }
}

/** One kind of high-water mark of one client, keyed by secret id (or another id its owner chooses). */
export class MarkTable<F extends string> {
  private marks: Map<string, { n: number; hash: Uint8Array }> | null = null;
  private loading: Promise<void> | null = null;
  private readonly dirty = new Map<string, Stored | null>();
  private readonly writes = new WriteQueue(() => this.write());

  /**
   * @param store - where the marks persist.
   * @param key - the store key they live under.
   * @param field - the name of the number in the stored and returned marks.
   */
  constructor(
    private readonly store: KeyStore,
    private readonly key: string,
    private readonly field: F,
  ) {}

  private load(): Promise<void> {
    this.loading ??= (async () => {
      const marks = new Map<string, { n: number; hash: Uint8Array }>();
      for (const [id, m] of Object.entries(this.read(await this.store.get(this.key)))) {
        try {
          marks.set(id, { n: m.n, hash: fromBase64Url(m.hash, 32) });
        } catch {
          // A damaged local entry is dropped: the next verified answer sets it again.
        }
      }
      this.marks = marks;
    })().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  /** The mark of an id, if this device accepted something for it. */
  async get(id: string): Promise<Mark<F> | undefined> {
    await this.load();
    const m = this.marks!.get(id);
    return m ? this.named(m.n, m.hash) : undefined;
  }

  /** `older` (below the mark), `forked` (same number, other hash), or `ok` (at or above it, or no mark). */
  async compare(id: string, n: number, hash: Uint8Array): Promise<'ok' | 'older' | 'forked'> {
    await this.load();
    const mark = this.marks!.get(id);
    if (!mark || n > mark.n) return 'ok';
    if (n < mark.n) return 'older';
    return constantTimeEqual(mark.hash, hash) ? 'ok' : 'forked';
  }

  /** Raises marks (one write for many); a number at or below the current mark changes nothing. */
  async raise(marks: ReadonlyArray<{ id: string } & Mark<F>>): Promise<void> {
    await this.load();
    let changed = false;
    for (const m of marks) {
      const n = (m as unknown as Record<string, number>)[this.field]!;
      const current = this.marks!.get(m.id);
      if (current && current.n >= n) continue;
      this.marks!.set(m.id, { n, hash: m.hash.slice() });
      this.dirty.set(m.id, { n, hash: toBase64Url(m.hash) });
      changed = true;
    }
    if (changed) await this.writes.schedule();
  }

  /** Forgets a mark (after the secret was deleted). */
  async drop(id: string): Promise<void> {
    await this.load();
    if (!this.marks!.delete(id)) return;
    this.dirty.set(id, null);
    await this.writes.schedule();
  }

  private named(n: number, hash: Uint8Array): Mark<F> {
    return { [this.field]: n, hash } as Mark<F>;
  }

  private async write(): Promise<void> {
    if (this.dirty.size === 0) return;
    const changes = new Map(this.dirty);
    this.dirty.clear();
    const stored = this.read(await this.store.get(this.key));
    for (const [id, mark] of changes) {
      if (!mark) delete stored[id];
      else if (!stored[id] || stored[id].n < mark.n) stored[id] = mark;
    }
    const secrets: Record<string, Record<string, unknown>> = {};
    for (const [id, m] of Object.entries(stored)) secrets[id] = { [this.field]: m.n, hash: m.hash };
    await this.store.set(this.key, { v: 1, secrets });
  }

  private read(value: unknown): Record<string, Stored> {
    const secrets = (value as { secrets?: unknown } | undefined)?.secrets;
    if (typeof secrets !== 'object' || secrets === null) return {};
    const out: Record<string, Stored> = {};
    for (const [id, mark] of Object.entries(secrets as Record<string, unknown>)) {
      const m = mark as Record<string, unknown> | null;
      const n = m?.[this.field];
      if (m && Number.isSafeInteger(n) && typeof m.hash === 'string') out[id] = { n: n as number, hash: m.hash };
    }
    return out;
  }
}
