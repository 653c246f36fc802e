/**
 * Group wire shapes (docs/groups.md): membership lists as signed by admins
 * (crypto/group.ts has the formulas; the server and every client verify
 * them), the group state a client verifies, and the change requests.
 */
import * as z from './wire-zod.ts';
import { GROUP_ROLES, MAX_GROUP_MEMBERS } from '../crypto/index.ts';
import type { MembershipList as SignedMembershipList } from '../crypto/index.ts';
import { KeyCard } from './card.ts';
import { Bytes32, Handle, Id, Signature, Timestamp, VersionNumber, WrapBytes, canonicalInt } from './primitives.ts';
import { MAX_LIST, MAX_RECORD_BYTES, capAnswer } from './limits.ts';

/** Most membership lists one answer carries (a client then asks again from the last one). */
export const MAX_GROUP_LISTS = 256;
/** Most groups one account belongs to that a listing returns. */
export const MAX_GROUPS = 200;

const Epoch = canonicalInt(1, 1_000_000_000);
export const GroupRole = z.enum(GROUP_ROLES);

/** One member of a membership list. */
export const GroupMemberEntry = z.strictObject({ id: Id, role: GroupRole, card: Bytes32 });

/** A membership list: admin-signed, and signed by the previous group key when the epoch changes. */
export const MembershipList = z.strictObject({
  body: z.strictObject({
    v: z.literal(1),
    group: Id,
    seq: Epoch,
    epoch: Epoch,
    card: KeyCard,
    prev: z.nullable(Bytes32),
    members: z.array(GroupMemberEntry).check(z.minLength(1), z.maxLength(MAX_GROUP_MEMBERS)),
    admin: Id,
    time: Timestamp,
  }),
  signature: Signature,
  groupSignature: z.nullable(Signature),
});

/** A group seed sealed to one member. */
export const SeedWrap = z.strictObject({ recipient: Id, wrap: WrapBytes });

/** The latest data key of a secret shared with the group, wrapped to the new group key. */
export const Rewrap = z.strictObject({ secret: Id, version: VersionNumber, wrap: WrapBytes });

/** `POST /v1/groups`: the first list (it carries the group's card) and the creator's seed wrap. */
export const CreateGroupRequest = z.strictObject({ list: MembershipList, wrap: SeedWrap });

/**
 * `POST /v1/groups/:id/lists`: the next list. Same epoch: wraps for the
 * added members. New epoch: the new card is in the list, wraps for every
 * member, and re-wraps of every secret shared with the group.
 */
export const GroupChangeRequest = z.strictObject({
  list: MembershipList,
  wraps: z.array(SeedWrap).check(z.maxLength(MAX_GROUP_MEMBERS)),
  rewraps: z.array(Rewrap).check(z.maxLength(MAX_LIST)),
});

/** `GET /v1/groups/:id`: the current card, lists from `since`, key cards of the accounts they name, the caller's seed wrap. */
export const GroupResponse = capAnswer(
  z.strictObject({
    card: KeyCard,
    lists: z.array(MembershipList).check(z.minLength(1), z.maxLength(MAX_GROUP_LISTS)),
    cards: z.array(KeyCard).check(z.maxLength(2 * MAX_GROUP_MEMBERS)),
    wrap: z.nullable(SeedWrap),
  }),
  { bytes: MAX_GROUP_LISTS * (MAX_GROUP_MEMBERS + 4) * 160 + 2 * MAX_GROUP_MEMBERS * MAX_RECORD_BYTES },
);

/** A group the caller belongs to, as the server reports it (verified on use). */
export const GroupEntry = z.strictObject({ id: Id, handle: Handle });

/** `GET /v1/groups`: the groups the caller is a member of. */
export const GroupsResponse = capAnswer(z.strictObject({ groups: z.array(GroupEntry).check(z.maxLength(MAX_GROUPS)) }), {
  bytes: MAX_GROUPS * 200 + 100,
});

export type MembershipListWire = z.infer<typeof MembershipList>;
export type SeedWrap = z.infer<typeof SeedWrap>;
export type Rewrap = z.infer<typeof Rewrap>;
export type CreateGroupRequest = z.infer<typeof CreateGroupRequest>;
export type GroupChangeRequest = z.infer<typeof GroupChangeRequest>;
export type GroupResponse = z.infer<typeof GroupResponse>;
export type GroupsResponse = z.infer<typeof GroupsResponse>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<MembershipListWire, SignedMembershipList> = true;
void sameShape;
