/**
 * Signed access lists on the client: verifying the list the server serves
 * (owner signature, this secret, not older than what this device or the
 * version being read already saw), choosing a writer's recipients from it,
 * building the owner's next list, and deriving `rotate` from it. The server
 * can withhold a list (a denial), never make a writer wrap to someone the
 * owner's latest verified list does not name.
 * @module
 */
import { accessListHash, constantTimeEqual, signAccessList, toBase64Url, verifySignature } from '../crypto/index.ts';
import { accessListStatement } from '../protocol/index.ts';
import type { AccessListRecord } from '../protocol/index.ts';
import { cardBindingOf } from './card-binding.ts';
import type { ClientState } from './client-state.ts';
import { ConflictError, IntegrityError, refuseMalformed } from './errors.ts';
import type { VerifiedGrant } from './grants.ts';
import { seg } from './http.ts';
import type { TrustedCard } from './trust.ts';
import { label, recordBytes, type SecretRef } from './versions.ts';

/** An access list whose owner signature verified and that is not older than this device's mark. */
export interface VerifiedAccessList {
  record: AccessListRecord;
  counter: number;
  revoked: number;
  hash: Uint8Array;
  /** Grantees by account id: bound card hash (base64url) and access. */
  entries: Map<string, { card: string; access: 'read' | 'write' }>;
}

/**
 * Verifies the list served for a secret. `atLeast` is the counter a verified
 * version named (a list older than that is a rollback). Null when there is
 * no list and nothing says there should be one. Does not raise the mark
 * (see {@link raiseListMarks}), so a bulk load writes once.
 */
export async function verifyList(
  state: ClientState,
  ref: SecretRef,
  record: AccessListRecord | null,
  atLeast: number,
): Promise<VerifiedAccessList | null> {
  const what = label(ref, state.identity?.account.id);
  if (record === null) {
    if (atLeast > 0 || (await state.lists.get(ref.id))) {
      throw new IntegrityError(`the server withholds the access list of ${what} that this device or its latest version already saw; refusing it`);
    }
    return null;
  }
  if (record.secret !== ref.id || record.owner !== ref.owner.id) {
    throw new IntegrityError(`the server sent the access list of another secret or owner for ${what}; refusing it`);
  }
  const signature = recordBytes(record.signature, 64, `the access list of ${what}: signature`);
  // One hash for the signature check and the mark (verifyAccessList would hash again).
  const hash = await refuseMalformed(`the access list of ${what}`, () => accessListHash(accessListStatement(record)));
  const mark = await state.lists.get(ref.id);
  // The very list this device verified before (its mark) needs no second signature check.
  const known = mark !== undefined && mark.counter === record.counter && constantTimeEqual(mark.hash, hash);
  const ok = known || (await refuseMalformed(`the access list of ${what}`, () => verifySignature(ref.owner.signingKey, hash, signature)));
  if (!ok) throw new IntegrityError(`the access list of ${what} is not signed by its owner ${ref.owner.handle}; refusing it`);
  if (record.counter < atLeast) {
    throw new IntegrityError(
      `the server serves access list ${record.counter} of ${what}, older than list ${atLeast} its latest version was wrapped under; refusing the rollback`,
    );
  }
  const seen = await state.lists.compare(ref.id, record.counter, hash);
  if (seen !== 'ok') {
    throw new IntegrityError(
      seen === 'older'
        ? `the server replays an older access list (${record.counter}) of ${what} than this device already verified; refusing it`
        : `the server serves another access list ${record.counter} of ${what} than the one this device verified (forked); refusing it`,
    );
  }
  const entries = new Map(record.grantees.map((g) => [g.id, { card: g.card, access: g.access }]));
  return { record, counter: record.counter, revoked: record.revoked, hash, entries };
}

/**
 * What a reader needs from the list served beside a version it verified:
 * whether to rotate. When the list is the one the version names (same
 * counter), its content cannot matter (a list never revoked past its own
 * counter), so only the rollback checks run, no signature; a newer list is
 * verified in full (its `revoked` decides) and becomes the mark. A writer
 * always verifies in full ({@link verifyList}).
 */
export async function readerRotate(
  state: ClientState,
  ref: SecretRef,
  record: AccessListRecord | null,
  versionList: number,
): Promise<{ rotate: boolean; list: VerifiedAccessList | null }> {
  if (record === null || record.counter !== versionList) {
    const list = await verifyList(state, ref, record, versionList);
    return { rotate: rotateSince(list, versionList), list };
  }
  const what = label(ref, state.identity?.account.id);
  if (record.secret !== ref.id || record.owner !== ref.owner.id) {
    throw new IntegrityError(`the server sent the access list of another secret or owner for ${what}; refusing it`);
  }
  const mark = await state.lists.get(ref.id);
  if (mark && mark.counter >= record.counter) {
    const hash = await refuseMalformed(`the access list of ${what}`, () => accessListHash(accessListStatement(record)));
    if ((await state.lists.compare(ref.id, record.counter, hash)) !== 'ok') {
      throw new IntegrityError(`the server replays an older (or another) access list of ${what} than this device already verified; refusing it`);
    }
  }
  return { rotate: false, list: null };
}

/** Remembers verified lists as this device's high-water marks. */
export async function raiseListMarks(state: ClientState, marks: Array<{ id: string; list: VerifiedAccessList | null }>): Promise<void> {
  await state.lists.raise(marks.flatMap((m) => (m.list ? [{ id: m.id, counter: m.list.counter, hash: m.list.hash }] : [])));
}

/** True when a grantee was removed after the access list a version was wrapped under: rotate the upstream credential. */
export function rotateSince(list: VerifiedAccessList | null, versionList: number): boolean {
  return list !== null && list.revoked > versionList;
}

/**
 * A writer's recipients besides the owner: grantees with a verified grant
 * that the latest verified list names with the same card. A grant the list
 * does not name (revoked, or re-listed by the server) is refused, never
 * wrapped to; a list entry without a grant (declined) is skipped.
 */
export function writerRecipients(ref: SecretRef, grants: VerifiedGrant[], list: VerifiedAccessList | null, what: string): TrustedCard[] {
  return grants.map((g) => {
    const entry = list?.entries.get(g.grant.grantee);
    if (!entry || entry.card !== g.grant.card) {
      throw new IntegrityError(
        `the server lists ${g.card.handle} as a grantee of ${what}, but the owner ${ref.owner.handle}'s latest access list ` +
          `(${list ? `counter ${list.counter}` : 'none'}) does not name them with that key (a revoked or re-listed grant); refusing to wrap to them`,
      );
    }
    return g.card;
  });
}

/** The owner's next list: the current one with `change` applied, counter + 1. */
export async function nextList(
  state: ClientState,
  ref: SecretRef,
  current: VerifiedAccessList | null,
  change: { set: TrustedCard; access: 'read' | 'write' } | { remove: string },
): Promise<AccessListRecord> {
  const counter = (current?.counter ?? 0) + 1;
  const grantees = (current?.record.grantees ?? []).filter((g) => g.id !== ('set' in change ? change.set.id : change.remove));
  if ('set' in change) grantees.push({ id: change.set.id, card: cardBindingOf(change.set.card), access: change.access });
  return signList(state, ref, counter, 'remove' in change ? counter : (current?.revoked ?? 0), grantees);
}

/** Signs an access list of `ref` with the owner's current key. */
export async function signList(
  state: ClientState,
  ref: SecretRef,
  counter: number,
  revoked: number,
  grantees: AccessListRecord['grantees'],
): Promise<AccessListRecord> {
  const me = state.me();
  const body = { v: 2 as const, secret: ref.id, owner: me.account.id, counter, revoked, grantees, time: Date.now() };
  const signature = await signAccessList(accessListStatement({ ...body, signature: '' }), me.signer);
  return { ...body, signature: toBase64Url(signature) };
}

/** Stores the owner's next list (compare-and-swap on the counter) and raises this device's mark. */
export async function publishList(state: ClientState, ref: SecretRef, list: AccessListRecord): Promise<void> {
  const what = label(ref, state.me().account.id);
  await state.transport.request('PUT', `/v1/secrets/${seg(ref.id)}/access-list`, null, { what: `update the access list of ${what}`, body: { list } })
    .catch((error: unknown) => {
      if (error instanceof ConflictError) {
        throw new ConflictError(`the access list of ${what} changed meanwhile (shared or unshared elsewhere); reload it and try again`);
      }
      throw error;
    });
  const hash = accessListHash(accessListStatement(list));
  await state.lists.raise([{ id: ref.id, counter: list.counter, hash }]);
}
