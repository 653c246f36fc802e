/** Health check and the benchmark-only baseline route. */
import { Hono } from 'hono';
import { readConfig } from '../config.ts';
import { notFound } from '../errors.ts';
import { schemaRow } from '../store/server-meta.ts';
import type { AppEnv } from '../types.ts';

/** Server version reported by /v1/health. */
export const SERVER_VERSION = '0.1.0';

/** `/v1/health` and, with LATCHKEY_BENCH=1, `/v1/bench/row`. */
export const healthRoutes = new Hono<AppEnv>();

healthRoutes.get('/health', (c) => c.json({ ok: true, service: 'latchkey', version: SERVER_VERSION }));

healthRoutes.get('/bench/row', async (c) => {
  if (!readConfig(c.env).bench) throw notFound('no such route');
  const row = await schemaRow(c.env.DB);
  return c.json({ row });
});
