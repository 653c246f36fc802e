/**
 * The dashboard's list with 1,000 secrets (made with the SDK's batch create)
 * in Chromium against the real local server: every row is drawn from the one
 * listing request, nothing is fetched per secret or decrypted; the provider
 * and text filters work, and the list is usable from the keyboard alone.
 */
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import type { Browser } from 'playwright-core';
import { clientStateOf } from '../../src/client/client.ts';
import { createSecrets } from '../../src/client/create-many.ts';
import { createClient } from '../../src/client/index.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { chromiumAvailable, launchChromium } from './chromium.ts';
import { byLabel, captureTraffic, marker } from './dashboard-driver.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const available = chromiumAvailable('dashboard list in Chromium');
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  if (available) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test.skipIf(!available)('1,000 secrets render from the listing alone (nothing fetched per secret or decrypted); filter and open from the keyboard', async () => {
  const sdk = createClient({ server: server.url, store: 'memory', notice: () => undefined });
  const pass = marker('carol passphrase');
  const { secretKey } = await sdk.signup('carol', pass);
  const names = Array.from({ length: 1000 }, (_, i) => `svc-${String(i).padStart(4, '0')}`);
  await createSecrets(await clientStateOf(sdk), names.map((name, i) => ({ name, values: { api_key: marker('v') }, provider: i % 10 === 0 ? 'openai' : null })));

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await byLabel(page, 'Handle').fill('carol');
  await byLabel(page, 'Passphrase').fill(pass);
  await byLabel(page, 'Secret Key').fill(secretKey);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.locator('table.secrets').waitFor({ timeout: 90_000 });
  const net = captureTraffic(context);
  await page.reload();
  await page.locator('table.secrets tbody tr:nth-child(1000)').waitFor();
  await net.settle();
  const api = net.seen.filter((s) => s.kind === 'request' && new URL(s.url).pathname.startsWith('/v1/')).map((s) => new URL(s.url).pathname);
  expect(api).toContain('/v1/secrets');
  expect(api.filter((p) => /^\/v1\/secrets(-bulk|\/)/.test(p))).toEqual([]);
  await expect.poll(() => page.getByText('1000 of 1000 secrets').count()).toBe(1);

  await byLabel(page, 'Provider').selectOption('openai');
  await expect.poll(() => page.locator('table.secrets tbody tr:not([hidden])').count()).toBe(100);
  await byLabel(page, 'Provider').selectOption('');
  // Keyboard only: type into the filter, Tab past the provider select to the one row left, Enter opens it.
  await byLabel(page, 'Filter by text').focus();
  await page.keyboard.type('svc-0042');
  await expect.poll(() => page.locator('table.secrets tbody tr:not([hidden])').count()).toBe(1);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('svc-0042');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'svc-0042' }).waitFor();
  await page.getByRole('heading', { name: 'Verification' }).waitFor();
  await context.close();
});
