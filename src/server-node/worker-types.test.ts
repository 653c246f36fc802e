/**
 * The worker's Env bindings come from wrangler.toml through `wrangler types`
 * (src/worker/worker-configuration.d.ts); this fails when the generated file
 * no longer matches wrangler.toml. Runs on Node: src/worker tests run in workerd.
 */
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The command whose output worker-configuration.d.ts is (also written in its first lines). */
const TYPES_ARGS = ['types', '--include-runtime=false', '--strict-vars=false', '--env-interface', 'WranglerEnv', 'src/worker/worker-configuration.d.ts'];

test('src/worker/worker-configuration.d.ts is what `wrangler types` makes of wrangler.toml', async () => {
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' };
  const run = promisify(execFile)(join(root, 'node_modules/.bin/wrangler'), [...TYPES_ARGS.slice(0, 1), '--check', ...TYPES_ARGS.slice(1)], { cwd: root, env });
  const { stdout } = await run.catch((error: { stdout?: string; stderr?: string }) => {
    throw new Error(`worker-configuration.d.ts is out of date; run \`npx wrangler ${TYPES_ARGS.join(' ')}\`\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  });
  expect(stdout).toMatch(/up to date/);
});
