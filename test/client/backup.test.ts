/**
 * Backups at the SDK level against the real worker (Miniflare + temp D1):
 * a round trip of 1,000 secrets with history into another account, what the
 * verifier refuses (altered values, signatures, cards, dropped versions,
 * swapped data keys) and restore plans (unchanged, update, as-new, shares).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import {
  IntegrityError, applyRestore, createClient, decodeBackup, encodeBackup, makeBackup, planRestore, verifyBackup,
  type BackupDocument, type LatchkeyClient,
} from '../../src/client/index.ts';

const PASS = 'correct horse battery staple';
const COUNT = 1000;
let server: TestServer;
let home: string;
let alice: LatchkeyClient;
let bob: LatchkeyClient;

async function inParallel<T>(items: readonly T[], n: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    for (let i = next++; i < items.length; i = next++) await fn(items[i]!);
  }));
}

/** The bytes a test compares: every secret's name, provider config and values of every version. */
async function contents(client: LatchkeyClient): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  for (const s of await client.pullAll()) if (s.access === 'owner') out.set(s.name, { provider: s.provider, values: s.values, version: s.currentVersion });
  return out;
}

beforeAll(async () => {
  server = await startTestServer();
  home = await mkdtemp(join(tmpdir(), 'latchkey-backup-sdk-'));
  alice = createClient({ server: server.url, store: { home: join(home, 'alice') } });
  bob = createClient({ server: server.url, store: 'memory' });
  await alice.signup('alice', PASS);
  await bob.signup('bob', PASS);
  const names = Array.from({ length: COUNT }, (_, i) => `bulk/s${String(i).padStart(4, '0')}`);
  await inParallel(names, 16, async (name) => {
    const s = await alice.secret({ name, values: { token: `${name}-v1`, note: 'ünïcödé \u0000 "quoted"\n' } });
    await s.save();
    if (name.endsWith('0')) await s.update({ token: `${name}-v2` }).save();
  });
  const cfg = await alice.secret({ name: 'aws', values: { aws_access_key_id: 'AKIA1', aws_secret_access_key: 'x/y+z' }, provider: { name: 'aws', config: { profile: 'ml', region: 'eu-west-1' } } });
  await cfg.save();
  await cfg.share('bob', { access: 'write' });
  const bobsView = await bob.secret('alice:aws');
  await bobsView.update({ aws_secret_access_key: 'rotated-by-bob' }).save();
  const bobs = await bob.secret({ name: 'bobs-token', values: { t: 'from bob' } });
  await bobs.save();
  await bobs.share('alice');
  // A share is placed nowhere until accepted; alice accepts bob's, so her backups list it.
  await (await alice.secret('bob:bobs-token')).accept();
}, 600_000);

afterAll(async () => {
  await server?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

test(`round trip of ${COUNT} secrets with history into a new account: every version back, byte for byte`, async () => {
  const doc = decodeBackup(encodeBackup(await makeBackup(alice, { history: true })));
  expect(doc.secrets).toHaveLength(COUNT + 2);
  expect(doc.secrets.reduce((n, s) => n + s.versions.length, 0)).toBe(COUNT + COUNT / 10 + 2 + 1);
  const verified = await verifyBackup(doc);
  const aws = verified.secrets.find((s) => s.name === 'aws')!;
  expect(aws.versions.map((v) => v.author.handle)).toEqual(['alice', 'bob']);
  expect(aws.versions[1]!.payload.provider).toEqual({ name: 'aws', config: { profile: 'ml', region: 'eu-west-1' } });

  const carol = createClient({ server: server.url, store: 'memory' });
  await carol.signup('carol', PASS);
  const plan = await planRestore(carol, verified);
  expect(plan.signer).toBe('unknown');
  expect(plan.actions.filter((a) => a.kind === 'create')).toHaveLength(COUNT + 1);
  expect(plan.actions.filter((a) => a.kind === 'shared').map((a) => a.name)).toEqual(['bob:bobs-token']);
  const result = await applyRestore(carol, plan);
  expect(result).toEqual({ created: COUNT + 1, updated: 0, versions: COUNT + COUNT / 10 + 2 });

  const before = await contents(alice);
  const after = await contents(carol);
  expect(after).toEqual(before);
  const history = await (await carol.secret('bulk/s0010')).history();
  expect(history).toHaveLength(2);
  expect((await (await carol.secret('bulk/s0010')).version(1)).values.token).toBe('bulk/s0010-v1');
}, 600_000);

/** The backed-up secret named `name`. */
function named(doc: BackupDocument, name: string): BackupDocument['secrets'][number] {
  return doc.secrets.find((s) => s.name === name)!;
}

/** A fresh, verifiable copy of a small backup to tamper with. */
async function smallBackup(): Promise<BackupDocument> {
  return decodeBackup(encodeBackup(await makeBackup(alice, { names: ['aws', 'bulk/s0010', 'bobs-token'], history: true })));
}

test('the verifier refuses altered values, signatures, cards, dropped versions and swapped data keys', async () => {
  await expect(verifyBackup(await smallBackup())).resolves.toBeTruthy();
  const cases: Array<[string, (d: BackupDocument) => void, RegExp]> = [
    ['value', (d) => { named(d, 'bulk/s0010').versions[0]!.payload.values.token = 'evil'; }, /differ from the signed ones/],
    ['signature', (d) => { const r = named(d, 'bulk/s0010').versions[0]!.record; r.signature = `${r.signature.slice(0, 10)}${r.signature[10] === 'A' ? 'B' : 'A'}${r.signature.slice(11)}`; }, /signature does not verify|malformed/],
    ['time', (d) => { named(d, 'bulk/s0010').versions[1]!.record.time += 1; }, /version hash does not match/],
    ['card', (d) => { const c = d.cards[0]!; c.body.handle = 'mallory'; }, /not validly self-signed/],
    ['dropped first version', (d) => { named(d, 'bulk/s0010').versions.splice(0, 1); }, /lacks its first versions/],
    ['repeated version', (d) => { named(d, 'aws').versions.splice(1, 0, named(d, 'aws').versions[0]!); }, /does not link/],
    ['swapped data key', (d) => { const [a, b] = [named(d, 'bulk/s0010').versions[0]!, named(d, 'bulk/s0010').versions[1]!]; [a.dataKey, b.dataKey] = [b.dataKey, a.dataKey]; }, /data key does not open/],
    ['renamed secret', (d) => { named(d, 'bulk/s0010').name = 'renamed'; }, /signature does not verify|version hash/],
    ['grant', (d) => { named(d, 'aws').versions[1]!.record.authorGrant!.access = 'read'; }, /write grant/],
  ];
  for (const [what, tamper, message] of cases) {
    const doc = await smallBackup();
    tamper(doc);
    const error = await verifyBackup(doc).then(() => null, (e: unknown) => e);
    expect(error, what).toBeInstanceOf(IntegrityError);
    expect((error as Error).message, what).toMatch(message);
  }
  expect(() => decodeBackup(new TextEncoder().encode('{"format":"latchkey-backup","v":2}'))).toThrow(/version 2/);
  expect(() => decodeBackup(new TextEncoder().encode('{"format":"latchkey-backup","v":1,"secrets":[]}'))).toThrow(/malformed/);
  expect(() => decodeBackup(new TextEncoder().encode('not json'))).toThrow(/not JSON/);
});

test('restore plans: unchanged, a new version for changed values, --as-new names, shares listed; nothing written by a plan', async () => {
  const verified = await verifyBackup(await smallBackup());
  const same = await planRestore(alice, verified);
  expect(same.signer).toBe('you');
  expect(same.actions.map((a) => `${a.kind} ${a.name}`).sort()).toEqual(['shared bob:bobs-token', 'unchanged aws', 'unchanged bulk/s0010']);
  const s = await alice.secret('bulk/s0010');
  await s.update({ token: 'changed since the backup' }).save();
  const plan = await planRestore(alice, verified);
  expect(plan.actions.find((a) => a.name === 'bulk/s0010')!.kind).toBe('update');
  expect(await applyRestore(alice, plan)).toEqual({ created: 0, updated: 1, versions: 1 });
  const restored = await alice.secret('bulk/s0010');
  expect(restored.values.token).toBe('bulk/s0010-v2');
  expect(restored.currentVersion).toBe(4);
  const asNew = await planRestore(alice, verified, { asNew: true });
  expect(asNew.actions.filter((a) => a.kind === 'create').map((a) => a.name).sort()).toEqual(['aws.restored', 'bulk/s0010.restored']);
  expect((await alice.secrets()).some((x) => x.name.endsWith('.restored'))).toBe(false);
});
