import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';
import './test/helpers/isolate-home.ts';

// Loaded only after isolate-home has pointed HOME at a temporary folder (a
// static import would run first once the config is bundled, and wrangler
// inside it would log to the real ~/.config).
const { cloudflareTest, readD1Migrations } = await import('@cloudflare/vitest-pool-workers');

// What scripts/build.mjs compiles into bundles (src/version.ts), for Node tests on the sources.
// (The workers pool takes defines only from wrangler.toml; there VERSION says it runs from sources.)
const { VERSION_DEFINE } = await import('./scripts/version.mjs');
// package.json "imports" (#file-store, ...) resolve to the TypeScript sources under src/
// (scripts/conditions.mjs); both projects run their tests in the `ssr` environment.
const { SOURCE_CONDITION } = await import('./scripts/conditions.mjs');
const SOURCE_RESOLVE = { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } };

// One runner, several projects: plain Node tests here; the worker project
// (real workerd through @cloudflare/vitest-pool-workers) is added beside it.
export default defineConfig({
  test: {
    projects: [
      {
        define: VERSION_DEFINE,
        ssr: SOURCE_RESOLVE,
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['src/worker/**', 'node_modules/**'],
          globalSetup: ['test/helpers/built-worker.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        ssr: SOURCE_RESOLVE,
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              // Applied by src/worker/test-setup.ts; short login window so rate-limit tests stay fast.
              bindings: { TEST_MIGRATIONS: await readD1Migrations('migrations'), LATCHKEY_BENCH: '1' },
            },
          }),
        ],
        test: {
          name: 'workers',
          include: ['src/worker/**/*.test.ts'],
          setupFiles: ['src/worker/test-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
