/**
 * The dashboard behind the tampering proxy of the hostile-server suite: the
 * page is loaded from the proxy, so every API answer it gets may be altered.
 * A ciphertext swapped in from another secret and a substituted key card
 * (a signer's, a grantee's, your own) each show the
 * IntegrityError in the page, and never the value of either secret; with
 * the proxy honest again, the same pages show the real values.
 */
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { forgeCard, paths, startHarness, type Harness } from '../hostile/harness.ts';
import { chromiumAvailable, launchChromium } from './chromium.ts';
import { byLabel, createInPage, marker, signupInPage } from './dashboard-driver.ts';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const available = chromiumAvailable('dashboard behind a hostile server');
let h: Harness;
let browser: Browser;
let page: Page;
const values = { a: marker('value-a'), b: marker('value-b'), x: marker('value-x') };

beforeAll(async () => {
  h = await startHarness(['bob', 'carol']);
  if (!available) return;
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  await page.goto(`${h.proxy.url}/`);
  await signupInPage(page, 'alice', marker('alice passphrase'));
  await createInPage(page, 'a', { k: values.a });
  await createInPage(page, 'b', { k: values.b });
});
afterEach(() => h?.proxy.setTamper(null));
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

function idOf(name: string): string {
  const created = h.proxy.log.find((e) => e.method === 'POST' && e.path === '/v1/secrets' && (e.reqBody as { name?: string }).name === name);
  return (created!.reqBody as { id: string }).id;
}

/** Opens a secret's page and returns the alert text (empty when none) once the page settled. */
async function open(address: string): Promise<string> {
  await page.goto(`${h.proxy.url}/#/secret/${encodeURIComponent(address)}`);
  await page.reload();
  await Promise.race([
    page.locator('#alert .error').waitFor(),
    page.getByRole('heading', { name: 'Verification' }).waitFor(),
  ]);
  return (await page.locator('#alert').textContent()) ?? '';
}

async function pageText(): Promise<string> {
  return page.evaluate(() => document.body.innerText);
}

test.skipIf(!available)('a ciphertext swapped from another secret shows an integrity error, never either value', async () => {
  const a = idOf('a');
  const b = idOf('b');
  const answerB = structuredClone(h.proxy.last('GET', paths.secret(b))!.resBody) as { version: { ciphertext: string } };
  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method !== 'GET' || !paths.secret(a).test(path)) return undefined;
      const answer = body as { version: Record<string, unknown> };
      return { ...answer, version: { ...answer.version, ciphertext: answerB.version.ciphertext } };
    },
  });
  const alert = await open('a');
  expect(alert).toContain('Refused: the server sent data that does not verify');
  const text = await pageText();
  expect(text).not.toContain(values.a);
  expect(text).not.toContain(values.b);
  expect(await page.locator('[data-value-of]').count()).toBe(0);

  h.proxy.setTamper(null);
  expect(await open('a')).toBe('');
  await page.getByRole('button', { name: 'Reveal k', exact: true }).click();
  expect(await page.locator('[data-value-of="k"]').textContent()).toBe(values.a);
});

test.skipIf(!available)('a substituted key card (of a signer, of a grantee, of yourself) shows an integrity error, never the value', async () => {
  // Untampered: alice shares a with bob (her page pins his card); carol, whom alice never met, shares x with her.
  await open('a');
  await byLabel(page, 'Handle').fill('bob');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await page.getByText('Shared with bob (read)').waitFor();
  const x = await h.clients.carol!.secret({ name: 'x', values: { k: values.x } });
  await x.save();
  await x.share('alice');
  const cardTamper = (handle: string, card: unknown) => ({
    response: ({ method, path }: { method: string; path: string }) =>
      method === 'GET' && (path === `/v1/cards/by-handle/${handle}` || path === `/v1/cards/${h.ids[handle]}`) ? { card } : undefined,
  });

  // The signer's card, first contact: the server presents a self-signed card with other keys for carol.
  h.proxy.setTamper(cardTamper('carol', await forgeCard(h.ids.carol!, 'carol')));
  expect(await open('carol:x')).toContain('Refused: the server sent data that does not verify');
  expect(await pageText()).not.toContain(values.x);
  expect(await page.locator('[data-value-of]').count()).toBe(0);

  // A grantee's card that differs from the pinned one: sharing b with "bob" is refused, nothing is sent.
  h.proxy.setTamper(cardTamper('bob', await forgeCard(h.ids.bob!, 'bob')));
  await open('b');
  await byLabel(page, 'Handle').fill('bob');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await page.locator('#alert').getByText('Refused: the server sent data that does not verify').waitFor();
  expect(h.proxy.log.some((e) => e.method === 'PUT' && e.path.startsWith(`/v1/secrets/${idOf('b')}/grants/`))).toBe(false);

  // Your own card, as /v1/me answers it: the page refuses the session instead of showing anything.
  const myId = (h.proxy.last('GET', /^\/v1\/me$/)!.resBody as { account: { id: string } }).account.id;
  const fakeMe = await forgeCard(myId, 'alice');
  h.proxy.setTamper({ response: ({ method, path, body }) => (method === 'GET' && path === '/v1/me' ? { ...(body as object), card: fakeMe } : undefined) });
  await page.goto(`${h.proxy.url}/#/`);
  await page.reload();
  await page.locator('#alert').getByText('Refused: the server sent data that does not verify').waitFor();
  const text = await pageText();
  for (const v of Object.values(values)) expect(text).not.toContain(v);
});
