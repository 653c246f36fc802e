/**
 * Consent to shares. A secret another account shared with you is pending
 * until you accept it; pending shares are never placed, never answer a bare
 * name and are left out of pullAll unless asked for. Acceptance is a
 * statement signed with your own key (crypto `signAcceptance`), stored by the
 * server and checked here on every read, so a fresh device sees it and a
 * server can neither make one nor move one to another secret, owner or grant.
 *
 * Rules when reading `GET /v1/shares`:
 * - a grant counts only if the owner's key signed it and it names you;
 * - an acceptance that is not signed by you, or names another secret, owner
 *   or grantee than its entry, is refused (IntegrityError): the server made
 *   or moved it;
 * - a genuine acceptance of an earlier grant (the owner shared again) does
 *   not carry over: that share is pending again;
 * - a standing acceptance of an owner counts while the owner's card is the
 *   one it was signed over.
 * @module
 */
import {
  constantTimeEqual, fromBase64Url, grantHash, keyCardHash, signAcceptance, signOwnerAcceptance, toBase64Url, verifyAcceptance,
  verifyGrant, verifyOwnerAcceptance,
} from '../crypto/index.ts';
import { SharesResponse, grantStatement } from '../protocol/index.ts';
import type { AcceptanceRecord, GrantRecord, OwnerAcceptanceRecord } from '../protocol/index.ts';
import type { ClientState } from './client-state.ts';
import { BadInputError, IntegrityError, LimitError, NotFoundError } from './errors.ts';
import { seg } from './http.ts';

/** A share whose grant verified, and whether you accepted it. */
export interface ShareState {
  grant: GrantRecord;
  /** When you accepted it (ms), or null while pending. */
  acceptedAt: number | null;
}

function sig(text: string, what: string): Uint8Array {
  try {
    return fromBase64Url(text, 64);
  } catch {
    throw new IntegrityError(`${what} has a malformed signature; refusing it`);
  }
}

async function checkGrant(state: ClientState, grant: GrantRecord, me: string): Promise<boolean> {
  if (grant.grantee !== me || grant.owner === me) return false;
  const owner = await state.cardById(grant.owner, `owner of a secret shared with you`);
  return verifyGrant(grantStatement(grant), sig(grant.signature, `the grant of secret ${grant.secret}`), owner.signingKey);
}

async function checkAcceptance(a: AcceptanceRecord, grant: GrantRecord, me: string, myKey: Uint8Array): Promise<number | null> {
  const what = `the acceptance the server shows for secret ${grant.secret}`;
  if (a.secret !== grant.secret || a.owner !== grant.owner || a.grantee !== me) {
    throw new IntegrityError(`${what} names another secret, owner or account (moved by the server); refusing it`);
  }
  const statement = { secret: a.secret, owner: a.owner, grantee: a.grantee, grant: fromBase64Url(a.grant, 32), time: a.time };
  if (!(await verifyAcceptance(statement, sig(a.signature, what), myKey))) {
    throw new IntegrityError(`${what} is not signed by your key (the server made it); refusing it`);
  }
  return constantTimeEqual(statement.grant, grantHash(grantStatement(grant))) ? a.time : null;
}

async function standingTimes(state: ClientState, owners: readonly OwnerAcceptanceRecord[], me: string, myKey: Uint8Array): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const o of owners) {
    const what = 'a standing acceptance the server shows';
    if (o.grantee !== me) throw new IntegrityError(`${what} is for another account; refusing it`);
    const card = fromBase64Url(o.card, 32);
    if (!(await verifyOwnerAcceptance({ owner: o.owner, grantee: o.grantee, card, time: o.time }, sig(o.signature, what), myKey))) {
      throw new IntegrityError(`${what} is not signed by your key (the server made it); refusing it`);
    }
    const owner = await state.cardById(o.owner, 'owner you accept shares from');
    if (constantTimeEqual(card, keyCardHash(owner.card))) out.set(o.owner, o.time);
  }
  return out;
}

/** Refuses a shares answer that would make this device fetch more unknown key cards than `limits.maxBulkLookups`. */
async function checkOwnerLookups(state: ClientState, ownerIds: readonly string[]): Promise<void> {
  const unknown = new Set<string>();
  for (const id of ownerIds) if (!unknown.has(id) && !(await state.trust.pinned(id)) && id !== state.me().account.id) unknown.add(id);
  const max = state.transport.limits.maxBulkLookups;
  if (unknown.size > max) {
    throw new LimitError(
      'maxBulkLookups',
      `the server's list of shares would make this device fetch ${unknown.size} unknown key cards (more than ${max}, limits.maxBulkLookups); ` +
        'refusing it; raise the limit only if you really receive shares from that many accounts',
    );
  }
}

/** Fetches and verifies the shares of the caller, by secret id (only those in `ids` when given). */
export async function verifiedShares(state: ClientState, ids?: ReadonlySet<string>): Promise<Map<string, ShareState>> {
  const me = state.me();
  const myKey = me.keys.signing.publicKey;
  const { shares, owners } = await state.transport.request('GET', '/v1/shares', SharesResponse, { what: 'list shares' });
  await checkOwnerLookups(state, [...shares.filter((e) => !ids || ids.has(e.grant.secret)).map((e) => e.grant.owner), ...owners.map((o) => o.owner)]);
  const standing = await standingTimes(state, owners, me.account.id, myKey);
  const out = new Map<string, ShareState>();
  for (const entry of shares) {
    const g = entry.grant;
    if ((ids && !ids.has(g.secret)) || out.has(g.secret) || !(await checkGrant(state, g, me.account.id))) continue;
    let acceptedAt = entry.acceptance ? await checkAcceptance(entry.acceptance, g, me.account.id, myKey) : null;
    const since = standing.get(g.owner);
    if (acceptedAt === null && since !== undefined) acceptedAt = Math.max(since, g.time);
    out.set(g.secret, { grant: g, acceptedAt });
  }
  return out;
}

/**
 * Your verified standing acceptances, by owner id (when each was given). They
 * are also what makes a share that reaches you through a group accepted:
 * those are consented to per owner, not per secret.
 */
export async function standingAcceptances(state: ClientState): Promise<Map<string, number>> {
  const me = state.me();
  const { owners } = await state.transport.request('GET', '/v1/shares', SharesResponse, { what: 'list shares' });
  await checkOwnerLookups(state, owners.map((o) => o.owner));
  return standingTimes(state, owners, me.account.id, me.keys.signing.publicKey);
}

/** Signs and stores your acceptance of the share of secret `secretId`. */
export async function acceptShare(state: ClientState, secretId: string, what: string): Promise<number> {
  const me = state.me();
  const share = (await verifiedShares(state, new Set([secretId]))).get(secretId);
  if (!share) throw new NotFoundError(`${what} is not shared with you (or its grant is not signed by its owner)`);
  if (share.acceptedAt !== null) return share.acceptedAt;
  const statement = { secret: secretId, owner: share.grant.owner, grantee: me.account.id, grant: grantHash(grantStatement(share.grant)), time: Date.now() };
  const signature = await signAcceptance(statement, me.signer);
  const body: AcceptanceRecord = { ...statement, grant: toBase64Url(statement.grant), signature: toBase64Url(signature) };
  await state.transport.request('PUT', `/v1/shares/${seg(secretId)}/acceptance`, null, { what: `accept ${what}`, body });
  return statement.time;
}

/** Signs and stores a standing acceptance of every share of `handle`, bound to its (pinned) key card. */
export async function acceptOwner(state: ClientState, handle: string): Promise<{ id: string; handle: string; fingerprint: Uint8Array }> {
  const me = state.me();
  const owner = await state.cardByHandle(handle, `accept shares from "${handle}"`);
  if (owner.id === me.account.id) throw new BadInputError('your own secrets need no acceptance');
  const statement = { owner: owner.id, grantee: me.account.id, card: keyCardHash(owner.card), time: Date.now() };
  const signature = await signOwnerAcceptance(statement, me.signer);
  const body: OwnerAcceptanceRecord = { ...statement, card: toBase64Url(statement.card), signature: toBase64Url(signature) };
  await state.transport.request('PUT', `/v1/owners/${seg(owner.id)}/acceptance`, null, { what: `accept shares from "${handle}"`, body });
  return { id: owner.id, handle: owner.handle, fingerprint: owner.fingerprint };
}

/** A secret's acceptance state from its share (absent, or granted by another owner than the secret's: pending). */
export function shareState(share: ShareState | undefined, ownerId: string): { pending: boolean; acceptedAt: number | null } {
  const acceptedAt = share?.grant.owner === ownerId ? share.acceptedAt : null;
  return { pending: acceptedAt === null, acceptedAt };
}
