/**
 * Headless Chromium for the browser tests (playwright-core driving Debian's
 * chromium). A missing browser fails the run in CI (`CI` or
 * `LATCHKEY_REQUIRE_BROWSER=1`) and is one clear skip line elsewhere.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';

/** Path of the browser binary (override with LATCHKEY_CHROMIUM). */
export const CHROMIUM_PATH = process.env.LATCHKEY_CHROMIUM ?? '/usr/bin/chromium';

/** True when a missing browser (or Jupyter) must fail instead of skip. */
export function toolsRequired(): boolean {
  return process.env.LATCHKEY_REQUIRE_BROWSER === '1' || Boolean(process.env.CI);
}

/**
 * Whether the browser tests can run here. When they cannot, prints one skip
 * line, or throws when {@link toolsRequired} says they must run.
 */
export function chromiumAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const why = `${CHROMIUM_PATH} not found (apt-get install -y chromium)`;
  if (toolsRequired()) throw new Error(`${suite}: ${why}; required because CI/LATCHKEY_REQUIRE_BROWSER is set`);
  console.log(`SKIP ${suite}: ${why}`);
  return false;
}

/** Launches headless Chromium with flags that keep it offline and quiet (plus `extraArgs`). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/** Collects console output and uncaught errors of a page (and its frames and workers). */
export function collectConsole(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (msg: ConsoleMessage) => lines.push(`${msg.type()}: ${msg.text()}`));
  page.on('pageerror', (err) => lines.push(`pageerror: ${err.message}`));
  return lines;
}
