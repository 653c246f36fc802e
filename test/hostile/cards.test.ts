/**
 * Hostile server, key cards and signatures: attacks 1 (substitute a
 * grantee's card), 2 (substitute the owner's own card), 8 (drop the version
 * signature / sign with another key) and 13 (add an unknown grantee to the
 * list a writer wraps to). Every attack must end in IntegrityError; every
 * test first shows the untampered path works.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import {
  createSigner, encodeContext, fromBase64Url, generateAccountKeys, keyCardHash, sha256, signGrant, signVersion, toBase64Url,
} from '../../src/crypto/index.ts';
import { IntegrityError, createClient } from '../../src/client/index.ts';
import { PASS, flipChar, forgeCard, paths, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(['alice', 'bob', 'carol']);
});
afterEach(() => h.proxy.setTamper(null));
afterAll(async () => {
  await h?.close();
});

test('attack 1: a substituted grantee key card is refused when sharing and when wrapping a new version', async () => {
  const { alice, bob } = h.clients;
  const s = await alice.secret({ name: 'a1', values: { k: 'v1' } });
  await s.save();
  await s.share('bob', { access: 'write' }); // untampered: pins bob
  expect((await bob.secret('alice:a1')).values).toEqual({ k: 'v1' });

  const fake = await forgeCard(h.ids.bob!, 'bob');
  h.proxy.setTamper({ response: ({ path }) => (path === '/v1/cards/by-handle/bob' ? { card: fake } : undefined) });
  const other = await alice.secret({ name: 'a1-other', values: { k: 'x' } });
  await other.save();
  const refused = await other.share('bob').catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(IntegrityError);
  expect((refused as Error).message).toMatch(/changed: pinned fingerprint .* server now presents/);
  expect(h.proxy.last('PUT', /grants/)?.path).not.toContain(other.id);

  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method !== 'GET' || !paths.grants(s.id).test(path)) return undefined;
      const b = body as { grants: Array<{ card: unknown }> };
      for (const g of b.grants) g.card = fake;
      return b;
    },
  });
  await expect(s.update({ k: 'v2' }).save()).rejects.toBeInstanceOf(IntegrityError);
  expect(h.proxy.last('PUT', /versions/)?.path).not.toBe(`/v1/secrets/${s.id}/versions/2`);

  // A card that is not self-consistent is refused even for a never-seen account.
  const broken = await forgeCard(h.ids.carol!, 'carol');
  broken.signature = flipChar(broken.signature, 5);
  h.proxy.setTamper({ response: ({ path }) => (path === '/v1/cards/by-handle/carol' ? { card: broken } : undefined) });
  await expect(other.share('carol')).rejects.toBeInstanceOf(IntegrityError);

  // First contact, TOFU gap closed by the fingerprint carol told alice: a forged card is refused before anything is pinned.
  const carolFp = (await h.clients.carol!.whoami()).fingerprint;
  const forgedCarol = await forgeCard(h.ids.carol!, 'carol');
  h.proxy.setTamper({ response: ({ path }) => (path === '/v1/cards/by-handle/carol' ? { card: forgedCarol } : undefined) });
  await expect(other.share('carol', { fingerprint: carolFp })).rejects.toThrow(/does not match/);

  h.proxy.setTamper(null);
  await s.save();
  expect((await bob.secret('alice:a1')).values).toEqual({ k: 'v2' });
  await other.share('carol', { fingerprint: carolFp });
  expect((await h.clients.carol!.secret('alice:a1-other')).values).toEqual({ k: 'x' });
});

test("attack 2: a substituted card for the owner's own account is refused (login, whoami, readers)", async () => {
  const fakeAlice = await forgeCard(h.ids.alice!, 'alice');
  const swapMe = { response: ({ path, body }: { path: string; body: unknown }) => (path === '/v1/me' ? { ...(body as object), card: fakeAlice } : undefined) };
  h.proxy.setTamper(swapMe);
  await expect(h.newClient().login({ handle: 'alice', passphrase: PASS, secretKey: h.secretKeys.alice! })).rejects.toBeInstanceOf(IntegrityError);
  await expect(h.clients.alice!.whoami()).rejects.toBeInstanceOf(IntegrityError);

  h.proxy.setTamper(null);
  const fp = (await h.clients.alice!.whoami()).fingerprint;
  const s = await h.clients.alice!.secret({ name: 'a2', values: { k: 'v' } });
  await s.save();
  await s.share('bob');
  expect((await h.clients.bob!.secret('alice:a2')).values).toEqual({ k: 'v' }); // bob pins alice

  // A reader who has pinned alice sees the change and cannot be talked into it.
  h.proxy.setTamper({ response: ({ path }) => (path === '/v1/cards/by-handle/alice' ? { card: fakeAlice } : undefined) });
  const shown = await h.clients.bob!.verify('alice');
  expect(shown).toMatchObject({ status: 'changed', pinnedFingerprint: fp });
  await expect(h.clients.bob!.verify('alice', fp)).rejects.toBeInstanceOf(IntegrityError);
  await expect(h.clients.bob!.verify('alice', shown.fingerprint)).resolves.toMatchObject({ status: 'verified' });
  h.proxy.setTamper(null);
  // bob accepted the forgery after "checking" it: from now on alice's real versions fail for him, never the reverse.
  await expect(h.clients.bob!.secret('alice:a2')).rejects.toBeInstanceOf(IntegrityError);
  await h.clients.bob!.verify('alice', fp);
  expect((await h.clients.bob!.secret('alice:a2')).values).toEqual({ k: 'v' });

  // A fresh machine (no pins) offered a forged card of its creator.
  const machine = await h.clients.alice!.createMachine('m2');
  await s.share(machine.account.handle);
  // A machine's own card substituted at token login.
  const fakeMachine = await forgeCard(machine.account.id, machine.account.handle, 'machine');
  h.proxy.setTamper({ response: ({ path, body }) => (path === '/v1/me' ? { ...(body as object), card: fakeMachine } : undefined) });
  await expect(h.newClient().login({ token: machine.token })).rejects.toBeInstanceOf(IntegrityError);

  h.proxy.setTamper({ response: ({ path }) => (path === `/v1/cards/${h.ids.alice}` ? { card: fakeAlice } : undefined) });
  const fresh = h.newClient();
  // The machine's token names its creator's card: the forgery is refused at login, before any read.
  await expect(fresh.login({ token: machine.token })).rejects.toThrow(/not the one your machine token names/);
  h.proxy.setTamper(null);
  await fresh.login({ token: machine.token });
  expect((await fresh.secret('alice:a2')).values).toEqual({ k: 'v' });
  expect(await h.newClient().login({ handle: 'alice', passphrase: PASS, secretKey: h.secretKeys.alice! })).toMatchObject({ fingerprint: fp });
  const clean = h.newClient();
  await clean.login({ token: machine.token });
  expect((await clean.secret('alice:a2')).values).toEqual({ k: 'v' });
});

test('attack 8: a dropped signature, or one made with another key, is refused', async () => {
  const alice = h.clients.alice!;
  const s = await alice.secret({ name: 'a8', values: { k: 'v' }, provider: 'openai' });
  await s.save();
  await s.share('bob', { access: 'write' });
  expect((await alice.secret('a8')).values).toEqual({ k: 'v' });
  const mallory = await generateAccountKeys();
  const signer = await createSigner(mallory.signing.privateKey);

  const edit = (fn: (v: Record<string, unknown>) => Promise<void> | void) => {
    let pending: Record<string, unknown> | null = null;
    return async () => {
      const captured = h.proxy.last('GET', paths.secret(s.id))!.resBody as { version: Record<string, unknown> };
      pending = structuredClone(captured);
      await fn((pending as { version: Record<string, unknown> }).version);
      h.proxy.setTamper({ response: ({ method, path }) => (method === 'GET' && paths.secret(s.id).test(path) ? pending : undefined) });
      const error = await alice.secret('a8').catch((e: unknown) => e);
      h.proxy.setTamper(null);
      return error;
    };
  };

  expect(await edit((v) => void delete v.signature)()).toBeInstanceOf(IntegrityError);
  const resign = async (v: Record<string, unknown>) => {
    const context = encodeContext({ owner: h.ids.alice!, secret: s.id, name: 'a8', provider: 'openai', version: v.version as number });
    const { signature } = await signVersion(
      { context, ciphertext: fromBase64Url(v.ciphertext as string), prev: null, author: v.author as string, list: v.list as number, time: v.time as number },
      signer,
    );
    v.signature = toBase64Url(signature);
  };
  expect(await edit(resign)()).toBeInstanceOf(IntegrityError);
  // Claim bob wrote it, with a write grant signed by mallory instead of the owner.
  const asBob = async (v: Record<string, unknown>) => {
    v.author = h.ids.bob;
    const grant = { secret: s.id, owner: h.ids.alice!, grantee: h.ids.bob!, card: sha256(new Uint8Array(1)), access: 'write' as const, time: Date.now() };
    v.authorGrant = { v: 2, ...grant, card: toBase64Url(grant.card), signature: toBase64Url(await signGrant(grant, signer)) };
    await resign(v);
  };
  expect(await edit(asBob)()).toBeInstanceOf(IntegrityError);
  expect((await alice.secret('a8')).values).toEqual({ k: 'v' });
});

test("attack 8 (author grants): a write grantee's version is refused with a stale read grant or another grantee's grant", async () => {
  const [alice, bob, carol] = [h.clients.alice!, h.clients.bob!, h.clients.carol!];
  const s = await alice.secret({ name: 'a8-grants', values: { k: 'v1' } });
  await s.save();
  await s.share('bob');
  await s.share('carol');
  await bob.secret('alice:a8-grants');
  const grants = async () => {
    await s.grantees();
    return (h.proxy.last('GET', paths.grants(s.id))!.resBody as { grants: Array<{ grant: Record<string, unknown> }> }).grants.map((g) => g.grant);
  };
  const readGrants = await grants();
  const bobRead = readGrants.find((g) => g.grantee === h.ids.bob)!;
  const carolRead = readGrants.find((g) => g.grantee === h.ids.carol)!;
  await s.share('bob', { access: 'write' });
  await (await bob.secret('alice:a8-grants')).update({ k: 'by-bob' }).save();
  for (const authorGrant of [bobRead, carolRead, null]) {
    h.proxy.setTamper({
      response: ({ method, path, body }) => {
        if (method !== 'GET' || !paths.secret(s.id).test(path)) return undefined;
        const b = body as { version: Record<string, unknown> };
        b.version.authorGrant = authorGrant;
        return b;
      },
    });
    await expect(alice.secret('a8-grants')).rejects.toBeInstanceOf(IntegrityError);
    await expect(carol.secret('alice:a8-grants')).rejects.toBeInstanceOf(IntegrityError);
  }
  h.proxy.setTamper(null);
  const ok = await alice.secret('a8-grants');
  expect(ok.values).toEqual({ k: 'by-bob' });
  expect(ok.author?.handle).toBe('bob');
  expect((await carol.secret('alice:a8-grants')).values).toEqual({ k: 'by-bob' });
});

test('attack 13: an unknown or unsigned grantee added by the server is never wrapped to', async () => {
  const { alice, bob } = h.clients;
  const s = await alice.secret({ name: 'a13', values: { k: 'v1' } });
  await s.save();
  await s.share('bob', { access: 'write' });
  const mallory = await generateAccountKeys();
  const malloryId = toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
  const malloryCard = await forgeCard(malloryId, 'mallory');
  const statement = { secret: s.id, owner: h.ids.alice!, grantee: malloryId, card: keyCardHash(malloryCard), access: 'read' as const, time: Date.now() };
  const selfSigned = toBase64Url(await signGrant(statement, await createSigner(mallory.signing.privateKey)));
  const garbage = toBase64Url(crypto.getRandomValues(new Uint8Array(64)));
  const puts = () => h.proxy.log.filter((e) => e.method === 'PUT' && e.path.startsWith(`/v1/secrets/${s.id}/versions/`)).length;

  for (const signature of [selfSigned, garbage]) {
    h.proxy.setTamper({
      response: ({ method, path, body }) => {
        if (method !== 'GET' || !paths.grants(s.id).test(path)) return undefined;
        const b = body as { grants: unknown[] };
        b.grants.push({ grant: { v: 2, ...statement, card: toBase64Url(statement.card), signature }, card: malloryCard });
        return b;
      },
    });
    const before = puts();
    await expect(s.update({ k: 'v2' }).save()).rejects.toThrow(/not signed by the owner/);
    const asBob = await bob!.secret('alice:a13');
    await expect(asBob.update({ k: 'bob' }).save()).rejects.toBeInstanceOf(IntegrityError);
    expect(puts()).toBe(before);
  }
  h.proxy.setTamper(null);
  await s.save();
  const put = h.proxy.last('PUT', new RegExp(`/v1/secrets/${s.id}/versions/2`))!.reqBody as { wraps: Array<{ recipient: string }> };
  expect(put.wraps.map((w) => w.recipient).sort()).toEqual([h.ids.alice, h.ids.bob].sort());
  expect((await bob!.secret('alice:a13')).values).toEqual({ k: 'v2' });
});

test('the harness itself forwards faithfully (a client straight to the server agrees)', async () => {
  const direct = createClient({ server: h.server.url, store: 'memory' });
  await direct.login({ handle: 'bob', passphrase: PASS, secretKey: h.secretKeys.bob! });
  expect((await direct.secret('alice:a13')).values).toEqual({ k: 'v2' });
});
