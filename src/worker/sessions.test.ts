// Login rate limiting, session expiry and revocation.
import { expect, test } from 'vitest';
import { fromBase64Url, randomBytes, sha256, toBase64Url } from '../crypto/index.ts';
import type { FetchLike } from './test-fixtures.ts';
import { bearer, json, login, signUp } from './test-fixtures.ts';
import { testEnv as env, workerFetch } from './test-worker.ts';

const f: FetchLike = workerFetch;

function attempt(handle: string, authKey: Uint8Array, address: string): Promise<Response> {
  const init = json('POST', { handle, authKey: toBase64Url(authKey) });
  (init.headers as Record<string, string>)['cf-connecting-ip'] = address;
  return f('/v1/sessions', init);
}

test('failed logins per handle: 5 allowed, then 429 with Retry-After even for the right key, until the window passes', async () => {
  const alice = await signUp(f, 'alice');
  for (let i = 0; i < 5; i++) expect((await attempt('alice', randomBytes(32), `10.0.0.${i}`)).status).toBe(401);
  const limited = await attempt('alice', alice.authKey, '10.0.1.1');
  expect(limited.status).toBe(429);
  const retry = Number(limited.headers.get('retry-after'));
  expect(retry).toBeGreaterThan(0);
  expect(retry).toBeLessThanOrEqual(300);
  expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate-limited');
  // Move the window into the past: the right key works again and clears the counter.
  await env.DB.prepare("UPDATE login_failures SET window_start = window_start - 301000 WHERE key = 'subject:h:alice'").run();
  expect((await attempt('alice', alice.authKey, '10.0.1.2')).status).toBe(200);
  expect((await attempt('alice', randomBytes(32), '10.0.1.3')).status).toBe(401);
});

test('parallel guesses cannot overshoot the limit', async () => {
  await signUp(f, 'bob');
  const statuses = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt('bob', randomBytes(32), `10.1.0.${i}`).then((r) => r.status)));
  expect(statuses.filter((s) => s === 401)).toHaveLength(5);
  expect(statuses.filter((s) => s === 429)).toHaveLength(7);
});

test('failed logins per address: 20 across handles, then 429; unknown handles look like wrong keys', async () => {
  const carol = await signUp(f, 'carol');
  const unknown = await attempt('nobody-here', randomBytes(32), '192.0.2.7');
  expect(unknown.status).toBe(401);
  const wrong = await attempt('carol', randomBytes(32), '192.0.2.7');
  expect(await unknown.json()).toEqual(await wrong.json());
  for (let i = 0; i < 18; i++) expect((await attempt(`user${i}`, randomBytes(32), '192.0.2.7')).status).toBe(401);
  const limited = await attempt('carol', carol.authKey, '192.0.2.7');
  expect(limited.status).toBe(429);
  expect(limited.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
  // Another address is unaffected.
  expect((await attempt('carol', carol.authKey, '192.0.2.8')).status).toBe(200);
});

test('sessions: expiry, logout and machine/person TTLs', async () => {
  const dave = await signUp(f, 'dave');
  const res = await f('/v1/sessions', json('POST', { handle: 'dave', authKey: toBase64Url(dave.authKey) }));
  const session = (await res.json()) as { token: string; expiresAt: number };
  expect(session.expiresAt - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000);
  expect((await f('/v1/me', bearer(session.token))).status).toBe(200);
  // Only the hash of the token is stored.
  const stored = await env.DB.prepare('SELECT token_hash FROM sessions').all<{ token_hash: string }>();
  expect(stored.results.map((r) => r.token_hash)).not.toContain(session.token);
  expect(stored.results.map((r) => r.token_hash)).toContain(toBase64Url(sha256(fromBase64Url(session.token, 32))));

  await env.DB.prepare('UPDATE sessions SET expires_at = ?1').bind(Date.now() - 1).run();
  const expired = await f('/v1/me', bearer(session.token));
  expect(expired.status).toBe(401);
  expect(((await expired.json()) as { error: { code: string } }).error.code).toBe('unauthorized');

  const token = await login(f, dave);
  expect((await f('/v1/sessions/current', bearer(token, 'DELETE'))).status).toBe(204);
  expect((await f('/v1/me', bearer(token))).status).toBe(401);
  expect((await f('/v1/sessions/current', bearer(token, 'DELETE'))).status).toBe(401);
  // Malformed and missing tokens.
  expect((await f('/v1/me', bearer('not-a-token'))).status).toBe(401);
  expect((await f('/v1/me')).status).toBe(401);
});
