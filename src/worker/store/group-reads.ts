/**
 * Reads through a group: a member sees the secrets shared with the group as
 * the group would, with the group's wraps. Each statement binds the token
 * hash and time (?1, ?2) and the group id (?3); the group acts as the caller
 * only when the session's account is a current member, else nothing matches.
 */
import type { D1Database, D1PreparedStatement } from '../types.ts';
import { VERSION_COLUMNS, VERSION_HEADER_COLUMNS, readableBy, summaryColumns, summaryFrom } from './rows.ts';
import { bulkEntry } from './secret-reads.ts';
import { SESSION_ACCOUNT_ID } from './sessions.ts';

/** SQL expression: the group id when the session's account is a member of group ?3, else NULL. */
const GROUP = `(SELECT group_id FROM group_members WHERE group_id = ?3 AND member_id = ${SESSION_ACCOUNT_ID})`;

/** One row when the session's account is a current member of the group. */
export function memberStatement(db: D1Database, token: string, now: number, groupId: string): D1PreparedStatement {
  return db.prepare(`SELECT ${GROUP} AS g WHERE ${GROUP} IS NOT NULL`).bind(token, now, groupId);
}

const VERSION_WITH_WRAP = (version: string) => `SELECT ${summaryColumns(GROUP)}, ${VERSION_COLUMNS}, w.recipient AS w_recipient, w.wrap AS w_wrap
  FROM ${summaryFrom(GROUP)}
  JOIN versions v ON v.secret_id = s.id AND v.version = ${version}
  JOIN wraps w ON w.secret_id = s.id AND w.version = ${version} AND w.recipient = ${GROUP}
  WHERE s.id = ?4 AND ${readableBy(GROUP)}`;

/** The latest version of secret ?4 shared with the group, with the group's wrap. */
export function groupLatestStatement(db: D1Database, token: string, now: number, groupId: string, id: string): D1PreparedStatement {
  return db.prepare(VERSION_WITH_WRAP('s.version')).bind(token, now, groupId, id);
}

/** Version `n` of secret ?4 shared with the group, with the group's wrap. */
export function groupVersionStatement(db: D1Database, token: string, now: number, groupId: string, id: string, n: number): D1PreparedStatement {
  return db.prepare(VERSION_WITH_WRAP('?5')).bind(token, now, groupId, id, n);
}

/** Version headers of secret ?4 shared with the group. */
export function groupHistoryStatement(db: D1Database, token: string, now: number, groupId: string, id: string, limit: number): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${VERSION_HEADER_COLUMNS}, v.ciphertext_hash AS v_hash FROM versions v
       WHERE v.secret_id = ?4 AND EXISTS (SELECT 1 FROM grants g WHERE g.secret_id = ?4 AND g.grantee_id = ${GROUP})
       ORDER BY v.version LIMIT ?5`,
    )
    .bind(token, now, groupId, id, limit);
}

/** Every secret shared with the group: latest version and the group's wrap, as one JSON text in `body`. */
export function groupBulkStatement(db: D1Database, token: string, now: number, groupId: string, limit: number): D1PreparedStatement {
  return db
    .prepare(
      `SELECT '{"secrets":[' || COALESCE(group_concat(entry, ',' ORDER BY k1, k2), '') || ']}' AS body FROM (
        SELECT s.name AS k1, s.id AS k2, ${bulkEntry('g.access')} AS entry
          FROM grants g JOIN secrets s ON s.id = g.secret_id JOIN accounts o ON o.id = s.owner_id
          JOIN versions v ON v.secret_id = s.id AND v.version = s.version
          JOIN wraps w ON w.secret_id = s.id AND w.version = s.version AND w.recipient = g.grantee_id
          WHERE g.grantee_id = ${GROUP}
        ORDER BY 1, 2 LIMIT ?4)`,
    )
    .bind(token, now, groupId, limit);
}
