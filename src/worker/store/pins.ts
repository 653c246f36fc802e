/** Pin lists: each person's signed list of pinned cards, stored verbatim with its counter. */
import type { PinListRecord } from '../../protocol/index.ts';
import type { Caller, D1Database } from '../types.ts';

/**
 * The pin list a caller may read: its own, or for a machine its creator's
 * (machines have none of their own). Null when there is none yet.
 */
export async function pinListFor(db: D1Database, caller: Caller): Promise<PinListRecord | null> {
  const text =
    caller.kind === 'machine'
      ? await db.prepare('SELECT p.list FROM accounts a JOIN pin_lists p ON p.account_id = a.owner_id WHERE a.id = ?1').bind(caller.id).first<string>('list')
      : await db.prepare('SELECT list FROM pin_lists WHERE account_id = ?1').bind(caller.id).first<string>('list');
  return text ? (JSON.parse(text) as PinListRecord) : null;
}

/**
 * Stores `list` as the caller's if its counter is one above the stored one
 * (or 1 for the first list): a compare-and-swap, so two devices publishing
 * at once cannot overwrite each other. False when the counter moved on.
 */
export async function putPinList(db: D1Database, owner: Caller, list: PinListRecord, now: number): Promise<boolean> {
  const text = JSON.stringify(list);
  const result =
    list.counter === 1
      ? await db.prepare('INSERT INTO pin_lists (account_id, counter, list, updated_at) VALUES (?1, 1, ?2, ?3) ON CONFLICT (account_id) DO NOTHING').bind(owner.id, text, now).run()
      : await db
          .prepare('UPDATE pin_lists SET counter = ?1, list = ?2, updated_at = ?3 WHERE account_id = ?4 AND counter = ?5')
          .bind(list.counter, text, now, owner.id, list.counter - 1)
          .run();
  return result.meta.changes === 1;
}
