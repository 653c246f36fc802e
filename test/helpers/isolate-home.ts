/**
 * Imported first by vitest.config.ts: points HOME and the XDG folders of the
 * whole test run (the runner, its workers, and every browser, kernel, CLI and
 * wrangler they start) at a fresh temporary folder, removed at exit, so no
 * test, tool or library can write to the real HOME. Tests that need a HOME of
 * their own still make one per test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.LATCHKEY_TEST_HOME) {
  const home = mkdtempSync(join(tmpdir(), 'latchkey-test-home-'));
  process.env.LATCHKEY_TEST_HOME = home;
  process.env.HOME = home;
  process.env.XDG_CONFIG_HOME = join(home, '.config');
  process.env.XDG_CACHE_HOME = join(home, '.cache');
  process.env.XDG_DATA_HOME = join(home, '.local/share');
  process.env.LATCHKEY_HOME = join(home, '.latchkey');
  process.on('exit', () => rmSync(home, { recursive: true, force: true }));
}
