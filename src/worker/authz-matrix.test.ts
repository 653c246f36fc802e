// Authorisation matrix: every route x every kind of caller, from ONE table.
import { expect, test } from 'vitest';
import {
  createKeyCard, createSigner, encodeContext, generateAccountKeys, grantHash, keyCardHash, newAccountId, randomBytes, sha256, signAcceptance,
  signOwnerAcceptance, signPinList, toBase64Url, wrapDataKey,
} from '../crypto/index.ts';
import { grantStatement, type GrantRecord } from '../protocol/index.ts';
import type { FetchLike, TestAccount, TestSecret } from './test-fixtures.ts';
import {
  createMachine, createSecret, buildVersion, json, login, makeGrant, nextVersionBody, revoke, share, signUp,
} from './test-fixtures.ts';
import { testEnv as env, workerFetch } from './test-worker.ts';
import { changeBody, changeGroup, createGroup, newGroupBody, type TestGroup } from './group-fixtures.ts';
import type { GroupRole } from '../crypto/index.ts';

const f: FetchLike = workerFetch;

const ROLES = ['anonymous', 'expired', 'other', 'reader', 'writer', 'revoked', 'owner', 'machine'] as const;
type Role = (typeof ROLES)[number];

interface World {
  owner: TestAccount;
  other: TestAccount;
  reader: TestAccount;
  writer: TestAccount;
  revoked: TestAccount;
  machine: TestAccount;
  target: TestAccount;
  expiredToken: string;
}

interface Cell {
  secret: TestSecret;
  actor: TestAccount;
  token: string | null;
}

interface Call {
  method: string;
  path: string;
  body?: unknown;
  token?: string | null;
}

/**
 * One row per route: how to call it and the expected status per role (order
 * of ROLES). `fresh` rows change the secret, so each of their cells gets a
 * newly shared secret; the others share one. `visible`: whether the listing
 * includes the secret.
 */
const TABLE: Array<{ route: string; call: (w: World, c: Cell) => Promise<Call>; expect: number[]; fresh?: boolean; visible?: boolean[] }> = [
  { route: 'GET /v1/health', call: async () => ({ method: 'GET', path: '/v1/health' }), expect: [200, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'GET /v1/kdf/:handle', call: async (w) => ({ method: 'GET', path: `/v1/kdf/${w.owner.handle}` }), expect: [200, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'GET /v1/cards/by-handle/:handle', call: async (w) => ({ method: 'GET', path: `/v1/cards/by-handle/${w.owner.handle}` }), expect: [200, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'GET /v1/cards/:accountId', call: async (w) => ({ method: 'GET', path: `/v1/cards/${w.owner.id}` }), expect: [200, 200, 200, 200, 200, 200, 200, 200] },
  { route: 'GET /v1/me', call: async () => ({ method: 'GET', path: '/v1/me' }), expect: [401, 401, 200, 200, 200, 200, 200, 200] },
  {
    route: 'DELETE /v1/sessions/current',
    call: async (_w, c) => ({ method: 'DELETE', path: '/v1/sessions/current', token: c.token === c.actor.token ? await login(f, c.actor) : c.token }),
    expect: [401, 401, 204, 204, 204, 204, 204, 204],
  },
  { route: 'GET /v1/machines', call: async () => ({ method: 'GET', path: '/v1/machines' }), expect: [401, 401, 200, 200, 200, 200, 200, 200] },
  {
    route: 'POST /v1/machines',
    call: async (_w, c) => {
      const m = await machineBody(c.actor);
      return { method: 'POST', path: '/v1/machines', body: m };
    },
    expect: [401, 401, 201, 201, 201, 201, 201, 403],
  },
  {
    route: 'DELETE /v1/machines/:accountId',
    call: async (w) => ({ method: 'DELETE', path: `/v1/machines/${(await createMachine(f, w.owner, `victim${++serial}`)).id}` }),
    expect: [401, 401, 404, 404, 404, 404, 204, 404],
  },
  { route: 'GET /v1/secrets', call: async () => ({ method: 'GET', path: '/v1/secrets' }), expect: [401, 401, 200, 200, 200, 200, 200, 200], visible: [false, false, false, true, true, false, true, false] },
  { route: 'GET /v1/secrets-bulk', call: async () => ({ method: 'GET', path: '/v1/secrets-bulk' }), expect: [401, 401, 200, 200, 200, 200, 200, 200], visible: [false, false, false, true, true, false, true, false] },
  {
    route: 'POST /v1/secrets',
    call: async (_w, c) => {
      const s = { id: toBase64Url(randomBytes(16)), name: `new/${++serial}`, provider: null, owner: c.actor };
      const v = await buildVersion(s, c.actor, 1, null, 'value', [c.actor]);
      return { method: 'POST', path: '/v1/secrets', body: { id: s.id, name: s.name, provider: null, version: v.version, wraps: v.wraps } };
    },
    expect: [401, 401, 201, 201, 201, 201, 201, 201],
  },
  { route: 'GET /v1/secrets/:id', call: async (_w, c) => ({ method: 'GET', path: `/v1/secrets/${c.secret.id}` }), expect: [401, 401, 404, 200, 200, 404, 200, 404] },
  { route: 'GET /v1/secrets/:id/versions', call: async (_w, c) => ({ method: 'GET', path: `/v1/secrets/${c.secret.id}/versions` }), expect: [401, 401, 404, 200, 200, 404, 200, 404] },
  { route: 'GET /v1/secrets/:id/versions/:n', call: async (_w, c) => ({ method: 'GET', path: `/v1/secrets/${c.secret.id}/versions/1` }), expect: [401, 401, 404, 200, 200, 404, 200, 404] },
  {
    route: 'PUT /v1/secrets/:id/versions/:n', fresh: true,
    call: async (_w, c) => ({ method: 'PUT', path: `/v1/secrets/${c.secret.id}/versions/2`, body: (await nextVersionBody(c.secret, c.actor, 'v2')).body }),
    expect: [401, 401, 404, 403, 201, 404, 201, 404],
  },
  { route: 'DELETE /v1/secrets/:id', fresh: true, call: async (_w, c) => ({ method: 'DELETE', path: `/v1/secrets/${c.secret.id}` }), expect: [401, 401, 404, 403, 204, 404, 204, 404] },
  { route: 'GET /v1/secrets/:id/grants', call: async (_w, c) => ({ method: 'GET', path: `/v1/secrets/${c.secret.id}/grants` }), expect: [401, 401, 404, 200, 200, 404, 200, 404] },
  {
    route: 'PUT /v1/secrets/:id/grants/:accountId', fresh: true,
    call: async (w, c) => {
      // Signed by the caller as if it were the owner: only the real owner may grant.
      const grant = await makeGrant({ ...c.secret, owner: c.actor }, w.target, 'read');
      const context = encodeContext({ owner: c.secret.owner.id, secret: c.secret.id, name: c.secret.name, provider: c.secret.provider, version: 1 });
      const wrap = { recipient: w.target.id, wrap: toBase64Url(await wrapDataKey(c.secret.dataKey, w.target.keys.encryption.publicKey, context)) };
      return { method: 'PUT', path: `/v1/secrets/${c.secret.id}/grants/${w.target.id}`, body: { grant, wrap } };
    },
    expect: [401, 401, 404, 403, 403, 404, 200, 404],
  },
  {
    route: 'DELETE /v1/secrets/:id/grants/:accountId', fresh: true,
    call: async (w, c) => ({ method: 'DELETE', path: `/v1/secrets/${c.secret.id}/grants/${w.reader.id}` }),
    // The reader removing its own grant is a decline.
    expect: [401, 401, 404, 204, 403, 404, 204, 404],
  },
  { route: 'GET /v1/shares', call: async () => ({ method: 'GET', path: '/v1/shares' }), expect: [401, 401, 200, 200, 200, 200, 200, 200], visible: [false, false, false, true, true, false, false, false] },
  {
    route: 'PUT /v1/shares/:id/acceptance',
    call: async (w, c) => ({ method: 'PUT', path: `/v1/shares/${c.secret.id}/acceptance`, body: await acceptanceBody(w, c) }),
    expect: [401, 401, 404, 200, 200, 404, 404, 404],
  },
  {
    route: 'PUT /v1/owners/:ownerId/acceptance',
    call: async (w, c) => ({ method: 'PUT', path: `/v1/owners/${w.owner.id}/acceptance`, body: await ownerAcceptanceBody(w, c) }),
    expect: [401, 401, 200, 200, 200, 200, 400, 200],
  },
  {
    route: 'DELETE /v1/owners/:ownerId/acceptance',
    call: async (w) => ({ method: 'DELETE', path: `/v1/owners/${w.owner.id}/acceptance` }),
    expect: [401, 401, 204, 204, 204, 204, 404, 204],
  },
  { route: 'GET /v1/me/pins', call: async () => ({ method: 'GET', path: '/v1/me/pins' }), expect: [401, 401, 200, 200, 200, 200, 200, 200] },
  {
    route: 'PUT /v1/me/pins',
    call: async (w, c) => ({ method: 'PUT', path: '/v1/me/pins', body: await pinListBody(w, c) }),
    // Only a person writes its own list; a machine reads its creator's.
    expect: [401, 401, 200, 200, 200, 200, 200, 403],
  },
  { route: 'GET /v1/audit', call: async () => ({ method: 'GET', path: '/v1/audit' }), expect: [401, 401, 200, 200, 200, 200, 200, 200] },
];

let serial = 0;

/** The actor's acceptance of its grant on the cell's secret (a made-up grant hash when it holds none). */
async function acceptanceBody(w: World, c: Cell): Promise<unknown> {
  const listed = c.token ? ((await (await f('/v1/shares', json('GET', undefined, c.token))).json()) as { shares?: Array<{ grant: GrantRecord }> }) : {};
  const grant = listed.shares?.find((s) => s.grant.secret === c.secret.id)?.grant;
  const statement = { secret: c.secret.id, owner: w.owner.id, grantee: c.actor.id, grant: grant ? grantHash(grantStatement(grant)) : randomBytes(32), time: Date.now() };
  const signature = await signAcceptance(statement, await createSigner(c.actor.keys.signing.privateKey));
  return { ...statement, grant: toBase64Url(statement.grant), signature: toBase64Url(signature) };
}

/** The actor's next pin list (pinning the owner), signed by the actor. */
async function pinListBody(w: World, c: Cell): Promise<unknown> {
  const stored = c.token ? ((await (await f('/v1/me/pins', json('GET', undefined, c.token))).json()) as { list?: { counter: number } | null }) : {};
  const statement = { owner: c.actor.id, counter: (stored.list?.counter ?? 0) + 1, pins: [{ id: w.owner.id, card: keyCardHash(w.owner.card) }], time: Date.now() };
  const signature = await signPinList(statement, await createSigner(c.actor.keys.signing.privateKey));
  return { list: { v: 2, ...statement, pins: statement.pins.map((p) => ({ ...p, card: toBase64Url(p.card) })), signature: toBase64Url(signature) } };
}

/** The actor's standing acceptance of the owner. */
async function ownerAcceptanceBody(w: World, c: Cell): Promise<unknown> {
  const statement = { owner: w.owner.id, grantee: c.actor.id, card: keyCardHash(w.owner.card), time: Date.now() };
  const signature = await signOwnerAcceptance(statement, await createSigner(c.actor.keys.signing.privateKey));
  return { ...statement, card: toBase64Url(statement.card), signature: toBase64Url(signature) };
}

async function machineBody(owner: TestAccount): Promise<unknown> {
  const keys = await generateAccountKeys();
  const id = newAccountId();
  const card = await createKeyCard(keys, { id, handle: `m${++serial}-${owner.handle}`.slice(0, 60), kind: 'machine' });
  return { name: `m${serial}`, card, authHash: toBase64Url(sha256(randomBytes(32))) };
}

async function freshSecret(w: World): Promise<TestSecret> {
  const s = await createSecret(f, w.owner, `shared/${++serial}`, 'v1');
  await share(f, s, w.reader, 'read');
  await share(f, s, w.writer, 'write');
  await share(f, s, w.revoked, 'read');
  await revoke(f, s, w.revoked);
  return s;
}

test('every route x every caller answers the expected status', async () => {
  const owner = await signUp(f, 'owner');
  const world: World = {
    owner,
    other: await signUp(f, 'other'),
    reader: await signUp(f, 'reader'),
    writer: await signUp(f, 'writer'),
    revoked: await signUp(f, 'revoked'),
    machine: await createMachine(f, owner, 'box'),
    target: await signUp(f, 'target'),
    expiredToken: '',
  };
  // An expired session row for the owner, as the server would have stored it.
  const raw = randomBytes(32);
  world.expiredToken = toBase64Url(raw);
  await env.DB.prepare('INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)')
    .bind(toBase64Url(sha256(raw)), owner.id, Date.now() - 10_000, Date.now() - 1)
    .run();

  const actual: Record<string, string> = {};
  const expected: Record<string, string> = {};
  const shared = await freshSecret(world);
  for (const row of TABLE) {
    const got: string[] = [];
    const want: string[] = [];
    for (const [i, role] of ROLES.entries()) {
      const secret = row.fresh ? await freshSecret(world) : shared;
      const actor = role === 'anonymous' || role === 'expired' ? world.owner : world[role as Exclude<Role, 'anonymous' | 'expired'>];
      const token = role === 'anonymous' ? null : role === 'expired' ? world.expiredToken : actor.token;
      const call = await row.call(world, { secret, actor, token });
      const useToken = call.token !== undefined ? call.token : token;
      const init = json(call.method, call.body, useToken ?? undefined);
      const res = await f(call.path, init);
      const text = await res.text();
      let cell = String(res.status);
      if (res.status >= 400) expect(JSON.parse(text), `${row.route} as ${role}`).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
      if (row.visible && res.status === 200) cell += text.includes(secret.id) ? '+' : '-';
      got.push(`${role}:${cell}`);
      want.push(`${role}:${row.expect[i]}${row.visible && row.expect[i] === 200 ? (row.visible[i] ? '+' : '-') : ''}`);
    }
    actual[row.route] = got.join(' ');
    expected[row.route] = want.join(' ');
  }
  expect(actual).toEqual(expected);
}, 180_000);

// Group routes x the callers a group has: one table, like the one above.
const GROUP_ROLES = ['anonymous', 'other', 'member', 'admin', 'removed', 'owner'] as const;
type GroupCaller = (typeof GROUP_ROLES)[number];

interface GroupWorld {
  group: TestGroup;
  secret: TestSecret;
  accounts: Record<Exclude<GroupCaller, 'anonymous'>, TestAccount>;
  target: TestAccount;
}

/** `fresh` rows get a new group per cell (they change or delete it); `state` rows rebuild their body from the current state. */
const GROUP_TABLE: Array<{ route: string; call: (w: GroupWorld, actor: TestAccount) => Promise<Call>; expect: number[]; fresh?: boolean }> = [
  { route: 'GET /v1/groups', call: async () => ({ method: 'GET', path: '/v1/groups' }), expect: [401, 200, 200, 200, 200, 200] },
  { route: 'GET /v1/groups/:id', call: async (w) => ({ method: 'GET', path: `/v1/groups/${w.group.id}` }), expect: [401, 200, 200, 200, 200, 200] },
  {
    route: 'POST /v1/groups',
    call: async (_w, actor) => ({ method: 'POST', path: '/v1/groups', body: (await newGroupBody(actor, `g${++serial}-x`)).body }),
    expect: [401, 201, 201, 201, 201, 201],
  },
  {
    route: 'POST /v1/groups/:id/lists', fresh: true,
    // Each caller signs, as if it were an admin, the list that adds the target.
    call: async (w, actor) => {
      const next: Array<[TestAccount, GroupRole]> = [...w.group.members.values()].map((m) => [m.account, m.role]);
      const { body } = await changeBody(w.group, actor, [...next, [w.target, 'member']]);
      return { method: 'POST', path: `/v1/groups/${w.group.id}/lists`, body };
    },
    expect: [401, 404, 403, 200, 404, 404],
  },
  { route: 'DELETE /v1/groups/:id', fresh: true, call: async (w) => ({ method: 'DELETE', path: `/v1/groups/${w.group.id}` }), expect: [401, 404, 403, 204, 404, 404] },
  { route: 'GET /v1/groups/:id/secrets-bulk', call: async (w) => ({ method: 'GET', path: `/v1/groups/${w.group.id}/secrets-bulk` }), expect: [401, 404, 200, 200, 404, 404] },
  { route: 'GET /v1/groups/:id/secrets/:sid', call: async (w) => ({ method: 'GET', path: `/v1/groups/${w.group.id}/secrets/${w.secret.id}` }), expect: [401, 404, 200, 200, 404, 404] },
  {
    route: 'GET /v1/groups/:id/secrets/:sid/versions',
    call: async (w) => ({ method: 'GET', path: `/v1/groups/${w.group.id}/secrets/${w.secret.id}/versions` }), expect: [401, 404, 200, 200, 404, 404],
  },
  {
    route: 'GET /v1/groups/:id/secrets/:sid/versions/:n',
    call: async (w) => ({ method: 'GET', path: `/v1/groups/${w.group.id}/secrets/${w.secret.id}/versions/1` }), expect: [401, 404, 200, 200, 404, 404],
  },
];

/** A group of admin + member, from which `removed` was removed (new epoch), with the owner's secret shared to it. */
async function groupWorld(accounts: GroupWorld['accounts'], target: TestAccount): Promise<GroupWorld> {
  let group = await createGroup(f, accounts.admin, `team${++serial}`);
  group = await changeGroup(f, group, accounts.admin, [[accounts.admin, 'admin'], [accounts.member, 'member'], [accounts.removed, 'member']]);
  group = await changeGroup(f, group, accounts.admin, [[accounts.admin, 'admin'], [accounts.member, 'member']]);
  const secret = await createSecret(f, accounts.owner, `team/${++serial}`, 'v1');
  await share(f, secret, group.account, 'read');
  return { group, secret, accounts, target };
}

test('every group route x every kind of caller answers the expected status', async () => {
  const accounts = {
    other: await signUp(f, 'g-other'), member: await signUp(f, 'g-member'), admin: await signUp(f, 'g-admin'),
    removed: await signUp(f, 'g-removed'), owner: await signUp(f, 'g-owner'),
  };
  const target = await signUp(f, 'g-target');
  const shared = await groupWorld(accounts, target);
  const actual: Record<string, string> = {};
  const expected: Record<string, string> = {};
  for (const row of GROUP_TABLE) {
    const got: string[] = [];
    const want: string[] = [];
    for (const [i, role] of GROUP_ROLES.entries()) {
      const w = row.fresh ? await groupWorld(accounts, target) : shared;
      const actor = role === 'anonymous' ? accounts.admin : accounts[role];
      const call = await row.call(w, actor);
      const res = await f(call.path, json(call.method, call.body, role === 'anonymous' ? undefined : actor.token));
      const text = await res.text();
      if (res.status >= 400) expect(JSON.parse(text), `${row.route} as ${role}`).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
      got.push(`${role}:${res.status}`);
      want.push(`${role}:${row.expect[i]}`);
    }
    actual[row.route] = got.join(' ');
    expected[row.route] = want.join(' ');
  }
  expect(actual).toEqual(expected);
}, 180_000);
