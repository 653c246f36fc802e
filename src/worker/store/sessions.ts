/** Sessions: the SHA-256 of each bearer token with its account and expiry. */
import type { Caller, D1Database, D1PreparedStatement } from '../types.ts';

/** SQL for the caller of a token hash (?1) at time ?2. */
const CALLER_SQL =
  'SELECT a.id, a.handle, a.kind FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?1 AND s.expires_at > ?2';

/**
 * SQL expression for the id of the account whose live session has token hash
 * ?1 at time ?2: statements using it bind (tokenHash, now) first.
 */
export const SESSION_ACCOUNT_ID = '(SELECT account_id FROM sessions WHERE token_hash = ?1 AND expires_at > ?2)';

/** The statement that reads the caller of a live session (one row, or none). */
export function callerStatement(db: D1Database, tokenHash: string, now: number): D1PreparedStatement {
  return db.prepare(CALLER_SQL).bind(tokenHash, now);
}

/** The caller of a live session; null when unknown, expired or revoked. */
export async function findCaller(db: D1Database, tokenHash: string, now: number): Promise<Caller | null> {
  return callerStatement(db, tokenHash, now).first<Caller>();
}

/** Statements that store a new session and drop the account's expired ones. */
export function createSessionStatements(db: D1Database, s: { tokenHash: string; accountId: string; now: number; expiresAt: number }): D1PreparedStatement[] {
  return [
    db.prepare('INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)').bind(s.tokenHash, s.accountId, s.now, s.expiresAt),
    db.prepare('DELETE FROM sessions WHERE account_id = ?1 AND expires_at <= ?2').bind(s.accountId, s.now),
  ];
}

/** The statement that ends one session (logout). */
export function deleteSessionStatement(db: D1Database, tokenHash: string): D1PreparedStatement {
  return db.prepare('DELETE FROM sessions WHERE token_hash = ?1').bind(tokenHash);
}

/** The statement that deletes every expired session (the occasional sweep). */
export function sweepSessionsStatement(db: D1Database, now: number): D1PreparedStatement {
  return db.prepare('DELETE FROM sessions WHERE expires_at <= ?1').bind(now);
}
