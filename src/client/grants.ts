/**
 * Grants: the owner-signed list of who may read or write a secret. Writers
 * wrap new versions only to grantees whose GrantRecord verifies under the
 * OWNER's pinned key and whose card is consistent with the pins; a grantee the
 * server added on its own is refused, never silently wrapped to.
 * @module
 */
import { fromBase64Url, signGrant, toBase64Url, verifyGrant } from '../crypto/index.ts';
import { GrantListResponse } from '../protocol/index.ts';
import type { GrantRecord } from '../protocol/index.ts';
import type { Core } from './core.ts';
import { IntegrityError } from './errors.ts';
import { seg } from './http.ts';
import type { TrustedCard } from './trust.ts';
import { label, type SecretRef } from './versions.ts';

/** A grant whose owner signature and grantee card both verified. */
export interface VerifiedGrant {
  grant: GrantRecord;
  card: TrustedCard;
}

/** Fetches the grants of a secret and verifies every one (IntegrityError on any bad entry). */
export async function verifiedGrants(core: Core, ref: SecretRef): Promise<VerifiedGrant[]> {
  const what = label(ref, core.identity?.account.id);
  const { grants } = await core.transport.request('GET', `/v1/secrets/${seg(ref.id)}/grants`, GrantListResponse, {
    what: `grants of ${what}`,
  });
  const seen = new Set<string>();
  const out: VerifiedGrant[] = [];
  for (const entry of grants) {
    const g = entry.grant;
    const who = `"${entry.card.body.handle}" (account ${g.grantee})`;
    if (g.secret !== ref.id || g.owner !== ref.owner.id || g.grantee !== entry.card.body.id || g.grantee === ref.owner.id) {
      throw new IntegrityError(`the server lists ${who} as a grantee of ${what} with a grant for another secret, owner or account; refusing to wrap to it`);
    }
    if (seen.has(g.grantee)) throw new IntegrityError(`the server lists ${who} twice as a grantee of ${what}; refusing it`);
    seen.add(g.grantee);
    let signature: Uint8Array;
    try {
      signature = fromBase64Url(g.signature, 64);
    } catch {
      throw new IntegrityError(`the grant of ${who} on ${what} has a malformed signature; refusing to wrap to it`);
    }
    const ok = await verifyGrant(
      { secret: g.secret, owner: g.owner, grantee: g.grantee, access: g.access, time: g.time },
      signature,
      ref.owner.signingKey,
    );
    if (!ok) {
      throw new IntegrityError(
        `the server lists ${who} as a grantee of ${what}, but the grant is not signed by the owner ${ref.owner.handle}; refusing to wrap to it`,
      );
    }
    const card = await core.trust.checkAndPin(entry.card, { id: g.grantee }, `grantee of ${what}`);
    out.push({ grant: g, card });
  }
  return out;
}

/** Builds an owner-signed grant record. */
export async function makeGrant(core: Core, ref: SecretRef, grantee: string, access: 'read' | 'write'): Promise<GrantRecord> {
  const me = core.me();
  const statement = { secret: ref.id, owner: me.account.id, grantee, access, time: Date.now() };
  const signature = await signGrant(statement, me.signer);
  return { ...statement, signature: toBase64Url(signature) };
}
