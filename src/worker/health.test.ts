import { SELF } from 'cloudflare:test';
import { expect, test } from 'vitest';
import { VERSION } from '../version.ts';

test('GET /v1/health answers through the worker entry (SELF) with the build version', async () => {
  // The bundles' VERSION is package.json's (test/cli/serve.test.ts checks the built server).
  const res = await SELF.fetch('http://x/v1/health');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true, service: 'latchkey', version: VERSION });
});
