import { SELF } from 'cloudflare:test';
import { expect, test } from 'vitest';

test('GET /v1/health answers through the worker entry (SELF)', async () => {
  const res = await SELF.fetch('http://x/v1/health');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ ok: true, service: 'latchkey', version: '0.1.0' });
});
