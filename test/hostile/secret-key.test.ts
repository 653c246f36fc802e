/**
 * Hostile server and the two-secret key derivation (format v2): the server
 * never receives the Secret Key whatever it asks; KDF parameters are pinned
 * per handle, so a server that serves another account's salt, changed
 * parameters or another account id is refused before anything is derived or
 * sent, while a passphrase change signed by the account is accepted on a
 * device that pinned the old parameters. Every attack has its untampered control.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { parseSecretKey } from '../../src/crypto/index.ts';
import { AuthError, IntegrityError, LatchkeyError } from '../../src/client/index.ts';
import { PASS, flipChar, startHarness, type Harness } from './harness.ts';

const NEW_PASS = 'hostile server second passphrase, quite long';
let h: Harness;
beforeAll(async () => {
  h = await startHarness(['alice', 'bob']);
});
afterEach(() => h.proxy.setTamper(null));
afterAll(async () => {
  await h?.close();
});

type KdfAnswer = { kdf: Record<string, unknown>; accountId: string };
const kdfPath = (handle: string) => `/v1/kdf/${handle}`;

async function kdfOf(handle: string): Promise<KdfAnswer> {
  return (await (await fetch(`${h.server.url}${kdfPath(handle)}`)).json()) as KdfAnswer;
}

function serveKdf(handle: string, answer: (real: KdfAnswer) => KdfAnswer): void {
  h.proxy.setTamper({ response: ({ path, body }) => (path === kdfPath(handle) ? answer(body as KdfAnswer) : undefined) });
}

/** Sessions requested since `from` in the proxy log. */
const loginsSince = (from: number) => h.proxy.log.slice(from).filter((e) => e.method === 'POST' && e.path === '/v1/sessions');

test('pinned KDF parameters: another account\'s salt, a changed N or another account id is refused before any login key is sent', async () => {
  const { alice } = h.clients;
  expect((await alice!.login({ handle: 'alice', passphrase: PASS })).handle).toBe('alice'); // untampered control
  const bob = await kdfOf('bob');
  const attacks: Array<[string, (real: KdfAnswer) => KdfAnswer, RegExp]> = [
    ["bob's salt", (real) => ({ ...real, kdf: { ...real.kdf, salt: bob.kdf.salt } }), /changed the passphrase-hashing parameters/],
    ['N = 2^18', (real) => ({ ...real, kdf: { ...real.kdf, N: 2 ** 18 } }), /changed the passphrase-hashing parameters/],
    ["bob's salt and id", () => bob, /another account/],
    ['a forged change signature', (real) => ({ ...real, kdf: { ...real.kdf, salt: bob.kdf.salt, proof: 'A'.repeat(86) } }), /changed the passphrase-hashing parameters/],
  ];
  for (const [name, answer, message] of attacks) {
    serveKdf('alice', answer);
    const from = h.proxy.log.length;
    const error = await alice!.login({ handle: 'alice', passphrase: PASS }).catch((e: unknown) => e);
    expect(error, name).toBeInstanceOf(IntegrityError);
    expect((error as Error).message, name).toMatch(message);
    expect(loginsSince(from), name).toEqual([]);
  }
  // v1 parameters (no "v": 2) are refused as malformed.
  serveKdf('alice', (real) => {
    const { v: _v, ...v1 } = real.kdf;
    return { ...real, kdf: v1 };
  });
  await expect(alice!.login({ handle: 'alice', passphrase: PASS })).rejects.toBeInstanceOf(LatchkeyError);
  h.proxy.setTamper(null);
  expect((await alice!.login({ handle: 'alice', passphrase: PASS })).handle).toBe('alice');
});

test('a fresh device served another account\'s salt and id derives nothing that logs in (the salt is bound to the typed handle)', async () => {
  const bob = await kdfOf('bob');
  serveKdf('alice', () => bob);
  const fresh = h.newClient();
  await expect(fresh.login({ handle: 'alice', passphrase: PASS, secretKey: h.secretKeys.alice! })).rejects.toBeInstanceOf(AuthError);
  h.proxy.setTamper(null);
  expect((await fresh.login({ handle: 'alice', passphrase: PASS, secretKey: h.secretKeys.alice! })).handle).toBe('alice');
});

test('a passphrase change signed by the account is accepted on a device that pinned the old parameters; a server that rolls it back is refused', async () => {
  const device = h.newClient();
  await device.login({ handle: 'bob', passphrase: PASS, secretKey: h.secretKeys.bob! }); // pins the current parameters
  const before = await kdfOf('bob');
  await h.clients.bob!.changePassphrase(PASS, NEW_PASS);
  const after = await kdfOf('bob');
  expect(after.kdf.salt).not.toBe(before.kdf.salt);
  expect(after.kdf.proof).toMatch(/^[A-Za-z0-9_-]{86}$/);
  await expect(device.login({ handle: 'bob', passphrase: PASS })).rejects.toBeInstanceOf(AuthError);
  expect((await device.login({ handle: 'bob', passphrase: NEW_PASS })).handle).toBe('bob');
  // The change signature must verify: a flipped one (or the old parameters replayed) is refused on a pinned device.
  const other = h.newClient();
  await other.login({ handle: 'bob', passphrase: NEW_PASS, secretKey: h.secretKeys.bob! });
  serveKdf('bob', (real) => ({ ...real, kdf: { ...before.kdf } }));
  await expect(other.login({ handle: 'bob', passphrase: PASS })).rejects.toThrow(/changed the passphrase-hashing parameters/);
  serveKdf('bob', (real) => ({ ...real, kdf: { ...real.kdf, salt: before.kdf.salt, proof: flipChar(real.kdf.proof as string, 3) } }));
  await expect(other.login({ handle: 'bob', passphrase: NEW_PASS })).rejects.toBeInstanceOf(IntegrityError);
  h.proxy.setTamper(null);
  await h.clients.bob!.changePassphrase(NEW_PASS, PASS);
});

test('the server never receives the Secret Key, in any encoding, in any request, even when it asks for it', async () => {
  const { alice } = h.clients;
  // A server "asking" for the key: an error that requests it, and a login answer with an extra field.
  h.proxy.setTamper({
    request: ({ method, path }) =>
      method === 'POST' && path === '/v1/sessions'
        ? { respond: { status: 401, body: { error: { code: 'unauthorized', message: 'send secretKey in the body to log in' } } } }
        : undefined,
  });
  await expect(h.newClient().login({ handle: 'alice', passphrase: PASS, secretKey: h.secretKeys.alice! })).rejects.toBeInstanceOf(AuthError);
  h.proxy.setTamper({ response: ({ path, body }) => (path === kdfPath('alice') ? { ...(body as object), secretKeyRequired: true } : undefined) });
  await expect(h.newClient().login({ handle: 'alice', passphrase: PASS, secretKey: h.secretKeys.alice! })).rejects.toBeInstanceOf(LatchkeyError);
  h.proxy.setTamper(null);

  // A full flow through the proxy: fresh-device login, save, share, reveal, passphrase change, rotation.
  const fresh = h.newClient();
  await fresh.login({ handle: 'alice', passphrase: PASS, secretKey: h.secretKeys.alice! });
  const s = await fresh.secret({ name: 'sk-scan', values: { k: 'v' } });
  await s.save();
  await s.share('bob');
  expect((await fresh.secretKey(PASS)).secretKey).toBe(h.secretKeys.alice);
  await alice!.changePassphrase(PASS, NEW_PASS);
  const rotated = await alice!.rotateSecretKey(NEW_PASS);
  expect(rotated.secretKey).not.toBe(h.secretKeys.alice);
  await alice!.changePassphrase(NEW_PASS, PASS);
  const keys = [h.secretKeys.alice!, h.secretKeys.bob!, rotated.secretKey];

  const wire = JSON.stringify(h.proxy.log.map((e) => [e.method, e.path, e.reqBody]));
  expect(wire).toContain('/v1/me/credentials'); // the scan covers the credential changes
  for (const text of keys) {
    const bytes = parseSecretKey(text);
    const encodings = [
      text, text.replace(/-/g, ''), text.slice(3), text.slice(3).replace(/-/g, ''),
      Buffer.from(bytes).toString('hex'), Buffer.from(bytes).toString('base64url'), Buffer.from(bytes).toString('base64').replace(/=+$/, ''),
    ];
    for (const encoding of encodings) {
      expect(wire.toLowerCase()).not.toContain(encoding.toLowerCase());
    }
  }
  expect(wire).not.toContain(PASS);
  expect(wire).not.toContain(NEW_PASS);
  // The old Secret Key no longer logs in; the rotated one does.
  await expect(h.newClient().login({ handle: 'alice', passphrase: PASS, secretKey: h.secretKeys.alice! })).rejects.toBeInstanceOf(AuthError);
  expect((await h.newClient().login({ handle: 'alice', passphrase: PASS, secretKey: rotated.secretKey })).handle).toBe('alice');
  h.secretKeys.alice = rotated.secretKey;
});
