/**
 * CORS on the real worker: an allowed origin (localhost, the default list)
 * can call the API from a page; a disallowed one is refused by the browser
 * (no Access-Control-Allow-Origin on the preflight or the answer). The client
 * bundle itself is public code and importable from any origin.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { chromiumAvailable, launchChromium } from './chromium.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

// Browsers, Deno, Jupyter and scrypt share 2 cores with the rest of the suite: generous per-test time.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const DISALLOWED_HOST = 'notebook.invalid';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

test('preflight and answers carry ACAO only for allowed origins', async () => {
  const preflight = (origin: string) =>
    fetch(`${server.url}/v1/secrets`, {
      method: 'OPTIONS',
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
  const allowed = await preflight('http://localhost:5173');
  expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
  expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
  const colab = await preflight('https://abc123-colab.googleusercontent.com');
  expect(colab.headers.get('access-control-allow-origin')).toBe('https://abc123-colab.googleusercontent.com');
  for (const origin of ['https://evil.example', 'https://colab.googleusercontent.com.evil.example', `http://${DISALLOWED_HOST}:8080`]) {
    const refused = await preflight(origin);
    expect(refused.headers.get('access-control-allow-origin'), origin).toBeNull();
  }
  const health = await fetch(`${server.url}/v1/health`, { headers: { Origin: 'https://evil.example' } });
  expect(health.headers.get('access-control-allow-origin')).toBeNull();
  await health.body?.cancel();
});

describe('in Chromium', () => {
  const available = chromiumAvailable('CORS in Chromium');
  let browser: Browser;
  let pages: StaticServer;

  beforeAll(async () => {
    if (!available) return;
    pages = await startStaticServer({ '/blank.html': { type: 'text/html', body: '<!doctype html><title>cors</title>' } });
    const port = new URL(pages.origin).port;
    // A second, disallowed origin for the same static server.
    browser = await launchChromium([`--host-resolver-rules=MAP ${DISALLOWED_HOST} 127.0.0.1`]);
    expect(port).not.toBe('');
  });
  afterAll(async () => {
    await browser?.close();
    await pages?.close();
  });

  async function callFrom(origin: string): Promise<{ status?: number; error?: string; imported: boolean }> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${origin}/blank.html`);
    const result = await page.evaluate(`(async (api) => {
      let imported = false;
      try { imported = typeof (await import(api + '/v1/client.js')).createClient === 'function'; } catch {}
      try {
        const response = await fetch(api + '/v1/me', { headers: { authorization: 'Bearer not-a-token' } });
        return { status: response.status, imported };
      } catch (err) {
        return { error: String(err), imported };
      }
    })(${JSON.stringify(server.url)})`);
    await page.context().close();
    return result as { status?: number; error?: string; imported: boolean };
  }

  test.skipIf(!available)('an allowed page origin reads the API answer', async () => {
    expect(await callFrom(pages.origin)).toEqual({ status: 401, imported: true });
  });

  test.skipIf(!available)('a disallowed page origin is refused by the browser, yet may import the public bundle', async () => {
    const origin = pages.origin.replace('localhost', DISALLOWED_HOST);
    const result = await callFrom(origin);
    expect(result.status).toBeUndefined();
    expect(result.error).toMatch(/TypeError/);
    expect(result.imported).toBe(true);
  });
});
