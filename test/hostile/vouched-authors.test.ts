/**
 * Hostile server, round 2, attack 1: a forged write grantee. erin has
 * pinned alice but never met carol, alice's write grantee. The server
 * serves a version "by carol" with carol's real owner-signed write grant, a
 * forged carol card (same id, attacker keys) and a signature made with it.
 * The grant binds carol's real card hash, so erin refuses the version and
 * pins nothing; carol's real versions verify for erin with no first contact.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import {
  createKeyCard, createSigner, encodeContext, fromBase64Url, generateAccountKeys, generateDataKey, sealValue, signVersion, toBase64Url,
  wrapDataKey,
} from '../../src/crypto/index.ts';
import { encodePayload } from '../../src/client/payload.ts';
import { IntegrityError } from '../../src/client/index.ts';
import { paths, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(['alice', 'carol', 'erin']);
});
afterEach(() => h.proxy.setTamper(null));
afterAll(async () => {
  await h?.close();
});

test('attack 1: a version signed under a forged card of a real write grantee is refused; the real grantee needs no first contact', async () => {
  const [alice, carol, erin] = [h.clients.alice!, h.clients.carol!, h.clients.erin!];
  const s = await alice.secret({ name: 'vouched', values: { k: 'v1' } });
  await s.save();
  await s.share('carol', { access: 'write' });
  await s.share('erin');
  expect((await erin.secret('alice:vouched')).values).toEqual({ k: 'v1' }); // erin pins alice, never meets carol
  const v1Hash = fromBase64Url((await s.history())[0]!.hash, 32);
  const captured = h.proxy.last('GET', paths.secret(s.id))!.resBody as {
    secret: Record<string, unknown>; version: Record<string, unknown>; wrap: Record<string, unknown>; list: { counter: number };
  };
  const carolGrant = ((await s.grantees(), h.proxy.last('GET', paths.grants(s.id))!.resBody) as {
    grants: Array<{ grant: Record<string, unknown> }>;
  }).grants.find((g) => g.grant.grantee === h.ids.carol)!.grant;

  // The attacker's carol: same id and handle, its own keys; a version 2 "by carol" signed with them, wrapped to erin.
  const fakeKeys = await generateAccountKeys();
  const fakeCarol = await createKeyCard(fakeKeys, { id: h.ids.carol!, handle: 'carol', kind: 'person' });
  const erinKey = fromBase64Url((await cardOf('erin')).encryptionKey, 32);
  const context = encodeContext({ owner: h.ids.alice!, secret: s.id, name: 'vouched', provider: null, version: 2 });
  const dek = generateDataKey();
  const ciphertext = sealValue(dek, encodePayload({ values: { k: 'attacker' }, provider: null }), context);
  const time = Date.now();
  const { signature } = await signVersion({ context, ciphertext, prev: v1Hash, author: h.ids.carol!, list: captured.list.counter, time }, await createSigner(fakeKeys.signing.privateKey));
  const forged = {
    secret: { ...captured.secret, version: 2, updatedAt: time },
    version: {
      ...captured.version, version: 2, ciphertext: toBase64Url(ciphertext), author: h.ids.carol, time,
      prev: toBase64Url(v1Hash), signature: toBase64Url(signature), authorGrant: carolGrant,
    },
    wrap: { recipient: h.ids.erin, wrap: toBase64Url(await wrapDataKey(dek, erinKey, context)) },
    list: captured.list,
  };
  h.proxy.setTamper({
    response: ({ method, path }) => {
      if (method === 'GET' && paths.secret(s.id).test(path)) return forged;
      if (method === 'GET' && path === `/v1/cards/${h.ids.carol}`) return { card: fakeCarol };
      return undefined;
    },
  });
  const refused = await erin.secret('alice:vouched').catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(IntegrityError);
  expect((refused as Error).message).toMatch(/not the one the owner's write grant names/);

  // Untampered control: carol really writes version 2; erin, who never met carol, accepts it and pins nothing of carol's.
  h.proxy.setTamper(null);
  await (await carol.secret('alice:vouched')).update({ k: 'by-carol' }).save();
  const read = await erin.secret('alice:vouched');
  expect(read.values).toEqual({ k: 'by-carol' });
  expect(read.author?.handle).toBe('carol');
  expect((await erin.verify('carol')).status).toBe('unpinned');
});

async function cardOf(handle: string): Promise<{ encryptionKey: string }> {
  const res = await fetch(`${h.server.url}/v1/cards/by-handle/${handle}`);
  return ((await res.json()) as { card: { body: { encryptionKey: string } } }).card.body;
}
