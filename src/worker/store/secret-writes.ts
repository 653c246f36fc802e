/**
 * Secret mutations. Each is one D1 batch (one transaction) including its
 * audit row; version writes are compare-and-swap on secrets.version and
 * secrets.grant_epoch, so a stale writer changes nothing.
 */
import type { VersionRecord, WrapRecord } from '../../protocol/index.ts';
import type { Caller, D1Database, D1PreparedStatement } from '../types.ts';
import { auditStatement } from './audit.ts';

function insertVersion(db: D1Database, v: VersionRecord, hash: string, guard: string, guardParams: unknown[]): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO versions (secret_id, version, ciphertext, ciphertext_hash, author_id, time, prev, signature, list, author_grant)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10 WHERE ${guard}`,
    )
    .bind(v.secret, v.version, v.ciphertext, hash, v.author, v.time, v.prev, v.signature, v.list, v.authorGrant ? JSON.stringify(v.authorGrant) : null, ...guardParams);
}

function insertWraps(db: D1Database, secretId: string, version: number, wraps: WrapRecord[], guard: string, guardParams: unknown[]): D1PreparedStatement {
  // One statement for any number of recipients: the wraps travel as one JSON parameter.
  return db
    .prepare(
      `INSERT INTO wraps (secret_id, version, recipient, wrap)
       SELECT ?1, ?2, json_extract(value, '$.recipient'), json_extract(value, '$.wrap') FROM json_each(?3) WHERE ${guard}`,
    )
    .bind(secretId, version, JSON.stringify(wraps.map((w) => ({ recipient: w.recipient, wrap: w.wrap }))), ...guardParams);
}

/** A new secret at version 1 as the routes pass it in. */
export interface NewSecret {
  id: string;
  name: string;
  provider: string | null;
  version: VersionRecord;
  wraps: WrapRecord[];
  ciphertextHash: string;
}

function createStatements(db: D1Database, owner: Caller, s: NewSecret, now: number): D1PreparedStatement[] {
  return [
    db
      .prepare('INSERT INTO secrets (id, owner_id, name, provider, version, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)')
      .bind(s.id, owner.id, s.name, s.provider, now),
    insertVersion(db, s.version, s.ciphertextHash, '1', []),
    insertWraps(db, s.id, 1, s.wraps, '1', []),
    auditStatement(db, { actor: owner, action: 'secret.create', ownerId: owner.id, secretId: s.id, subjectId: null, at: now }),
  ];
}

/** Creates secrets at version 1, all or none; throws a constraint error when an id or (owner, name) exists. */
export async function createSecrets(db: D1Database, owner: Caller, secrets: readonly NewSecret[], now: number): Promise<void> {
  await db.batch(secrets.flatMap((s) => createStatements(db, owner, s, now)));
}

/**
 * Appends version `v.version` if the secret is still at `v.version - 1` with
 * grant epoch `epoch` and its access list still at the counter `v.list` names. Returns false when another write or a grant change got
 * there first (nothing is written). A duplicate version throws a constraint error.
 */
export async function putVersion(
  db: D1Database,
  author: Caller,
  ownerId: string,
  epoch: number,
  v: VersionRecord,
  wraps: WrapRecord[],
  hash: string,
  now: number,
): Promise<boolean> {
  const n = v.version;
  // After the UPDATE, every later statement runs only if the secret is now at n.
  const guard = 'EXISTS (SELECT 1 FROM secrets WHERE id = ?{a} AND version = ?{b})';
  const at = (first: number) => guard.replace('{a}', String(first)).replace('{b}', String(first + 1));
  const results = await db.batch([
    db
      .prepare('UPDATE secrets SET version = ?1, updated_at = ?2 WHERE id = ?3 AND version = ?4 AND grant_epoch = ?5 AND list_counter = ?6')
      .bind(n, now, v.secret, n - 1, epoch, v.list),
    insertVersion(db, v, hash, at(11), [v.secret, n]),
    insertWraps(db, v.secret, n, wraps, at(4), [v.secret, n]),
    auditStatement(db, { actor: author, action: 'secret.version', ownerId, secretId: v.secret, subjectId: null, at: now }, {
      sql: at(9),
      params: [v.secret, n],
    }),
  ]);
  return results[0]!.meta.changes === 1;
}

/**
 * Deletes a secret with its versions, wraps and grants, if the caller is
 * still its owner or a write grantee. Returns false when nothing was deleted.
 */
export async function deleteSecret(db: D1Database, actor: Caller, id: string, ownerId: string, now: number): Promise<boolean> {
  const allowed = `EXISTS (SELECT 1 FROM secrets WHERE id = ?{a} AND (owner_id = ?{b}
    OR EXISTS (SELECT 1 FROM grants WHERE secret_id = ?{a} AND grantee_id = ?{b} AND access = 'write')))`;
  const gone = 'NOT EXISTS (SELECT 1 FROM secrets WHERE id = ?1)';
  const results = await db.batch([
    auditStatement(db, { actor, action: 'secret.delete', ownerId, secretId: id, subjectId: null, at: now }, {
      sql: allowed.replaceAll('{a}', '9').replaceAll('{b}', '10'),
      params: [id, actor.id],
    }),
    db.prepare(`DELETE FROM secrets WHERE id = ?1 AND ${allowed.replaceAll('{a}', '1').replaceAll('{b}', '2')}`).bind(id, actor.id),
    db.prepare(`DELETE FROM versions WHERE secret_id = ?1 AND ${gone}`).bind(id),
    db.prepare(`DELETE FROM wraps WHERE secret_id = ?1 AND ${gone}`).bind(id),
    db.prepare(`DELETE FROM grants WHERE secret_id = ?1 AND ${gone}`).bind(id),
    db.prepare(`DELETE FROM acceptances WHERE secret_id = ?1 AND ${gone}`).bind(id),
  ]);
  return results[1]!.meta.changes === 1;
}
