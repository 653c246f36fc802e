import { defineConfig } from 'vitest/config';

// One runner, several projects: plain Node tests here; the worker project
// (real workerd through @cloudflare/vitest-pool-workers) is added beside it.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['src/worker/**', 'node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
