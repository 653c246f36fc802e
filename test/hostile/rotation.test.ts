/**
 * Hostile server, account key rotation: bob pinned alice's card, alice
 * rotated her keys. A "rotated" card that does not chain to bob's pin (linked
 * by a key other than the pinned one) and the real new card with a broken
 * link in its chain are refused, and bob's pin stays where it was; the
 * untampered control follows the chain and reads with no fingerprint step.
 * A grantee card "chained" to the card a grant binds by a key other than
 * that card's is never wrapped to.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createKeyCard, createSigner, generateAccountKeys, keyCardHash, signCardLink, toBase64Url } from '../../src/crypto/index.ts';
import type { KeyCard } from '../../src/crypto/index.ts';
import { IntegrityError, type LatchkeyClient } from '../../src/client/index.ts';
import { flipChar, PASS, paths, startHarness, type Harness } from './harness.ts';

let h: Harness;
let oldCard: KeyCard;
const bobs: LatchkeyClient[] = [];
let bobSecret: string;
type Chain = Array<{ card: KeyCard; link: string | null }>;

beforeAll(async () => {
  h = await startHarness(['alice', 'bob']);
  oldCard = ((await (await fetch(`${h.server.url}/v1/cards/${h.ids.alice}`)).json()) as { card: KeyCard }).card;
  const s = await h.clients.alice!.secret({ name: 'key', values: { k: 'v1' } });
  await s.save();
  await s.share('bob');
  // Three devices of bob, each pinning alice's first card by reading her secret.
  for (let i = 0; i < 3; i++) {
    const device = h.newClient();
    await device.login({ handle: 'bob', passphrase: PASS, secretKey: h.secretKeys.bob! });
    expect((await device.secret('alice:key')).values).toEqual({ k: 'v1' });
    bobs.push(device);
  }
  // bob owns a secret shared with alice: his grant binds her first card.
  const b = await h.clients.bob!.secret({ name: 'bobkey', values: { k: 'b1' } });
  await b.save();
  await b.share('alice');
  bobSecret = b.id;
  await h.clients.alice!.rotateKeys(PASS);
});
afterEach(() => h.proxy.setTamper(null));
afterAll(async () => {
  await h?.close();
});

const cardPath = () => new RegExp(`^/v1/cards/(${h.ids.alice}|by-handle/alice)$`);
const chainPath = () => new RegExp(`^/v1/cards/${h.ids.alice}/chain$`);

test('a rotated card linked by a key other than the pinned one is refused, and the pin stays', async () => {
  // The server invents a successor: prev names the pinned card, but the attacker's key signs the link.
  const attacker = await generateAccountKeys();
  const forged = await createKeyCard(await generateAccountKeys(), { id: h.ids.alice!, handle: 'alice', kind: 'person', prev: oldCard });
  const link = toBase64Url(await signCardLink(await createSigner(attacker.signing.privateKey), forged));
  let served = 0;
  h.proxy.setTamper({
    response: ({ method, path }) => {
      if (method === 'GET' && cardPath().test(path)) return (served++, { card: forged });
      if (method === 'GET' && chainPath().test(path)) return { chain: [{ card: oldCard, link: null }, { card: forged, link }] satisfies Chain };
      return undefined;
    },
  });
  await expect(bobs[0]!.secret('alice:key')).rejects.toThrow(IntegrityError);
  await expect(bobs[0]!.secret('alice:key')).rejects.toThrow(/changed: pinned fingerprint/);
  expect(served).toBeGreaterThan(0);
  // Untampered, the same device still follows the real chain from its (unmoved) pin.
  h.proxy.setTamper(null);
  expect((await bobs[0]!.secret('alice:key')).values).toEqual({ k: 'v1' });
});

test('the real new card with a broken link in its chain is refused', async () => {
  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method !== 'GET' || !chainPath().test(path)) return undefined;
      const chain = (body as { chain: Chain }).chain;
      expect(chain).toHaveLength(2);
      return { chain: [chain[0], { card: chain[1]!.card, link: flipChar(chain[1]!.link!) }] };
    },
  });
  await expect(bobs[1]!.secret('alice:key')).rejects.toThrow(/changed: pinned fingerprint/);
  // A chain whose new card does not name the pinned one (prev broken) is refused too.
  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method !== 'GET' || !chainPath().test(path)) return undefined;
      const chain = (body as { chain: Chain }).chain;
      return { chain: [chain[1]] };
    },
  });
  await expect(bobs[1]!.secret('alice:key')).rejects.toThrow(/changed: pinned fingerprint/);
  h.proxy.setTamper(null);
  expect((await bobs[1]!.secret('alice:key')).values).toEqual({ k: 'v1' });
});

test('a grantee card chained to the bound card by another key is never wrapped to; the real successor is', async () => {
  const attacker = await generateAccountKeys();
  const forged = await createKeyCard(await generateAccountKeys(), { id: h.ids.alice!, handle: 'alice', kind: 'person', prev: oldCard });
  const link = toBase64Url(await signCardLink(await createSigner(attacker.signing.privateKey), forged));
  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method === 'GET' && chainPath().test(path)) return { chain: [{ card: oldCard, link: null }, { card: forged, link }] satisfies Chain };
      if (method !== 'GET' || !paths.grants(bobSecret).test(path)) return undefined;
      const answer = body as { grants: Array<{ grant: { grantee: string }; card: KeyCard }> };
      return { ...answer, grants: answer.grants.map((g) => (g.grant.grantee === h.ids.alice ? { ...g, card: forged } : g)) };
    },
  });
  const s = await h.clients.bob!.secret('bobkey');
  s.set({ k: 'b2' });
  await expect(s.save()).rejects.toThrow(/owner's grant on .* names \(substituted card\)/);
  expect(h.proxy.last('PUT', paths.version(bobSecret, 2))).toBeUndefined();
  h.proxy.setTamper(null);
  const again = await h.clients.bob!.secret('bobkey');
  again.set({ k: 'b2' });
  await again.save();
  expect((await h.clients.alice!.secret('bob:bobkey')).values).toEqual({ k: 'b2' });
});

test('control: untampered, a device that pinned the old card reads the re-signed version and its pin moves to the new card', async () => {
  const current = ((await (await fetch(`${h.server.url}/v1/cards/${h.ids.alice}`)).json()) as { card: KeyCard }).card;
  expect(current.body.prev).toBe(toBase64Url(keyCardHash(oldCard)));
  expect((await bobs[2]!.secret('alice:key')).values).toEqual({ k: 'v1' });
  expect((await bobs[2]!.verify('alice')).fingerprint).toBe((await h.clients.alice!.whoami()).fingerprint);
});
