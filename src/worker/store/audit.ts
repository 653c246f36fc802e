/** The append-only audit log: one row per mutation, written in the mutation's batch. */
import type { AuditAction, AuditEntry } from '../../protocol/index.ts';
import { MAX_AUDIT } from '../config.ts';
import type { Caller, D1Database, D1PreparedStatement } from '../types.ts';

/** One audit row to write. */
export interface AuditEvent {
  actor: Caller;
  action: AuditAction;
  /** Owner of the secret or machine concerned: they see the entry too. */
  ownerId: string | null;
  secretId: string | null;
  subjectId: string | null;
  at: number;
}

/**
 * The INSERT for one event. With `guard` (an SQL condition and its extra
 * parameters numbered from ?9) the row is written only when the guard holds,
 * so it commits or vanishes together with a compare-and-swap.
 */
export function auditStatement(db: D1Database, e: AuditEvent, guard?: { sql: string; params: unknown[] }): D1PreparedStatement {
  const base = [e.actor.id, e.actor.handle, e.actor.kind, e.ownerId, e.action, e.secretId, e.subjectId, e.at];
  const insert = 'INSERT INTO audit (actor_id, actor_handle, actor_kind, owner_id, action, secret_id, subject_id, at)';
  if (!guard) return db.prepare(`${insert} VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`).bind(...base);
  return db.prepare(`${insert} SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE ${guard.sql}`).bind(...base, ...guard.params);
}

interface AuditRow {
  id: number;
  actor_id: string;
  actor_handle: string;
  actor_kind: string;
  action: string;
  secret_id: string | null;
  subject_id: string | null;
  at: number;
}

/** Entries the account did or that concern what it owns, newest first. */
export async function listAudit(db: D1Database, accountId: string, before: number | null): Promise<AuditEntry[]> {
  const { results } = await db
    .prepare(
      `SELECT id, actor_id, actor_handle, actor_kind, action, secret_id, subject_id, at FROM audit
       WHERE (actor_id = ?1 OR owner_id = ?1) AND id < ?2 ORDER BY id DESC LIMIT ?3`,
    )
    .bind(accountId, before ?? Number.MAX_SAFE_INTEGER, MAX_AUDIT)
    .all<AuditRow>();
  return results.map((r) => ({
    id: r.id,
    actor: { id: r.actor_id, handle: r.actor_handle, kind: r.actor_kind as AuditEntry['actor']['kind'] },
    action: r.action as AuditAction,
    secret: r.secret_id,
    subject: r.subject_id,
    at: r.at,
  }));
}
