/**
 * Drives the dashboard in Chromium for the dashboard suites: sign up through
 * the page, create secrets, run axe-core, capture every request and answer
 * of a browser context, and save screenshots.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A distinctive random string (values, passphrases) that a scan can find anywhere. */
export function marker(prefix: string): string {
  return `${prefix}-${randomBytes(9).toString('hex')}`;
}

/** An exact label match (the dashboard has "Key 1" and "Remove key 1"). */
export function byLabel(page: Page, label: string) {
  return page.getByLabel(label, { exact: true });
}

/** Signs up in the page (already at the dashboard); returns the Secret Key shown once. */
export async function signupInPage(page: Page, handle: string, passphrase: string): Promise<string> {
  await byLabel(page, 'New handle').fill(handle);
  await byLabel(page, 'New passphrase').fill(passphrase);
  await byLabel(page, 'Passphrase again').fill(passphrase);
  await page.getByRole('button', { name: 'Create account' }).click();
  // The progress line is shown while scrypt runs.
  await page.getByRole('status').filter({ hasText: 'Deriving your keys' }).first().waitFor({ timeout: 10_000 });
  const key = page.locator('[data-secret-key]');
  await key.waitFor({ timeout: 90_000 });
  const secretKey = (await key.textContent())!;
  expect(secretKey).toMatch(/^LK-[0-9A-Z]{5}(-[0-9A-Z]{5}){5}$/);
  expect(await page.getByRole('button', { name: 'Continue to my secrets' }).isDisabled()).toBe(true);
  await byLabel(page, 'I have saved my Secret Key').check();
  await page.getByRole('button', { name: 'Continue to my secrets' }).click();
  await page.getByRole('heading', { name: 'Secrets', exact: true }).waitFor();
  return secretKey;
}

/** Creates a secret from the "New secret" form; ends on its page. */
export async function createInPage(page: Page, name: string, values: Record<string, string>, provider = ''): Promise<void> {
  await page.goto(new URL('/#/new', page.url()).href);
  await byLabel(page, 'Name').fill(name);
  if (provider) await byLabel(page, 'Provider').selectOption(provider);
  const entries = Object.entries(values);
  for (let i = 0; i < entries.length; i++) {
    if (i > 0) await page.getByRole('button', { name: 'Add a key' }).click();
    const row = page.locator('.kv').nth(i);
    await row.locator('[data-key]').fill(entries[i]![0]);
    await row.locator('[data-value]').fill(entries[i]![1]);
  }
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('heading', { name: 'Verification' }).waitFor({ timeout: 30_000 });
}

let axeSource: string | null = null;

/** Runs axe-core in the page and fails on any serious or critical violation. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  axeSource ??= await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the debugging protocol, which the page's CSP does not govern (a <script> tag would be refused).
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: Document): Promise<{ passes: unknown[]; violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const result = await axe.run(document);
    if (result.passes.length === 0) return ['axe checked nothing'];
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`);
  });
  expect(violations, `axe on ${where}`).toEqual([]);
}

/** One request or answer seen by a browser context. */
export interface Seen {
  kind: 'request' | 'response';
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Records every request (URL, headers, body) and every API answer of `context`; await `settle()` before reading. */
export function captureTraffic(context: BrowserContext): { seen: Seen[]; settle(): Promise<void> } {
  const seen: Seen[] = [];
  const pending: Promise<unknown>[] = [];
  context.on('request', (req) => {
    pending.push(req.allHeaders().catch(() => req.headers()).then((headers) => seen.push({ kind: 'request', url: req.url(), headers, body: req.postData() ?? '' })));
  });
  context.on('response', (res) => {
    if (!new URL(res.url()).pathname.startsWith('/v1/')) return;
    pending.push(Promise.all([res.allHeaders().catch(() => res.headers()), res.text().catch(() => '')]).then(([headers, body]) => seen.push({ kind: 'response', url: res.url(), headers, body })));
  });
  return { seen, settle: async () => { await Promise.all(pending); } };
}

/**
 * Where any of `needles` occurs in the traffic: URLs, headers and bodies,
 * except `Authorization` request headers when `bearerAllowed` (session tokens).
 */
export function findLeaks(seen: readonly Seen[], needles: Record<string, string>, bearerAllowed = false): string[] {
  const hits: string[] = [];
  for (const s of seen) {
    const parts: Array<[string, string]> = [['url', s.url], ['body', s.body]];
    for (const [name, value] of Object.entries(s.headers)) {
      if (bearerAllowed && s.kind === 'request' && name.toLowerCase() === 'authorization') continue;
      parts.push([`header ${name}`, value]);
    }
    for (const [what, needle] of Object.entries(needles)) {
      for (const [where, text] of parts) if (needle && text.includes(needle)) hits.push(`${what} in ${s.kind} ${where} of ${s.url}`);
    }
  }
  return hits;
}

/** Where screenshots go: docs/dashboard/ with LATCHKEY_UPDATE_SCREENSHOTS=1, else a temporary folder. */
export async function screenshotDir(fallback: string): Promise<string> {
  const dir = process.env.LATCHKEY_UPDATE_SCREENSHOTS === '1' ? join(root, 'docs/dashboard') : fallback;
  await mkdir(dir, { recursive: true });
  return dir;
}
