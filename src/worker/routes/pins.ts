/**
 * Signed pin lists. Only the account itself writes its list (a person; the
 * signature is checked here to refuse junk early, and again by every client);
 * the account and the machines it created read it.
 */
import { Hono } from 'hono';
import { fromBase64Url, verifyPinList } from '../../crypto/index.ts';
import { PutPinListRequest, pinListStatement } from '../../protocol/index.ts';
import { ApiError, badRequest, conflict } from '../errors.ts';
import { decodeBase64Url, readBody } from '../request.ts';
import { requireSession } from '../session.ts';
import { cardOf } from '../store/accounts.ts';
import { pinListFor, putPinList } from '../store/pins.ts';
import type { AppEnv } from '../types.ts';

/** Routes under /v1 for pin lists. */
export const pinRoutes = new Hono<AppEnv>();

pinRoutes.get('/me/pins', requireSession(), async (c) => c.json({ list: await pinListFor(c.env.DB, c.var.caller) }));

pinRoutes.put('/me/pins', requireSession(), async (c) => {
  const caller = c.var.caller;
  if (caller.kind !== 'person') throw new ApiError(403, 'forbidden', 'only a person has a pin list; a machine reads its creator\'s');
  const { list } = await readBody(c, PutPinListRequest, 'pin list');
  if (list.owner !== caller.id) throw badRequest('list.owner must be your account');
  const card = await cardOf(c.env.DB, { id: caller.id });
  const signature = decodeBase64Url(list.signature, 'list.signature', 64);
  if (!(await verifyPinList(pinListStatement(list), signature, fromBase64Url(card!.body.signingKey, 32)))) {
    throw badRequest('list.signature does not verify with your signing key');
  }
  if (!(await putPinList(c.env.DB, caller, list, Date.now()))) {
    throw conflict('your pin list changed meanwhile (its counter is not the one before yours); fetch it, merge and publish again');
  }
  return c.json({ list }, 200);
});
