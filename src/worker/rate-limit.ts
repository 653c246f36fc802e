/**
 * Failed-login limits per handle (or machine id) and per client address, as
 * exact fixed-window counters in D1. Every attempt reserves a slot atomically
 * before the credential is checked, so parallel guesses cannot overshoot the
 * limit; a successful login gives its slots back.
 */
import type { Context } from 'hono';
import type { Config } from './config.ts';
import { ApiError } from './errors.ts';
import type { D1Database } from './types.ts';

/**
 * The client address: CF-Connecting-IP (set by Cloudflare, not spoofable
 * there); locally the first X-Forwarded-For entry; else "local".
 */
export function clientAddress(c: Context): string {
  const cf = c.req.header('cf-connecting-ip');
  if (cf) return cf.trim().slice(0, 64);
  const xff = c.req.header('x-forwarded-for');
  if (xff) return (xff.split(',')[0] ?? '').trim().slice(0, 64) || 'local';
  return 'local';
}

const RESERVE_SQL = `INSERT INTO login_failures (key, count, window_start) VALUES (?1, 1, ?2)
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN window_start + ?3 <= ?2 THEN 1 ELSE count + 1 END,
    window_start = CASE WHEN window_start + ?3 <= ?2 THEN ?2 ELSE window_start END
  RETURNING count, window_start`;

/** Share of login attempts that also delete stale counters and sessions. */
const SWEEP_PROBABILITY = 0.02;

/** Keys of one login attempt. */
export interface AttemptKeys {
  subject: string;
  address: string;
}

/**
 * Counts one attempt against both keys; throws 429 with Retry-After when
 * either is over its limit.
 */
export async function reserveLoginAttempt(db: D1Database, keys: AttemptKeys, config: Config, now: number): Promise<void> {
  const statements = [
    db.prepare(RESERVE_SQL).bind(`subject:${keys.subject}`, now, config.loginWindowMs),
    db.prepare(RESERVE_SQL).bind(`addr:${keys.address}`, now, config.loginWindowMs),
  ];
  // Now and then, sweep counters of past windows and expired sessions so neither table grows without bound.
  if (Math.random() < SWEEP_PROBABILITY) {
    statements.push(
      db.prepare('DELETE FROM login_failures WHERE window_start + ?1 <= ?2').bind(config.loginWindowMs, now),
      db.prepare('DELETE FROM sessions WHERE expires_at <= ?1').bind(now),
    );
  }
  const [subject, address] = await db.batch<{ count: number; window_start: number }>(statements);
  const s = subject!.results[0]!;
  const a = address!.results[0]!;
  let until = 0;
  if (s.count > config.loginLimitPerHandle) until = Math.max(until, s.window_start + config.loginWindowMs);
  if (a.count > config.loginLimitPerAddress) until = Math.max(until, a.window_start + config.loginWindowMs);
  if (until > 0) {
    const seconds = Math.max(1, Math.ceil((until - now) / 1000));
    throw new ApiError(429, 'rate-limited', `too many failed logins; wait ${seconds} s and try again`, {
      'Retry-After': String(seconds),
    });
  }
}

/** Gives back the slots of a successful login. */
export async function releaseLoginAttempt(db: D1Database, keys: AttemptKeys): Promise<void> {
  await db.batch([
    db.prepare('DELETE FROM login_failures WHERE key = ?1').bind(`subject:${keys.subject}`),
    db.prepare('UPDATE login_failures SET count = MAX(count - 1, 0) WHERE key = ?1').bind(`addr:${keys.address}`),
  ]);
}
