/**
 * Account key rotation against the real worker: alice shares with bob, bob
 * reads (pinning alice's card), alice rotates; bob reads the re-signed latest
 * version and a version written after the rotation with no fingerprint step
 * (his pin follows the chain), alice's other device logs in with the new
 * keys, and grants bob owns keep wrapping to alice after she rotated.
 */
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { AuthError, createClient } from '../../src/client/index.ts';

const PASS = 'correct horse battery staple';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const chainOf = async (id: string): Promise<unknown[]> => ((await (await fetch(`${server.url}/v1/cards/${id}/chain`)).json()) as { chain: unknown[] }).chain;

test('after alice rotates, bob reads her secrets through the chain and her other device logs in with the new keys', async () => {
  const alice = createClient({ server: server.url, store: 'memory' });
  const { secretKey } = await alice.signup('alice', PASS);
  const bob = createClient({ server: server.url, store: 'memory' });
  const bobKey = (await bob.signup('bob', PASS)).secretKey;
  const laptop = createClient({ server: server.url, store: 'memory' });
  await laptop.login({ handle: 'alice', passphrase: PASS, secretKey });
  const s = await alice.secret({ name: 'openai', values: { key: 'sk-1' } });
  await s.save();
  await s.share('bob');
  const other = await alice.secret({ name: 'hf', values: { token: 'hf-1' } });
  await other.save();
  // bob owns a secret shared with alice: his grant binds her old card.
  const bobs = await bob.secret({ name: 'wandb', values: { key: 'w-1' } });
  await bobs.save();
  await bobs.share('alice');
  expect((await bob.secret('alice:openai')).values).toEqual({ key: 'sk-1' });
  const pinned = (await bob.verify('alice')).fingerprint;
  const before = await alice.whoami();

  const result = await alice.rotateKeys(PASS);
  expect(result.rewritten.sort()).toEqual(['hf', 'openai']);
  expect(result.card.body.prev).not.toBeNull();
  expect(await chainOf(before.id)).toHaveLength(2);
  const after = await alice.whoami();
  expect(after.fingerprint).not.toBe(before.fingerprint);

  // bob: the re-signed latest version, with no fingerprint step; his pin moved forward.
  expect((await bob.secret('alice:openai')).values).toEqual({ key: 'sk-1' });
  expect((await bob.verify('alice')).fingerprint).toBe(after.fingerprint);
  expect(after.fingerprint).not.toBe(pinned);
  // A version alice writes after the rotation.
  const mine = await alice.secret('openai');
  mine.set({ key: 'sk-2' });
  await mine.save();
  expect((await bob.secret('alice:openai')).values).toEqual({ key: 'sk-2' });
  // A fresh bob device reads it too: its signed pin list names alice's old card, and the chain links it to the new one.
  const bobPhone = createClient({ server: server.url, store: 'memory' });
  await bobPhone.login({ handle: 'bob', passphrase: PASS, secretKey: bobKey });
  expect((await bobPhone.secret('alice:openai')).values).toEqual({ key: 'sk-2' });

  // alice's other device: its session ended; logging in again unlocks the new keys.
  await expect(laptop.secrets()).rejects.toBeInstanceOf(AuthError);
  await laptop.login({ handle: 'alice', passphrase: PASS, secretKey });
  expect((await laptop.whoami()).fingerprint).toBe(after.fingerprint);
  expect((await laptop.secret('hf')).values).toEqual({ token: 'hf-1' });
  expect((await laptop.secret('openai')).values).toEqual({ key: 'sk-2' });

  // bob's grant to alice binds her old card; his next version wraps to her new key, and she reads it.
  const again = await bob.secret('wandb');
  again.set({ key: 'w-2' });
  await again.save();
  expect((await alice.secret('bob:wandb')).values).toEqual({ key: 'w-2' });
});

test('a rotation interrupted after the card was replaced is finished by running it again, with no new keys', async () => {
  const carol = createClient({ server: server.url, store: 'memory' });
  await carol.signup('carol', PASS);
  const dave = createClient({ server: server.url, store: 'memory' });
  await dave.signup('dave', PASS);
  for (const name of ['one', 'two']) {
    const s = await carol.secret({ name, values: { v: name } });
    await s.save();
    await s.share('dave');
    expect((await dave.secret(`carol:${name}`)).values).toEqual({ v: name });
  }
  // The server goes away right after accepting the new card: nothing is written yet.
  const realFetch = globalThis.fetch;
  let cut = false;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (cut) throw new TypeError('fetch failed');
    const res = await realFetch(input, init);
    if (String(input).endsWith('/v1/me/card') && res.status === 204) cut = true;
    return res;
  }) as typeof fetch;
  try {
    await expect(carol.rotateKeys(PASS)).rejects.toThrow(/your keys were replaced, but 2 secret\(s\) are not written under the new key yet/);
  } finally {
    globalThis.fetch = realFetch;
  }
  const card = (await carol.whoami()).fingerprint;
  const again = await carol.rotateKeys(PASS);
  expect(again.rewritten.sort()).toEqual(['one', 'two']);
  expect((await carol.whoami()).fingerprint).toBe(card); // finished, not rotated twice
  for (const name of ['one', 'two']) {
    expect((await carol.secret(name)).values).toEqual({ v: name });
    expect((await dave.secret(`carol:${name}`)).values).toEqual({ v: name });
  }
});

/** Resolves when this process has published a pin list (PUT /v1/me/pins answered 2xx); publishing runs in the background. */
function pinListPublished(): Promise<void> {
  const realFetch = globalThis.fetch;
  return new Promise((resolve) => {
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await realFetch(input, init);
      if (String(input).endsWith('/v1/me/pins') && init?.method === 'PUT' && res.ok) {
        globalThis.fetch = realFetch;
        resolve();
      }
      return res;
    }) as typeof fetch;
  });
}

test("a fresh device whose signed pin list names the owner's old card follows the chain to the rotated one", async () => {
  const frank = createClient({ server: server.url, store: 'memory' });
  await frank.signup('frank', PASS);
  const erin = createClient({ server: server.url, store: 'memory' });
  const erinKey = (await erin.signup('erin', PASS)).secretKey;
  const s = await frank.secret({ name: 'db', values: { password: 'p-1' } });
  await s.save();
  await s.share('erin');
  const published = pinListPublished();
  expect((await erin.secret('frank:db')).values).toEqual({ password: 'p-1' });
  await published; // erin's signed pin list now names frank's first card
  await frank.rotateKeys(PASS);

  const phone = createClient({ server: server.url, store: 'memory' });
  await phone.login({ handle: 'erin', passphrase: PASS, secretKey: erinKey });
  expect((await phone.secret('frank:db')).values).toEqual({ password: 'p-1' });
  expect((await phone.verify('frank')).fingerprint).toBe((await frank.whoami()).fingerprint);
});

test('a device still pinning the old card takes the rotated one from the pin list another device published, with no conflict warning', async () => {
  const hal = createClient({ server: server.url, store: 'memory' });
  await hal.signup('hal', PASS);
  const gina = createClient({ server: server.url, store: 'memory' });
  const ginaKey = (await gina.signup('gina', PASS)).secretKey;
  const s = await hal.secret({ name: 'db', values: { password: 'h-1' } });
  await s.save();
  await s.share('gina');
  let published = pinListPublished();
  expect((await gina.secret('hal:db')).values).toEqual({ password: 'h-1' });
  await published;
  const laptop = createClient({ server: server.url, store: 'memory' });
  await laptop.login({ handle: 'gina', passphrase: PASS, secretKey: ginaKey });
  expect((await laptop.secret('hal:db')).values).toEqual({ password: 'h-1' }); // the laptop pins hal's first card
  await hal.rotateKeys(PASS);
  published = pinListPublished();
  expect((await gina.secret('hal:db')).values).toEqual({ password: 'h-1' }); // follows the chain, publishes the new card
  await published;

  const warned: string[] = [];
  const spy = vi.spyOn(console, 'warn').mockImplementation((line: string) => void warned.push(line));
  try {
    await laptop.login({ handle: 'gina', passphrase: PASS, secretKey: ginaKey });
  } finally {
    spy.mockRestore();
  }
  expect(warned.filter((w) => /pin/.test(w))).toEqual([]);
  expect((await laptop.secret('hal:db')).values).toEqual({ password: 'h-1' });
  expect((await laptop.verify('hal')).fingerprint).toBe((await hal.whoami()).fingerprint);
});
