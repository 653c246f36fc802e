/**
 * Runtime matrix (issue 4): the same end-to-end scenario (log in or sign up,
 * save, load, verify a fingerprint, share, load as grantee, notebook env) in
 * Node, Deno, workerd, a Chromium page, an opaque-origin iframe and a module
 * Web Worker, against the real local server. Browsers load the client from
 * `<api>/v1/client.js` on 127.0.0.1 while their pages come from localhost on
 * another port, so every call is cross-origin.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { LatchkeyClient } from '../../src/client/index.ts';
import { chromiumAvailable, collectConsole, launchChromium } from '../browser/chromium.ts';
import { installRunnerFiles, openPage, runInOpaqueIframe, runInPage, runInWorker, type ScenarioRun } from '../browser/runners.ts';
import { startStaticServer, type StaticServer } from '../browser/static-server.ts';
import { runInDeno } from './deno.ts';
import { scenarioJavaScript, startFixture, TEST_PASSPHRASE, type Fixture, type TestMachine } from './fixtures.ts';
import { run as runScenario, type ScenarioInput, type ScenarioResult } from './scenario.ts';
import { runInWorkerd } from './workerd.ts';

// Browsers, Deno, Jupyter and scrypt share 2 cores with the rest of the suite: generous per-test time.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let fx: Fixture;
let alice: LatchkeyClient;
let grantee: TestMachine;
let scenarioJs: string;

beforeAll(async () => {
  fx = await startFixture();
  scenarioJs = await scenarioJavaScript();
  alice = await fx.person('alice');
  const bob = await fx.person('bob');
  grantee = await fx.machine(bob, 'nb');
});

afterAll(async () => {
  await fx?.close();
});

/** Input for one runtime: its own owner machine and secret name. */
async function inputFor(runtime: string, owner?: ScenarioInput['owner']): Promise<ScenarioInput> {
  return {
    server: fx.server.url,
    runtime,
    owner: owner ?? { token: (await fx.machine(alice, `rt-${runtime}`)).token },
    grantee,
    secret: { name: `matrix/${runtime}`, values: { API_TOKEN: `value-${runtime}-${crypto.randomUUID()}`, region: 'eu-west-1' } },
  };
}

function expectScenario(result: ScenarioResult, input: ScenarioInput, storeKind: string): void {
  expect(result.runtime).toBe(input.runtime);
  expect(result.storeKind).toBe(storeKind);
  expect(result.loadedBack).toEqual(input.secret.values);
  expect(result.verifyStatus).toBe('verified');
  expect(result.granteeAccess).toBe('read');
  expect(result.granteeValues).toEqual(input.secret.values);
  expect(result.notebookStoreKind).toBe('memory');
  // A share sets only SECRETNAME_KEY names, even for a key that is already an upper-case variable name.
  const prefix = input.runtime.toUpperCase();
  expect(result.notebookEnv).toEqual({ [`${prefix}_API_TOKEN`]: input.secret.values.API_TOKEN, [`${prefix}_REGION`]: 'eu-west-1' });
  expect(result.redactedDisplay).toMatch(/API_TOKEN \(\d+ chars, hidden\)/);
  expect(result.redactedDisplay).not.toContain(input.secret.values.API_TOKEN);
  expect(result.errorsAreTyped).toBe(true);
}

test('node: the SDK sources in the test runner', async () => {
  const input = { ...(await inputFor('node')), ownerStore: 'memory' as const };
  const lk = await import('../../src/client/browser.ts');
  expectScenario(await runScenario(lk, input), input, 'memory');
});

test('deno: imports <server>/v1/client.js with net access to 127.0.0.1 only', async () => {
  const input = await inputFor('deno');
  const result = (await runInDeno({ clientUrl: fx.clientUrl, scenarioJs, input })) as ScenarioResult;
  expectScenario(result, input, 'memory');
  expect(result.notices.join('\n')).toMatch(/memory/);
});

test('workerd: the bundle inside a Worker under Miniflare', async () => {
  const input = await inputFor('workerd');
  const result = (await runInWorkerd({ clientFile: fx.clientFile, scenarioJs, input })) as ScenarioResult;
  expectScenario(result, input, 'memory');
});

describe('chromium', () => {
  const available = chromiumAvailable('runtime matrix (chromium)');
  let browser: Browser;
  let pages: StaticServer;
  let page: Page;
  let consoleLines: string[];
  const secretValues: string[] = [];

  beforeAll(async () => {
    if (!available) return;
    pages = await startStaticServer({ '/scenario.js': { type: 'text/javascript', body: scenarioJs } });
    installRunnerFiles(pages);
    browser = await launchChromium();
    page = await openPage(browser, pages);
    consoleLines = collectConsole(page);
  });
  afterAll(async () => {
    await browser?.close();
    await pages?.close();
  });

  function scenarioRun(input: ScenarioInput): ScenarioRun {
    secretValues.push(...Object.values(input.secret.values));
    return { clientUrl: fx.clientUrl, scenarioUrl: `${pages.origin}/scenario.js`, input };
  }

  test.skipIf(!available)('page: passphrase signup, IndexedDB store, cross-origin API', async () => {
    expect(new URL(page.url()).origin).not.toBe(new URL(fx.server.url).origin);
    const input = await inputFor('page', { signup: { handle: 'carol', passphrase: TEST_PASSPHRASE } });
    const result = (await runInPage(page, scenarioRun(input))) as ScenarioResult;
    expectScenario(result, input, 'indexeddb');
    // The browser build carries no strength estimator (its dictionaries are far over the bundle budget) and says so.
    expect(result.notices.join('\n')).toMatch(/no passphrase strength estimator; only the length was checked/);
  });

  test.skipIf(!available)('opaque-origin iframe (sandbox="allow-scripts"): memory store', async () => {
    const input = await inputFor('iframe');
    const result = (await runInOpaqueIframe(page, scenarioRun(input))) as ScenarioResult;
    expectScenario(result, input, 'memory');
    expect(result.notices.join('\n')).toMatch(/IndexedDB is unavailable/);
  });

  test.skipIf(!available)('module Web Worker: IndexedDB store', async () => {
    const input = await inputFor('worker');
    expectScenario((await runInWorker(page, pages, scenarioRun(input))) as ScenarioResult, input, 'indexeddb');
  });

  test.skipIf(!available)('nothing the browser logged contains a secret value', () => {
    expect(secretValues.length).toBeGreaterThan(0);
    const log = consoleLines.join('\n');
    for (const value of secretValues.filter((v) => v.startsWith('value-'))) expect(log).not.toContain(value);
  });
});
