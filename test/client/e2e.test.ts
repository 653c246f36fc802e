/**
 * End-to-end SDK flow against the real worker (Miniflare + temp D1): accounts,
 * secrets, conflicts, history, sharing, revocation, machines, pullAll, pins,
 * persisted sessions and logout. One server and few accounts for the whole
 * file (each signup/login costs a scrypt at N=2^17).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import {
  AuthError, BadInputError, ConflictError, IntegrityError, NetworkError, NotFoundError, SecretKeyMissingError, createClient, type LatchkeyClient,
} from '../../src/client/index.ts';

const PASS = 'correct horse battery staple';
let server: TestServer;
let home: string;
let alice: LatchkeyClient;
let bob: LatchkeyClient;
let bobSecretKey: string;

beforeAll(async () => {
  server = await startTestServer();
  home = await mkdtemp(join(tmpdir(), 'latchkey-client-e2e-'));
  alice = createClient({ server: server.url, store: { home: join(home, 'alice') } });
  bob = createClient({ server: server.url, store: 'memory' });
  await alice.signup('alice', PASS);
  bobSecretKey = (await bob.signup('bob', PASS)).secretKey;
});

afterAll(async () => {
  await server?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

test('signup logs in and whoami reports the account with its fingerprint', async () => {
  const me = await alice.whoami();
  expect(me.handle).toBe('alice');
  expect(me.kind).toBe('person');
  expect(me.fingerprint).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{2,4})+$/);
  expect(me.fingerprintWords).toHaveLength(16);
  await expect(createClient({ server: server.url, store: 'memory' }).signup('alice', PASS)).rejects.toBeInstanceOf(ConflictError);
});

test('save, load, values are a copy, and bad input is refused before any request', async () => {
  const created = await alice.secret({ name: 'ai/openai', values: { api_key: 'sk-one' }, provider: { name: 'openai' } });
  expect(created.currentVersion).toBe(0);
  await created.save();
  expect(created.currentVersion).toBe(1);
  const loaded = await alice.secret('ai/openai');
  expect(loaded.values).toEqual({ api_key: 'sk-one' });
  expect(loaded.provider).toEqual({ name: 'openai' });
  const copy = loaded.values;
  copy.api_key = 'changed';
  expect(loaded.values.api_key).toBe('sk-one');
  expect(JSON.stringify(loaded)).not.toContain('sk-one');
  expect(inspect(loaded, { depth: 5 })).not.toContain('sk-one');
  await expect(alice.secret({ name: '../x', values: {} })).rejects.toBeInstanceOf(BadInputError);
  await expect(alice.secret({ name: 'x', values: { a: 1 as unknown as string } })).rejects.toBeInstanceOf(BadInputError);
  await expect(alice.secret('nope')).rejects.toBeInstanceOf(NotFoundError);
  const dup = await alice.secret({ name: 'ai/openai', values: { api_key: 'x' } });
  await expect(dup.save()).rejects.toBeInstanceOf(ConflictError);
});

test('a stale writer gets ConflictError telling it to reload; history, version(n) and rollback', async () => {
  const first = await alice.secret({ name: 'db', values: { url: 'v1' } });
  await first.save();
  const other = await alice.secret('db');
  first.set({ url: 'v2' });
  await first.save();
  other.set({ url: 'stale' });
  const conflict = await other.save().catch((e: unknown) => e);
  expect(conflict).toBeInstanceOf(ConflictError);
  expect((conflict as Error).message).toMatch(/reload/);
  expect((conflict as Error).message).not.toContain('stale');
  await other.reload();
  expect(other.values).toEqual({ url: 'v2' });

  const history = await first.history();
  expect(history.map((h) => h.version)).toEqual([1, 2]);
  expect(history.every((h) => h.author.handle === 'alice')).toBe(true);
  expect((await first.version(1)).values).toEqual({ url: 'v1' });
  await first.rollback(1);
  expect(first.currentVersion).toBe(3);
  expect((await alice.secret('db')).values).toEqual({ url: 'v1' });
});

test('share read, share write, grantee saves, revoke hides later versions', async () => {
  const secret = await alice.secret({ name: 'shared/anthropic', values: { api_key: 'ant-1' }, provider: 'anthropic' });
  await secret.save();
  const g = await secret.share('bob');
  expect(g).toMatchObject({ handle: 'bob', access: 'read' });
  const mine = await bob.secret('alice:shared/anthropic');
  expect(mine.values).toEqual({ api_key: 'ant-1' });
  expect(mine.address).toBe('alice:shared/anthropic');
  expect(mine.access).toBe('read');
  await expect(mine.update({ api_key: 'x' }).save()).rejects.toBeInstanceOf(AuthError);

  await secret.share('bob', { access: 'write' });
  const writable = await bob.secret('alice:shared/anthropic');
  await writable.update({ api_key: 'ant-2' }).save();
  const seen = await alice.secret('shared/anthropic');
  expect(seen.values).toEqual({ api_key: 'ant-2' });
  expect((await seen.history()).at(-1)?.author.handle).toBe('bob');
  expect(seen.author?.handle).toBe('bob');
  expect(seen.updatedAt).toBeGreaterThan(Date.now() - 60_000);
  expect((await seen.grantees()).map((x) => [x.handle, x.access])).toEqual([['bob', 'write']]);

  await seen.unshare('bob');
  expect(seen.rotate).toBe(true);
  // rotate comes from the owner-signed access list: a revocation after the version being read.
  expect((await alice.secret('shared/anthropic')).rotate).toBe(true);
  await seen.update({ api_key: 'ant-3' }).save();
  await expect(bob.secret('alice:shared/anthropic')).rejects.toBeInstanceOf(NotFoundError);
  expect((await alice.secret('shared/anthropic')).rotate).toBe(false);
});

test('machines: token login reads what was shared to the machine; deleting it ends access', async () => {
  const machine = await alice.createMachine('ci');
  expect(machine.token).toMatch(/^lk_machine_/);
  expect(machine.account).toMatchObject({ handle: 'alice.ci', kind: 'machine' });
  expect((await alice.machines()).map((m) => m.name)).toEqual(['ci']);
  const secret = await alice.secret({ name: 'ci/token', values: { token: 'gh-1' } });
  await secret.save();
  await secret.share('alice.ci');
  const ci = createClient({ server: server.url, store: 'memory' });
  expect((await ci.login({ token: machine.token })).handle).toBe('alice.ci');
  expect((await ci.secret('alice:ci/token')).values).toEqual({ token: 'gh-1' });
  await alice.deleteMachine('ci');
  await expect(ci.secret('alice:ci/token')).rejects.toBeInstanceOf(AuthError);
  await expect(createClient({ server: server.url, store: 'memory' }).login({ token: machine.token })).rejects.toBeInstanceOf(AuthError);
  await expect(ci.login({ token: 'not-a-token' })).rejects.toBeInstanceOf(BadInputError);
});

test('pullAll returns every readable secret verified, own and shared', async () => {
  const shared = await alice.secret({ name: 'for-bob', values: { k: 'v' } });
  await shared.save();
  await shared.share('bob');
  const all = await alice.pullAll();
  const own = await alice.secrets();
  expect(all.map((s) => s.address).sort()).toEqual(own.map((s) => s.address).sort());
  expect(all.find((s) => s.name === 'db')?.values).toEqual({ url: 'v1' });
  // A share is pending until bob accepts it: pullAll leaves it out unless asked.
  expect((await bob.pullAll()).map((s) => s.address)).not.toContain('alice:for-bob');
  expect((await bob.pending()).map((p) => p.address)).toContain('alice:for-bob');
  expect((await bob.pullAll({ includePending: true })).find((s) => s.address === 'alice:for-bob')?.pending).toBe(true);
  await (await bob.secret('alice:for-bob')).accept();
  const bobs = await bob.pullAll();
  expect(bobs.map((s) => s.address)).toContain('alice:for-bob');
  expect(bobs.find((s) => s.address === 'alice:for-bob')?.values).toEqual({ k: 'v' });
  // A fresh device (no pins) pulling several secrets of the same owner at once pins the owner once.
  const second = await alice.secret({ name: 'for-bob-2', values: { k: 'v2' } });
  await second.save();
  await second.share('bob');
  const fresh = createClient({ server: server.url, store: 'memory' });
  // A fresh device has no Secret Key: refused before any scrypt, with what to pass; with the key it logs in.
  const missing = await fresh.login({ handle: 'bob', passphrase: PASS }).catch((e: unknown) => e);
  expect(missing).toBeInstanceOf(SecretKeyMissingError);
  expect((missing as Error).message).toMatch(/does not have the Secret Key of "bob".*secretKey.*emergency kit/);
  await expect(fresh.login({ handle: 'bob', passphrase: PASS, secretKey: 'LK-not-a-key' })).rejects.toThrow(/30 characters/);
  await fresh.login({ handle: 'bob', passphrase: PASS, secretKey: bobSecretKey });
  expect((await (await fresh.store()).get('secret-keys')) as object).toBeTypeOf('object');
  // The acceptance lives on the server, signed by bob's key: the fresh device honours it.
  expect((await fresh.secrets()).find((s) => s.address === 'alice:for-bob')?.accepted).toBe(true);
  await fresh.acceptFrom('alice');
  const pulled = await fresh.pullAll();
  expect(pulled.filter((s) => s.owner.handle === 'alice').length).toBeGreaterThanOrEqual(2);
  expect((await fresh.verify('alice')).status).toBe('pinned');
});

test('pins: verify shows and checks fingerprints; a wrong fingerprint is refused', async () => {
  const aliceFp = (await alice.whoami()).fingerprint;
  const shown = await bob.verify('alice');
  expect(shown).toMatchObject({ handle: 'alice', status: 'pinned', fingerprint: aliceFp });
  const wrong = (await bob.whoami()).fingerprint;
  await expect(bob.verify('alice', wrong)).rejects.toBeInstanceOf(IntegrityError);
  const ok = await bob.verify('alice', aliceFp.toLowerCase().replace(/ /g, ''));
  expect(ok.status).toBe('verified');
  const words = await bob.verify('alice', shown.fingerprintWords.join(' '));
  expect(words.status).toBe('verified');
});

test('Node file store: 0700 folder, 0600 files, no token or key in clear, session survives a restart; logout ends it', async () => {
  const dir = join(home, 'alice');
  expect((await stat(dir)).mode & 0o777).toBe(0o700);
  for (const f of ['session.json', 'pins.json', 'marks.json', 'local.key', 'config.json', 'secret-keys.json', 'kdf-pins.json']) {
    expect((await stat(join(dir, f))).mode & 0o777).toBe(0o600);
  }
  const session = await readFile(join(dir, 'session.json'), 'utf8');
  expect(session).not.toMatch(/token"/);
  expect(session).not.toContain(PASS);

  const again = createClient({ server: server.url, store: { home: dir } });
  expect(await again.isLoggedIn()).toBe(true);
  expect((await again.secret('db')).values).toEqual({ url: 'v1' });
  await again.logout();
  expect(await again.isLoggedIn()).toBe(false);
  await expect(again.secret('db')).rejects.toBeInstanceOf(AuthError);
  // The server revoked the token too: the first client's copy no longer works.
  await expect(alice.secrets()).rejects.toBeInstanceOf(AuthError);
  const third = createClient({ server: server.url, store: { home: dir } });
  expect(await third.isLoggedIn()).toBe(false);
  // The Secret Key stayed on this device across logout (sealed like the session): the passphrase is enough here.
  expect(await readFile(join(dir, 'secret-keys.json'), 'utf8')).not.toMatch(/LK-/);
  await third.login({ handle: 'alice', passphrase: PASS });
  expect((await third.secret('db')).values).toEqual({ url: 'v1' });
  await expect(third.login({ handle: 'alice', passphrase: 'wrong passphrase!' })).rejects.toBeInstanceOf(AuthError);
});

test('an unreachable server is a NetworkError naming the URL', async () => {
  const dead = createClient({ server: 'http://127.0.0.1:9', store: 'memory' });
  const error = await dead.login({ handle: 'alice', passphrase: PASS }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NetworkError);
  expect((error as Error).message).toContain('http://127.0.0.1:9');
  expect((error as Error).message).not.toContain(PASS);
});
