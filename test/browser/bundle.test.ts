/**
 * The browser build (`./browser` export, served at /v1/client.js): one
 * self-contained ESM file with no Node built-ins and none of the Node-only
 * modules (file store, provider file codecs, noble fallback).
 */
import { expect, test } from 'vitest';
import { BROWSER_BUDGET_GZIP_BYTES, buildBrowserBundle } from '../../scripts/browser-bundle.mjs';

/** The budget: 52 KB minified + gzip -9 (`npx tsx bench/bundle.ts` shows what each part costs). */
const BUDGET_GZIP_BYTES = 52 * 1024;

test('browser bundle is one self-contained ESM file without Node built-ins', async () => {
  const bundle = await buildBrowserBundle({ write: false });
  const text = new TextDecoder().decode(bundle.code);
  console.log(
    `browser bundle: ${bundle.bytes} bytes minified, ${bundle.gzipBytes} bytes gzip -9 ` +
      `(budget ${BROWSER_BUDGET_GZIP_BYTES}), sha256 ${bundle.sha256}`,
  );
  expect(text).not.toMatch(/["']node:/);
  expect(text).not.toMatch(/\brequire\(/);
  // Nothing else to fetch: no static or dynamic import left in the file.
  expect(text).not.toMatch(/\bimport\s*\(|\bimport\s*[{*\w][^;]*?from\s*["']/);
  expect(text).toMatch(/\bexport\s*\{/);
  // Node-only code is replaced by stubs, not shipped.
  expect(text).not.toMatch(/mkdtemp|readFileSync|homedir\(\)/);
  // The passphrase strength estimator and its dictionaries stay out of the eager bundle.
  expect(text).not.toMatch(/zxcvbn|adjacencyGraphs|ZxcvbnFactory/);
  // zod is replaced by the subset the wire schemas use (see test/browser/zod-mini-subset.test.ts).
  expect(text).not.toMatch(/Encountered Promise during synchronous parse/);
  expect(BROWSER_BUDGET_GZIP_BYTES).toBe(BUDGET_GZIP_BYTES);
  expect(bundle.gzipBytes, `over the ${BUDGET_GZIP_BYTES}-byte gzip -9 budget`).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  expect(bundle.sri).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
  expect(bundle.sha256).toMatch(/^[0-9a-f]{64}$/);
});
