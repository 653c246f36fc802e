/** Transport: error mapping, response validation and URL handling (with a fake fetch). */
import * as z from 'zod/mini';
import { expect, test } from 'vitest';
import {
  AuthError, BadInputError, ConflictError, IntegrityError, NetworkError, NotFoundError, RateLimitError, ServerError,
} from './index.ts';
import { Transport, normalizeServerUrl } from './http.ts';

const Ok = z.strictObject({ ok: z.literal(true) });

function answering(status: number, body: unknown, headers: Record<string, string> = {}) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers });
  };
  return { fetch, calls };
}

test('maps error statuses to error classes with the server message', async () => {
  const cases: Array<[number, unknown]> = [
    [400, BadInputError], [401, AuthError], [403, AuthError], [404, NotFoundError], [409, ConflictError], [500, ServerError],
  ];
  for (const [status, cls] of cases) {
    const t = new Transport('http://x.test', answering(status, { error: { code: 'c', message: 'said so' } }).fetch);
    const error = await t.request('GET', '/v1/a', Ok, { auth: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(cls);
    expect((error as Error).message).toContain('said so');
  }
  const limited = new Transport('http://x.test', answering(429, { error: { code: 'rate-limited', message: 'slow down' } }, { 'retry-after': '12' }).fetch);
  const error = await limited.request('POST', '/v1/sessions', Ok, { auth: false }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RateLimitError);
  expect((error as RateLimitError).retryAfter).toBe(12);
});

test('server error messages are capped and stripped of control characters (no terminal escapes)', async () => {
  const t = new Transport('http://x.test', answering(400, { error: { code: 'c', message: `bad\u001b[31mred\u0007${'x'.repeat(1000)}` } }).fetch);
  const error = (await t.request('GET', '/v1/a', Ok, { auth: false }).catch((e: unknown) => e)) as Error;
  expect(error.message).not.toMatch(/[\u0000-\u001f]/);
  expect(error.message).toContain('bad?[31mred?');
  expect(error.message.length).toBeLessThan(420);
});

test('a response that fails its schema or is not JSON is an IntegrityError', async () => {
  const t1 = new Transport('http://x.test', answering(200, { ok: true, extra: 1 }).fetch);
  await expect(t1.request('GET', '/v1/a', Ok, { auth: false })).rejects.toBeInstanceOf(IntegrityError);
  const t2 = new Transport('http://x.test', answering(200, 'not json').fetch);
  await expect(t2.request('GET', '/v1/a', Ok, { auth: false })).rejects.toBeInstanceOf(IntegrityError);
});

test('sends the bearer token in a header only, never in the URL; refuses auth calls without a session', async () => {
  const { fetch, calls } = answering(200, { ok: true });
  const t = new Transport('http://x.test/', fetch);
  await expect(t.request('GET', '/v1/me', Ok)).rejects.toBeInstanceOf(AuthError);
  t.setToken('tok123');
  await t.request('GET', '/v1/me', Ok);
  expect(calls[0]!.url).toBe('http://x.test/v1/me');
  expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer tok123');
});

test('network failures name the server and what to do', async () => {
  const t = new Transport('http://127.0.0.1:9', async () => {
    throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
  });
  const error = await t.request('GET', '/v1/health', Ok, { auth: false }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(NetworkError);
  expect((error as Error).message).toMatch(/http:\/\/127\.0\.0\.1:9.*ECONNREFUSED.*running/);
});

test('server URLs are validated and normalised', () => {
  expect(normalizeServerUrl('http://127.0.0.1:8787/')).toBe('http://127.0.0.1:8787');
  expect(normalizeServerUrl('https://lk.example.com/base/')).toBe('https://lk.example.com/base');
  for (const bad of ['127.0.0.1:8787', 'ftp://x', 'http://u:p@x', 'http://x/?q=1', 'nonsense']) {
    expect(() => normalizeServerUrl(bad)).toThrow(BadInputError);
  }
});
