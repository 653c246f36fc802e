/**
 * Hostile server, round 2, pins that follow you: alice's pins are a list
 * signed by her own key, merged by every device she logs in on and by every
 * machine she created. A fresh device (memory store) of alice, or a fresh
 * machine of hers, reading bob's secret while the server serves a forged bob
 * card is refused, because her list names bob's real card. A list with a
 * forged signature is ignored; a replayed older list drops nothing.
 */
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import {
  createKeyCard, createSigner, encodeContext, generateAccountKeys, generateDataKey, keyCardHash, sealValue, signVersion, toBase64Url, wrapDataKey,
  fromBase64Url, signAccessList, type KeyCard,
} from '../../src/crypto/index.ts';
import { accessListStatement, type AccessListRecord } from '../../src/protocol/index.ts';
import { IntegrityError, type LatchkeyClient } from '../../src/client/index.ts';
import { encodePayload } from '../../src/client/payload.ts';
import { PASS, flipChar, paths, startHarness, type Harness } from './harness.ts';

let h: Harness;
let secretId = '';
let machineToken = '';
type Captured = { secret: Record<string, unknown>; version: Record<string, unknown>; list: AccessListRecord };
let captured: Captured;
const warned: string[] = [];
beforeAll(async () => {
  h = await startHarness(['alice', 'bob', 'carol']);
  const [alice, bob, carol] = [h.clients.alice!, h.clients.bob!, h.clients.carol!];
  const db = await bob.secret({ name: 'db', values: { password: 'bob-real' } });
  await db.save();
  secretId = db.id;
  const machine = await alice.createMachine('ci');
  machineToken = machine.token;
  await db.share('alice');
  await db.share(machine.account.handle);
  const c = await carol.secret({ name: 'token', values: { t: 'carol-real' } });
  await c.save();
  await c.share('alice');
  // alice's first device meets bob: the pin is published in her signed pin list.
  expect((await alice.secret('bob:db')).values).toEqual({ password: 'bob-real' });
  captured = h.proxy.last('GET', paths.secret(secretId))!.resBody as Captured;
  vi.spyOn(console, 'warn').mockImplementation((line: string) => void warned.push(line));
});
afterEach(() => {
  h.proxy.setTamper(null);
  warned.length = 0;
});
afterAll(async () => {
  vi.restoreAllMocks();
  await h?.close();
});

const loginAlice = (c: LatchkeyClient) => c.login({ handle: 'alice', passphrase: PASS, secretKey: h.secretKeys.alice! });

/** A forged bob (same id and handle, attacker keys) and bob's secret re-signed by it and wrapped to `readerHandle`. */
async function forgeBob(readerHandle: string): Promise<{ card: KeyCard; secret: unknown }> {
  const keys = await generateAccountKeys();
  const card = await createKeyCard(keys, { id: h.ids.bob!, handle: 'bob', kind: 'person' });
  const reader = ((await (await fetch(`${h.server.url}/v1/cards/by-handle/${readerHandle}`)).json()) as { card: KeyCard }).card.body;
  const provider = (captured.secret as { provider: string | null }).provider;
  const context = encodeContext({ owner: h.ids.bob!, secret: secretId, name: 'db', provider, version: 1 });
  const dek = generateDataKey();
  const ciphertext = sealValue(dek, encodePayload({ values: { password: 'attacker' }, provider: provider === null ? null : { name: provider } }), context);
  const time = Date.now();
  const { signature } = await signVersion(
    { context, ciphertext, prev: null, author: h.ids.bob!, list: (captured.version as { list: number }).list, time }, await createSigner(keys.signing.privateKey));
  const list = { ...captured.list, signature: toBase64Url(await signAccessList(accessListStatement(captured.list), await createSigner(keys.signing.privateKey))) };
  return {
    card,
    secret: {
      ...captured,
      list,
      version: { ...captured.version, ciphertext: toBase64Url(ciphertext), time, signature: toBase64Url(signature) },
      wrap: { recipient: reader.id, wrap: toBase64Url(await wrapDataKey(dek, fromBase64Url(reader.encryptionKey, 32), context)) },
    },
  };
}

/** Serves the forged bob card and secret; `pins` rewrites the pin-list answer (default: untouched). */
function serveForgedBob(forged: { card: KeyCard; secret: unknown }, pins?: (list: unknown) => unknown): void {
  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method === 'GET' && (path === `/v1/cards/${h.ids.bob}` || path === '/v1/cards/by-handle/bob')) return { card: forged.card };
      if (method === 'GET' && paths.secret(secretId).test(path)) return forged.secret;
      if (method === 'GET' && path === '/v1/me/pins' && pins) return pins(body);
      return undefined;
    },
  });
}

test('a fresh device of alice refuses a forged bob card: her signed pin list names his real one', async () => {
  // Untampered control: a fresh device trusts bob from its first request, without a fingerprint check.
  const control = h.newClient();
  await loginAlice(control);
  expect((await control.verify('bob')).status).toBe('pinned');
  expect((await control.secret('bob:db')).values).toEqual({ password: 'bob-real' });
  expect(warned).toEqual([]);

  const forged = await forgeBob('alice');
  serveForgedBob(forged);
  const fresh = h.newClient();
  await loginAlice(fresh);
  const refused = await fresh.secret('bob:db').catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(IntegrityError);
  expect((refused as Error).message).toMatch(/your signed pin list names another key card for "bob"/);
  await expect(fresh.verify('bob')).rejects.toBeInstanceOf(IntegrityError);

  // What remains: a server that withholds the list leaves a fresh device at trust on first use.
  serveForgedBob(forged, () => ({ list: null }));
  const withheld = h.newClient();
  await loginAlice(withheld);
  expect((await withheld.secret('bob:db')).values).toEqual({ password: 'attacker' });
});

test('a pin list with a forged signature is ignored with a warning, and adds nothing', async () => {
  const forged = await forgeBob('alice');
  // The server swaps bob's entry for the forged card's hash and keeps the signature, which no longer covers it.
  serveForgedBob(forged, (body) => {
    const { list } = body as { list: { pins: Array<{ id: string; card: string }>; signature: string } };
    return { list: { ...list, pins: list.pins.map((p) => (p.id === h.ids.bob ? { ...p, card: toBase64Url(keyCardHash(forged.card)) } : p)) } };
  });
  const fresh = h.newClient();
  await loginAlice(fresh);
  expect(warned.join('\n')).toMatch(/ignored the pin list of "alice" .*: its signature does not verify/);
  expect((await fresh.verify('bob')).status).toBe('unpinned');
  // A flipped signature on the honest list: ignored the same way.
  warned.length = 0;
  h.proxy.setTamper({
    response: ({ method, path, body }) =>
      method === 'GET' && path === '/v1/me/pins' ? { list: { ...(body as { list: { signature: string } }).list, signature: flipChar((body as { list: { signature: string } }).list.signature) } } : undefined,
  });
  const other = h.newClient();
  await loginAlice(other);
  expect(warned.join('\n')).toMatch(/signature does not verify/);
  expect((await other.verify('bob')).status).toBe('unpinned');
  // A new pin on that device does not publish over the list it could not verify (it may hold pins this device lacks).
  const lastPut = h.proxy.last('PUT', /^\/v1\/me\/pins$/);
  expect((await other.secret('carol:token')).values).toEqual({ t: 'carol-real' });
  expect((await other.verify('carol')).status).toBe('pinned');
  expect(h.proxy.last('PUT', /^\/v1\/me\/pins$/)).toBe(lastPut);
});

test('a rolled-back pin list removes nothing this device merged or pinned', async () => {
  const device = h.newClient();
  await loginAlice(device);
  const older = h.proxy.last('GET', /^\/v1\/me\/pins$/)!.resBody as { list: { counter: number; pins: Array<{ id: string }> } };
  expect(older.list.pins.map((p) => p.id)).toContain(h.ids.bob);
  expect(older.list.pins.map((p) => p.id)).not.toContain(h.ids.carol);
  // alice meets carol on this device: the next list (bob, carol) is published.
  expect((await device.secret('carol:token')).values).toEqual({ t: 'carol-real' });
  // The server replays the older list at the next login: ignored with a warning; bob stays listed, carol pinned.
  h.proxy.setTamper({ response: ({ method, path }) => (method === 'GET' && path === '/v1/me/pins' ? older : undefined) });
  await loginAlice(device);
  expect(warned.join('\n')).toContain(
    `ignored an older copy of the pin list of "alice" (account ${h.ids.alice}) (counter ${older.list.counter}; this device has seen ${older.list.counter + 1})`);
  h.proxy.setTamper(null);
  const forged = await forgeBob('alice');
  serveForgedBob(forged);
  await expect(device.secret('bob:db')).rejects.toThrow(/your signed pin list names another key card/);
  h.proxy.setTamper(null);
  expect((await device.verify('carol')).status).toBe('pinned');
  // A fresh device that sees only the replayed list lacks carol (a rollback only loses recent pins) but still has bob.
  h.proxy.setTamper({ response: ({ method, path }) => (method === 'GET' && path === '/v1/me/pins' ? older : undefined) });
  const fresh = h.newClient();
  await loginAlice(fresh);
  h.proxy.setTamper(null);
  expect((await fresh.verify('bob')).status).toBe('pinned');
  expect((await fresh.verify('carol')).status).toBe('unpinned');
  // The next honest login merges the newer list.
  await loginAlice(fresh);
  expect((await fresh.verify('carol')).status).toBe('pinned');
});

test("a fresh machine takes its creator's signed pins: a forged card of someone alice pinned is refused", async () => {
  // Untampered control: the machine trusts bob from its first request.
  const control = h.newClient();
  await control.login({ token: machineToken });
  expect((await control.verify('bob')).status).toBe('pinned');
  expect((await control.secret('bob:db')).values).toEqual({ password: 'bob-real' });

  const forged = await forgeBob('alice.ci');
  serveForgedBob(forged);
  const fresh = h.newClient();
  await fresh.login({ token: machineToken });
  const refused = await fresh.secret('bob:db').catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(IntegrityError);
  expect((refused as Error).message).toMatch(/your signed pin list names another key card for "bob"/);

  // A creator list with a forged signature is ignored: the machine logs in, warns, and takes none of it.
  h.proxy.setTamper({
    response: ({ method, path, body }) =>
      method === 'GET' && path === '/v1/me/pins' ? { list: { ...(body as { list: { signature: string } }).list, signature: flipChar((body as { list: { signature: string } }).list.signature) } } : undefined,
  });
  const other = h.newClient();
  await other.login({ token: machineToken });
  expect(warned.join('\n')).toMatch(/ignored the pin list of "alice" .*: its signature does not verify/);
  expect((await other.verify('bob')).status).toBe('unpinned');
});
