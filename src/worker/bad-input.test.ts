// Bad input: generated bodies and paths for every route answer 4xx JSON, never 5xx.
import * as fc from 'fast-check';
import { beforeAll, expect, test } from 'vitest';
import { encodeContext, randomBytes, sha256, toBase64Url, wrapDataKey } from '../crypto/index.ts';
import { MAX_BODY_BYTES } from './config.ts';
import type { FetchLike, TestAccount, TestSecret } from './test-fixtures.ts';
import { buildVersion, createSecret, makeGrant, nextVersionBody, signUp } from './test-fixtures.ts';
import { workerFetch } from './test-worker.ts';

const f: FetchLike = workerFetch;

let owner: TestAccount;
let friend: TestAccount;
let secret: TestSecret;
const valid: Record<string, unknown> = {};

beforeAll(async () => {
  owner = await signUp(f, 'owner');
  friend = await signUp(f, 'friend');
  secret = await createSecret(f, owner, 'fuzz/key', 'v1');
  valid.signup = { card: owner.card, kdf: { v: 2, alg: 'scrypt', N: 131072, r: 8, p: 1, salt: toBase64Url(randomBytes(16)), proof: null }, keyring: 'AAAA', authHash: toBase64Url(sha256(randomBytes(32))) };
  valid.login = { handle: 'owner', authKey: toBase64Url(randomBytes(32)) };
  valid.machine = { name: 'box', card: friend.card, authHash: toBase64Url(randomBytes(32)) };
  const s = { id: toBase64Url(randomBytes(16)), name: 'fuzz/new', provider: null, owner };
  const v = await buildVersion(s, owner, 1, null, 'x', [owner]);
  valid.create = { id: s.id, name: s.name, provider: null, version: v.version, wraps: v.wraps };
  valid.put = (await nextVersionBody(secret, owner, 'v2')).body;
  const context = encodeContext({ owner: owner.id, secret: secret.id, name: secret.name, provider: null, version: 1 });
  valid.grant = {
    grant: await makeGrant(secret, friend, 'read'),
    wrap: { recipient: friend.id, wrap: toBase64Url(await wrapDataKey(secret.dataKey, friend.keys.encryption.publicKey, context)) },
  };
});

const ROUTES: Array<{ method: string; path: string; body?: string; auth: boolean }> = [
  { method: 'GET', path: '/v1/health', auth: false },
  { method: 'POST', path: '/v1/accounts', body: 'signup', auth: false },
  { method: 'GET', path: '/v1/kdf/:handle', auth: false },
  { method: 'GET', path: '/v1/cards/by-handle/:handle', auth: false },
  { method: 'GET', path: '/v1/cards/:accountId', auth: false },
  { method: 'POST', path: '/v1/sessions', body: 'login', auth: false },
  { method: 'GET', path: '/v1/me', auth: true },
  { method: 'POST', path: '/v1/machines', body: 'machine', auth: true },
  { method: 'GET', path: '/v1/machines', auth: true },
  { method: 'DELETE', path: '/v1/machines/:accountId', auth: true },
  { method: 'GET', path: '/v1/secrets', auth: true },
  { method: 'POST', path: '/v1/secrets', body: 'create', auth: true },
  { method: 'GET', path: '/v1/secrets-bulk', auth: true },
  { method: 'GET', path: '/v1/secrets/:id', auth: true },
  { method: 'GET', path: '/v1/secrets/:id/versions', auth: true },
  { method: 'GET', path: '/v1/secrets/:id/versions/:n', auth: true },
  { method: 'PUT', path: '/v1/secrets/:id/versions/:n', body: 'put', auth: true },
  { method: 'DELETE', path: '/v1/secrets/:id', auth: true },
  { method: 'GET', path: '/v1/secrets/:id/grants', auth: true },
  { method: 'PUT', path: '/v1/secrets/:id/grants/:accountId', body: 'grant', auth: true },
  { method: 'DELETE', path: '/v1/secrets/:id/grants/:accountId', auth: true },
  { method: 'GET', path: '/v1/audit', auth: true },
];

/** A JSON value with one leaf replaced, one key deleted or an unknown key added. */
function mutate(value: unknown, pick: number, replacement: unknown, op: 'replace' | 'delete' | 'add'): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  const holders: Array<[Record<string, unknown> | unknown[], string | number]> = [];
  const walk = (node: unknown) => {
    if (node && typeof node === 'object') {
      for (const key of Object.keys(node)) {
        holders.push([node as Record<string, unknown>, Array.isArray(node) ? Number(key) : key]);
        walk((node as Record<string, unknown>)[key]);
      }
    }
  };
  walk(copy);
  const [holder, key] = holders[pick % holders.length]!;
  if (op === 'replace') (holder as Record<string | number, unknown>)[key] = replacement;
  else if (op === 'delete' && !Array.isArray(holder)) delete holder[key as string];
  else if (!Array.isArray(holder)) holder[`extra${pick}`] = replacement;
  return copy;
}

const segment = fc.oneof(
  fc.string({ maxLength: 80 }).map(encodeURIComponent),
  fc.constantFrom('%', '%ZZ', '%00', '..', '.', '-1', '0', '1e3', '99999999999999999999', 'a'.repeat(3000), '%F0%9F%98%80', 'AAAAAAAAAAAAAAAAAAAAAA'),
);

async function assertSafe(res: Response, what: string, sent: string): Promise<void> {
  if (res.status >= 500) expect.fail(`${what} -> ${res.status} ${await res.text()} for body ${sent.slice(0, 500)}`);
  if (res.status >= 400) {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code, what).toBe('string');
    expect(typeof body.error?.message, what).toBe('string');
    // A stack frame (`at fn (file:1:2)`), a source location, or a database error.
    expect(String(body.error?.message), what).not.toMatch(/\bat (?:async )?\S+ \([^)]*:\d+:\d+\)|\.m?[jt]s:\d+|SQLITE|D1_/);
  } else {
    await res.arrayBuffer();
  }
}

function fill(path: string, values: { id?: string; accountId?: string; n?: string; handle?: string }): string {
  return path
    .replace(':id', values.id ?? secret.id)
    .replace(':accountId', values.accountId ?? friend.id)
    .replace(':n', values.n ?? '2')
    .replace(':handle', values.handle ?? 'owner');
}

test.each(ROUTES)('$method $path: generated paths and bodies never cause a 5xx', async (route) => {
  const body = fc.oneof(
    { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('replace' as const, 'delete' as const, 'add' as const))
        .map(([pick, replacement, op]) => JSON.stringify(route.body ? mutate(valid[route.body], pick, replacement, op) : replacement)),
    },
  );
  await fc.assert(
    fc.asyncProperty(
      fc.record({ id: segment, accountId: segment, n: segment, handle: segment }, { requiredKeys: [] }),
      body,
      fc.constantFrom('owner', 'none', 'garbage'),
      async (params, text, auth) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (auth === 'owner') headers.authorization = `Bearer ${owner.token}`;
        if (auth === 'garbage') headers.authorization = 'Bearer !!not-a-token!!';
        const path = fill(route.path, params);
        const init: RequestInit = { method: route.method, headers };
        if (route.method !== 'GET') init.body = text;
        await assertSafe(await f(path, init), `${route.method} ${path}`, text);
      },
    ),
    { numRuns: 40 },
  );
});

test('oversized bodies get 413 JSON; malformed JSON gets 400 bad-json', async () => {
  const big = JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES + 10) });
  const res = await f('/v1/secrets', { method: 'POST', headers: { authorization: `Bearer ${owner.token}` }, body: big });
  expect(res.status).toBe(413);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too-large');
  const bad = await f('/v1/accounts', { method: 'POST', body: '{"card":' });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('bad-json');
  const unknownField = await f('/v1/sessions', { method: 'POST', body: JSON.stringify({ ...(valid.login as object), admin: true }) });
  expect(unknownField.status).toBe(400);
  expect(((await unknownField.json()) as { error: { message: string } }).error.message).toMatch(/admin|none of the allowed shapes/);
});
