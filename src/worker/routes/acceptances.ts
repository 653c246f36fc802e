/**
 * Consent to shares: the grantee's list of shares with their acceptances,
 * and storing a grantee-signed acceptance (of one grant, or standing for one
 * owner). Only the grantee can post its own acceptance; the signature is
 * checked here to refuse junk early, and again by every client.
 */
import { Hono } from 'hono';
import { fromBase64Url, grantHash, keyCardHash, toBase64Url, verifyAcceptance, verifyOwnerAcceptance } from '../../crypto/index.ts';
import { AcceptanceRecord, OwnerAcceptanceRecord, grantStatement } from '../../protocol/index.ts';
import { badRequest, notFound } from '../errors.ts';
import { decodeBase64Url, idParam, readBody } from '../request.ts';
import { requireSession } from '../session.ts';
import { cardOf } from '../store/accounts.ts';
import { deleteOwnerAcceptance, grantOf, listShares, putAcceptance, putOwnerAcceptance } from '../store/acceptances.ts';
import type { AppEnv, Caller, D1Database } from '../types.ts';

/** Routes under /v1 for acceptances. */
export const acceptanceRoutes = new Hono<AppEnv>();

acceptanceRoutes.get('/shares', requireSession(), async (c) => c.json(await listShares(c.env.DB, c.var.caller.id)));

async function callerSigningKey(db: D1Database, caller: Caller): Promise<Uint8Array> {
  const card = await cardOf(db, { id: caller.id });
  return fromBase64Url(card!.body.signingKey, 32);
}

acceptanceRoutes.put('/shares/:id/acceptance', requireSession(), async (c) => {
  const id = idParam(c, 'id');
  const caller = c.var.caller;
  const db = c.env.DB;
  const record = await readBody(c, AcceptanceRecord, 'acceptance');
  if (record.secret !== id || record.grantee !== caller.id) throw badRequest('acceptance.secret and acceptance.grantee must match the path and your account');
  const grant = await grantOf(db, id, caller.id);
  if (!grant) throw notFound('no such secret is shared with you');
  if (record.owner !== grant.owner || record.grant !== toBase64Url(grantHash(grantStatement(grant)))) {
    throw badRequest('the acceptance is for another grant than the one you hold; reload the share and accept again');
  }
  const statement = { secret: record.secret, owner: record.owner, grantee: record.grantee, grant: decodeBase64Url(record.grant, 'acceptance.grant', 32), time: record.time };
  if (!(await verifyAcceptance(statement, decodeBase64Url(record.signature, 'acceptance.signature', 64), await callerSigningKey(db, caller)))) {
    throw badRequest('acceptance.signature does not verify with your signing key');
  }
  if (!(await putAcceptance(db, caller, record, Date.now()))) throw notFound('the share was removed meanwhile');
  return c.json({ acceptance: record }, 200);
});

acceptanceRoutes.put('/owners/:ownerId/acceptance', requireSession(), async (c) => {
  const ownerId = idParam(c, 'ownerId');
  const caller = c.var.caller;
  const db = c.env.DB;
  const record = await readBody(c, OwnerAcceptanceRecord, 'owner acceptance');
  if (record.owner !== ownerId || record.grantee !== caller.id) throw badRequest('acceptance.owner and acceptance.grantee must match the path and your account');
  if (ownerId === caller.id) throw badRequest('your own secrets need no acceptance');
  const ownerCard = await cardOf(db, { id: ownerId });
  if (!ownerCard) throw notFound('no such account');
  if (record.card !== toBase64Url(keyCardHash(ownerCard))) throw badRequest("acceptance.card is not the hash of the owner's key card; verify the owner again");
  const statement = { owner: record.owner, grantee: record.grantee, card: decodeBase64Url(record.card, 'acceptance.card', 32), time: record.time };
  if (!(await verifyOwnerAcceptance(statement, decodeBase64Url(record.signature, 'acceptance.signature', 64), await callerSigningKey(db, caller)))) {
    throw badRequest('acceptance.signature does not verify with your signing key');
  }
  await putOwnerAcceptance(db, caller, record, Date.now());
  return c.json({ acceptance: record }, 200);
});

acceptanceRoutes.delete('/owners/:ownerId/acceptance', requireSession(), async (c) => {
  const ownerId = idParam(c, 'ownerId');
  if (!(await deleteOwnerAcceptance(c.env.DB, c.var.caller.id, ownerId))) throw notFound('you have no standing acceptance of that account');
  return c.body(null, 204);
});
