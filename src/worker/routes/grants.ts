/** Sharing: list, grant and revoke access to a secret, and the owner-signed access list. */
import { Hono } from 'hono';
import { CryptoError, fromBase64Url, keyCardHash, toBase64Url, verifyAccessList, verifyGrant } from '../../crypto/index.ts';
import { PutAccessListRequest, PutGrantRequest, accessListStatement, grantStatement } from '../../protocol/index.ts';
import { MAX_GRANTS_PER_SECRET } from '../config.ts';
import { ApiError, badRequest, conflict, notFound } from '../errors.ts';
import { refuseRetiredFormat } from '../format.ts';
import { decodeBase64Url, idParam, parseInput, readJson } from '../request.ts';
import { authedRead, requireSession } from '../session.ts';
import { declineGrant, ownerOfSecret } from '../store/acceptances.ts';
import { accessListOf, putAccessList } from '../store/access-lists.ts';
import { cardOf } from '../store/accounts.ts';
import { granteeIds, listGrantRows, putGrant, revokeGrant } from '../store/grants.ts';
import { readableStatement, secretAccess } from '../store/secret-reads.ts';
import type { AppEnv, D1Database } from '../types.ts';

/** Routes under /v1/secrets/:id/grants. */
export const grantRoutes = new Hono<AppEnv>();

grantRoutes.get('/secrets/:id/grants', async (c) => {
  const id = idParam(c, 'id');
  const { results } = await authedRead(c, (db, token, now) => [readableStatement(db, token, now, id)]);
  if (results[0]!.results.length === 0) throw notFound('no such secret');
  const [grants, list] = await Promise.all([listGrantRows(c.env.DB, id), accessListOf(c.env.DB, id)]);
  return c.json({ grants, list });
});

async function ownedSecret(db: D1Database, id: string, callerId: string): Promise<{ version: number }> {
  const row = await secretAccess(db, id, callerId);
  if (!row) throw notFound('no such secret');
  if (row.owner_id !== callerId) throw new ApiError(403, 'forbidden', 'only the owner of a secret can change who has access');
  return row;
}

grantRoutes.put('/secrets/:id/grants/:accountId', requireSession(), async (c) => {
  const id = idParam(c, 'id');
  const grantee = idParam(c, 'accountId');
  const caller = c.var.caller;
  const db = c.env.DB;
  const body = await readJson(c);
  refuseRetiredFormat(body, ['grant'], 'the grant');
  const { grant, wrap } = parseInput(PutGrantRequest, body, 'grant request');
  const s = await ownedSecret(db, id, caller.id);
  if (grant.secret !== id || grant.grantee !== grantee || grant.owner !== caller.id) {
    throw badRequest('grant.secret, grant.grantee and grant.owner must match the path and your account');
  }
  if (wrap.recipient !== grantee) throw badRequest('wrap.recipient must be the grantee');
  if (grantee === caller.id) throw badRequest('the owner already has access; grant to another account');
  const granteeCard = await cardOf(db, { id: grantee });
  if (!granteeCard) throw notFound('no such account to grant to');
  if (granteeCard.body.kind === 'group' && grant.access !== 'read') throw badRequest('groups get read access only; share write access with a person');
  if (grant.card !== toBase64Url(keyCardHash(granteeCard))) {
    throw badRequest("grant.card is not the hash of the grantee's current key card; fetch their card again and sign a new grant");
  }
  const ownerCard = await cardOf(db, { id: caller.id });
  const signed = await verifyGrant(
    grantStatement(grant),
    decodeBase64Url(grant.signature, 'grant.signature', 64),
    fromBase64Url(ownerCard!.body.signingKey, 32),
  );
  if (!signed) throw badRequest('grant.signature does not verify with your signing key');
  const current = await granteeIds(db, id);
  if (!current.includes(grantee) && current.length >= MAX_GRANTS_PER_SECRET) {
    throw badRequest(`a secret can be shared with at most ${MAX_GRANTS_PER_SECRET} accounts`);
  }
  if (!(await putGrant(db, caller, grant, wrap, s.version, Date.now()))) {
    throw conflict('a new version was written meanwhile; wrap its data key to the grantee and retry');
  }
  return c.json({ grant, wrap }, 200);
});

grantRoutes.delete('/secrets/:id/grants/:accountId', requireSession(), async (c) => {
  const id = idParam(c, 'id');
  const grantee = idParam(c, 'accountId');
  const caller = c.var.caller;
  if (grantee === caller.id) {
    // A grantee dropping its own access (decline): only its own grant, never another's.
    const owner = await ownerOfSecret(c.env.DB, id);
    if (owner === null || !(await declineGrant(c.env.DB, caller, id, owner, Date.now()))) throw notFound('no such secret is shared with you');
    return c.body(null, 204);
  }
  await ownedSecret(c.env.DB, id, caller.id);
  if (!(await revokeGrant(c.env.DB, caller, id, grantee, Date.now()))) throw notFound('that account has no grant on this secret');
  return c.body(null, 204);
});

grantRoutes.put('/secrets/:id/access-list', requireSession(), async (c) => {
  const id = idParam(c, 'id');
  const caller = c.var.caller;
  const db = c.env.DB;
  const body = await readJson(c);
  refuseRetiredFormat(body, ['list'], 'the access list');
  const { list } = parseInput(PutAccessListRequest, body, 'access-list request');
  await ownedSecret(db, id, caller.id);
  if (list.secret !== id || list.owner !== caller.id) throw badRequest('list.secret and list.owner must match the path and your account');
  const ownerCard = await cardOf(db, { id: caller.id });
  let signed: boolean;
  try {
    signed = await verifyAccessList(accessListStatement(list), decodeBase64Url(list.signature, 'list.signature', 64), fromBase64Url(ownerCard!.body.signingKey, 32));
  } catch (err) {
    if (err instanceof CryptoError) throw badRequest(`the access list is malformed: ${err.message}`);
    throw err;
  }
  if (!signed) throw badRequest('list.signature does not verify with your signing key');
  if (!(await putAccessList(db, caller, list))) {
    const stored = (await accessListOf(db, id))?.counter ?? 0;
    throw conflict(`the access list changed meanwhile (now at counter ${stored}); fetch it again (GET .../grants), re-sign and retry`);
  }
  return c.json({ list }, 200);
});
