/**
 * The browser notebooks against the local server, from pages on another
 * origin: every code cell of jupyterlite.ipynb in a Chromium page and in a
 * module Web Worker (each cell wrapped in an async function sharing state
 * through globalThis, as JupyterLite's JavaScript kernels do), and the
 * JavaScript of colab.ipynb in a sandboxed opaque-origin iframe (like Colab's
 * output frames). Each must end with the expected values decrypted.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createClient, type LatchkeyClient } from '../../src/client/index.ts';
import { chromiumAvailable, collectConsole, launchChromium } from '../browser/chromium.ts';
import { installRunnerFiles, openPage, runInOpaqueIframe, runInPage, runInWorker } from '../browser/runners.ts';
import { startStaticServer, type StaticServer } from '../browser/static-server.ts';
import { startFixture, TEST_PASSPHRASE, type Fixture } from '../runtimes/fixtures.ts';
import { cellSource, NOTEBOOK_DIR, readNotebook } from './notebook-files.ts';

// Browsers, Deno, Jupyter and scrypt share 2 cores with the rest of the suite: generous per-test time.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

/** Runs cells one by one like JupyterLite: an async function per cell, console.log captured. */
const CELL_RUNNER = `export async function run(_client, input) {
  Object.assign(globalThis, input.globals);
  const AsyncFunction = (async () => {}).constructor;
  const logs = [];
  const original = console.log;
  console.log = (...args) => logs.push(args.map(String).join(' '));
  try {
    for (const [index, source] of input.cells.entries()) {
      try {
        await new AsyncFunction(source)();
      } catch (err) {
        throw new Error('cell ' + (index + 1) + ' failed: ' + (err && err.stack || err) + '\\nlogs:\\n' + logs.join('\\n'));
      }
    }
  } finally {
    console.log = original;
  }
  return { logs, values: globalThis.openai.values, origin: self.origin };
}`;

const available = chromiumAvailable('notebooks in Chromium');
const OPENAI_KEY = `sk-test-${crypto.randomUUID().replaceAll('-', '')}`;
const HF_TOKEN = `hf_test${crypto.randomUUID().replaceAll('-', '')}`;
let fx: Fixture;
let pages: StaticServer;
let browser: Browser;
let bob: LatchkeyClient;
let bobFingerprint: string;
let liteCells: string[];
const consoleLines: string[] = [];

beforeAll(async () => {
  if (!available) return;
  fx = await startFixture();
  bob = await fx.person('bob');
  bobFingerprint = (await bob.whoami()).fingerprint;
  const lite = await readNotebook(join(NOTEBOOK_DIR, 'jupyterlite.ipynb'));
  liteCells = lite.cells.filter((c) => c.cell_type === 'code').map(cellSource);
  const colab = await readNotebook(join(NOTEBOOK_DIR, 'colab.ipynb'));
  const js = colab.cells.map(cellSource).join('\n').match(/LOAD_SECRETS_JS = r'''([\s\S]*?)'''/)?.[1];
  if (!js) throw new Error("colab.ipynb has no LOAD_SECRETS_JS = r'''...''' cell");
  pages = await startStaticServer({
    '/lite.js': { type: 'text/javascript', body: CELL_RUNNER },
    '/colab.js': {
      type: 'text/javascript',
      body: `export async function run(_client, input) {\n  return (${js})(input.server, input.token, input.names);\n}\n`,
    },
  });
  installRunnerFiles(pages);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await pages?.close();
  await fx?.close();
});

async function freshPage(): Promise<Page> {
  const page = await openPage(browser, pages);
  const lines = collectConsole(page);
  page.on('close', () => consoleLines.push(...lines));
  return page;
}

/** Seeds an owner with `openai` and returns the globals the notebook's first cell would set. */
async function seedLite(owner: string): Promise<Record<string, unknown>> {
  const client = await fx.person(owner);
  await (await client.secret({ name: 'openai', values: { api_key: OPENAI_KEY }, provider: 'openai' })).save();
  return {
    LATCHKEY_SERVER: fx.server.url,
    LATCHKEY_HANDLE: owner,
    LATCHKEY_PASSPHRASE: TEST_PASSPHRASE,
    LATCHKEY_SECRET_KEY: fx.secretKeys[owner],
    TEAMMATE: 'bob',
    TEAMMATE_FINGERPRINT: bobFingerprint,
  };
}

interface LiteResult {
  logs: string[];
  values: Record<string, string>;
  origin: string;
}

function expectLite(result: LiteResult, owner: string, store: string): void {
  expect(result.values).toEqual({ api_key: OPENAI_KEY });
  expect(result.logs).toEqual([
    `logged in as ${owner}; session kept in ${store}`,
    'openai v1: api_key',
    'API call skipped (set RUN_API_CALL = true to send it)',
    `bob: ${bobFingerprint} (unpinned)`,
    `shared openai with bob (read), fingerprint ${bobFingerprint}`,
    'bob: read',
    'logged out',
  ]);
  expect(result.logs.join('\n')).not.toContain(OPENAI_KEY);
}

describe.skipIf(!available)('jupyterlite.ipynb', () => {
  test('every code cell in a page on another origin (like the iframe kernel)', async () => {
    const page = await freshPage();
    const globals = await seedLite('alice');
    const result = (await runInPage(page, {
      clientUrl: fx.clientUrl,
      scenarioUrl: `${pages.origin}/lite.js`,
      input: { cells: liteCells, globals },
    })) as LiteResult;
    expect(result.origin).toBe(pages.origin);
    expectLite(result, 'alice', 'indexeddb');
    expect((await bob.secret('alice:openai')).values).toEqual({ api_key: OPENAI_KEY });
    await page.close();
  });

  test('every code cell in a module Web Worker (like the worker kernel)', async () => {
    const page = await freshPage();
    const globals = await seedLite('carol');
    const result = (await runInWorker(page, pages, {
      clientUrl: fx.clientUrl,
      scenarioUrl: `${pages.origin}/lite.js`,
      input: { cells: liteCells, globals },
    })) as LiteResult;
    expectLite(result, 'carol', 'indexeddb');
    expect((await bob.secret('carol:openai')).values).toEqual({ api_key: OPENAI_KEY });
    await page.close();
  });
});

describe.skipIf(!available)('colab.ipynb', () => {
  test('its JavaScript loads huggingface into env from an opaque-origin iframe with a machine token', async () => {
    const dave = await fx.person('dave');
    await (await dave.secret({ name: 'huggingface', values: { token: HF_TOKEN }, provider: 'huggingface' })).save();
    const machine = await fx.machine(dave, 'colab');
    await (await dave.secret('huggingface')).share(machine.handle, { access: 'read' });
    // The machine accepts its creator's shares once (stored on the server, honoured by every later login).
    const asMachine = createClient({ server: fx.server.url, store: 'memory' });
    await asMachine.login({ token: machine.token });
    await asMachine.acceptFrom('dave');
    await asMachine.logout();
    const page = await freshPage();
    const env = await runInOpaqueIframe(page, {
      clientUrl: fx.clientUrl,
      scenarioUrl: `${pages.origin}/colab.js`,
      input: { server: fx.server.url, token: machine.token, names: ['huggingface'] },
    });
    expect(env).toEqual({ HF_TOKEN });
    await page.close();
  });
});

describe.skipIf(!available)('browser console', () => {
  test('no secret value was logged by any notebook run', () => {
    const log = consoleLines.join('\n');
    // The console was captured (the Colab frame's memory-store notice is there) ...
    expect(log).toMatch(/IndexedDB is unavailable/);
    // ... and holds no value.
    expect(log).not.toContain(OPENAI_KEY);
    expect(log).not.toContain(HF_TOKEN);
  });
});
