/** Reading secrets: list, bulk, latest, history, one version; creating and deleting. */
import { Hono } from 'hono';
import { CreateSecretRequest, CreateSecretsRequest } from '../../protocol/index.ts';
import type { KeyCardWire } from '../../protocol/index.ts';
import { MAX_LIST } from '../config.ts';
import { badRequest, conflict, isConstraintError, notFound } from '../errors.ts';
import { refuseRetiredFormat } from '../format.ts';
import { idParam, parseInput, readJson, versionParam } from '../request.ts';
import { authedRead, requireSession } from '../session.ts';
import { toHeader, toSecretVersion, toSummary } from '../store/rows.ts';
import type { SecretVersionRow, SummaryRow, VersionHeaderRow } from '../store/rows.ts';
import { createSecrets, deleteSecret, type NewSecret } from '../store/secret-writes.ts';
import { cardOf } from '../store/accounts.ts';
import { bulkStatement, historyStatements, latestStatement, listStatement, versionStatement } from '../store/secret-reads.ts';
import { assertAuthenticVersion, assertVersionShape, ciphertextHash, secretForWrite } from './version-checks.ts';
import type { AppEnv, Caller, D1Database } from '../types.ts';

/** Routes under /v1 for secrets. */
export const secretRoutes = new Hono<AppEnv>();

secretRoutes.get('/secrets', async (c) => {
  const { results } = await authedRead(c, (db, token, now) => [listStatement(db, token, now, MAX_LIST)]);
  return c.json({ secrets: (results[0]!.results as unknown as SummaryRow[]).map(toSummary) });
});

/** True when the request came in on a loopback address (the local server, never Cloudflare). */
function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

secretRoutes.get('/secrets-bulk', async (c) => {
  const { results } = await authedRead(c, (db, token, now) => [bulkStatement(db, token, now, MAX_LIST)]);
  const body = (results[0]!.results[0] as { body?: string } | undefined)?.body ?? '{"secrets":[]}';
  // On Cloudflare the edge compresses this answer outside the worker. The local
  // server (Miniflare) compresses on the worker's own single thread, where gzip
  // of ~700 KiB costs more than the rest of the call, for a client on the
  // same machine that gains nothing from it: answer loopback requests uncompressed.
  const encoding: Record<string, string> = isLoopback(c.req.url) ? { 'content-encoding': 'identity' } : {};
  return c.body(body, 200, { 'content-type': 'application/json; charset=UTF-8', ...encoding });
});

secretRoutes.get('/secrets/:id', async (c) => {
  const id = idParam(c, 'id');
  const { results } = await authedRead(c, (db, token, now) => [latestStatement(db, token, now, id)]);
  const row = results[0]!.results[0] as unknown as SecretVersionRow | undefined;
  if (!row) throw notFound('no such secret');
  return c.json(toSecretVersion(row));
});

secretRoutes.get('/secrets/:id/versions', async (c) => {
  const id = idParam(c, 'id');
  const { results } = await authedRead(c, (db, token, now) => historyStatements(db, token, now, id, MAX_LIST));
  if (results[0]!.results.length === 0) throw notFound('no such secret');
  const rows = results[1]!.results as unknown as Array<VersionHeaderRow & { v_hash: string }>;
  return c.json({ versions: rows.map((r) => toHeader(id, r)) });
});

secretRoutes.get('/secrets/:id/versions/:n', async (c) => {
  const id = idParam(c, 'id');
  const n = versionParam(c);
  const { results } = await authedRead(c, (db, token, now) => [versionStatement(db, token, now, id, n)]);
  const row = results[0]!.results[0] as unknown as SecretVersionRow | undefined;
  if (!row) throw notFound('no such secret version (or it was not shared with you)');
  return c.json(toSecretVersion(row));
});

/** Checks one new secret as the caller's (shape, owner-only wrap, signature) and returns what the store inserts. */
async function checkNewSecret(db: D1Database, caller: Caller, body: CreateSecretRequest, card?: KeyCardWire | null): Promise<NewSecret> {
  const v = body.version;
  if (v.secret !== body.id) throw badRequest('version.secret must equal id');
  if (v.version !== 1) throw badRequest('a new secret starts at version 1');
  if (v.list !== 0) throw badRequest('a new secret has no access list yet: version.list must be 0');
  assertVersionShape(v, caller.id, caller.id);
  const recipients = body.wraps.map((w) => w.recipient);
  if (recipients.length !== 1 || recipients[0] !== caller.id) {
    throw badRequest('a new secret must be wrapped to its owner (you) only; share it afterwards with grants');
  }
  await assertAuthenticVersion(db, { id: body.id, owner_id: caller.id, name: body.name, provider: body.provider }, v, card);
  return { ...body, ciphertextHash: ciphertextHash(v.ciphertext) };
}

function ownSummary(caller: Caller, s: { id: string; name: string; provider: string | null }, now: number) {
  return toSummary({
    s_id: s.id, s_name: s.name, s_provider: s.provider, s_owner: caller.id, o_handle: caller.handle, o_kind: caller.kind,
    s_version: 1, s_rotate: 0, s_updated: now, s_access: 'owner', s_list: null,
  });
}

secretRoutes.post('/secrets', requireSession(), async (c) => {
  const caller = c.var.caller;
  const raw = await readJson(c);
  refuseRetiredFormat(raw, ['version'], 'the version');
  const body = parseInput(CreateSecretRequest, raw, 'create-secret request');
  const secret = await checkNewSecret(c.env.DB, caller, body);
  const now = Date.now();
  try {
    await createSecrets(c.env.DB, caller, [secret], now);
  } catch (err) {
    if (isConstraintError(err)) throw conflict('you already have a secret with that name (or that id is in use)');
    throw err;
  }
  return c.json({ secret: ownSummary(caller, body, now) }, 201);
});

secretRoutes.post('/secrets-batch', requireSession(), async (c) => {
  const caller = c.var.caller;
  const raw = await readJson(c);
  const listed = (raw as { secrets?: unknown } | null)?.secrets;
  if (Array.isArray(listed)) listed.forEach((_, i) => refuseRetiredFormat(listed, [String(i), 'version'], 'the version'));
  const body = parseInput(CreateSecretsRequest, raw, 'create-secrets request');
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const s of body.secrets) {
    if (ids.has(s.id) || names.has(s.name)) throw badRequest(`secret "${s.name}" (or its id) appears twice in the batch`);
    ids.add(s.id);
    names.add(s.name);
  }
  // Every author is the caller (checkNewSecret refuses others), so one card lookup serves the batch.
  const card = await cardOf(c.env.DB, { id: caller.id });
  const secrets: NewSecret[] = [];
  for (const s of body.secrets) secrets.push(await checkNewSecret(c.env.DB, caller, s, card));
  const now = Date.now();
  try {
    await createSecrets(c.env.DB, caller, secrets, now);
  } catch (err) {
    if (isConstraintError(err)) throw conflict('one of the names is taken (or an id is in use); nothing in the batch was created');
    throw err;
  }
  return c.json({ secrets: body.secrets.map((s) => ownSummary(caller, s, now)) }, 201);
});

secretRoutes.delete('/secrets/:id', requireSession(), async (c) => {
  const id = idParam(c, 'id');
  const caller = c.var.caller;
  const s = await secretForWrite(c.env.DB, id, caller.id);
  if (!(await deleteSecret(c.env.DB, caller, id, s.owner_id, Date.now()))) throw notFound('no such secret');
  return c.body(null, 204);
});
