/**
 * Hostile server, ciphertexts, wraps and metadata: attacks 3 (swap
 * ciphertexts between secrets), 4 (swap between versions), 7 (swap wraps
 * between recipients), 9 (rename a secret), 10 (change provider metadata),
 * 11 (truncate / extend ciphertext) and 12 (a wrap made for another context),
 * plus the same tampering inside the one-request bulk pull.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { IntegrityError, type LatchkeyClient } from '../../src/client/index.ts';
import { paths, startHarness, type Harness } from './harness.ts';

type Answer = { secret: Record<string, unknown>; version: Record<string, unknown>; wrap: Record<string, unknown> };

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

/** Creates and saves a secret as alice; returns its id. */
async function make(name: string, values: Record<string, string>, provider: string | null = null): Promise<string> {
  const s = await alice.secret({ name, values, provider });
  await s.save();
  return s.id;
}

/** Loads `address` as `client` and returns the (untampered) answer for the latest version. */
async function capture(client: LatchkeyClient, address: string, id: string): Promise<Answer> {
  await client.secret(address);
  return structuredClone(h.proxy.last('GET', paths.secret(id))!.resBody) as Answer;
}

/** Replaces GET /v1/secrets/:id answers with `edit(answer)`. */
function onLatest(id: string, edit: (a: Answer) => unknown): void {
  h.proxy.setTamper({
    response: ({ method, path, body }) => (method === 'GET' && paths.secret(id).test(path) ? edit(body as Answer) : undefined),
  });
}

test('attack 3: ciphertexts (or whole versions) swapped between two secrets are refused', async () => {
  const x = await make('c3-x', { k: 'x' });
  const y = await make('c3-y', { k: 'y' });
  const ax = await capture(alice, 'c3-x', x);
  const ay = await capture(alice, 'c3-y', y);
  onLatest(x, (a) => ({ ...a, version: { ...a.version, ciphertext: ay.version.ciphertext } }));
  await expect(alice.secret('c3-x')).rejects.toBeInstanceOf(IntegrityError);
  onLatest(x, (a) => ({ ...a, version: ay.version, wrap: ay.wrap }));
  await expect(alice.secret('c3-x')).rejects.toBeInstanceOf(IntegrityError);
  onLatest(x, (a) => ({ ...a, version: { ...ay.version, secret: x }, wrap: ay.wrap }));
  await expect(alice.secret('c3-x')).rejects.toBeInstanceOf(IntegrityError);
  h.proxy.setTamper(null);
  expect((await alice.secret('c3-x')).values).toEqual({ k: 'x' });
  expect(ax.version.secret).toBe(x);
});

test('attack 4: a ciphertext or record from another version of the same secret is refused', async () => {
  const id = await make('c4', { k: 'one' });
  const v1 = await capture(alice, 'c4', id);
  const s = await alice.secret('c4');
  await s.update({ k: 'two' }).save();
  onLatest(id, (a) => ({ ...a, version: { ...a.version, ciphertext: v1.version.ciphertext } }));
  await expect(alice.secret('c4')).rejects.toBeInstanceOf(IntegrityError);
  onLatest(id, (a) => ({ ...a, version: { ...v1.version, version: 2, prev: a.version.prev }, wrap: v1.wrap }));
  await expect(alice.secret('c4')).rejects.toBeInstanceOf(IntegrityError);
  h.proxy.setTamper(null);
  const latest = structuredClone(h.proxy.last('GET', paths.secret(id))!.resBody) as Answer;
  h.proxy.setTamper({
    response: ({ method, path }) => (method === 'GET' && paths.version(id, 1).test(path) ? latest : undefined),
  });
  await expect(s.version(1)).rejects.toBeInstanceOf(IntegrityError);
  h.proxy.setTamper(null);
  expect((await s.version(1)).values).toEqual({ k: 'one' });
  expect((await alice.secret('c4')).values).toEqual({ k: 'two' });
});

test("attack 7: another recipient's wrap of the same version is refused", async () => {
  const id = await make('c7', { k: 'v' });
  await (await alice.secret('c7')).share('bob');
  const forAlice = await capture(alice, 'c7', id);
  await capture(bob, 'alice:c7', id);
  onLatest(id, (a) => ({ ...a, wrap: { ...a.wrap, wrap: forAlice.wrap.wrap } }));
  await expect(bob.secret('alice:c7')).rejects.toBeInstanceOf(IntegrityError);
  onLatest(id, (a) => ({ ...a, wrap: forAlice.wrap }));
  await expect(bob.secret('alice:c7')).rejects.toBeInstanceOf(IntegrityError);
  h.proxy.setTamper(null);
  expect((await bob.secret('alice:c7')).values).toEqual({ k: 'v' });
});

test('attack 9: a secret renamed in the metadata is refused', async () => {
  const one = await make('c9-one', { k: '1' });
  const two = await make('c9-two', { k: '2' });
  const rename = (s: Record<string, unknown>) => {
    if (s.id === one) s.name = 'c9-two';
    else if (s.id === two) s.name = 'c9-one';
  };
  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method !== 'GET') return undefined;
      if (paths.list.test(path)) (body as { secrets: Array<Record<string, unknown>> }).secrets.forEach(rename);
      else if (paths.bulk.test(path)) (body as { secrets: Answer[] }).secrets.forEach((e) => rename(e.secret));
      else if (paths.secret(one).test(path) || paths.secret(two).test(path)) rename((body as Answer).secret);
      else return undefined;
      return body;
    },
  });
  await expect(alice.secret('c9-one')).rejects.toBeInstanceOf(IntegrityError);
  await expect(alice.secret('c9-two')).rejects.toBeInstanceOf(IntegrityError);
  await expect(alice.pullAll()).rejects.toBeInstanceOf(IntegrityError);
  // Renamed only in the answer to the load (the list is honest).
  onLatest(one, (a) => ({ ...a, secret: { ...a.secret, name: 'other' } }));
  await expect(alice.secret('c9-one')).rejects.toBeInstanceOf(IntegrityError);
  h.proxy.setTamper(null);
  expect((await alice.secret('c9-one')).values).toEqual({ k: '1' });
  expect((await alice.secret('c9-two')).values).toEqual({ k: '2' });
});

test('attack 10: changed provider metadata is refused', async () => {
  const id = await make('c10', { api_key: 'sk' }, 'openai');
  for (const provider of ['anthropic', null]) {
    h.proxy.setTamper({
      response: ({ method, path, body }) => {
        if (method !== 'GET') return undefined;
        if (paths.list.test(path)) {
          for (const s of (body as { secrets: Array<Record<string, unknown>> }).secrets) if (s.id === id) s.provider = provider;
          return body;
        }
        if (paths.secret(id).test(path)) return { ...(body as Answer), secret: { ...(body as Answer).secret, provider } };
        return undefined;
      },
    });
    await expect(alice.secret('c10')).rejects.toBeInstanceOf(IntegrityError);
  }
  h.proxy.setTamper(null);
  const s = await alice.secret('c10');
  expect(s.values).toEqual({ api_key: 'sk' });
  expect(s.provider).toEqual({ name: 'openai' });
});

test('attack 11: a truncated or extended ciphertext is refused', async () => {
  const id = await make('c11', { k: 'v' });
  for (const change of [(c: string) => c.slice(0, -4), (c: string) => c + 'AAAA', (c: string) => c.slice(0, 40)]) {
    onLatest(id, (a) => ({ ...a, version: { ...a.version, ciphertext: change(a.version.ciphertext as string) } }));
    await expect(alice.secret('c11')).rejects.toBeInstanceOf(IntegrityError);
  }
  h.proxy.setTamper(null);
  expect((await alice.secret('c11')).values).toEqual({ k: 'v' });
});

test('attack 12: a wrap made for another secret or another version is refused', async () => {
  const x = await make('c12-x', { k: 'x' });
  const y = await make('c12-y', { k: 'y' });
  await (await alice.secret('c12-x')).share('bob');
  await (await alice.secret('c12-y')).share('bob');
  const bobY = await capture(bob, 'alice:c12-y', y);
  const bobX1 = await capture(bob, 'alice:c12-x', x);
  await (await alice.secret('c12-x')).update({ k: 'x2' }).save();
  onLatest(x, (a) => ({ ...a, wrap: bobY.wrap }));
  await expect(bob.secret('alice:c12-x')).rejects.toBeInstanceOf(IntegrityError);
  onLatest(x, (a) => ({ ...a, wrap: bobX1.wrap }));
  await expect(bob.secret('alice:c12-x')).rejects.toBeInstanceOf(IntegrityError);
  h.proxy.setTamper(null);
  expect((await bob.secret('alice:c12-x')).values).toEqual({ k: 'x2' });
});

test('bulk pull: one tampered entry refuses the whole pull (nothing unverified is returned)', async () => {
  const before = await alice.pullAll();
  expect(before.length).toBeGreaterThan(5);
  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method !== 'GET' || !paths.bulk.test(path)) return undefined;
      const entries = (body as { secrets: Answer[] }).secrets;
      const [a, b] = [entries[0]!, entries[1]!];
      [a.version.ciphertext, b.version.ciphertext] = [b.version.ciphertext, a.version.ciphertext];
      return body;
    },
  });
  await expect(alice.pullAll()).rejects.toBeInstanceOf(IntegrityError);
  h.proxy.setTamper(null);
  expect((await alice.pullAll()).length).toBe(before.length);
});
