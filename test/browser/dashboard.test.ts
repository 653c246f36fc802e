/**
 * The dashboard in real Chromium against the real local server (the built
 * worker under Miniflare), as two people: alice signs up in the page, creates,
 * reveals, copies (and the clipboard is cleared), edits (with a conflict from
 * a second tab, reloaded and reapplied), views an old version and rolls back,
 * shares with bob after checking his fingerprint (a wrong one is refused),
 * bob in his own browser context accepts and reads it, alice unshares (the
 * rotate reminder), bob declines a second share, alice deletes; a machine
 * created in the page logs in with the built CLI (bin/latchkey.js) in a
 * temporary HOME, and its deletion ends that session; audit and account
 * pages; the idle lock forgets the keys and the passphrase unlocks. axe-core
 * runs on every page, light and dark, and every request and API answer of
 * both contexts is scanned for every value, passphrase, Secret Key and token.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildCli } from '../../scripts/build.mjs';
import { makeUser, runCli, type BuiltCli } from '../cli/helpers.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { chromiumAvailable, collectConsole, launchChromium } from './chromium.ts';
import {
  byLabel, captureTraffic, createInPage, expectAccessible, findLeaks, marker, screenshotDir, signupInPage,
} from './dashboard-driver.ts';

vi.setConfig({ testTimeout: 240_000, hookTimeout: 180_000 });

const available = chromiumAvailable('dashboard in Chromium');
const latchkey: BuiltCli = { entry: resolve(import.meta.dirname, '../../bin/latchkey.js'), remove: async () => {} };
let server: TestServer;
let browser: Browser;
let base: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'latchkey-dashboard-'));
  [server] = await Promise.all([startTestServer(), buildCli()]);
  if (available) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (base) await rm(base, { recursive: true, force: true });
});

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1100, height: 800 } });
  await context.clock.install();
  return context;
}

const revealed = (page: Page, key: string) => page.locator(`[data-value-of="${key}"]`).first();

async function reveal(page: Page, key: string): Promise<string> {
  await page.getByRole('button', { name: `Reveal ${key}`, exact: true }).first().click();
  return (await revealed(page, key).textContent())!;
}

test.skipIf(!available)('the dashboard tour as two people, with a clean network capture', async () => {
  const alicePass = marker('alice passphrase');
  const bobPass = marker('bob passphrase');
  const v1 = marker('sk-v1');
  const v2 = marker('sk-v2');
  const org = marker('org');
  const other = marker('other-tab');
  const shots = await screenshotDir(join(base, 'shots'));

  const a = await newContext();
  const aliceNet = captureTraffic(a);
  const page = await a.newPage();
  const aliceConsole = collectConsole(page);

  // The page and its security headers; the API keeps its CORS and gets none of them.
  const res = await page.goto(`${server.url}/`);
  const headers = res!.headers();
  expect(headers['content-security-policy']).toContain("default-src 'self'");
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  expect(headers['referrer-policy']).toBe('no-referrer');
  const api = await fetch(`${server.url}/v1/health`, { headers: { Origin: 'http://localhost:5173' } });
  expect(api.headers.get('content-security-policy')).toBeNull();
  expect(api.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  await api.body?.cancel();
  await expectAccessible(page, 'login');

  const aliceKey = await signupInPage(page, 'alice', alicePass);
  await createInPage(page, 'openai', { api_key: v1 }, 'openai');
  await expect.poll(() => page.locator('main').textContent()).toContain('signed by alice (you)');
  await expect.poll(() => page.locator('main').textContent()).toContain('Chain of 1 version checked');
  await expect.poll(() => page.locator('main').textContent()).not.toContain(v1);
  expect(await reveal(page, 'api_key')).toBe(v1);
  await page.getByRole('button', { name: 'Hide api_key', exact: true }).click();
  await page.getByRole('button', { name: 'Copy api_key', exact: true }).click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(v1);
  await expect.poll(() => page.getByText('The clipboard is cleared in 30 s').count()).toBe(1);
  await page.clock.fastForward(31_000);
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('');
  await expect.poll(() => page.getByText('Clipboard cleared.').count()).toBe(1);
  await expectAccessible(page, 'secret page');

  // Edit: change a value and add a key.
  await page.getByRole('button', { name: 'Edit values' }).click();
  await page.locator('.kv').nth(0).locator('[data-value]').fill(v2);
  await page.getByRole('button', { name: 'Add a key' }).click();
  await page.locator('.kv').nth(1).locator('[data-key]').fill('organization');
  await page.locator('.kv').nth(1).locator('[data-value]').fill(org);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Saved version 2.').waitFor();
  expect(await reveal(page, 'organization')).toBe(org);

  // A conflict: a second tab saves first; the first reloads and reapplies its change.
  const tab = await a.newPage();
  await tab.goto(`${server.url}/#/secret/openai`);
  await page.getByRole('button', { name: 'Edit values' }).click();
  await tab.getByRole('button', { name: 'Edit values' }).click();
  await tab.locator('.kv').nth(1).locator('[data-value]').fill(other);
  await tab.getByRole('button', { name: 'Save', exact: true }).click();
  await tab.getByText('Saved version 3.').waitFor();
  await tab.close();
  await page.locator('.kv').nth(0).locator('[data-value]').fill(v1);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Someone saved a newer version').waitFor();
  await page.getByRole('button', { name: 'Reload and reapply my change' }).click();
  await page.getByText('Reloaded version 3 and applied your change again').waitFor();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Saved version 4.').waitFor();
  expect(await reveal(page, 'api_key')).toBe(v1);
  expect(await reveal(page, 'organization')).toBe(other);

  // History: view version 2, roll back to it.
  await page.getByRole('button', { name: 'View v2', exact: true }).click();
  await page.getByRole('heading', { name: /^Version 2 by alice/ }).waitFor();
  await page.getByRole('button', { name: 'Roll back to v2', exact: true }).click();
  await page.getByText('Rolled back: version 5 has the values of version 2.').waitFor();
  expect(await reveal(page, 'api_key')).toBe(v2);
  expect(await reveal(page, 'organization')).toBe(org);
  await page.screenshot({ path: join(shots, 'secret-light.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page, 'secret page (dark)');
  await page.screenshot({ path: join(shots, 'secret-dark.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });

  // bob signs up in his own browser context and reads out his fingerprint.
  const b = await newContext();
  const bobNet = captureTraffic(b);
  const bobPage = await b.newPage();
  const bobConsole = collectConsole(bobPage);
  await bobPage.goto(`${server.url}/`);
  const bobKey = await signupInPage(bobPage, 'bob', bobPass);
  await bobPage.getByRole('link', { name: 'Account' }).click();
  const bobFp = (await bobPage.locator('[data-my-fp]').textContent())!;
  await expectAccessible(bobPage, 'account');

  // A wrong fingerprint is refused; the right one shares.
  await page.goto(`${server.url}/#/account`);
  const aliceFp = (await page.locator('[data-my-fp]').textContent())!;
  await page.goto(`${server.url}/#/secret/openai`);
  await byLabel(page, 'Handle').fill('bob');
  await byLabel(page, 'Their fingerprint (optional)').fill(aliceFp);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await page.locator('#alert').getByText(/fingerprint/i).first().waitFor();
  await byLabel(page, 'Their fingerprint (optional)').fill(bobFp);
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await page.getByText('checked against the one you entered').waitFor();
  await expect.poll(() => page.locator('table.grantees').textContent()).toContain(bobFp);

  // bob sees it pending with alice's fingerprint, accepts, reads.
  await bobPage.goto(`${server.url}/#/`);
  const pending = bobPage.locator('[data-pending="alice:openai"]');
  await pending.waitFor();
  expect(await pending.textContent()).toContain(aliceFp);
  await expectAccessible(bobPage, 'list with a pending share');
  await bobPage.getByRole('button', { name: 'Accept alice:openai', exact: true }).click();
  await bobPage.getByRole('heading', { name: 'Verification' }).waitFor();
  expect(await reveal(bobPage, 'api_key')).toBe(v2);
  await expect.poll(() => bobPage.locator('[data-signer-fp]').textContent()).toBe(aliceFp);
  expect(await bobPage.getByRole('button', { name: 'Edit values' }).count()).toBe(0);

  // alice unshares: the rotate reminder; bob no longer lists it.
  await page.getByRole('button', { name: 'Unshare bob', exact: true }).click();
  await page.getByText('rotate the upstream credential now').waitFor();
  await bobPage.goto(`${server.url}/#/`);
  await bobPage.getByText('No secrets yet').waitFor();

  // The list (light screenshot), then delete with typed confirmation.
  // A share bob declines: his grant and his copy of the key are deleted.
  await createInPage(page, 'hf', { token: marker('hf') }, 'huggingface');
  await byLabel(page, 'Handle').fill('bob');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await page.getByText('Shared with bob (read)').waitFor();
  await bobPage.reload();
  await bobPage.getByRole('button', { name: 'Decline alice:hf', exact: true }).click();
  await bobPage.getByText('Declined alice:hf').waitFor();
  await bobPage.getByText('No secrets yet').waitFor();
  await page.reload();
  await page.getByText('Not shared with anyone.').waitFor();
  await page.goto(`${server.url}/#/`);
  await page.locator('table.secrets').waitFor();
  await expect.poll(() => page.locator('table.secrets tbody tr').count()).toBe(2);
  expect(await page.locator('table.secrets').textContent()).toContain('env OPENAI_API_KEY');
  await page.screenshot({ path: join(shots, 'list-light.png'), fullPage: true });
  await byLabel(page, 'Filter by text').fill('open');
  await expect.poll(() => page.locator('table.secrets tbody tr:not([hidden])').count()).toBe(1);
  await expectAccessible(page, 'list');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expectAccessible(page, 'list (dark)');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('link', { name: 'openai' }).click();
  const del = page.getByRole('button', { name: 'Delete for everyone' });
  await del.waitFor();
  await byLabel(page, 'Type openai to delete it with all its versions').fill('openai-');
  expect(await del.isDisabled()).toBe(true);
  await byLabel(page, 'Type openai to delete it with all its versions').fill('openai');
  await del.click();
  await page.getByText('Deleted openai and all its versions.').waitFor();
  await expect.poll(() => page.locator('table.secrets tbody tr').count()).toBe(1);

  // A machine: token shown once; it logs in from the built CLI in a temporary HOME.
  await page.getByRole('link', { name: 'Machines' }).click();
  await byLabel(page, 'Machine name').fill('ci');
  await expectAccessible(page, 'machines');
  await page.getByRole('button', { name: 'Create machine' }).click();
  const token = (await page.locator('[data-machine-token]').textContent())!;
  expect(await page.getByRole('heading', { name: 'Token for alice.ci: shown once' }).count()).toBe(1);
  const user = await makeUser(base, 'ci', server.url);
  const login = await runCli(latchkey, ['login', '--token', token, '--no-pull', '--no-push'], { env: user.env, timeoutMs: 60_000 });
  expect(login.code, login.stderr).toBe(0);
  const whoami = await runCli(latchkey, ['whoami'], { env: user.env, timeoutMs: 60_000 });
  expect(whoami.stdout).toContain('alice.ci');
  await page.getByRole('button', { name: 'I stored the token: done' }).click();
  await page.getByRole('cell', { name: 'alice.ci' }).waitFor();
  // Deleting it (confirmed in the browser's dialog) ends its session at once.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Delete ci', exact: true }).click();
  await page.getByText('Deleted machine ci.').waitFor();
  await expect.poll(() => page.getByRole('cell', { name: 'alice.ci' }).count()).toBe(0);
  const after = await runCli(latchkey, ['whoami'], { env: user.env, timeoutMs: 60_000 });
  expect(after.code).not.toBe(0);

  // Audit and account.
  await page.getByRole('link', { name: 'Audit' }).click();
  await page.getByRole('cell', { name: 'created a machine' }).first().waitFor();
  expect(await page.getByRole('cell', { name: 'removed a share' }).count()).toBeGreaterThan(0);
  await expectAccessible(page, 'audit');
  await page.getByRole('link', { name: 'Account' }).click();
  await expect.poll(() => page.locator('main').textContent()).toContain(server.url);
  await expectAccessible(page, 'account (alice)');

  // Idle for 15 minutes: locked, keys forgotten (session ended); the passphrase unlocks.
  await page.clock.fastForward('15:10');
  await page.getByRole('heading', { name: 'Locked: alice' }).waitFor();
  expect(await page.evaluate(() => document.querySelector('main')!.textContent)).not.toContain(aliceFp);
  await expectAccessible(page, 'unlock');
  await byLabel(page, 'Passphrase').fill(alicePass);
  await page.getByRole('button', { name: 'Unlock' }).click();
  // Back where it locked.
  await page.getByRole('heading', { name: 'Account', exact: true }).waitFor({ timeout: 90_000 });

  // Log out; a new browser context logs in only with the Secret Key.
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  const c = await newContext();
  const fresh = await c.newPage();
  const freshNet = captureTraffic(c);
  await fresh.goto(`${server.url}/`);
  await byLabel(fresh, 'Handle').fill('alice');
  await byLabel(fresh, 'Passphrase').fill(alicePass);
  await fresh.getByRole('button', { name: 'Log in', exact: true }).click();
  await fresh.getByText('This browser needs your Secret Key').waitFor({ timeout: 90_000 });
  await byLabel(fresh, 'Secret Key').fill(aliceKey);
  await fresh.getByRole('button', { name: 'Log in', exact: true }).click();
  await fresh.getByRole('link', { name: 'hf' }).waitFor({ timeout: 90_000 });

  // Nothing secret on the wire: values, passphrases, Secret Keys and the machine token nowhere;
  // session tokens only in Authorization.
  await Promise.all([aliceNet.settle(), bobNet.settle(), freshNet.settle()]);
  const seen = [...aliceNet.seen, ...bobNet.seen, ...freshNet.seen];
  expect(seen.length).toBeGreaterThan(50);
  const needles = { v1, v2, org, other, alicePass, bobPass, aliceKey, bobKey, machineToken: token };
  expect(findLeaks(seen, needles)).toEqual([]);
  const bearers = new Set(seen.flatMap((s) => (s.kind === 'request' && s.headers.authorization ? [s.headers.authorization.replace(/^Bearer /, '')] : [])));
  expect(bearers.size).toBeGreaterThan(2);
  const requests = seen.filter((s) => s.kind === 'request');
  expect(findLeaks(requests, Object.fromEntries([...bearers].map((t, i) => [`session token ${i}`, t])), true)).toEqual([]);
  expect(seen.every((s) => new URL(s.url).origin === server.url || s.url.startsWith('data:'))).toBe(true);

  const problems = [...aliceConsole, ...bobConsole].filter((l) => /Content Security Policy|pageerror/i.test(l));
  expect(problems).toEqual([]);
  await Promise.all([a.close(), b.close(), c.close()]);
});
