/** Health check and the benchmark-only baseline route. */
import { Hono } from 'hono';
import { readConfig } from '../config.ts';
import { notFound } from '../errors.ts';
import { schemaRow } from '../store/server-meta.ts';
import type { AppEnv } from '../types.ts';
import { VERSION } from '../../version.ts';

/** `/v1/health` and, with LATCHKEY_BENCH=1, `/v1/bench/row`. */
export const healthRoutes = new Hono<AppEnv>();

healthRoutes.get('/health', (c) => c.json({ ok: true, service: 'latchkey', version: VERSION }));

healthRoutes.get('/bench/row', async (c) => {
  if (!readConfig(c.env).bench) throw notFound('no such route');
  const row = await schemaRow(c.env.DB);
  return c.json({ row });
});
