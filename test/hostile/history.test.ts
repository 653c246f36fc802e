/**
 * Hostile server, history: attacks 5 (replay an old version as the latest:
 * rollback) and 6 (fork the history), against the per-secret high-water
 * marks each client keeps, including the path that verifies the chain
 * through version headers when the head is several versions ahead.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { IntegrityError, type LatchkeyClient } from '../../src/client/index.ts';
import { paths, startHarness, type Harness } from './harness.ts';

let h: Harness;
let alice: LatchkeyClient;
let bob: LatchkeyClient;
beforeAll(async () => {
  h = await startHarness(['alice', 'bob']);
  alice = h.clients.alice!;
  bob = h.clients.bob!;
});
afterEach(() => h.proxy.setTamper(null));
afterAll(async () => {
  await h?.close();
});

test('attack 5: an old version replayed as the latest is refused (single load, bulk and history)', async () => {
  const s = await alice.secret({ name: 'h5', values: { k: 'v1' } });
  await s.save();
  await s.share('bob');
  await (await bob.secret('alice:h5')).accept();
  const v1ForBob = structuredClone(h.proxy.last('GET', paths.secret(s.id))!.resBody) as Record<string, unknown>;
  await s.update({ k: 'v2' }).save();
  expect((await bob.secret('alice:h5')).values).toEqual({ k: 'v2' }); // bob's mark: v2

  h.proxy.setTamper({ response: ({ method, path }) => (method === 'GET' && paths.secret(s.id).test(path) ? v1ForBob : undefined) });
  const error = await bob.secret('alice:h5').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IntegrityError);
  expect((error as Error).message).toMatch(/already seen version 2.*rollback/);

  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method !== 'GET' || !paths.bulk.test(path)) return undefined;
      const b = body as { secrets: Array<Record<string, unknown> & { secret: { id: string } }> };
      b.secrets = b.secrets.map((e) => (e.secret.id === s.id ? v1ForBob : e)) as typeof b.secrets;
      return b;
    },
  });
  await expect(bob.pullAll()).rejects.toBeInstanceOf(IntegrityError);

  // History truncated back to version 1.
  const mine = await bob.secret('alice:h5');
  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method !== 'GET' || path !== `/v1/secrets/${s.id}/versions`) return undefined;
      const b = body as { versions: unknown[] };
      return { versions: b.versions.slice(0, 1) };
    },
  });
  await expect(mine.history()).rejects.toBeInstanceOf(IntegrityError);
  h.proxy.setTamper(null);
  expect((await mine.history()).map((v) => v.version)).toEqual([1, 2]);
  expect((await bob.secret('alice:h5')).values).toEqual({ k: 'v2' });
});

test('attack 6: a forked history is refused (same version, its successor, and further ahead)', async () => {
  const s = await alice.secret({ name: 'h6', values: { k: 'v1' } });
  await s.save();
  await s.share('bob', { access: 'write' });
  const fromAlice = await alice.secret('h6');

  // The server accepts alice's version 2 but silently drops it...
  h.proxy.setTamper({
    request: ({ method, path, body }) => {
      if (method !== 'PUT' || !paths.version(s.id, 2).test(path)) return undefined;
      const listed = h.proxy.last('GET', paths.secret(s.id))!.resBody as { secret: Record<string, unknown> };
      const version = (body as { version: { version: number } }).version.version;
      return { respond: { status: 201, body: { secret: { ...listed.secret, version, updatedAt: Date.now() } } } };
    },
  });
  await fromAlice.update({ k: 'alice-v2' }).save();
  expect(fromAlice.currentVersion).toBe(2); // alice's mark: her version 2
  h.proxy.setTamper(null);

  // ...and lets bob write a different version 2 on top of version 1.
  const fromBob = await bob.secret('alice:h6');
  expect(fromBob.currentVersion).toBe(1);
  await fromBob.update({ k: 'bob-v2' }).save();

  const same = await alice.secret('h6').catch((e: unknown) => e);
  expect(same).toBeInstanceOf(IntegrityError);
  expect((same as Error).message).toMatch(/forked/);

  await fromBob.update({ k: 'bob-v3' }).save(); // head = mark + 1, linked to bob's v2
  await expect(alice.secret('h6')).rejects.toThrow(/forked/);
  await fromBob.update({ k: 'bob-v4' }).save(); // head = mark + 2: checked through the version headers
  await expect(alice.secret('h6')).rejects.toThrow(/forked/);
  await expect(alice.pullAll()).rejects.toBeInstanceOf(IntegrityError);

  // Untampered continuation: a client whose mark is on the real chain follows it across a gap.
  await fromBob.update({ k: 'bob-v5' }).save();
  await fromBob.update({ k: 'bob-v6' }).save();
  const onChain = await bob.secret('alice:h6');
  expect(onChain.values).toEqual({ k: 'bob-v6' });
  expect(onChain.currentVersion).toBe(6);
});

test('a head several versions ahead of the mark is accepted when the chain links', async () => {
  const s = await alice.secret({ name: 'h-gap', values: { k: '1' } });
  await s.save();
  await s.share('bob');
  expect((await bob.secret('alice:h-gap')).currentVersion).toBe(1);
  for (const k of ['2', '3', '4']) await s.update({ k }).save();
  const before = h.proxy.log.length;
  const loaded = await bob.secret('alice:h-gap');
  expect(loaded.values).toEqual({ k: '4' });
  expect(h.proxy.log.slice(before).some((e) => e.path === `/v1/secrets/${s.id}/versions`)).toBe(true);
  // ...but not when a header in between was rewritten.
  for (const k of ['5', '6']) await s.update({ k }).save();
  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method !== 'GET' || path !== `/v1/secrets/${s.id}/versions`) return undefined;
      const b = body as { versions: Array<Record<string, unknown>> };
      b.versions[4]!.time = (b.versions[4]!.time as number) + 1;
      return b;
    },
  });
  await expect(bob.secret('alice:h-gap')).rejects.toBeInstanceOf(IntegrityError);
  h.proxy.setTamper(null);
  expect((await bob.secret('alice:h-gap')).values).toEqual({ k: '6' });
});

test('bulk pull: the same secret served twice (an old version beside the new) is refused', async () => {
  const s = await alice.secret({ name: 'h-dup', values: { k: 'old' } });
  await s.save();
  await s.share('bob');
  await (await bob.secret('alice:h-dup')).accept();
  await bob.pullAll(); // bob's mark: version 1
  const bulk = h.proxy.last('GET', paths.bulk)!.resBody as { secrets: Array<{ secret: { id: string } }> };
  const v1ForBob = structuredClone(bulk.secrets.find((e) => e.secret.id === s.id)!);
  await s.update({ k: 'new' }).save();

  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method !== 'GET' || !paths.bulk.test(path)) return undefined;
      const b = body as { secrets: unknown[] };
      return { secrets: [...b.secrets, v1ForBob] };
    },
  });
  const error = await bob.pullAll().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IntegrityError);
  expect((error as Error).message).toMatch(/twice/);
  h.proxy.setTamper(null);
  const pulled = (await bob.pullAll()).filter((x) => x.id === s.id);
  expect(pulled.map((x) => x.values)).toEqual([{ k: 'new' }]);
});
