/** `PUT /v1/secrets/:id/versions/:n`: compare-and-swap append of a new version. */
import { Hono } from 'hono';
import { PutVersionRequest } from '../../protocol/index.ts';
import { badRequest, conflict, isConstraintError } from '../errors.ts';
import { refuseRetiredFormat } from '../format.ts';
import { idParam, parseInput, readJson, versionParam } from '../request.ts';
import { requireSession } from '../session.ts';
import { granteeIds } from '../store/grants.ts';
import { putVersion } from '../store/secret-writes.ts';
import { toSummary } from '../store/rows.ts';
import { summaryWithAccess } from '../store/secret-reads.ts';
import type { AppEnv } from '../types.ts';
import { assertAuthenticVersion, assertCoverage, assertVersionShape, ciphertextHash, secretForWrite } from './version-checks.ts';

/** Routes for writing versions. */
export const versionRoutes = new Hono<AppEnv>();

function stale(latest: number): never {
  throw conflict(`the secret changed meanwhile (now at version ${latest}, or its grantees changed); fetch the latest version and grants, then retry`);
}

versionRoutes.put('/secrets/:id/versions/:n', requireSession(), async (c) => {
  const id = idParam(c, 'id');
  const n = versionParam(c);
  const caller = c.var.caller;
  const db = c.env.DB;
  const raw = await readJson(c);
  refuseRetiredFormat(raw, ['version'], 'the version');
  const body = parseInput(PutVersionRequest, raw, 'put-version request');
  const s = await secretForWrite(db, id, caller.id);
  const v = body.version;
  if (v.secret !== id) throw badRequest('version.secret must equal the secret id in the path');
  if (v.version !== n) throw badRequest('version.version must equal the version number in the path');
  if (n !== s.version + 1) stale(s.version);
  if (v.list !== s.list_counter) {
    throw conflict(`the access list of this secret is at counter ${s.list_counter}, the version names ${v.list}; fetch the grants and access list again, then retry`);
  }
  assertVersionShape(v, caller.id, s.owner_id, s.record);
  assertCoverage(body.wraps, [s.owner_id, ...(await granteeIds(db, id))]);
  await assertAuthenticVersion(db, s, v);
  const now = Date.now();
  let applied: boolean;
  try {
    applied = await putVersion(db, caller, s.owner_id, s.grant_epoch, v, body.wraps, ciphertextHash(v.ciphertext), now);
  } catch (err) {
    if (isConstraintError(err)) stale(n);
    throw err;
  }
  if (!applied) stale(n - 1);
  const row = await summaryWithAccess(db, id, s.access);
  // The secret can only be missing here if it was deleted right after the write.
  if (!row) stale(n);
  return c.json({ secret: { ...toSummary(row), version: n, updatedAt: now } }, 201);
});
