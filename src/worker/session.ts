/**
 * Bearer sessions. A token is 32 random bytes (base64url); the database keeps
 * only SHA-256 of those bytes with an expiry, so a database leak yields no
 * usable token.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { fromBase64Url, randomBytes, sha256, toBase64Url } from '../crypto/index.ts';
import { ApiError } from './errors.ts';
import { callerStatement, findCaller } from './store/sessions.ts';
import type { AppEnv, Caller, D1Database, D1PreparedStatement, D1Result } from './types.ts';

/** A new session token and the hash to store. */
export function newSessionToken(): { token: string; hash: string } {
  const raw = randomBytes(32);
  return { token: toBase64Url(raw), hash: toBase64Url(sha256(raw)) };
}

function unauthorized(message: string): ApiError {
  return new ApiError(401, 'unauthorized', message, { 'WWW-Authenticate': 'Bearer' });
}

/** base64url SHA-256 of the bearer token in the Authorization header; 401 when absent or malformed. */
export function bearerTokenHash(c: Context): string {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(header.trim());
  if (!match) throw unauthorized('log in first: send Authorization: Bearer <session token>');
  try {
    return toBase64Url(sha256(fromBase64Url(match[1]!, 32)));
  } catch {
    throw unauthorized('the session token is malformed; log in again');
  }
}

/** The 401 for a token that is unknown, expired or logged out. */
export function sessionInvalid(): ApiError {
  return unauthorized('the session has expired or was logged out; log in again');
}

/** Middleware: requires a live session and stores the caller in `c.var.caller`. */
export function requireSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const tokenHash = bearerTokenHash(c);
    const caller = await findCaller(c.env.DB, tokenHash, Date.now());
    if (!caller) throw sessionInvalid();
    c.set('caller', caller);
    c.set('tokenHash', tokenHash);
    await next();
  };
}

/**
 * Runs read statements together with the session lookup in one D1 round trip.
 * `build` gets the token hash and time to bind first (as ?1, ?2) and may use
 * SESSION_ACCOUNT_ID (store/sessions.ts) for the caller. 401 when the session is not live.
 */
export async function authedRead(
  c: Context<AppEnv>,
  build: (db: D1Database, tokenHash: string, now: number) => D1PreparedStatement[],
): Promise<{ caller: Caller; results: D1Result[] }> {
  const tokenHash = bearerTokenHash(c);
  const now = Date.now();
  const db = c.env.DB;
  const [session, ...results] = await db.batch([callerStatement(db, tokenHash, now), ...build(db, tokenHash, now)]);
  const caller = session!.results[0] as unknown as Caller | undefined;
  if (!caller) throw sessionInvalid();
  return { caller, results };
}
