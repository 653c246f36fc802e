/**
 * Hostile server, round 2, attack 3: a fresh machine and a forged owner. A
 * machine alice created logs in on a fresh runner (memory store, as the
 * README's CI flow does) and reads `alice:openai`; the server serves a forged
 * alice card and a version signed with it. The machine token names alice and
 * her card hash (her own client wrote it), so the machine pins alice's real
 * card at login and refuses the forgery: at login when the forged card is
 * served then, at the read when it is served later.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import {
  createKeyCard, createSigner, encodeContext, fromBase64Url, generateAccountKeys, generateDataKey, sealValue, signVersion, toBase64Url,
  wrapDataKey,
} from '../../src/crypto/index.ts';
import { IntegrityError } from '../../src/client/index.ts';
import { encodePayload } from '../../src/client/payload.ts';
import { paths, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(['alice']);
});
afterEach(() => h.proxy.setTamper(null));
afterAll(async () => {
  await h?.close();
});

test('attack 3: a fresh machine trusts its creator from the first request; a forged owner card and version are refused', async () => {
  const alice = h.clients.alice!;
  const s = await alice.secret({ name: 'openai', values: { api_key: 'sk-real' }, provider: 'openai' });
  await s.save();
  const machine = await alice.createMachine('ci');
  expect(machine.token).toMatch(/^lk_machine_[A-Za-z0-9_-]{128}$/);
  await s.share(machine.account.handle);

  // Untampered control: a fresh runner logs in and has alice pinned before it reads anything.
  const control = h.newClient();
  await control.login({ token: machine.token });
  expect((await control.verify('alice')).status).toBe('pinned');
  expect((await control.secret('alice:openai')).values).toEqual({ api_key: 'sk-real' });

  // The attacker's alice: same id and handle, own keys; a version 2 signed with them and wrapped to the machine.
  const fakeKeys = await generateAccountKeys();
  const fakeAlice = await createKeyCard(fakeKeys, { id: h.ids.alice!, handle: 'alice', kind: 'person' });
  const captured = h.proxy.last('GET', paths.secret(s.id))!.resBody as {
    secret: Record<string, unknown>; version: Record<string, unknown>; wrap: Record<string, unknown>; list: { counter: number };
  };
  const machineKey = fromBase64Url(await machineEncryptionKey(machine.account.handle), 32);
  const context = encodeContext({ owner: h.ids.alice!, secret: s.id, name: 'openai', provider: 'openai', version: 1 });
  const dek = generateDataKey();
  const ciphertext = sealValue(dek, encodePayload({ values: { api_key: 'sk-attacker' }, provider: { name: 'openai' } }), context);
  const time = Date.now();
  const { signature } = await signVersion({ context, ciphertext, prev: null, author: h.ids.alice!, list: captured.list.counter, time },
    await createSigner(fakeKeys.signing.privateKey));
  const forged = {
    ...captured,
    version: { ...captured.version, ciphertext: toBase64Url(ciphertext), time, signature: toBase64Url(signature) },
    wrap: { recipient: machine.account.id, wrap: toBase64Url(await wrapDataKey(dek, machineKey, context)) },
  };
  const forgeAll = {
    response: ({ method, path }: { method: string; path: string }) => {
      if (method === 'GET' && path === `/v1/cards/${h.ids.alice}`) return { card: fakeAlice };
      if (method === 'GET' && path === '/v1/cards/by-handle/alice') return { card: fakeAlice };
      if (method === 'GET' && paths.secret(s.id).test(path)) return forged;
      return undefined;
    },
  };

  // The forged card served from the first request: the login itself is refused, nothing is pinned or read.
  h.proxy.setTamper(forgeAll);
  const fresh = h.newClient();
  const refused = await fresh.login({ token: machine.token }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(IntegrityError);
  expect((refused as Error).message).toMatch(/not the one your machine token names/);

  // Served only after an honest login: alice is already pinned, so the forged version fails its signature check.
  h.proxy.setTamper(null);
  const later = h.newClient();
  await later.login({ token: machine.token });
  h.proxy.setTamper(forgeAll);
  await expect(later.secret('alice:openai')).rejects.toBeInstanceOf(IntegrityError);
  h.proxy.setTamper(null);
  expect((await later.secret('alice:openai')).values).toEqual({ api_key: 'sk-real' });
  expect((await fresh.login({ token: machine.token })).handle).toBe(machine.account.handle);
  expect((await fresh.secret('alice:openai')).values).toEqual({ api_key: 'sk-real' });
});

async function machineEncryptionKey(handle: string): Promise<string> {
  const res = await fetch(`${h.server.url}/v1/cards/by-handle/${handle}`);
  return ((await res.json()) as { card: { body: { encryptionKey: string } } }).card.body.encryptionKey;
}
