/** Access lists: the owner-signed grantee list of a secret, stored verbatim with its counter on the secret's row. */
import type { AccessListRecord } from '../../protocol/index.ts';
import type { Caller, D1Database } from '../types.ts';

/** The secret's latest access list, or null when it never had one. */
export async function accessListOf(db: D1Database, secretId: string): Promise<AccessListRecord | null> {
  const text = await db.prepare('SELECT list FROM secrets WHERE id = ?1').bind(secretId).first<string | null>('list');
  return text ? (JSON.parse(text) as AccessListRecord) : null;
}

/**
 * Stores `list` if the caller owns the secret and its stored counter is
 * `list.counter - 1` (compare-and-swap); bumps the grant epoch so writers
 * that wrapped under the previous list must refetch. False when it moved on.
 */
export async function putAccessList(db: D1Database, owner: Caller, list: AccessListRecord): Promise<boolean> {
  const result = await db
    .prepare('UPDATE secrets SET list_counter = ?1, list = ?2, grant_epoch = grant_epoch + 1 WHERE id = ?3 AND owner_id = ?4 AND list_counter = ?5')
    .bind(list.counter, JSON.stringify(list), list.secret, owner.id, list.counter - 1)
    .run();
  return result.meta.changes === 1;
}
