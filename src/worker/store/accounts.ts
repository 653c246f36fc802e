/** Accounts (persons and machines), their cards and login verifiers. */
import type { AccountInfo, KeyCardWire, MachineEntry, WireKdfParams } from '../../protocol/index.ts';
import { MAX_MACHINES } from '../config.ts';
import type { Caller, D1Database } from '../types.ts';
import { auditStatement } from './audit.ts';

/** What login needs about an account. */
export interface LoginRow {
  id: string;
  handle: string;
  kind: AccountInfo['kind'];
  auth_hash: string;
  keyring: string | null;
}

/** Inserts a person with its signup audit row; throws a constraint error when the handle or id exists. */
export async function insertPerson(
  db: D1Database,
  a: { card: KeyCardWire; kdf: WireKdfParams; keyring: string; authHash: string },
  now: number,
): Promise<void> {
  const b = a.card.body;
  const actor: Caller = { id: b.id, handle: b.handle, kind: 'person' };
  await db.batch([
    db
      .prepare('INSERT INTO accounts (id, handle, kind, card, kdf, keyring, auth_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)')
      .bind(b.id, b.handle, 'person', JSON.stringify(a.card), JSON.stringify(a.kdf), a.keyring, a.authHash, now),
    auditStatement(db, { actor, action: 'account.create', ownerId: null, secretId: null, subjectId: null, at: now }),
  ]);
}

/** Inserts a machine owned by `owner`; throws a constraint error on a duplicate id, handle or name. */
export async function insertMachine(
  db: D1Database,
  owner: Caller,
  m: { name: string; card: KeyCardWire; authHash: string },
  now: number,
): Promise<void> {
  const b = m.card.body;
  await db.batch([
    db
      .prepare('INSERT INTO accounts (id, handle, kind, card, auth_hash, owner_id, name, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)')
      .bind(b.id, b.handle, 'machine', JSON.stringify(m.card), m.authHash, owner.id, m.name, now),
    auditStatement(db, { actor: owner, action: 'machine.create', ownerId: owner.id, secretId: null, subjectId: b.id, at: now }),
  ]);
}

/**
 * True when a deleted account had this id (it left audit rows as an actor).
 * Ids are chosen by clients, so without this a new account could take a
 * deleted machine's id and read that machine's audit history. A live id is
 * left to the UNIQUE constraint (409 handle-taken).
 */
export async function idOfDeletedAccount(db: D1Database, id: string): Promise<boolean> {
  const row = await db
    .prepare('SELECT 1 AS used FROM audit WHERE actor_id = ?1 AND NOT EXISTS (SELECT 1 FROM accounts WHERE id = ?1) LIMIT 1')
    .bind(id)
    .first<number>('used');
  return row !== null;
}

/** Number of machines a person owns. */
export async function countMachines(db: D1Database, ownerId: string): Promise<number> {
  return (await db.prepare('SELECT COUNT(*) AS n FROM accounts WHERE owner_id = ?1').bind(ownerId).first<number>('n')) ?? 0;
}

/** The stored KDF parameters of a person and its account id, or null. */
export async function kdfOf(db: D1Database, handle: string): Promise<{ kdf: WireKdfParams; accountId: string } | null> {
  const row = await db
    .prepare("SELECT id, kdf FROM accounts WHERE handle = ?1 AND kind = 'person'")
    .bind(handle)
    .first<{ id: string; kdf: string | null }>();
  return row?.kdf ? { kdf: JSON.parse(row.kdf) as WireKdfParams, accountId: row.id } : null;
}

/**
 * Replaces a person's KDF parameters, sealed keyring and login verifier (a
 * passphrase change or Secret Key rotation) and ends its other sessions.
 * Returns false when the current verifier no longer matches (a concurrent change).
 */
export async function replaceCredentials(
  db: D1Database,
  caller: Caller,
  c: { oldAuthHash: string; kdf: WireKdfParams; keyring: string; authHash: string; keepSession: string },
  now: number,
): Promise<boolean> {
  const changed = 'EXISTS (SELECT 1 FROM accounts WHERE id = ?9 AND auth_hash = ?10)';
  const results = await db.batch([
    db
      .prepare("UPDATE accounts SET kdf = ?1, keyring = ?2, auth_hash = ?3 WHERE id = ?4 AND kind = 'person' AND auth_hash = ?5")
      .bind(JSON.stringify(c.kdf), c.keyring, c.authHash, caller.id, c.oldAuthHash),
    db
      .prepare('DELETE FROM sessions WHERE account_id = ?1 AND token_hash != ?2 AND EXISTS (SELECT 1 FROM accounts WHERE id = ?1 AND auth_hash = ?3)')
      .bind(caller.id, c.keepSession, c.authHash),
    auditStatement(db, { actor: caller, action: 'account.credentials', ownerId: null, secretId: null, subjectId: null, at: now }, {
      sql: changed,
      params: [caller.id, c.authHash],
    }),
  ]);
  return results[0]!.meta.changes === 1;
}

/** A card by handle or id, or null. */
export async function cardOf(db: D1Database, by: { handle: string } | { id: string }): Promise<KeyCardWire | null> {
  const stmt =
    'handle' in by
      ? db.prepare('SELECT card FROM accounts WHERE handle = ?1').bind(by.handle)
      : db.prepare('SELECT card FROM accounts WHERE id = ?1').bind(by.id);
  const card = await stmt.first<string>('card');
  return card ? (JSON.parse(card) as KeyCardWire) : null;
}

/** Login data: persons by handle, machines by id. */
export async function loginRow(db: D1Database, by: { handle: string } | { accountId: string }): Promise<LoginRow | null> {
  const cols = 'id, handle, kind, auth_hash, keyring';
  const stmt =
    'handle' in by
      ? db.prepare(`SELECT ${cols} FROM accounts WHERE handle = ?1 AND kind = 'person'`).bind(by.handle)
      : db.prepare(`SELECT ${cols} FROM accounts WHERE id = ?1 AND kind = 'machine'`).bind(by.accountId);
  return stmt.first<LoginRow>();
}

/** Machines owned by a person, oldest first. */
export async function listMachines(db: D1Database, ownerId: string): Promise<MachineEntry[]> {
  const { results } = await db
    .prepare('SELECT id, handle, kind, card, name, created_at FROM accounts WHERE owner_id = ?1 ORDER BY created_at, id LIMIT ?2')
    .bind(ownerId, MAX_MACHINES)
    .all<{ id: string; handle: string; kind: AccountInfo['kind']; card: string; name: string; created_at: number }>();
  return results.map((r) => ({
    name: r.name,
    account: { id: r.id, handle: r.handle, kind: r.kind },
    card: JSON.parse(r.card) as KeyCardWire,
    created: r.created_at,
  }));
}

/**
 * Deletes a machine the caller owns, with its sessions, grants, wraps and the
 * secrets it owns; secrets it had access to are marked for rotation.
 * Returns false when there is no such machine of this owner.
 */
export async function deleteMachine(db: D1Database, owner: Caller, machineId: string, now: number): Promise<boolean> {
  const mine = 'EXISTS (SELECT 1 FROM accounts WHERE id = ?1 AND owner_id = ?2)';
  const owned = 'SELECT id FROM secrets WHERE owner_id = ?1';
  const results = await db.batch([
    auditStatement(db, { actor: owner, action: 'machine.delete', ownerId: owner.id, secretId: null, subjectId: machineId, at: now }, {
      sql: 'EXISTS (SELECT 1 FROM accounts WHERE id = ?9 AND owner_id = ?10)',
      params: [machineId, owner.id],
    }),
    db.prepare(`UPDATE secrets SET rotate = 1, grant_epoch = grant_epoch + 1 WHERE id IN (SELECT secret_id FROM grants WHERE grantee_id = ?1) AND ${mine}`).bind(machineId, owner.id),
    db.prepare(`DELETE FROM wraps WHERE (recipient = ?1 OR secret_id IN (${owned})) AND ${mine}`).bind(machineId, owner.id),
    db.prepare(`DELETE FROM grants WHERE (grantee_id = ?1 OR secret_id IN (${owned})) AND ${mine}`).bind(machineId, owner.id),
    db.prepare(`DELETE FROM versions WHERE secret_id IN (${owned}) AND ${mine}`).bind(machineId, owner.id),
    db.prepare(`DELETE FROM secrets WHERE owner_id = ?1 AND ${mine}`).bind(machineId, owner.id),
    db.prepare(`DELETE FROM sessions WHERE account_id = ?1 AND ${mine}`).bind(machineId, owner.id),
    db.prepare('DELETE FROM accounts WHERE id = ?1 AND owner_id = ?2').bind(machineId, owner.id),
  ]);
  return results[results.length - 1]!.meta.changes === 1;
}
