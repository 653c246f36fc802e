/**
 * GET /v1/client.js on the real worker: the browser build with a long cache,
 * a content-hash ETag, CORS for any origin, and hashes that match the bundle
 * the build wrote.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readFile } from 'node:fs/promises';
import { BROWSER_OUTFILE, bundleIntegrity } from '../../scripts/browser-bundle.mjs';
import { fetchClientIntegrity } from '../../src/client/bundle-integrity.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

test('serves the browser client with immutable cache, content-hash ETag, CORS and nosniff', async () => {
  const response = await fetch(`${server.url}/v1/client.js`, { headers: { Origin: 'https://example.org' } });
  expect(response.status).toBe(200);
  const body = new Uint8Array(await response.arrayBuffer());
  const expected = bundleIntegrity(body);
  expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
  expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(response.headers.get('etag')).toBe(`"${expected.sha256}"`);
  expect(response.headers.get('x-latchkey-client-integrity')).toBe(expected.sri);
  // Public code: any origin may import it, including opaque (sandboxed) frames.
  expect(response.headers.get('access-control-allow-origin')).toBe('*');
  expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(new TextDecoder().decode(body)).toMatch(/\bexport\s*\{/);

  const fromNull = await fetch(`${server.url}/v1/client.js`, { headers: { Origin: 'null' } });
  expect(fromNull.headers.get('access-control-allow-origin')).toMatch(/^(\*|null)$/);
  await fromNull.body?.cancel();

  // The file the build wrote is the one served.
  expect(bundleIntegrity(await readFile(BROWSER_OUTFILE))).toEqual(expected);
  const fetched = await fetchClientIntegrity(server.url);
  expect(fetched).toMatchObject({ sha256: expected.sha256, sri: expected.sri, bytes: body.length });
});

test('answers If-None-Match with 304 and HEAD without a body', async () => {
  const first = await fetch(`${server.url}/v1/client.js`);
  const etag = first.headers.get('etag')!;
  await first.body?.cancel();
  const again = await fetch(`${server.url}/v1/client.js`, { headers: { 'If-None-Match': etag } });
  expect(again.status).toBe(304);
  expect(again.headers.get('etag')).toBe(etag);
  const other = await fetch(`${server.url}/v1/client.js`, { headers: { 'If-None-Match': '"0000"' } });
  expect(other.status).toBe(200);
  await other.body?.cancel();
  const head = await fetch(`${server.url}/v1/client.js`, { method: 'HEAD' });
  expect(head.status).toBe(200);
  expect((await head.arrayBuffer()).byteLength).toBe(0);
});
