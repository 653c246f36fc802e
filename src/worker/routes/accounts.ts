/** Signup, KDF parameters, key cards, login/logout and `me`. */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { constantTimeEqual, fromBase64Url, sha256, verifyKeyCard } from '../../crypto/index.ts';
import type { KeyCardWire } from '../../protocol/index.ts';
import { ChangeCredentialsRequest, LoginRequest, SignupRequest } from '../../protocol/index.ts';
import { readConfig } from '../config.ts';
import { ApiError, badRequest, conflict, isConstraintError, notFound } from '../errors.ts';
import { fakeKdfParams } from '../fake-salt.ts';
import { clientAddress, releaseLoginAttempt, reserveLoginAttempt } from '../rate-limit.ts';
import { decodeBase64Url, handleParam, idParam, readBody } from '../request.ts';
import { newSessionToken, requireSession } from '../session.ts';
import { auditStatement } from '../store/audit.ts';
import { cardOf, idOfDeletedAccount, insertPerson, kdfOf, loginRow, replaceCredentials } from '../store/accounts.ts';
import type { LoginRow } from '../store/accounts.ts';
import { createSessionStatements, deleteSessionStatement } from '../store/sessions.ts';
import type { AppEnv, Caller } from '../types.ts';

/** Checks a new account's self-signed card: signature, kind and no predecessor. */
export async function assertNewCard(card: KeyCardWire, kind: 'person' | 'machine'): Promise<void> {
  if (card.body.kind !== kind) throw badRequest(`card.body.kind must be "${kind}"`);
  if (card.body.prev !== null) throw badRequest('a new account\'s card must have prev = null');
  if (!(await verifyKeyCard(card))) throw badRequest('card.signature does not verify with card.body.signingKey');
}

/** The 409 message for the id of a deleted account (ids are never reused). */
export const ID_USED = 'that account id belonged to a deleted account; create a new key card with a fresh random id';

/** Routes under /v1 for accounts and sessions. */
export const accountRoutes = new Hono<AppEnv>();

accountRoutes.post('/accounts', async (c) => {
  const body = await readBody(c, SignupRequest, 'signup request');
  decodeBase64Url(body.authHash, 'authHash', 32);
  await assertNewCard(body.card, 'person');
  if (await idOfDeletedAccount(c.env.DB, body.card.body.id)) throw conflict(ID_USED);
  try {
    await insertPerson(c.env.DB, body, Date.now());
  } catch (err) {
    if (isConstraintError(err)) throw conflict('that handle (or account id) is taken; choose another handle', 'handle-taken');
    throw err;
  }
  const b = body.card.body;
  return c.json({ account: { id: b.id, handle: b.handle, kind: b.kind } }, 201);
});

accountRoutes.get('/kdf/:handle', async (c) => {
  const handle = handleParam(c);
  return c.json((await kdfOf(c.env.DB, handle)) ?? (await fakeKdfParams(c.env, handle)));
});

accountRoutes.get('/cards/by-handle/:handle', async (c) => {
  const card = await cardOf(c.env.DB, { handle: handleParam(c) });
  if (!card) throw notFound('no account has that handle');
  return c.json({ card });
});

accountRoutes.get('/cards/:accountId', async (c) => {
  const card = await cardOf(c.env.DB, { id: idParam(c, 'accountId') });
  if (!card) throw notFound('no such account');
  return c.json({ card });
});

// A fixed verifier compared against when the account does not exist, so both paths do the same work.
const ABSENT_VERIFIER = new Uint8Array(32).fill(0xa5);

accountRoutes.post('/sessions', async (c) => {
  const body = await readBody(c, LoginRequest, 'login request');
  const config = readConfig(c.env);
  const db = c.env.DB;
  const now = Date.now();
  const keys = { subject: 'handle' in body ? `h:${body.handle}` : `m:${body.accountId}`, address: clientAddress(c) };
  await reserveLoginAttempt(db, keys, config, now);
  const row = await loginRow(db, 'handle' in body ? { handle: body.handle } : { accountId: body.accountId });
  const presented = sha256(decodeBase64Url(body.authKey, 'authKey', 32));
  const stored = row ? fromBase64Url(row.auth_hash, 32) : ABSENT_VERIFIER;
  if (!constantTimeEqual(presented, stored) || !row) {
    throw new ApiError(401, 'unauthorized', 'wrong handle or passphrase (or machine token)');
  }
  const account: Caller = { id: row.id, handle: row.handle, kind: row.kind };
  const { token, hash } = newSessionToken();
  const expiresAt = now + (row.kind === 'machine' ? config.machineSessionTtlMs : config.sessionTtlMs);
  await db.batch([
    ...createSessionStatements(db, { tokenHash: hash, accountId: row.id, now, expiresAt }),
    auditStatement(db, { actor: account, action: 'session.create', ownerId: null, secretId: null, subjectId: null, at: now }),
  ]);
  await releaseLoginAttempt(db, keys);
  return c.json({ token, expiresAt, account, keyring: row.kind === 'person' ? row.keyring : null });
});

accountRoutes.delete('/sessions/current', requireSession(), async (c) => {
  const db = c.env.DB;
  await db.batch([
    deleteSessionStatement(db, c.var.tokenHash),
    auditStatement(db, { actor: c.var.caller, action: 'session.delete', ownerId: null, secretId: null, subjectId: null, at: Date.now() }),
  ]);
  return c.body(null, 204);
});

accountRoutes.get('/me', requireSession(), async (c) => {
  const caller = c.var.caller;
  const card = await cardOf(c.env.DB, { id: caller.id });
  if (!card) throw notFound('the account no longer exists');
  return c.json({ account: { id: caller.id, handle: caller.handle, kind: caller.kind }, card });
});


/**
 * Checks the current login key a credentials or key change carries (rate
 * limited like a login); the caller releases the attempt on success.
 */
export async function checkCurrentLoginKey(c: Context<AppEnv>, authKey: string, now: number): Promise<{ row: LoginRow; keys: { subject: string; address: string } }> {
  const caller = c.var.caller;
  const db = c.env.DB;
  const keys = { subject: `h:${caller.handle}`, address: clientAddress(c) };
  await reserveLoginAttempt(db, keys, readConfig(c.env), now);
  const row = await loginRow(db, { handle: caller.handle });
  const presented = sha256(decodeBase64Url(authKey, 'authKey', 32));
  if (!row || row.id !== caller.id || !constantTimeEqual(presented, fromBase64Url(row.auth_hash, 32))) {
    throw new ApiError(401, 'unauthorized', 'the current passphrase (or Secret Key) is wrong');
  }
  return { row, keys };
}

/** Passphrase change / Secret Key rotation: needs the session and the current login key. */
accountRoutes.put('/me/credentials', requireSession(), async (c) => {
  const body = await readBody(c, ChangeCredentialsRequest, 'credentials change');
  decodeBase64Url(body.authHash, 'authHash', 32);
  const caller = c.var.caller;
  if (caller.kind !== 'person') throw badRequest('only person accounts have a passphrase; machines use their token');
  const db = c.env.DB;
  const now = Date.now();
  const { row, keys } = await checkCurrentLoginKey(c, body.authKey, now);
  const done = await replaceCredentials(db, caller, { oldAuthHash: row.auth_hash, kdf: body.kdf, keyring: body.keyring, authHash: body.authHash, keepSession: c.var.tokenHash }, now);
  if (!done) throw conflict('the passphrase was changed at the same time from elsewhere; log in again and retry');
  await releaseLoginAttempt(db, keys);
  return c.body(null, 204);
});
