/**
 * Groups end to end against the real worker (Miniflare + temp D1): a group
 * of three reads a secret shared with it; removing one member rotates the
 * group keys so they cannot read the next version while the others can and
 * the secret is flagged; an added member reads the current version; two
 * admins removing different members at once end in one epoch chain.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { AuthError, NotFoundError, createClient, type LatchkeyClient } from '../../src/client/index.ts';

const PASS = 'correct horse battery staple';
let server: TestServer;
const clients: Record<string, LatchkeyClient> = {};

beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['gowner', 'gann', 'gbob', 'gcat', 'gdan', 'geve']) {
    clients[name] = createClient({ server: server.url, store: 'memory' });
    await clients[name]!.signup(name, PASS);
  }
});

afterAll(async () => {
  await server?.close();
});

test('a group of three reads a shared secret; a removed member cannot read the next version; an added one reads the current', async () => {
  const { gowner: owner, gann: ann, gbob: bob, gcat: cat, gdan: dan } = clients as Record<string, LatchkeyClient>;
  const created = await ann!.createGroup('ml-team');
  expect(created.epoch).toBe(1);
  expect(created.members.map((m) => [m.handle, m.role])).toEqual([['gann', 'admin']]);
  await ann!.group('ml-team').add('gbob');
  const three = await ann!.group('ml-team').add('gcat');
  expect(three.members.map((m) => m.handle).sort()).toEqual(['gann', 'gbob', 'gcat']);

  const secret = await owner!.secret({ name: 'openai', values: { api_key: 'sk-v1' } });
  await secret.save();
  const grant = await secret.share('ml-team');
  expect(grant.kind).toBe('group');
  await expect(secret.share('ml-team', { access: 'write' })).rejects.toThrow(/read access only/);

  for (const member of [ann, bob, cat]) {
    expect((await member!.secret('gowner:openai')).values).toEqual({ api_key: 'sk-v1' });
    const listed = (await member!.secrets()).find((s) => s.address === 'gowner:openai');
    expect(listed?.via).toBe('ml-team');
  }
  await expect(dan!.secret('gowner:openai')).rejects.toBeInstanceOf(NotFoundError);
  // Consent: a share through a group is pending (never pulled) until the member accepts every share of its owner.
  expect((await bob!.pullAll()).map((s) => s.address)).not.toContain('gowner:openai');
  const pending = await bob!.secret('gowner:openai');
  expect(pending.pending).toBe(true);
  await expect(pending.accept()).rejects.toThrow(/accept --from gowner/);
  expect((await bob!.pullAll({ includePending: true })).find((s) => s.address === 'gowner:openai')?.values).toEqual({ api_key: 'sk-v1' });
  await bob!.acceptFrom('gowner');
  const pulled = (await bob!.pullAll()).find((s) => s.address === 'gowner:openai');
  expect(pulled?.values).toEqual({ api_key: 'sk-v1' });
  expect(pulled?.pending).toBe(false);
  expect((await bob!.secrets()).find((s) => s.address === 'gowner:openai')?.accepted).toBe(true);
  expect((await bob!.secret('openai')).values).toEqual({ api_key: 'sk-v1' }); // an accepted share answers to its bare name

  const after = await ann!.group('ml-team').remove('gcat');
  expect(after.epoch).toBe(2);
  expect(after.members.map((m) => m.handle).sort()).toEqual(['gann', 'gbob']);
  // The latest version was re-wrapped to the new group key: the remaining members still read it, flagged.
  const kept = await bob!.secret('gowner:openai');
  expect(kept.values).toEqual({ api_key: 'sk-v1' });
  expect(kept.rotate).toBe(true);
  // The owner writes the next version: wrapped to the new group key (the new card chains to the pinned one).
  const next = await owner!.secret('openai');
  expect(next.rotate).toBe(true);
  await next.set({ api_key: 'sk-v2' }).save();
  // The flag comes from signed times (removal list vs version): a version written after the removal clears it.
  expect((await owner!.secret('openai')).rotate).toBe(false);
  expect((await bob!.secret('gowner:openai')).values).toEqual({ api_key: 'sk-v2' });
  await expect(cat!.secret('gowner:openai')).rejects.toBeInstanceOf(NotFoundError);

  await ann!.group('ml-team').add('gdan');
  expect((await dan!.secret('gowner:openai')).values).toEqual({ api_key: 'sk-v2' });
  const members = await dan!.group('ml-team').members();
  expect(members.map((m) => m.handle).sort()).toEqual(['gann', 'gbob', 'gdan']);
  await expect(dan!.group('ml-team').remove('gbob')).rejects.toBeInstanceOf(AuthError);
});

test('two admins removing different members at once end in one epoch chain, never a fork', async () => {
  const { gann: ann, gbob: bob, gcat: cat, gdan: dan, geve: eve, gowner: owner } = clients as Record<string, LatchkeyClient>;
  await ann!.createGroup('race-team');
  const g = ann!.group('race-team');
  await g.add('gbob', { admin: true });
  await g.add('gcat');
  await g.add('gdan');
  await g.add('geve');
  const s = await owner!.secret({ name: 'race', values: { k: 'v1' } });
  await s.save();
  await s.share('race-team');
  await Promise.all([ann!.group('race-team').remove('gcat'), bob!.group('race-team').remove('gdan')]);
  const final = await eve!.group('race-team').info();
  expect(final.epoch).toBe(3);
  expect(final.seq).toBe(7);
  expect(final.members.map((m) => m.handle).sort()).toEqual(['gann', 'gbob', 'geve']);
  for (const member of [ann, bob, eve]) expect((await member!.secret('gowner:race')).values).toEqual({ k: 'v1' });
  for (const gone of [cat, dan]) await expect(gone!.secret('gowner:race')).rejects.toBeInstanceOf(NotFoundError);
});
