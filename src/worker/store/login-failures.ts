/** Failed-login counters: one fixed window per key (`subject:…` or `addr:…`). */
import type { D1Database, D1PreparedStatement } from '../types.ts';

const RESERVE_SQL = `INSERT INTO login_failures (key, count, window_start) VALUES (?1, 1, ?2)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN window_start + ?3 <= ?2 THEN 1 ELSE count + 1 END,
    window_start = CASE WHEN window_start + ?3 <= ?2 THEN ?2 ELSE window_start END
  RETURNING count, window_start`;

/** What a reservation returns: the attempts in the key's current window and when it started. */
export interface AttemptCount {
  count: number;
  window_start: number;
}

/** The statement that counts one attempt against `key` (a new window once `windowMs` has passed). */
export function reserveAttemptStatement(db: D1Database, key: string, now: number, windowMs: number): D1PreparedStatement {
  return db.prepare(RESERVE_SQL).bind(key, now, windowMs);
}

/** The statement that deletes the counters of past windows. */
export function sweepAttemptsStatement(db: D1Database, now: number, windowMs: number): D1PreparedStatement {
  return db.prepare('DELETE FROM login_failures WHERE window_start + ?1 <= ?2').bind(windowMs, now);
}

/** Statements that forget `forgetKey`'s counter and give one slot back to `decrementKey`. */
export function releaseAttemptStatements(db: D1Database, forgetKey: string, decrementKey: string): D1PreparedStatement[] {
  return [
    db.prepare('DELETE FROM login_failures WHERE key = ?1').bind(forgetKey),
    db.prepare('UPDATE login_failures SET count = MAX(count - 1, 0) WHERE key = ?1').bind(decrementKey),
  ];
}
