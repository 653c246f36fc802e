/** Grants: owner-signed records stored verbatim, with the grantee's wrap of the current version. */
import type { GrantRecord, KeyCardWire, WrapRecord } from '../../protocol/index.ts';
import { MAX_GRANTS_PER_SECRET } from '../config.ts';
import type { Caller, D1Database } from '../types.ts';
import { auditStatement } from './audit.ts';

/** Account ids holding a grant on the secret. */
export async function granteeIds(db: D1Database, secretId: string): Promise<string[]> {
  const { results } = await db
    .prepare('SELECT grantee_id FROM grants WHERE secret_id = ?1 LIMIT ?2')
    .bind(secretId, MAX_GRANTS_PER_SECRET + 1)
    .all<{ grantee_id: string }>();
  return results.map((r) => r.grantee_id);
}

/** Grant records with the grantees' cards, oldest first. */
export async function listGrantRows(db: D1Database, secretId: string): Promise<Array<{ grant: GrantRecord; card: KeyCardWire }>> {
  const { results } = await db
    .prepare('SELECT g.record, a.card FROM grants g JOIN accounts a ON a.id = g.grantee_id WHERE g.secret_id = ?1 ORDER BY g.created_at, g.grantee_id LIMIT ?2')
    .bind(secretId, MAX_GRANTS_PER_SECRET + 1)
    .all<{ record: string; card: string }>();
  return results.map((r) => ({ grant: JSON.parse(r.record) as GrantRecord, card: JSON.parse(r.card) as KeyCardWire }));
}

/**
 * Stores (or replaces) a grant and the grantee's wrap of version `version`,
 * only if the caller still owns the secret and it is still at that version.
 * Bumps the grant epoch so concurrent version writers must refetch grantees.
 * Returns false when the secret moved on (nothing written).
 */
export async function putGrant(
  db: D1Database,
  owner: Caller,
  grant: GrantRecord,
  wrap: WrapRecord,
  version: number,
  now: number,
): Promise<boolean> {
  const guard = (a: number) => `EXISTS (SELECT 1 FROM secrets WHERE id = ?${a} AND version = ?${a + 1} AND owner_id = ?${a + 2})`;
  const g = [grant.secret, version, owner.id];
  const results = await db.batch([
    db
      .prepare(
        `INSERT INTO grants (secret_id, grantee_id, access, record, created_at) SELECT ?1, ?2, ?3, ?4, ?5 WHERE ${guard(6)}
         ON CONFLICT (secret_id, grantee_id) DO UPDATE SET access = excluded.access, record = excluded.record`,
      )
      .bind(grant.secret, grant.grantee, grant.access, JSON.stringify(grant), now, ...g),
    db
      .prepare(`INSERT OR REPLACE INTO wraps (secret_id, version, recipient, wrap) SELECT ?1, ?2, ?3, ?4 WHERE ${guard(5)}`)
      .bind(grant.secret, version, wrap.recipient, wrap.wrap, ...g),
    auditStatement(db, { actor: owner, action: 'grant.put', ownerId: owner.id, secretId: grant.secret, subjectId: grant.grantee, at: now }, {
      sql: guard(9),
      params: g,
    }),
    db
      .prepare('UPDATE secrets SET grant_epoch = grant_epoch + 1 WHERE id = ?1 AND version = ?2 AND owner_id = ?3')
      .bind(...g),
  ]);
  return results[3]!.meta.changes === 1;
}

/**
 * Removes a grantee: deletes the grant and every wrap of theirs for the
 * secret, and marks the secret "rotate the upstream credential".
 * Returns false when there was no such grant on a secret the caller owns.
 */
export async function revokeGrant(db: D1Database, owner: Caller, secretId: string, granteeId: string, now: number): Promise<boolean> {
  const held = (a: number) =>
    `EXISTS (SELECT 1 FROM grants g JOIN secrets s ON s.id = g.secret_id WHERE g.secret_id = ?${a} AND g.grantee_id = ?${a + 1} AND s.owner_id = ?${a + 2})`;
  const p = [secretId, granteeId, owner.id];
  const results = await db.batch([
    auditStatement(db, { actor: owner, action: 'grant.delete', ownerId: owner.id, secretId, subjectId: granteeId, at: now }, {
      sql: held(9),
      params: p,
    }),
    db.prepare(`DELETE FROM wraps WHERE secret_id = ?1 AND recipient = ?2 AND ${held(1)}`).bind(...p),
    db.prepare(`UPDATE secrets SET rotate = 1, grant_epoch = grant_epoch + 1 WHERE id = ?1 AND ${held(1)}`).bind(...p),
    db.prepare(`DELETE FROM acceptances WHERE secret_id = ?1 AND grantee_id = ?2 AND ${held(1)}`).bind(...p),
    db.prepare('DELETE FROM grants WHERE secret_id = ?1 AND grantee_id = ?2 AND EXISTS (SELECT 1 FROM secrets WHERE id = ?1 AND owner_id = ?3)').bind(...p),
  ]);
  return results[4]!.meta.changes === 1;
}
