import { expect, test } from 'vitest';
import { CRYPTO_BUNDLE_BUDGET, bundleCrypto } from './bundle-size.ts';

test('src/crypto bundles for the browser within 25 KB gzip -9 (eager part), with no node: imports', async () => {
  const { eager, lazy, single } = await bundleCrypto();
  console.log(
    `crypto browser bundle (gzip -9): eager ${eager.gzipBytes} B (${eager.minBytes} B min, budget ${CRYPTO_BUNDLE_BUDGET} B); ` +
      `lazy noble fallback ${lazy.gzipBytes} B; single-file ${single.gzipBytes} B`,
  );
  for (const part of [eager, lazy, single]) {
    expect(part.code).not.toMatch(/["']node:/);
    expect(part.code).not.toMatch(/\brequire\(/);
  }
  expect(eager.gzipBytes).toBeLessThanOrEqual(CRYPTO_BUNDLE_BUDGET);
  // The eager part really holds the API, and the curve arithmetic really is deferred.
  expect(eager.code).toContain('latchkey/v1/wrap');
  expect(lazy.minBytes).toBeGreaterThan(10_000);
});
