/**
 * Hostile server and consent: acceptances are signed by the grantee, so a
 * server that invents one, moves one to another secret, or replays one for a
 * later grant is refused (IntegrityError) or gains nothing (the share stays
 * pending). Every test first shows the untampered path.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createSigner, generateAccountKeys, grantHash, keyCardHash, signAcceptance, signOwnerAcceptance, toBase64Url } from '../../src/crypto/index.ts';
import { IntegrityError, type LatchkeyClient } from '../../src/client/index.ts';
import { grantStatement, type GrantRecord, type SharesResponse } from '../../src/protocol/index.ts';
import { PASS, flipChar, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(['alice', 'bob', 'carol']);
});
afterEach(() => h.proxy.setTamper(null));
afterAll(async () => {
  await h?.close();
});

const SHARES = /^\/v1\/shares$/;

/** Rewrites bob's GET /v1/shares answer. */
function tamperShares(edit: (body: SharesResponse) => SharesResponse): void {
  h.proxy.setTamper({ response: ({ method, path, body }) => (method === 'GET' && SHARES.test(path) ? edit(structuredClone(body) as SharesResponse) : undefined) });
}

async function shared(owner: LatchkeyClient, name: string, grantee = 'bob'): Promise<string> {
  const s = await owner.secret({ name, values: { k: `${name}-value` } });
  await s.save();
  await s.share(grantee);
  return s.id;
}

/** An acceptance of `grant` signed with a key that is not bob's. */
async function forgedAcceptance(grant: GrantRecord) {
  const signer = await createSigner((await generateAccountKeys()).signing.privateKey);
  const statement = { secret: grant.secret, owner: grant.owner, grantee: grant.grantee, grant: grantHash(grantStatement(grant)), time: Date.now() };
  return { ...statement, grant: toBase64Url(statement.grant), signature: toBase64Url(await signAcceptance(statement, signer)) };
}

test('control: an accepted share is pulled, a pending one is not', async () => {
  const { alice, bob } = h.clients;
  const accepted = await shared(alice, 'c-accepted');
  const pending = await shared(alice, 'c-pending');
  await (await bob.secret('alice:c-accepted')).accept();
  const ids = (await bob.pullAll()).map((s) => s.id);
  expect(ids).toContain(accepted);
  expect(ids).not.toContain(pending);
  expect((await bob.secret('c-accepted')).values).toEqual({ k: 'c-accepted-value' });
  await expect(bob.secret('c-pending')).rejects.toThrow(/latchkey accept alice:c-pending/);
});

test('an acceptance the server invents (not signed by bob) is refused', async () => {
  const { alice, bob } = h.clients;
  const id = await shared(alice, 'invented');
  tamperShares((b) => {
    for (const e of b.shares) if (e.grant.secret === id) e.acceptance = null;
    return b;
  });
  expect((await bob.pullAll()).map((s) => s.id)).not.toContain(id);
  expect((await bob.pullAll({ includePending: true })).find((s) => s.id === id)?.pending).toBe(true);
  const grant = (h.proxy.last('GET', SHARES)!.resBody as SharesResponse).shares.find((e) => e.grant.secret === id)!.grant;
  const forged = await forgedAcceptance(grant);
  tamperShares((b) => {
    for (const e of b.shares) if (e.grant.secret === id) e.acceptance = forged;
    return b;
  });
  await expect(bob.pullAll()).rejects.toBeInstanceOf(IntegrityError);
  await expect(bob.secret('invented')).rejects.toBeInstanceOf(IntegrityError);
  // A real acceptance with one flipped signature character is no better.
  h.proxy.setTamper(null);
  await (await bob.secret('alice:invented')).accept();
  tamperShares((b) => {
    for (const e of b.shares) if (e.grant.secret === id) e.acceptance!.signature = flipChar(e.acceptance!.signature);
    return b;
  });
  await expect(bob.secrets()).rejects.toBeInstanceOf(IntegrityError);
});

test('an acceptance moved to another secret is refused, whether or not its fields are rewritten', async () => {
  const { alice, bob } = h.clients;
  const from = await shared(alice, 'moved-from');
  const to = await shared(alice, 'moved-to');
  await (await bob.secret('alice:moved-from')).accept();
  const moveTo = (rewrite: boolean) =>
    tamperShares((b) => {
      const source = b.shares.find((e) => e.grant.secret === from)!.acceptance!;
      for (const e of b.shares) if (e.grant.secret === to) e.acceptance = rewrite ? { ...source, secret: to } : source;
      return b;
    });
  moveTo(false);
  await expect(bob.pullAll()).rejects.toBeInstanceOf(IntegrityError);
  moveTo(true);
  await expect(bob.pullAll()).rejects.toBeInstanceOf(IntegrityError);
  h.proxy.setTamper(null);
  expect((await bob.pullAll()).map((s) => s.id)).not.toContain(to);
});

test('an acceptance replayed for a later grant gains nothing: the new grant is pending again', async () => {
  const { alice, bob } = h.clients;
  const id = await shared(alice, 'replayed');
  await (await bob.secret('alice:replayed')).accept();
  await bob.pullAll();
  const old = (h.proxy.last('GET', SHARES)!.resBody as SharesResponse).shares.find((e) => e.grant.secret === id)!.acceptance!;
  // bob declines; alice shares again (a new grant); the server serves bob's old acceptance with it.
  await (await bob.secret('alice:replayed')).decline();
  await (await alice.secret('replayed')).share('bob');
  tamperShares((b) => {
    for (const e of b.shares) if (e.grant.secret === id) e.acceptance = old;
    return b;
  });
  expect((await bob.pullAll()).map((s) => s.id)).not.toContain(id);
  expect((await bob.pending()).map((p) => p.id)).toContain(id);
});

test('a standing acceptance the server invents is refused; a genuine one survives a fresh device and binds the owner card', async () => {
  const { carol, bob } = h.clients;
  const id = await shared(carol, 'standing');
  const carolCard = (await bob.verify('carol')).fingerprint;
  expect(carolCard).toBeTruthy();
  const signer = await createSigner((await generateAccountKeys()).signing.privateKey);
  const card = keyCardHash((h.proxy.last('GET', /^\/v1\/cards\/by-handle\/carol$/)!.resBody as { card: Parameters<typeof keyCardHash>[0] }).card);
  const statement = { owner: h.ids.carol!, grantee: h.ids.bob!, card, time: Date.now() };
  const invented = { ...statement, card: toBase64Url(card), signature: toBase64Url(await signOwnerAcceptance(statement, signer)) };
  tamperShares((b) => ({ ...b, owners: [invented] }));
  await expect(bob.pullAll()).rejects.toBeInstanceOf(IntegrityError);
  h.proxy.setTamper(null);
  expect((await bob.pullAll()).map((s) => s.id)).not.toContain(id);

  await bob.acceptFrom('carol');
  expect((await bob.pullAll()).map((s) => s.id)).toContain(id);
  const fresh = h.newClient();
  await fresh.login({ handle: 'bob', passphrase: PASS, secretKey: h.secretKeys.bob });
  expect((await fresh.pullAll()).map((s) => s.id)).toContain(id);
  // Standing acceptance moved to another owner (alice): its signature covers carol, so it is refused.
  tamperShares((b) => ({ ...b, owners: b.owners.map((o) => ({ ...o, owner: h.ids.alice! })) }));
  await expect(fresh.pullAll()).rejects.toBeInstanceOf(IntegrityError);
});
