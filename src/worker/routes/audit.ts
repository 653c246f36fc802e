/** `GET /v1/audit`: the caller's own actions and those on what it owns, newest first. */
import { Hono } from 'hono';
import { badRequest } from '../errors.ts';
import { requireSession } from '../session.ts';
import { listAudit } from '../store/audit.ts';
import type { AppEnv } from '../types.ts';

/** Routes under /v1/audit. */
export const auditRoutes = new Hono<AppEnv>();

auditRoutes.get('/audit', requireSession(), async (c) => {
  const raw = c.req.query('before');
  let before: number | null = null;
  if (raw !== undefined) {
    if (!/^[1-9][0-9]{0,15}$/.test(raw)) throw badRequest('before must be an entry id (a positive integer)');
    before = Number(raw);
  }
  return c.json({ entries: await listAudit(c.env.DB, c.var.caller.id, before) });
});
