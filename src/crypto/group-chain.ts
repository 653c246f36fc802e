/**
 * Verifying a group's chain of membership lists (formulas in group.ts).
 * From an anchor (a list hash this device already accepted, or none: then
 * the chain must start at the genesis list) every next list must:
 * - name the same group, have seq + 1, and link `prev` = listHash(previous);
 * - be signed by an account that is an admin in the previous list, with the
 *   key card whose hash that list recorded (for seq 1: an admin it lists);
 * - keep the epoch and the group card (only additions and role changes), or
 *   raise the epoch by one with a new self-signed group card whose `prev` is
 *   the hash of the previous card, the same id, handle and kind, and a
 *   `groupSignature` by the PREVIOUS card's key. Removing anyone needs a new
 *   epoch, so a removed member's keys never read what follows.
 * Anything else throws CryptoError `bad-signature` (signatures) or `bad-input`.
 */
import { CryptoError } from './errors.ts';
import { constantTimeEqual, fromBase64Url, toBase64Url } from './encoding.ts';
import { isBase64UrlOf, keyCardHash, verifyKeyCard } from './card.ts';
import type { KeyCard } from './card.ts';
import { cardFollows } from './card-chain.ts';
import {
  GROUP_ROLES, MAX_GROUP_MEMBERS, membershipListHash, verifyGroupLinkSignature, verifyMembershipSignature,
} from './group.ts';
import type { MembershipList } from './group.ts';

/** The verified head of a group's chain. */
export interface GroupHead {
  list: MembershipList;
  hash: Uint8Array;
  /** Hashes (b64u) of every group card seen on the verified part of the chain, oldest first. */
  cards: string[];
}

function fail(message: string): never {
  throw new CryptoError('bad-input', message);
}

function sig(text: string | null, what: string): Uint8Array {
  if (text === null || !isBase64UrlOf(text, 64)) throw new CryptoError('bad-signature', `${what} is missing or malformed`);
  return fromBase64Url(text, 64);
}

function checkShape(list: MembershipList, group: string): void {
  const b = list.body;
  if (b.v !== 1 || b.group !== group) fail(`membership list ${b.seq} is not a v1 list of group ${group}`);
  if (!Number.isSafeInteger(b.seq) || b.seq < 1 || !Number.isSafeInteger(b.epoch) || b.epoch < 1) fail('membership list seq and epoch must be integers >= 1');
  if (b.card.body.id !== group || b.card.body.kind !== 'group') fail(`membership list ${b.seq} carries the key card of another account or kind`);
  if (!Array.isArray(b.members) || b.members.length === 0 || b.members.length > MAX_GROUP_MEMBERS) {
    fail(`membership list ${b.seq} must list 1 to ${MAX_GROUP_MEMBERS} members`);
  }
  let last = '';
  for (const m of b.members) {
    if (!(GROUP_ROLES as readonly string[]).includes(m.role) || !isBase64UrlOf(m.id, 16) || !isBase64UrlOf(m.card, 32)) {
      fail(`membership list ${b.seq} has a malformed member entry`);
    }
    if (m.id <= last) fail(`membership list ${b.seq} lists its members out of order or twice`);
    last = m.id;
  }
  if (!b.members.some((m) => m.role === 'admin')) fail(`membership list ${b.seq} has no admin`);
}

async function adminSigned(list: MembershipList, signers: MembershipList, cards: Map<string, KeyCard>): Promise<void> {
  const b = list.body;
  const entry = signers.body.members.find((m) => m.id === b.admin && m.role === 'admin');
  if (!entry) throw new CryptoError('bad-signature', `membership list ${b.seq} is signed by ${b.admin}, who is not an admin of list ${signers.body.seq}`);
  const card = cards.get(entry.card);
  if (!card || card.body.id !== entry.id || !(await verifyKeyCard(card))) {
    fail(`the key card of admin ${b.admin} (hash ${entry.card}) is missing or not self-signed`);
  }
  if (!(await verifyMembershipSignature(b, sig(list.signature, `the admin signature of list ${b.seq}`), fromBase64Url(card.body.signingKey, 32)))) {
    throw new CryptoError('bad-signature', `membership list ${b.seq} is not signed by its admin ${b.admin}`);
  }
}

async function checkGenesis(list: MembershipList, cards: Map<string, KeyCard>): Promise<void> {
  const b = list.body;
  if (b.seq !== 1 || b.epoch !== 1 || b.prev !== null || b.card.body.prev !== null) fail('the first membership list of a group must be seq 1, epoch 1, with no predecessor');
  if (!(await verifyKeyCard(b.card))) throw new CryptoError('bad-signature', 'the group key card of list 1 is not self-signed');
  await adminSigned(list, list, cards);
  if (!(await verifyGroupLinkSignature(b, sig(list.groupSignature, 'the group signature of list 1'), fromBase64Url(b.card.body.signingKey, 32)))) {
    throw new CryptoError('bad-signature', 'membership list 1 is not signed by the group key');
  }
}

async function checkNext(prev: MembershipList, prevHash: Uint8Array, list: MembershipList, cards: Map<string, KeyCard>): Promise<void> {
  const a = prev.body;
  const b = list.body;
  if (b.seq !== a.seq + 1 || b.prev !== toBase64Url(prevHash)) fail(`membership list ${b.seq} does not follow list ${a.seq} (forked, replayed or reordered)`);
  await adminSigned(list, prev, cards);
  const prevCard = keyCardHash(a.card);
  if (b.epoch === a.epoch) {
    if (!constantTimeEqual(keyCardHash(b.card), prevCard) || list.groupSignature !== null) fail(`membership list ${b.seq} changes the group key card without a new epoch`);
    const kept = new Set(b.members.map((m) => m.id));
    if (a.members.some((m) => !kept.has(m.id))) fail(`membership list ${b.seq} removes a member without a new epoch (group keys not rotated)`);
    return;
  }
  if (b.epoch !== a.epoch + 1) fail(`membership list ${b.seq} skips from epoch ${a.epoch} to ${b.epoch}`);
  if (!(await cardFollows(a.card, b.card))) {
    fail(`the group key card of epoch ${b.epoch} does not chain to the card of epoch ${a.epoch} or is not self-signed`);
  }
  if (!(await verifyGroupLinkSignature(b, sig(list.groupSignature, `the group signature of list ${b.seq}`), fromBase64Url(a.card.body.signingKey, 32)))) {
    throw new CryptoError('bad-signature', `the group key card of epoch ${b.epoch} is not signed by the group key of epoch ${a.epoch}`);
  }
}

/**
 * Verifies `lists` (ordered by seq) against `anchor` and returns the head.
 * `cards` are the key cards of admins, matched by their hash in the lists.
 * With an anchor, `lists[0]` must be the anchored list itself (hash equal).
 */
export async function verifyMembershipChain(args: {
  group: string;
  lists: MembershipList[];
  cards: KeyCard[];
  anchor: { seq: number; hash: Uint8Array } | null;
}): Promise<GroupHead> {
  const { group, lists, anchor } = args;
  if (lists.length === 0) fail(`no membership list of group ${group}`);
  const cards = new Map(args.cards.map((c) => [toBase64Url(keyCardHash(c)), c]));
  for (const list of lists) checkShape(list, group);
  let hash = membershipListHash(lists[0]!);
  if (anchor) {
    if (lists[0]!.body.seq !== anchor.seq || !constantTimeEqual(hash, anchor.hash)) {
      fail(`membership list ${anchor.seq} of group ${group} is not the one this device accepted (rolled back or forked)`);
    }
  } else {
    await checkGenesis(lists[0]!, cards);
  }
  const seen = [toBase64Url(keyCardHash(lists[0]!.body.card))];
  for (let i = 1; i < lists.length; i++) {
    await checkNext(lists[i - 1]!, hash, lists[i]!, cards);
    hash = membershipListHash(lists[i]!);
    const card = toBase64Url(keyCardHash(lists[i]!.body.card));
    if (card !== seen[seen.length - 1]) seen.push(card);
  }
  return { list: lists[lists.length - 1]!, hash, cards: seen };
}
