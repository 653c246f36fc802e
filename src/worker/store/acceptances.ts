/** Acceptances: grantee-signed consent records, stored verbatim, one per grant and one per (grantee, owner). */
import type { AcceptanceRecord, GrantRecord, OwnerAcceptanceRecord } from '../../protocol/index.ts';
import { MAX_SHARES } from '../../protocol/index.ts';
import type { Caller, D1Database } from '../types.ts';
import { auditStatement } from './audit.ts';

/** Every grant to the account with its acceptance (if any), and its standing acceptances; oldest grant first. */
export async function listShares(
  db: D1Database,
  granteeId: string,
): Promise<{ shares: Array<{ grant: GrantRecord; acceptance: AcceptanceRecord | null }>; owners: OwnerAcceptanceRecord[] }> {
  const [shares, owners] = await db.batch([
    db
      .prepare(
        `SELECT g.record AS grant_record, a.record AS acceptance FROM grants g
         LEFT JOIN acceptances a ON a.grantee_id = g.grantee_id AND a.secret_id = g.secret_id
         WHERE g.grantee_id = ?1 ORDER BY g.created_at, g.secret_id LIMIT ?2`,
      )
      .bind(granteeId, MAX_SHARES),
    db.prepare('SELECT record FROM owner_acceptances WHERE grantee_id = ?1 ORDER BY created_at, owner_id LIMIT ?2').bind(granteeId, MAX_SHARES),
  ]);
  return {
    shares: (shares!.results as Array<{ grant_record: string; acceptance: string | null }>).map((r) => ({
      grant: JSON.parse(r.grant_record) as GrantRecord,
      acceptance: r.acceptance === null ? null : (JSON.parse(r.acceptance) as AcceptanceRecord),
    })),
    owners: (owners!.results as Array<{ record: string }>).map((r) => JSON.parse(r.record) as OwnerAcceptanceRecord),
  };
}

/** The caller's grant on a secret (null when it has none). */
export async function grantOf(db: D1Database, secretId: string, granteeId: string): Promise<GrantRecord | null> {
  const row = await db.prepare('SELECT record FROM grants WHERE secret_id = ?1 AND grantee_id = ?2').bind(secretId, granteeId).first<{ record: string }>();
  return row ? (JSON.parse(row.record) as GrantRecord) : null;
}

/** Stores (or replaces) the caller's acceptance of its grant, only while that grant still exists. */
export async function putAcceptance(db: D1Database, grantee: Caller, record: AcceptanceRecord, now: number): Promise<boolean> {
  const held = (a: number) => `EXISTS (SELECT 1 FROM grants WHERE secret_id = ?${a} AND grantee_id = ?${a + 1})`;
  const p = [record.secret, grantee.id];
  const results = await db.batch([
    db
      .prepare(
        `INSERT INTO acceptances (grantee_id, secret_id, record, created_at) SELECT ?2, ?1, ?3, ?4 WHERE ${held(1)}
         ON CONFLICT (grantee_id, secret_id) DO UPDATE SET record = excluded.record`,
      )
      .bind(...p, JSON.stringify(record), now),
    auditStatement(db, { actor: grantee, action: 'grant.accept', ownerId: record.owner, secretId: record.secret, subjectId: grantee.id, at: now }, {
      sql: held(9),
      params: p,
    }),
  ]);
  return results[0]!.meta.changes === 1;
}

/** Stores (or replaces) the caller's standing acceptance of an owner. */
export async function putOwnerAcceptance(db: D1Database, grantee: Caller, record: OwnerAcceptanceRecord, now: number): Promise<void> {
  await db
    .prepare(
      `INSERT INTO owner_acceptances (grantee_id, owner_id, record, created_at) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (grantee_id, owner_id) DO UPDATE SET record = excluded.record`,
    )
    .bind(grantee.id, record.owner, JSON.stringify(record), now)
    .run();
}

/** Removes the caller's standing acceptance of an owner; false when there was none. */
export async function deleteOwnerAcceptance(db: D1Database, granteeId: string, ownerId: string): Promise<boolean> {
  const result = await db.prepare('DELETE FROM owner_acceptances WHERE grantee_id = ?1 AND owner_id = ?2').bind(granteeId, ownerId).run();
  return result.meta.changes === 1;
}

/** The owner of a secret, or null when there is no such secret. */
export async function ownerOfSecret(db: D1Database, secretId: string): Promise<string | null> {
  const row = await db.prepare('SELECT owner_id FROM secrets WHERE id = ?1').bind(secretId).first<{ owner_id: string }>();
  return row?.owner_id ?? null;
}

/**
 * A grantee drops its own access (decline): its grant, every wrap of the
 * secret to it and its acceptance go. The owner is told to rotate, since
 * what was readable may have been read. False when there was no such grant.
 */
export async function declineGrant(db: D1Database, grantee: Caller, secretId: string, ownerId: string, now: number): Promise<boolean> {
  const held = (a: number) => `EXISTS (SELECT 1 FROM grants WHERE secret_id = ?${a} AND grantee_id = ?${a + 1})`;
  const p = [secretId, grantee.id];
  const results = await db.batch([
    auditStatement(db, { actor: grantee, action: 'grant.delete', ownerId, secretId, subjectId: grantee.id, at: now }, { sql: held(9), params: p }),
    db.prepare(`DELETE FROM wraps WHERE secret_id = ?1 AND recipient = ?2 AND ${held(1)}`).bind(...p),
    db.prepare(`UPDATE secrets SET rotate = 1, grant_epoch = grant_epoch + 1 WHERE id = ?1 AND ${held(1)}`).bind(...p),
    db.prepare('DELETE FROM acceptances WHERE secret_id = ?1 AND grantee_id = ?2').bind(...p),
    db.prepare('DELETE FROM grants WHERE secret_id = ?1 AND grantee_id = ?2').bind(...p),
  ]);
  return results[4]!.meta.changes === 1;
}
