/**
 * Failed-login limits per handle (or machine id) and per client address, as
 * exact fixed-window counters in D1. Every attempt reserves a slot atomically
 * before the credential is checked, so parallel guesses cannot overshoot the
 * limit; a successful login gives its slots back.
 */
import type { Context } from 'hono';
import type { Config } from './config.ts';
import { ApiError } from './errors.ts';
import { releaseAttemptStatements, reserveAttemptStatement, sweepAttemptsStatement, type AttemptCount } from './store/login-failures.ts';
import { sweepSessionsStatement } from './store/sessions.ts';
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
    reserveAttemptStatement(db, `subject:${keys.subject}`, now, config.loginWindowMs),
    reserveAttemptStatement(db, `addr:${keys.address}`, now, config.loginWindowMs),
  ];
  // Now and then, sweep counters of past windows and expired sessions so neither table grows without bound.
  if (Math.random() < SWEEP_PROBABILITY) {
    statements.push(sweepAttemptsStatement(db, now, config.loginWindowMs), sweepSessionsStatement(db, now));
  }
  const [subject, address] = await db.batch<AttemptCount>(statements);
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
  await db.batch(releaseAttemptStatements(db, `subject:${keys.subject}`, `addr:${keys.address}`));
}
