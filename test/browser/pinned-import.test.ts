/**
 * The `importPinned` snippet of docs/notebooks.md ("Pinning the
 * client"), taken from the document itself: imports the served client when
 * its SRI matches and refuses it otherwise, in a Chromium page and in Deno.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import type { Browser } from 'playwright-core';
import { fetchClientIntegrity } from '../../src/client/bundle-integrity.ts';
import { runInDeno } from '../runtimes/deno.ts';
import { startFixture, type Fixture } from '../runtimes/fixtures.ts';
import { chromiumAvailable, launchChromium } from './chromium.ts';
import { installRunnerFiles, openPage, runInPage } from './runners.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

// Browsers, Deno, Jupyter and scrypt share 2 cores with the rest of the suite: generous per-test time.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const available = chromiumAvailable('pinned import in Chromium');
let fx: Fixture;
let sri: string;
let scenarioJs: string;
let pages: StaticServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  fx = await startFixture();
  sri = (await fetchClientIntegrity(fx.server.url))!.sri;
  const doc = await readFile(join(import.meta.dirname, '../../docs/notebooks.md'), 'utf8');
  const snippet = /```js\n(\/\*\* Imports the latchkey client[\s\S]*?\n\})\n/.exec(doc)?.[1];
  if (!snippet) throw new Error('docs/notebooks.md lost its importPinned snippet');
  scenarioJs =
    `${snippet}\n` +
    'export async function run(_client, input) {\n' +
    '  const lk = await importPinned(input.url, input.sri);\n' +
    '  let refused = "";\n' +
    '  try { await importPinned(input.url, "sha384-" + "A".repeat(64)); } catch (err) { refused = String(err.message); }\n' +
    '  return { loaded: typeof lk.notebookLogin, refused };\n' +
    '}\n';
  if (available) {
    pages = await startStaticServer({ '/pinned.js': { type: 'text/javascript', body: scenarioJs } });
    installRunnerFiles(pages);
    browser = await launchChromium();
  }
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await fx?.close();
});

function expectPinned(result: unknown): void {
  expect(result).toEqual({ loaded: 'function', refused: expect.stringMatching(/^refusing http:\/\/127\.0\.0\.1:\d+\/v1\/client\.js: it hashes to sha384-/) });
}

test.skipIf(!available)('importPinned in a Chromium page', async () => {
  const page = await openPage(browser!, pages!);
  expectPinned(await runInPage(page, { clientUrl: fx.clientUrl, scenarioUrl: `${pages!.origin}/pinned.js`, input: { url: fx.clientUrl, sri } }));
});

test('importPinned in Deno', async () => {
  expectPinned(await runInDeno({ clientUrl: fx.clientUrl, scenarioJs, input: { url: fx.clientUrl, sri } }));
});
