/**
 * Hostile server, round 2, attack 2: revocation undone by the server. After
 * `unshare(bob)` the server re-lists bob's old owner-signed grant, answers
 * the DELETE with 204 and keeps the grant, or replays the whole older grants
 * answer with its older signed access list. alice's next save (the rotation
 * the CLI asks for) must never wrap to bob: writers wrap only to the latest
 * access list they verified (high-water mark per secret and device, and the
 * counter the loaded version names). `rotate` comes from that list, so the
 * server cannot hide it. Each case is followed by the untampered control.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { IntegrityError, NotFoundError } from '../../src/client/index.ts';
import { PASS, paths, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(['alice', 'bob']);
});
afterEach(() => h.proxy.setTamper(null));
afterAll(async () => {
  await h?.close();
});

/** A secret alice shared with bob (who read it), then unshared; returns it and the grants answer from before the unshare. */
async function revoked(name: string) {
  const alice = h.clients.alice!;
  const s = await alice.secret({ name, values: { k: 'before' } });
  await s.save();
  await s.share('bob');
  expect((await h.clients.bob!.secret(`alice:${name}`)).values).toEqual({ k: 'before' });
  await s.grantees();
  const before = structuredClone(h.proxy.last('GET', paths.grants(s.id))!.resBody) as {
    grants: Array<{ grant: { grantee: string } }>; list: { counter: number; grantees: unknown[] };
  };
  expect(before.list.grantees).toHaveLength(1);
  await s.unshare('bob');
  return { s, before };
}

/** Version PUTs of a secret that carried a wrap for bob. */
const wrapsToBob = (id: string) =>
  h.proxy.log.filter((e) => e.method === 'PUT' && e.path.startsWith(`/v1/secrets/${id}/versions/`) &&
    (e.reqBody as { wraps: Array<{ recipient: string }> }).wraps.some((w) => w.recipient === h.ids.bob)).length;

async function controlSave(s: Awaited<ReturnType<typeof revoked>>['s'], name: string): Promise<void> {
  h.proxy.setTamper(null);
  await s.reload();
  await s.update({ k: 'rotated' }).save();
  const put = h.proxy.last('PUT', new RegExp(`/v1/secrets/${s.id}/versions/`))!.reqBody as { wraps: Array<{ recipient: string }> };
  expect(put.wraps.map((w) => w.recipient)).toEqual([h.ids.alice]);
  await expect(h.clients.bob!.secret(`alice:${name}`)).rejects.toBeInstanceOf(NotFoundError);
  expect(wrapsToBob(s.id)).toBe(0);
}

test('attack 2a: a revoked grant re-listed by the server is never wrapped to', async () => {
  const { s, before } = await revoked('al-relisted');
  const bobEntry = before.grants.find((g) => g.grant.grantee === h.ids.bob)!;
  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method !== 'GET' || !paths.grants(s.id).test(path)) return undefined;
      const b = body as { grants: unknown[] };
      b.grants.push(bobEntry);
      return b;
    },
  });
  const refused = await s.update({ k: 'rotated' }).save().catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(IntegrityError);
  expect((refused as Error).message).toMatch(/latest access list .* does not name them/);
  expect(wrapsToBob(s.id)).toBe(0);
  await controlSave(s, 'al-relisted');
});

test('attack 2b: a DELETE answered 204 but kept never makes a writer wrap to the revoked account', async () => {
  const alice = h.clients.alice!;
  const s = await alice.secret({ name: 'al-kept', values: { k: 'before' } });
  await s.save();
  await s.share('bob');
  expect((await h.clients.bob!.secret('alice:al-kept')).values).toEqual({ k: 'before' });
  h.proxy.setTamper({
    request: ({ method, path }) =>
      method === 'DELETE' && path === `/v1/secrets/${s.id}/grants/${h.ids.bob}` ? { respond: { status: 204, body: null } } : undefined,
  });
  await s.unshare('bob'); // "succeeds": the server kept the grant
  h.proxy.setTamper(null);
  const refused = await s.update({ k: 'rotated' }).save().catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(IntegrityError);
  expect(wrapsToBob(s.id)).toBe(0);
  // The owner repeats the revocation on an honest server; then the rotation goes through.
  await s.unshare('bob');
  await controlSave(s, 'al-kept');
});

test('attack 2c: an older grants answer and access list replayed after the revocation is refused (this device, and a fresh one after a new version)', async () => {
  const { s, before } = await revoked('al-replayed');
  const replay = { response: ({ method, path }: { method: string; path: string }) => (method === 'GET' && paths.grants(s.id).test(path) ? structuredClone(before) : undefined) };
  h.proxy.setTamper(replay);
  const refused = await s.update({ k: 'rotated' }).save().catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(IntegrityError);
  expect((refused as Error).message).toMatch(/replays an older access list/);
  expect(wrapsToBob(s.id)).toBe(0);
  await controlSave(s, 'al-replayed');

  // A fresh device of alice's has no mark, but the version it loads names the list it was wrapped under.
  const fresh = h.newClient();
  await fresh.login({ handle: 'alice', passphrase: PASS, secretKey: h.secretKeys.alice! });
  const again = await fresh.secret('al-replayed');
  h.proxy.setTamper(replay);
  await expect(again.update({ k: 'again' }).save()).rejects.toThrow(/older than list \d+ its latest version was wrapped under/);
  expect(wrapsToBob(s.id)).toBe(0);
});

test('attack 2d: rotate comes from the signed access list; the server cannot hide it', async () => {
  const { s } = await revoked('al-rotate');
  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method !== 'GET' || !(paths.secret(s.id).test(path) || paths.bulk.test(path))) return undefined;
      const b = body as { secret?: { rotate: boolean }; secrets?: Array<{ secret: { rotate: boolean } }> };
      if (b.secret) b.secret.rotate = false;
      for (const e of b.secrets ?? []) e.secret.rotate = false;
      return b;
    },
  });
  expect((await h.clients.alice!.secret('al-rotate')).rotate).toBe(true);
  expect((await h.clients.alice!.pullAll()).find((x) => x.name === 'al-rotate')?.rotate).toBe(true);
  // Withholding the list instead is refused, not read as "nothing to rotate".
  h.proxy.setTamper({
    response: ({ method, path, body }) => (method === 'GET' && paths.secret(s.id).test(path) ? { ...(body as object), list: null } : undefined),
  });
  await expect(h.clients.alice!.secret('al-rotate')).rejects.toThrow(/withholds the access list/);
  // Control: after the rotation is saved, rotate is off.
  await controlSave(s, 'al-rotate');
  expect((await h.clients.alice!.secret('al-rotate')).rotate).toBe(false);
});
