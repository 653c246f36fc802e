/**
 * Hostile server, bounds and unverified metadata:
 * answers too large, too slow or causing too many look-ups are refused with a
 * LimitError before they exhaust memory or hang the client, on both fetch
 * paths (the global fetch and the CLI's node:http one); -0 in a card or grant
 * is an IntegrityError; the server's access level, a grantee list and the
 * account named at machine creation are never acted on unverified. Each test
 * first shows the untampered path works.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { CryptoError, toBase64Url } from '../../src/crypto/index.ts';
import {
  AuthError, IntegrityError, LatchkeyError, LimitError, createClient, type ClientLimits, type FetchLike, type LatchkeyClient,
} from '../../src/client/index.ts';
import { httpFetch } from '../../src/cli/http-fetch.ts';
import { PASS, forgeCard, paths, startHarness, type Harness } from './harness.ts';
import { flood } from './proxy.ts';

let h: Harness;
let shared: { id: string; name: string };
beforeAll(async () => {
  h = await startHarness(['alice', 'bob', 'carol']);
  const s = await h.clients.alice!.secret({ name: 'bounds/shared', values: { k: 'v1' } });
  await s.save();
  await s.share('bob', { access: 'read' });
  await s.share('carol', { access: 'write' });
  shared = { id: s.id, name: s.name };
  // Shares are pending until accepted; these tests are about bounds, so bob and carol accept alice's.
  await h.clients.bob!.acceptFrom('alice');
  await h.clients.carol!.acceptFrom('alice');
});
afterEach(() => h.proxy.setTamper(null));
afterAll(async () => {
  await h.close();
});

const FETCHES: Array<[string, FetchLike | undefined]> = [['global fetch', undefined], ['CLI node:http fetch', httpFetch]];
const MB = 1024 * 1024;
const randomId = () => toBase64Url(crypto.getRandomValues(new Uint8Array(16)));

/** A fresh client (own memory store) through the proxy, logged in (scrypt: the slow part of these tests). */
async function loggedIn(handle: string, options: { fetch?: FetchLike; limits?: Partial<ClientLimits> } = {}): Promise<LatchkeyClient> {
  const client = createClient({ server: h.proxy.url, store: 'memory', ...options });
  await client.login({ handle, passphrase: PASS, secretKey: h.secretKeys[handle] });
  return client;
}

const reused = new Map<string, Promise<LatchkeyClient>>();
/** A logged-in client with default limits shared by the tests that need no fresh pins. */
function device(handle: string, fetch?: FetchLike): Promise<LatchkeyClient> {
  const key = `${handle} ${fetch ? 'node:http' : 'fetch'}`;
  if (!reused.has(key)) reused.set(key, loggedIn(handle, { fetch }));
  return reused.get(key)!;
}

/** Peak RSS growth (bytes) while `work` runs, sampled every 5 ms. */
async function rssGrowth(work: () => Promise<unknown>): Promise<number> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().rss) - base;
}

async function failure(work: Promise<unknown>): Promise<unknown> {
  return work.then(() => new Error('expected a refusal'), (error: unknown) => error);
}

test.each(FETCHES)('a 400 MB answer is refused early, without buffering it (%s)', async (_name, fetch) => {
  const client = await device('bob', fetch);
  expect((await client.pullAll()).map((s) => s.values)).toEqual([{ k: 'v1' }]);
  const sent = { bytes: 0 };
  h.proxy.setTamper({ request: ({ path }) => (paths.bulk.test(path) ? { stream: (res) => flood(res, 400 * MB, sent) } : undefined) });
  let error: unknown;
  const growth = await rssGrowth(async () => {
    error = await failure(client.pullAll());
  });
  expect(error).toBeInstanceOf(LimitError);
  expect((error as LimitError).bound).toBe('maxAnswerBytes');
  expect((error as Error).message).toMatch(/larger than 64\.0 MB \(limits\.maxAnswerBytes\)/);
  // The default ceiling is 64 MB: the proxy stops soon after (socket buffers), far from 400 MB.
  expect(sent.bytes).toBeLessThan(160 * MB);
  expect(growth).toBeLessThan(200 * MB);
});

test.each(FETCHES)('a 400 MB answer for one secret stops at that route cap (%s)', async (_name, fetch) => {
  const client = await device('bob', fetch);
  expect((await client.secret(`alice:${shared.name}`)).values).toEqual({ k: 'v1' });
  const sent = { bytes: 0 };
  h.proxy.setTamper({ request: ({ path }) => (paths.secret(shared.id).test(path) ? { stream: (res) => flood(res, 400 * MB, sent) } : undefined) });
  const error = await failure(client.secret(`alice:${shared.name}`));
  expect(error).toBeInstanceOf(LimitError);
  expect((error as LimitError).bound).toBe('answerBytes');
  expect(sent.bytes).toBeLessThan(64 * MB);
});

test.each(FETCHES)('an answer that never ends hits the total timeout; one that never starts, the connect timeout (%s)', async (_name, fetch) => {
  const limits = { connectTimeoutMs: 1500, totalTimeoutMs: 2500 };
  const client = await loggedIn('bob', { fetch, limits });
  expect(await client.pullAll()).toHaveLength(1);
  const trickles: Array<ReturnType<typeof setInterval>> = [];
  h.proxy.setTamper({
    request: ({ path }) => paths.bulk.test(path)
      ? {
        stream: (res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"secrets":[');
          const t = setInterval(() => res.write(' '), 50);
          trickles.push(t);
          res.on('close', () => clearInterval(t));
        },
      }
      : undefined,
  });
  try {
    const endless = await failure(client.pullAll());
    expect(endless).toBeInstanceOf(LimitError);
    expect((endless as LimitError).bound).toBe('totalTimeoutMs');
    expect((endless as Error).message).toMatch(/did not finish answering pull all secrets within 2\.5 s/);
  } finally {
    for (const t of trickles) clearInterval(t);
  }
  const silent: ServerResponse[] = [];
  h.proxy.setTamper({ request: ({ path }) => (paths.bulk.test(path) ? { stream: (res) => void silent.push(res) } : undefined) });
  const mute = await failure(client.pullAll());
  for (const res of silent) res.destroy();
  expect(mute).toBeInstanceOf(LimitError);
  expect((mute as LimitError).bound).toBe('connectTimeoutMs');
});

/** `count` copies of bob's real bulk entry, each a distinct secret of a distinct unknown owner. */
function strangers(entry: { secret: { id: string; owner: { id: string; handle: string } } }, count: number): string {
  const template = JSON.stringify(entry)
    .replaceAll(entry.secret.id, '@SECRET@')
    .replace(`"owner":{"id":"${entry.secret.owner.id}","handle":"${entry.secret.owner.handle}"`, '"owner":{"id":"@OWNER@","handle":"@HANDLE@"');
  expect(template).toContain('@OWNER@');
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    parts.push(template.replaceAll('@SECRET@', randomId()).replace('@OWNER@', randomId()).replace('@HANDLE@', `owner-${i}`));
  }
  return `{"secrets":[${parts.join(',')}]}`;
}

test('a bulk answer from 100,000 (or 1,000) distinct unknown owners is refused before any card is fetched', async () => {
  const client = await loggedIn('bob', { limits: { maxAnswerBytes: 512 * MB } });
  expect(await client.pullAll()).toHaveLength(1);
  type Entry = Parameters<typeof strangers>[0];
  const real = (h.proxy.last('GET', paths.bulk)!.resBody as { secrets: Entry[] }).secrets[0]!;
  const cardRequests = () => h.proxy.log.filter((e) => e.path.startsWith('/v1/cards/')).length;
  const cardsBefore = cardRequests();
  const bodies = { 100_000: strangers(real, 100_000), 1000: strangers(real, 1000) };
  // Building them blocked the event loop; let overdue keep-alive timers close idle sockets before the next request.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const serve = (body: string) => h.proxy.setTamper({
    request: ({ path }) => paths.bulk.test(path) ? { stream: (res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(body); } } : undefined,
  });
  for (const [count, pattern] of [[100_000, /holds 100000 secrets, more than the 5000 the protocol allows/], [1000, /1000 unknown key cards .* more than 256 \(limits\.maxBulkLookups\)/]] as const) {
    h.proxy.setTamper(null);
    expect(await client.pullAll()).toHaveLength(1);
    serve(bodies[count]);
    const before = cardRequests();
    const error = await failure(client.pullAll());
    expect(error).toBeInstanceOf(LatchkeyError);
    expect((error as Error).message).toMatch(pattern);
    expect(cardRequests()).toBe(before);
  }
  // With the default ceiling, the 100,000-entry answer (about 80 MB) is refused by size before it is parsed.
  expect(bodies[100_000].length).toBeGreaterThan(64 * MB);
  const bounded = await device('bob');
  serve(bodies[100_000]);
  expect(await failure(bounded.pullAll())).toBeInstanceOf(LimitError);
  expect(cardRequests()).toBe(cardsBefore);
});

/** Rewrites the first `"field":<digits>` after `anchor` in a JSON text to `-0`. */
function minusZero(text: string, anchor: string, field: string): string {
  const at = text.indexOf(anchor);
  expect(at).toBeGreaterThanOrEqual(0);
  const tail = text.slice(at).replace(new RegExp(`"${field}":\\d+`), `"${field}":-0`);
  expect(tail).not.toBe(text.slice(at));
  return text.slice(0, at) + tail;
}

test('-0 in a key card or a grant is an IntegrityError, never a CryptoError', async () => {
  // Untampered: a fresh device of bob's reads alice's secret (fetching alice's card).
  expect((await (await loggedIn('bob')).secret(`alice:${shared.name}`)).values).toEqual({ k: 'v1' });
  h.proxy.setTamper({
    response: ({ path, body }) => (path === `/v1/cards/${h.ids.alice}` ? minusZero(JSON.stringify(body), '"body"', 'created') : undefined),
  });
  const onCard = await failure((await loggedIn('bob')).secret(`alice:${shared.name}`));
  expect(onCard).toBeInstanceOf(IntegrityError);
  expect(onCard).not.toBeInstanceOf(CryptoError);
  expect((onCard as Error).message).toMatch(/body\.created" must not be -0/);

  const alice = await h.clients.alice!.secret(shared.name);
  h.proxy.setTamper({
    response: ({ path, body }) => (paths.grants(shared.id).test(path) ? minusZero(JSON.stringify(body), '"grant"', 'time') : undefined),
  });
  const puts = h.proxy.log.filter((e) => e.method === 'PUT').length;
  const onGrant = await failure(alice.update({ k: 'v1' }).save());
  expect(onGrant).toBeInstanceOf(IntegrityError);
  expect((onGrant as Error).message).toMatch(/time" must not be -0/);
  expect(h.proxy.log.filter((e) => e.method === 'PUT').length).toBe(puts);
});

/** Rewrites the access level of every summary of `id` in an answer. */
function claim(access: string) {
  return ({ body }: { body: unknown }) => {
    const visit = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(visit);
      else if (x && typeof x === 'object') {
        const o = x as Record<string, unknown>;
        if (o.id === shared.id && 'access' in o) o.access = access;
        Object.values(o).forEach(visit);
      }
    };
    visit(body);
    return body;
  };
}

test('the access level the server claims is never acted on: a reader shown owner or write signs and sends nothing', async () => {
  const bob = await device('bob');
  const carol = await device('carol');
  // Untampered: levels as granted, from verified grants.
  expect((await bob.secret(`alice:${shared.name}`)).access).toBe('read');
  expect((await carol.secret(`alice:${shared.name}`)).access).toBe('write');
  expect((await carol.pullAll()).find((s) => s.id === shared.id)!.access).toBe('write');

  const asBob = await bob.secret(`alice:${shared.name}`);
  const sent = () => h.proxy.log.filter((e) => e.method !== 'GET' && e.path.startsWith(`/v1/secrets/${shared.id}`)).length;
  const before = sent();
  h.proxy.setTamper({ response: claim('owner') });
  await asBob.reload();
  expect(asBob.access).toBe('read');
  await expect(asBob.share('carol')).rejects.toBeInstanceOf(AuthError);
  await expect(asBob.unshare('carol')).rejects.toBeInstanceOf(AuthError);
  h.proxy.setTamper({ response: claim('write') });
  expect((await bob.secret(`alice:${shared.name}`)).access).toBe('read');
  const pulled = (await bob.pullAll()).find((s) => s.id === shared.id)!;
  expect(pulled.access).toBe('read');
  await expect(pulled.update({ k: 'bob' }).save()).rejects.toBeInstanceOf(AuthError);
  expect(sent()).toBe(before);
});

test('grantees() does not pin the cards it lists (they signed nothing)', async () => {
  const alice = await loggedIn('alice');
  const pins = async () => Object.keys(((await (await alice.store()).get('pins')) as { accounts?: object } | undefined)?.accounts ?? {});
  const s = await alice.secret(shared.name);
  expect((await s.grantees()).map((g) => [g.handle, g.access])).toEqual([['bob', 'read'], ['carol', 'write']]);
  expect(await pins()).not.toContain(h.ids.bob);
  expect(await pins()).not.toContain(h.ids.carol);
  // Control: a version carol signed verifies through the card alice's grant binds; a write grantee is vouched for, never pinned.
  const asCarol = await (await device('carol')).secret(`alice:${shared.name}`);
  await asCarol.update({ k: 'v2' }).save();
  await s.reload();
  expect(s.author?.handle).toBe('carol');
  expect(s.values).toEqual({ k: 'v2' });
  expect(await pins()).not.toContain(h.ids.carol);
  expect(await pins()).not.toContain(h.ids.bob);
});

test('createMachine refuses a server-substituted account or card', async () => {
  const alice = h.clients.alice!;
  const made = await alice.createMachine('honest');
  expect(made.account.handle).toBe('alice.honest');
  const machine = createClient({ server: h.proxy.url, store: 'memory' });
  expect((await machine.login({ token: made.token })).handle).toBe('alice.honest');

  h.proxy.setTamper({
    response: ({ method, path }) =>
      method === 'POST' && path === '/v1/machines' ? { account: { id: h.ids.bob, handle: 'bob', kind: 'person' } } : undefined,
  });
  const swapped = await failure(alice.createMachine('swapped'));
  expect(swapped).toBeInstanceOf(IntegrityError);
  expect((swapped as Error).message).toMatch(/another account \("bob"/);

  const forged = await forgeCard(randomId(), 'alice.forged', 'machine');
  h.proxy.setTamper({
    response: ({ method, path }) => {
      if (method !== 'GET' || !path.startsWith('/v1/cards/')) return undefined;
      const posted = h.proxy.last('POST', /^\/v1\/machines$/)!.reqBody as { card: { body: { id: string } } };
      return path === `/v1/cards/${posted.card.body.id}` ? { card: { ...forged, body: { ...forged.body, id: posted.card.body.id } } } : undefined;
    },
  });
  const recarded = await failure(alice.createMachine('recarded'));
  expect(recarded).toBeInstanceOf(IntegrityError);
  expect((recarded as Error).message).toMatch(/another key card than the one made/);
});
