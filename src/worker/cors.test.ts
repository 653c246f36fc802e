import { expect, test } from 'vitest';
import { DEFAULT_ALLOWED_ORIGINS } from './config.ts';
import { compileOriginMatcher } from './cors.ts';
import { createApp } from './app.ts';
import { testEnv } from './test-worker.ts';
import type { Env } from './types.ts';

test('default allow-list: Colab frames and localhost ports, not look-alikes or opaque origins', () => {
  const allowed = compileOriginMatcher(DEFAULT_ALLOWED_ORIGINS);
  for (const origin of ['https://abc123-colab.googleusercontent.com', 'http://localhost:8888', 'http://127.0.0.1:5173']) {
    expect(allowed(origin), origin).toBe(true);
  }
  for (const origin of [
    'null',
    'https://evil.com',
    'http://abc-colab.googleusercontent.com',
    'https://a.b-colab.googleusercontent.com',
    'https://-colab.googleusercontent.com',
    'https://x-colab.googleusercontent.com.evil.com',
    'https://evil.com/x-colab.googleusercontent.com',
    'http://localhost',
    'http://localhost:80x',
    'http://localhost.evil.com:80',
  ]) {
    expect(allowed(origin), origin).toBe(false);
  }
});

test('explicit entries, `null` only when listed, and `*`', () => {
  const list = compileOriginMatcher('https://lite.example.org, null ,https://*.docs.example.org');
  expect(list('https://lite.example.org')).toBe(true);
  expect(list('null')).toBe(true);
  expect(list('https://team.docs.example.org')).toBe(true);
  expect(list('https://a.team.docs.example.org')).toBe(false);
  const any = compileOriginMatcher('*');
  expect(any('https://anything.example')).toBe(true);
  expect(any('null')).toBe(false);
});

async function preflight(env: Env, origin: string): Promise<Response> {
  const ctx = { waitUntil() {}, passThroughOnException() {}, props: {} };
  return createApp().fetch(
    new Request('http://latchkey.test/v1/secrets', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    }),
    env,
    ctx as never,
  );
}

test('preflight answers allowed origins with bearer-only CORS headers and refuses others', async () => {
  const ok = await preflight(testEnv, 'https://abc-colab.googleusercontent.com');
  expect(ok.status).toBe(204);
  expect(ok.headers.get('access-control-allow-origin')).toBe('https://abc-colab.googleusercontent.com');
  expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
  expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
  const refused = await preflight(testEnv, 'https://evil.example');
  expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  const opaque = await preflight({ ...testEnv, ALLOWED_ORIGINS: `${DEFAULT_ALLOWED_ORIGINS},null` }, 'null');
  expect(opaque.headers.get('access-control-allow-origin')).toBe('null');
  const res = await createApp().fetch(new Request('http://latchkey.test/v1/health', { headers: { origin: 'http://localhost:3000' } }), testEnv, { waitUntil() {}, passThroughOnException() {}, props: {} } as never);
  expect(res.headers.get('access-control-expose-headers')).toMatch(/Retry-After/i);
});
