/**
 * Secret reads, each a statement for `authedRead` (session.ts): they bind the
 * token hash and time as ?1, ?2 and find the caller with SESSION_ACCOUNT_ID.
 */
import type { D1Database, D1PreparedStatement } from '../types.ts';
import { VERSION_COLUMNS, VERSION_HEADER_COLUMNS, readableBy, readableIds, summaryColumns, summaryFrom } from './rows.ts';
import type { SummaryRow } from './rows.ts';
import { SESSION_ACCOUNT_ID } from './sessions.ts';

const LATEST_JOINS = `JOIN versions v ON v.secret_id = s.id AND v.version = s.version
  JOIN wraps w ON w.secret_id = s.id AND w.version = s.version AND w.recipient = ${SESSION_ACCOUNT_ID}`;

const LATEST_SQL = `SELECT ${summaryColumns(SESSION_ACCOUNT_ID)}, ${VERSION_COLUMNS}, w.recipient AS w_recipient, w.wrap AS w_wrap
  FROM ${summaryFrom(SESSION_ACCOUNT_ID)}
  ${LATEST_JOINS}`;

// The bulk answer is assembled as JSON text inside SQLite: for 1,000 secrets
// this avoids building 1,000 row objects and re-serialising them in the
// isolate. One printf per entry is much cheaper than nested json_object()
// or a chain of || (each of which copies the growing string). Free text
// (name, provider, handle) goes through json_quote; ids, base64url values and
// the CHECK-constrained enums are validated on write to contain no character
// JSON must escape, so they are inserted as they are; author_grant is JSON
// text the worker itself wrote with JSON.stringify, and so is the access list. Key order matches
// toSecretVersion, so the bytes equal what the single-secret route sends.
/** One bulk entry as JSON text (also used by group reads). */
export const bulkEntry = (access: string): string => `printf('{"secret":{"id":"%s","name":%s,"provider":%s,"owner":{"id":"%s","handle":%s,"kind":"%s"},'
  || '"version":%d,"access":"%s","rotate":%s,"updatedAt":%d},'
  || '"version":{"v":2,"secret":"%s","version":%d,"ciphertext":"%s","author":"%s","time":%d,"prev":%s,"signature":"%s","list":%d,"authorGrant":%s},'
  || '"wrap":{"recipient":"%s","wrap":"%s"},"list":%s}',
  s.id, json_quote(s.name), json_quote(s.provider), s.owner_id, json_quote(o.handle), o.kind,
  s.version, ${access}, CASE WHEN s.rotate THEN 'true' ELSE 'false' END, s.updated_at,
  s.id, v.version, v.ciphertext, v.author_id, v.time, json_quote(v.prev), v.signature, v.list, COALESCE(v.author_grant, 'null'),
  w.recipient, w.wrap, COALESCE(s.list, 'null'))`;

// Owned and granted secrets are two index-driven queries rather than one
// "id IN (owned UNION granted)" join: the owned half needs no grant lookup and
// reads the caller's account once, which halves the row lookups. Sorted and
// limited to the first MAX_LIST by name; the ordered group_concat keeps that order.
const BULK_SQL = `SELECT '{"secrets":[' || COALESCE(group_concat(entry, ',' ORDER BY k1, k2), '') || ']}' AS body FROM (
  SELECT s.name AS k1, s.id AS k2, ${bulkEntry("'owner'")} AS entry
    FROM secrets s JOIN (SELECT handle, kind FROM accounts WHERE id = ${SESSION_ACCOUNT_ID}) o
    ${LATEST_JOINS}
    WHERE s.owner_id = ${SESSION_ACCOUNT_ID}
  UNION ALL
  SELECT s.name, s.id, ${bulkEntry('g.access')}
    FROM grants g JOIN secrets s ON s.id = g.secret_id JOIN accounts o ON o.id = s.owner_id
    ${LATEST_JOINS}
    WHERE g.grantee_id = ${SESSION_ACCOUNT_ID} AND s.owner_id <> ${SESSION_ACCOUNT_ID}
  ORDER BY 1, 2 LIMIT ?3)`;

/** Summaries of the first `limit` secrets the caller can read, by name. */
export function listStatement(db: D1Database, token: string, now: number, limit: number): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${summaryColumns(SESSION_ACCOUNT_ID)} FROM ${summaryFrom(SESSION_ACCOUNT_ID)} WHERE s.id IN (${readableIds(SESSION_ACCOUNT_ID)}) ORDER BY s.name, s.id LIMIT ?3`,
    )
    .bind(token, now, limit);
}

/** The whole bulk answer as one JSON text in column `body`. */
export function bulkStatement(db: D1Database, token: string, now: number, limit: number): D1PreparedStatement {
  return db.prepare(BULK_SQL).bind(token, now, limit);
}

/** A readable secret's summary, latest version and the caller's wrap (a SecretVersionRow). */
export function latestStatement(db: D1Database, token: string, now: number, id: string): D1PreparedStatement {
  return db.prepare(`${LATEST_SQL} WHERE s.id = ?3 AND ${readableBy(SESSION_ACCOUNT_ID)}`).bind(token, now, id);
}

/** One row (the id) when the caller can read the secret, none otherwise. */
export function readableStatement(db: D1Database, token: string, now: number, id: string): D1PreparedStatement {
  return db.prepare(`SELECT s.id FROM ${summaryFrom(SESSION_ACCOUNT_ID)} WHERE s.id = ?3 AND ${readableBy(SESSION_ACCOUNT_ID)}`).bind(token, now, id);
}

/** Whether the secret is readable, then its first `limit` version headers with ciphertext hashes. */
export function historyStatements(db: D1Database, token: string, now: number, id: string, limit: number): D1PreparedStatement[] {
  return [
    readableStatement(db, token, now, id),
    db
      .prepare(
        `SELECT ${VERSION_HEADER_COLUMNS}, v.ciphertext_hash AS v_hash FROM versions v
         WHERE v.secret_id = ?3 AND EXISTS (SELECT 1 FROM secrets s LEFT JOIN grants g ON g.secret_id = s.id AND g.grantee_id = ${SESSION_ACCOUNT_ID}
           WHERE s.id = ?3 AND ${readableBy(SESSION_ACCOUNT_ID)})
         ORDER BY v.version LIMIT ?4`,
      )
      .bind(token, now, id, limit),
  ];
}

/** Version `n` of a readable secret with the caller's wrap for it (a SecretVersionRow). */
export function versionStatement(db: D1Database, token: string, now: number, id: string, n: number): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${summaryColumns(SESSION_ACCOUNT_ID)}, ${VERSION_COLUMNS}, w.recipient AS w_recipient, w.wrap AS w_wrap
       FROM ${summaryFrom(SESSION_ACCOUNT_ID)}
       JOIN versions v ON v.secret_id = s.id AND v.version = ?4
       JOIN wraps w ON w.secret_id = s.id AND w.version = ?4 AND w.recipient = ${SESSION_ACCOUNT_ID}
       WHERE s.id = ?3 AND ${readableBy(SESSION_ACCOUNT_ID)}`,
    )
    .bind(token, now, id, n);
}

/** What a write needs to know about a secret and the caller's access to it. */
export interface SecretAccessRow {
  id: string;
  owner_id: string;
  name: string;
  provider: string | null;
  version: number;
  grant_epoch: number;
  /** Counter of the secret's latest access list (0: none). */
  list_counter: number;
  access: 'owner' | 'read' | 'write';
  /** The caller's stored grant record (JSON) when not the owner. */
  record: string | null;
}

/** A secret the caller owns or holds a grant on, with that access; null when neither (or no such secret). */
export async function secretAccess(db: D1Database, id: string, callerId: string): Promise<SecretAccessRow | null> {
  return db
    .prepare(
      `SELECT s.id, s.owner_id, s.name, s.provider, s.version, s.grant_epoch, s.list_counter,
         CASE WHEN s.owner_id = ?2 THEN 'owner' ELSE g.access END AS access, g.record
       FROM secrets s LEFT JOIN grants g ON g.secret_id = s.id AND g.grantee_id = ?2
       WHERE s.id = ?1 AND (s.owner_id = ?2 OR g.grantee_id IS NOT NULL)`,
    )
    .bind(id, callerId)
    .first<SecretAccessRow>();
}

/** A secret's summary as a caller with `access` sees it; null when it is gone. */
export async function summaryWithAccess(db: D1Database, id: string, access: SummaryRow['s_access']): Promise<SummaryRow | null> {
  return db
    .prepare(
      `SELECT s.id AS s_id, s.name AS s_name, s.provider AS s_provider, s.owner_id AS s_owner, o.handle AS o_handle, o.kind AS o_kind,
         s.version AS s_version, s.rotate AS s_rotate, s.updated_at AS s_updated, s.list AS s_list, ?2 AS s_access
       FROM secrets s JOIN accounts o ON o.id = s.owner_id WHERE s.id = ?1`,
    )
    .bind(id, access)
    .first<SummaryRow>();
}

/** The stored fields of one version that its hash covers; null when absent. */
export async function versionHashFields(
  db: D1Database,
  secretId: string,
  version: number,
): Promise<{ ciphertext: string; prev: string | null; author_id: string; time: number; list: number } | null> {
  return db
    .prepare('SELECT ciphertext, prev, author_id, time, list FROM versions WHERE secret_id = ?1 AND version = ?2')
    .bind(secretId, version)
    .first<{ ciphertext: string; prev: string | null; author_id: string; time: number; list: number }>();
}
