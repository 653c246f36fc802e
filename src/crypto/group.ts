/**
 * Groups: an account of kind `group` whose keys come from a 32-byte seed that
 * is wrapped to each member, and the admin-signed membership lists that say
 * who the members are at each epoch (docs/groups.md).
 *
 * Group keys (HKDF-SHA256, RFC 5869; Ed25519, RFC 8032; X25519, RFC 7748):
 *   signing    = HKDF-SHA256(seed, salt = empty, "latchkey/v2/group/signing", 32)
 *   encryption = HKDF-SHA256(seed, salt = empty, "latchkey/v2/group/encryption", 32)
 * Seed wrap to a member: the data-key wrap of wrap.ts with
 *   context = "latchkey/v2/group/seed\0" || canonical({epoch, group, member})
 * so a seed wrap never opens as a version's data key (and the reverse).
 * Membership list, one per change, numbered by `seq`:
 *   body = {v: 1, group, seq, epoch, card (the group's key card at that epoch),
 *           prev (b64u listHash of list seq-1, null for seq 1),
 *           members: [{id, role: admin|member, card: b64u keyCardHash}] sorted by id,
 *           admin (the signer's account id), time}
 *   signature      = Ed25519(admin key,  "latchkey/v2/group/list\0" || canonical(body))
 *   groupSignature = Ed25519(group key of the previous epoch (of this epoch for seq 1),
 *                            "latchkey/v2/group/link\0" || canonical(body)), null when the epoch did not change
 *   listHash       = SHA-256(canonical({body, groupSignature, signature}))
 */
import { CryptoError } from './errors.ts';
import { concatBytes, sha256 } from './encoding.ts';
import { canonicalBytes } from './canonical.ts';
import type { CanonicalValue } from './canonical.ts';
import { DOMAIN } from './domains.ts';
import { hkdfSha256 } from './aead.ts';
import { accountKeysFromPrivate, verifySignature } from './keys.ts';
import type { AccountKeys, Signer } from './keys.ts';
import { zeroize } from './encoding.ts';
import type { KeyCard } from './card.ts';

/** What a member may do: admins change the membership. */
export type GroupRole = 'admin' | 'member';
/** Roles, in the order listings show them. */
export const GROUP_ROLES = ['admin', 'member'] as const;
/** Most members a group can have. */
export const MAX_GROUP_MEMBERS = 500;

/** One member of a membership list: account id, role and the hash of the key card it was added with. */
export interface GroupMemberEntry {
  id: string;
  role: GroupRole;
  card: string;
}

/** The signed part of a membership list. */
export interface MembershipListBody {
  v: 1;
  group: string;
  seq: number;
  epoch: number;
  card: KeyCard;
  prev: string | null;
  members: GroupMemberEntry[];
  admin: string;
  time: number;
}

/** A membership list with its admin signature and (on a new epoch) the previous group key's signature. */
export interface MembershipList {
  body: MembershipListBody;
  signature: string;
  groupSignature: string | null;
}

const EMPTY = new Uint8Array(0);

/** Derives a group's two key pairs from its 32-byte seed. */
export async function groupKeysFromSeed(seed: Uint8Array): Promise<AccountKeys> {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new CryptoError('bad-length', 'group seed must be 32 bytes');
  const signing = hkdfSha256(seed, EMPTY, DOMAIN.groupSigning, 32);
  const encryption = hkdfSha256(seed, EMPTY, DOMAIN.groupEncryption, 32);
  const keys = await accountKeysFromPrivate(signing, encryption);
  zeroize(signing, encryption);
  return keys;
}

/** The wrap context of a group seed sealed to one member at one epoch. */
export function groupSeedContext(info: { group: string; epoch: number; member: string }): Uint8Array {
  return concatBytes(DOMAIN.groupSeed, canonicalBytes({ epoch: info.epoch, group: info.group, member: info.member }));
}

function bodyBytes(body: MembershipListBody): Uint8Array {
  return canonicalBytes(body as unknown as CanonicalValue);
}

/** The bytes an admin signs. */
export function membershipSigningBytes(body: MembershipListBody): Uint8Array {
  return concatBytes(DOMAIN.groupList, bodyBytes(body));
}

/** The bytes the previous epoch's group key signs when the epoch changes. */
export function groupLinkSigningBytes(body: MembershipListBody): Uint8Array {
  return concatBytes(DOMAIN.groupLink, bodyBytes(body));
}

/** SHA-256 of the whole list (body and both signatures): what the next list's `prev` holds. */
export function membershipListHash(list: MembershipList): Uint8Array {
  return sha256(canonicalBytes(list as unknown as CanonicalValue));
}

/** Signs a list body as its admin and, when `previousGroup` is given, as the previous epoch's group key. */
export async function signMembershipList(body: MembershipListBody, admin: Signer, previousGroup: Signer | null): Promise<{ signature: Uint8Array; groupSignature: Uint8Array | null }> {
  const signature = await admin.sign(membershipSigningBytes(body));
  const groupSignature = previousGroup ? await previousGroup.sign(groupLinkSigningBytes(body)) : null;
  return { signature, groupSignature };
}

/** True when `signature` is the admin's over the list body. Never throws for a bad signature. */
export async function verifyMembershipSignature(body: MembershipListBody, signature: Uint8Array, adminSigningKey: Uint8Array): Promise<boolean> {
  return verifySignature(adminSigningKey, membershipSigningBytes(body), signature);
}

/** True when `signature` is the group key's link signature over the list body. */
export async function verifyGroupLinkSignature(body: MembershipListBody, signature: Uint8Array, groupSigningKey: Uint8Array): Promise<boolean> {
  return verifySignature(groupSigningKey, groupLinkSigningBytes(body), signature);
}
