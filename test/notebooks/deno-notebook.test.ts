/**
 * examples/notebook/deno.ipynb executed by real Jupyter (nbconvert) with the
 * Deno kernel against the local server: logs in, loads `openai`, sets its env
 * var (shown redacted), checks the teammate's fingerprint and shares. The
 * executed outputs are checked, and the teammate can then read the secret.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import type { LatchkeyClient } from '../../src/client/index.ts';
import { startFixture, TEST_PASSPHRASE, type Fixture } from '../runtimes/fixtures.ts';
import { executeNotebook, installDenoKernel, jupyterAvailable } from './jupyter.ts';
import { cellSource, findLeaks, NOTEBOOK_DIR, publishedTexts, type Notebook } from './notebook-files.ts';

// Browsers, Deno, Jupyter and scrypt share 2 cores with the rest of the suite: generous per-test time.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const available = jupyterAvailable('deno.ipynb under Jupyter');
const OPENAI_KEY = `sk-test-${crypto.randomUUID().replaceAll('-', '')}`;
let fx: Fixture;
let home: string;
let alice: LatchkeyClient;
let bob: LatchkeyClient;

beforeAll(async () => {
  if (!available) return;
  fx = await startFixture();
  home = await mkdtemp(join(tmpdir(), 'latchkey-deno-nb-'));
  alice = await fx.person('alice');
  bob = await fx.person('bob');
  await (await alice.secret({ name: 'openai', values: { api_key: OPENAI_KEY }, provider: 'openai' })).save();
  await installDenoKernel(home);
});

afterAll(async () => {
  await fx?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

function outputText(nb: Notebook): string[] {
  return nb.cells
    .filter((c) => c.cell_type === 'code')
    .map((c) =>
      (c.outputs ?? [])
        .map((o) => {
          const text = (o.text ?? (o.data as Record<string, unknown> | undefined)?.['text/plain'] ?? '') as string | string[];
          return Array.isArray(text) ? text.join('') : text;
        })
        .join(''),
    );
}

test.skipIf(!available)('deno.ipynb runs top to bottom in the Deno kernel and shares with a verified teammate', async () => {
  const bobMe = await bob.whoami();
  const executed = await executeNotebook(join(NOTEBOOK_DIR, 'deno.ipynb'), home, {
    LATCHKEY_SERVER: fx.server.url,
    LATCHKEY_HANDLE: 'alice',
    LATCHKEY_PASSPHRASE: TEST_PASSPHRASE,
    TEAMMATE: 'bob',
    TEAMMATE_FINGERPRINT: bobMe.fingerprint,
  });
  const outputs = outputText(executed);
  const all = outputs.join('\n');
  expect(executed.cells.filter((c) => c.cell_type === 'code').map((c) => cellSource(c))).toHaveLength(outputs.length);
  expect(all).toContain('logged in as alice (person); session kept in memory only');
  expect(all).toContain('openai v1: api_key');
  expect(all).toMatch(/latchkey env: OPENAI_API_KEY \(\d+ chars, hidden\)/);
  expect(all).toContain('API call skipped');
  expect(all).toContain(`bob: ${bobMe.fingerprint}`);
  expect(all).toContain('shared openai with bob (read)');
  expect(all).toContain('logged out');
  expect(all).not.toMatch(/error|exception/i);
  // Nothing the notebook shows carries the value, and the executed file has nothing to leak.
  const raw = await readFile(join(home, 'executed.ipynb'), 'utf8');
  expect(raw).not.toContain(OPENAI_KEY);
  expect(raw).not.toContain(TEST_PASSPHRASE);
  const leaks = publishedTexts(executed).flatMap(({ where, text }) => findLeaks(text).map((p) => `${where}: ${p}`));
  expect(leaks).toEqual([]);
  // The share really happened, to the verified teammate.
  expect((await bob.secret('alice:openai')).values).toEqual({ api_key: OPENAI_KEY });
});
