/**
 * Grants: the owner-signed list of who may read or write a secret. Writers
 * wrap new versions only to grantees whose GrantRecord verifies under the
 * OWNER's pinned key and whose card is the one that grant binds (and is
 * consistent with the pins); a grantee the server added on its own, or a
 * card it substituted, is refused, never silently wrapped to. A grantee's
 * card is checked, not pinned: it signed nothing here. Your own access level
 * is derived from these verified grants, never from the server's claim.
 * @module
 */
import { fromBase64Url, keyCardHash, signGrant, toBase64Url, verifyGrant } from '../crypto/index.ts';
import { GrantListResponse, grantStatement } from '../protocol/index.ts';
import { cardSatisfiesBinding } from './card-binding.ts';
import type { GrantEntry, GrantRecord } from '../protocol/index.ts';
import { raiseListMarks, verifyList, type VerifiedAccessList } from './access-list.ts';
import type { ClientState } from './client-state.ts';
import { IntegrityError, refuseMalformed } from './errors.ts';
import { cardChainOf } from './card-chain.ts';
import { seg } from './http.ts';
import type { TrustedCard } from './trust.ts';
import { label, type SecretRef } from './versions.ts';

/** A grant whose owner signature and grantee card both verified. */
export interface VerifiedGrant {
  grant: GrantRecord;
  card: TrustedCard;
}

function grantAnswer(state: ClientState, ref: SecretRef, what: string): Promise<GrantListResponse> {
  return state.lookup(() =>
    state.transport.request('GET', `/v1/secrets/${seg(ref.id)}/grants`, GrantListResponse, { what: `grants of ${what}` }));
}

async function grantList(state: ClientState, ref: SecretRef, what: string): Promise<GrantEntry[]> {
  return (await grantAnswer(state, ref, what)).grants;
}

/** Fetches the grants of a secret and verifies every one (IntegrityError on any bad entry). */
export async function verifiedGrants(state: ClientState, ref: SecretRef): Promise<VerifiedGrant[]> {
  return (await verifiedSharing(state, ref, 0)).grants;
}

/**
 * The verified grants and access list of a secret, in one request. The list
 * must be at least `atLeast` (the counter the loaded version names) and not
 * older than this device's mark, which it raises.
 */
export async function verifiedSharing(
  state: ClientState,
  ref: SecretRef,
  atLeast: number,
): Promise<{ grants: VerifiedGrant[]; list: VerifiedAccessList | null }> {
  const what = label(ref, state.identity?.account.id);
  const answer = await grantAnswer(state, ref, what);
  const list = await verifyList(state, ref, answer.list, atLeast);
  const grants = await checkEntries(state, ref, answer.grants, what);
  await raiseListMarks(state, [{ id: ref.id, list }]);
  return { grants, list };
}

async function checkEntries(state: ClientState, ref: SecretRef, entries: GrantEntry[], what: string): Promise<VerifiedGrant[]> {
  const seen = new Set<string>();
  const out: VerifiedGrant[] = [];
  for (const entry of entries) {
    const g = entry.grant;
    if (seen.has(g.grantee)) throw new IntegrityError(`the server lists "${entry.card.body.handle}" (account ${g.grantee}) twice as a grantee of ${what}; refusing it`);
    seen.add(g.grantee);
    await checkGrant(ref, entry, what);
    if (!(await cardSatisfiesBinding(entry.card, g.card, (c) => cardChainOf(state, c)))) {
      throw new IntegrityError(
        `the server presents a key card for "${entry.card.body.handle}" (account ${g.grantee}) that is not the one the owner's grant ` +
          `on ${what} names (substituted card); refusing to wrap to it`,
      );
    }
    const { trusted: card } = await state.trust.check(entry.card, { id: g.grantee }, `grantee of ${what}`);
    out.push({ grant: g, card });
  }
  return out;
}

/** Refuses a grant that is not for this secret and its card's account, or not signed by the owner. */
async function checkGrant(ref: SecretRef, entry: GrantEntry, what: string): Promise<void> {
  const g = entry.grant;
  const who = `"${entry.card.body.handle}" (account ${g.grantee})`;
  if (g.secret !== ref.id || g.owner !== ref.owner.id || g.grantee !== entry.card.body.id || g.grantee === ref.owner.id) {
    throw new IntegrityError(`the server lists ${who} as a grantee of ${what} with a grant for another secret, owner or account; refusing to wrap to it`);
  }
  let signature: Uint8Array;
  try {
    signature = fromBase64Url(g.signature, 64);
  } catch {
    throw new IntegrityError(`the grant of ${who} on ${what} has a malformed signature; refusing to wrap to it`);
  }
  const ok = await refuseMalformed(`the grant of ${who} on ${what}`, () => verifyGrant(
    grantStatement(g),
    signature,
    ref.owner.signingKey,
  ));
  if (!ok) {
    throw new IntegrityError(
      `the server lists ${who} as a grantee of ${what}, but the grant is not signed by the owner ${ref.owner.handle}; refusing to wrap to it`,
    );
  }
}

/**
 * Your access to a secret from verified facts only: `owner` when the owner's
 * checked card is yours; `write` when a write grant for you verified under
 * the owner's key (the one carried by a version you wrote, or the current
 * grant list); else `read`. The server's `claimed` level can only lower it.
 */
export async function verifiedAccess(
  state: ClientState,
  ref: SecretRef,
  claimed: 'owner' | 'read' | 'write',
  opened: { author: { id: string }; authorGrant: GrantRecord | null } | null,
): Promise<'owner' | 'read' | 'write'> {
  const me = state.me().account.id;
  const known = accessWithoutLookup(me, ref.owner.id, claimed, opened && { author: opened.author.id, authorGrant: opened.authorGrant });
  if (known !== 'check') return known;
  // Only your own grant decides your level; a bad entry for someone else is for save() to refuse.
  const what = label(ref, me);
  const mine = (await grantList(state, ref, what)).filter((e) => e.grant.grantee === me && e.grant.access === 'write');
  for (const entry of mine) {
    try {
      await checkGrant(ref, entry, what);
      // A grant bound to another card than yours would make your versions unverifiable to others.
      if (await cardSatisfiesBinding(state.me().card, entry.grant.card, (c) => cardChainOf(state, c))) return 'write';
    } catch (error) {
      if (!(error instanceof IntegrityError)) throw error;
    }
  }
  return 'read';
}

/**
 * The part of {@link verifiedAccess} that needs no request; `check` when only
 * the grant list can tell (the server claims `write` and the version does
 * not prove it: `opened` was authored by you with your verified write grant).
 */
export function accessWithoutLookup(
  me: string,
  ownerId: string,
  claimed: 'owner' | 'read' | 'write',
  opened: { author: string; authorGrant: GrantRecord | null } | null,
): 'owner' | 'read' | 'write' | 'check' {
  if (ownerId === me) return 'owner';
  if (claimed !== 'write') return 'read';
  if (opened && opened.author === me && opened.authorGrant) return 'write';
  return 'check';
}

/** Builds an owner-signed grant record binding the grantee's checked card. */
export async function makeGrant(state: ClientState, ref: SecretRef, grantee: TrustedCard, access: 'read' | 'write'): Promise<GrantRecord> {
  const me = state.me();
  const statement = { secret: ref.id, owner: me.account.id, grantee: grantee.id, card: keyCardHash(grantee.card), access, time: Date.now() };
  const signature = await signGrant(statement, me.signer);
  return { v: 2, ...statement, card: toBase64Url(statement.card), signature: toBase64Url(signature) };
}
