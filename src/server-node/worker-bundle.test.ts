/**
 * The worker bundle (what `npm run build` writes and `wrangler deploy
 * dist/worker.js` uploads, without the browser client module beside it) stays
 * within its budget of 80 KB gzip -9 and imports nothing from Node.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { WORKER_BUDGET_GZIP_BYTES, buildWorker } from '../../scripts/build.mjs';

test('the worker bundle is within 80 KB gzip -9 and has no node: imports', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-worker-bundle-'));
  try {
    const { outfile, bytes, gzipBytes } = await buildWorker({ outfile: join(dir, 'worker.js') });
    console.log(`worker bundle: ${bytes} bytes minified, ${gzipBytes} bytes gzip -9 (budget ${WORKER_BUDGET_GZIP_BYTES})`);
    expect(WORKER_BUDGET_GZIP_BYTES).toBe(80 * 1024);
    expect(gzipBytes).toBeLessThanOrEqual(WORKER_BUDGET_GZIP_BYTES);
    const code = await readFile(outfile, 'utf8');
    expect(/from\s*["']node:|require\(["']node:/.test(code), 'the worker bundle imports a node: module').toBe(false);
    expect(code.startsWith('import __LATCHKEY_CLIENT_BUNDLE__ from "./worker.client.mjs";'), 'the browser client is a separate module').toBe(true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
