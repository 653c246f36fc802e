/**
 * A group as this device verified it: the chain of membership lists from the
 * last list it accepted (its high-water mark) or from the genesis list, the
 * group card that chain ends in (pinned, replacing an older pin only when the
 * older card is on the verified chain), the members' key cards matched to the
 * hashes the lists recorded, and, for members, the group's private keys from
 * the seed wrapped to them (one extra unwrap, cached per epoch).
 * @module
 */
import {
  createDecrypter, createSigner, fromBase64Url, groupKeysFromSeed, groupSeedContext, keyCardHash, toBase64Url, unwrapDataKey,
  verifyKeyCard, verifyMembershipChain, constantTimeEqual, membershipListHash,
} from '../crypto/index.ts';
import type { AccountKeys, Decrypter, GroupHead, KeyCard, MembershipList, Signer } from '../crypto/index.ts';
import { CryptoError } from '../crypto/index.ts';
import { GroupResponse, MAX_GROUP_LISTS } from '../protocol/index.ts';
import type { ClientState } from './client-state.ts';
import { IntegrityError, NotFoundError } from './errors.ts';
import { seg } from './http.ts';
import { toTrusted, type TrustedCard } from './trust.ts';

/** A member as the verified list names it, with the key card whose hash the list recorded. */
export interface VerifiedMember {
  id: string;
  role: 'admin' | 'member';
  card: TrustedCard;
}

/** A group's verified state. */
export interface VerifiedGroup {
  id: string;
  card: TrustedCard;
  head: MembershipList;
  headHash: Uint8Array;
  members: VerifiedMember[];
  /** The caller's seed wrap for the current epoch (members only; unverified until opened). */
  wrap: string | null;
}

/** A member's use of the group keys. */
export interface GroupKeys {
  epoch: number;
  seed: Uint8Array;
  keys: AccountKeys;
  signer: Signer;
  decrypter: Decrypter;
}

const markKey = (groupId: string) => `group/${groupId}`;

/** The group's answer from list `since` on, following pages (each page starts at the last list of the one before). */
async function fetchGroup(state: ClientState, groupId: string, since: number): Promise<GroupResponse> {
  let answer: GroupResponse | null = null;
  for (let from = since; ;) {
    const page = await state.lookup(() =>
      state.transport.request('GET', `/v1/groups/${seg(groupId)}?since=${from}`, GroupResponse, { what: `group ${groupId}` }));
    if (answer && page.lists[0]?.body.seq !== from) throw new IntegrityError(`the server paged the membership lists of group ${groupId} inconsistently; refusing them`);
    answer = answer ? { ...page, lists: [...answer.lists, ...page.lists.slice(1)], cards: [...answer.cards, ...page.cards] } : page;
    if (page.lists.length < MAX_GROUP_LISTS) return answer;
    from = page.lists[page.lists.length - 1]!.body.seq;
  }
}

/** Verifies the answer's chain from `anchor` (or the first list), its card and the pin. */
async function verifyAnswer(state: ClientState, groupId: string, answer: GroupResponse, anchor: { seq: number; hash: Uint8Array } | null): Promise<GroupHead> {
  const what = `group "${answer.card.body.handle}" (account ${groupId})`;
  let head: GroupHead;
  try {
    head = await verifyMembershipChain({ group: groupId, lists: answer.lists, cards: answer.cards, anchor });
  } catch (error) {
    if (error instanceof CryptoError) throw new IntegrityError(`the membership of ${what} does not verify: ${error.message}; refusing it`, { cause: error });
    throw error;
  }
  if (!constantTimeEqual(keyCardHash(answer.card), keyCardHash(head.list.body.card))) {
    throw new IntegrityError(`the server presents a key card for ${what} that is not the one its verified membership list names (stale or substituted); refusing it`);
  }
  const pinned = await state.trust.pinned(groupId);
  if (pinned && !head.cards.includes(toBase64Url(keyCardHash(pinned.card)))) {
    throw new IntegrityError(`the key card pinned for ${what} is not on its verified chain (a stale or forked group state); refusing it`);
  }
  return head;
}

/** Fetches and verifies a group's state (IntegrityError on any break in the chain). */
export async function verifiedGroup(state: ClientState, groupId: string): Promise<VerifiedGroup> {
  const mark = await state.trust.mark(markKey(groupId));
  const answer = await fetchGroup(state, groupId, mark?.version ?? 1);
  const what = `group "${answer.card.body.handle}" (account ${groupId})`;
  const head = await verifyAnswer(state, groupId, answer, mark ? { seq: mark.version, hash: mark.hash } : null);
  const cardHash = keyCardHash(head.list.body.card);
  const pinned = await state.trust.pinned(groupId);
  const card = pinned && constantTimeEqual(keyCardHash(pinned.card), cardHash) ? pinned : await state.trust.repin(head.list.body.card);
  await state.trust.raiseMark(markKey(groupId), head.list.body.seq, head.hash);
  const byHash = new Map<string, KeyCard>();
  for (const c of answer.cards) byHash.set(toBase64Url(keyCardHash(c)), c);
  const members: VerifiedMember[] = [];
  for (const m of head.list.body.members) {
    const c = byHash.get(m.card);
    if (!c || c.body.id !== m.id || !(await verifyKeyCard(c))) throw new IntegrityError(`the key card of member ${m.id} of ${what} is missing or not the one the list recorded; refusing it`);
    members.push({ id: m.id, role: m.role, card: toTrusted(c) });
  }
  return { id: groupId, card, head: head.list, headHash: head.hash, members, wrap: answer.wrap?.wrap ?? null };
}

/** Opens a seed wrapped to the caller and checks it derives the group card's keys. */
export async function openSeed(state: ClientState, group: VerifiedGroup): Promise<GroupKeys> {
  const me = state.me();
  const what = `group "${group.card.handle}"`;
  if (!group.members.some((m) => m.id === me.account.id) || group.wrap === null) {
    throw new NotFoundError(`you are not a member of ${what}`);
  }
  const epoch = group.head.body.epoch;
  let seed: Uint8Array | null;
  try {
    seed = await unwrapDataKey(fromBase64Url(group.wrap, 80), me.decrypter, groupSeedContext({ group: group.id, epoch, member: me.account.id }));
  } catch (error) {
    throw new IntegrityError(`your copy of the keys of ${what} is malformed; refusing it`, { cause: error });
  }
  if (!seed) throw new IntegrityError(`your copy of the keys of ${what} was not made for you at epoch ${epoch} (swapped or stale); refusing it`);
  const keys = await groupKeysFromSeed(seed);
  if (!constantTimeEqual(keys.signing.publicKey, group.card.signingKey) || !constantTimeEqual(keys.encryption.publicKey, group.card.encryptionKey)) {
    throw new IntegrityError(`your copy of the keys of ${what} does not match its verified key card; refusing it`);
  }
  return { epoch, seed, keys, signer: await createSigner(keys.signing.privateKey), decrypter: await createDecrypter(keys.encryption.privateKey) };
}

const readers = new WeakMap<ClientState, Map<string, Promise<{ epoch: number; keys: GroupKeys }>>>();

/**
 * The group keys for reading what is shared with the group: verified once
 * per client and epoch (`refresh` re-verifies, e.g. after a failed unwrap).
 */
export function groupKeys(state: ClientState, groupId: string, refresh = false): Promise<GroupKeys> {
  let cache = readers.get(state);
  if (!cache) readers.set(state, (cache = new Map()));
  let entry = refresh ? undefined : cache.get(groupId);
  if (!entry) {
    entry = (async () => {
      const keys = await openSeed(state, await verifiedGroup(state, groupId));
      return { epoch: keys.epoch, keys };
    })();
    cache.set(groupId, entry);
    entry.catch(() => cache.delete(groupId));
  }
  return entry.then((e) => e.keys);
}

/** Forgets cached group keys (after a change made here). */
export function forgetGroupKeys(state: ClientState, groupId: string): void {
  readers.get(state)?.delete(groupId);
}

/** A group's whole chain, verified from its first list and consistent with this device's mark and pin. */
async function verifiedHistory(state: ClientState, groupId: string): Promise<{ lists: MembershipList[]; head: GroupHead }> {
  const answer = await fetchGroup(state, groupId, 1);
  const head = await verifyAnswer(state, groupId, answer, null);
  const mark = await state.trust.mark(markKey(groupId));
  const atMark = mark ? answer.lists[mark.version - 1] : undefined;
  if (mark && (!atMark || atMark.body.seq !== mark.version || !constantTimeEqual(membershipListHash(atMark), mark.hash))) {
    throw new IntegrityError(`the membership history of group "${answer.card.body.handle}" differs from the one this device accepted (forked or rolled back); refusing it`);
  }
  return { lists: answer.lists, head };
}

/**
 * The hashes of every card of a group from its first list to `card`, verified
 * from the genesis list and consistent with this device's mark and pin; null
 * for other accounts (see card-binding.ts).
 */
export async function groupCardChain(state: ClientState, card: KeyCard): Promise<string[] | null> {
  if (card.body.kind !== 'group') return null;
  const { head } = await verifiedHistory(state, card.body.id);
  return constantTimeEqual(keyCardHash(head.list.body.card), keyCardHash(card)) ? head.cards : null;
}

const removals = new WeakMap<ClientState, Map<string, { seq: number; hash: Uint8Array; at: number }>>();

/**
 * When a member last left the group: the admin-signed time of its latest
 * new-epoch list (0: never). Verified from the first list once per client,
 * then only the lists after the last one seen (anchored on its hash).
 */
export async function lastRemoval(state: ClientState, groupId: string): Promise<number> {
  let cache = removals.get(state);
  if (!cache) removals.set(state, (cache = new Map()));
  const known = cache.get(groupId);
  let lists: MembershipList[];
  let head: GroupHead;
  if (known) {
    const answer = await fetchGroup(state, groupId, known.seq);
    lists = answer.lists;
    head = await verifyAnswer(state, groupId, answer, { seq: known.seq, hash: known.hash });
  } else {
    ({ lists, head } = await verifiedHistory(state, groupId));
  }
  let at = known?.at ?? 0;
  for (let i = 1; i < lists.length; i++) if (lists[i]!.body.epoch > lists[i - 1]!.body.epoch) at = Math.max(at, lists[i]!.body.time);
  cache.set(groupId, { seq: head.list.body.seq, hash: head.hash, at });
  return at;
}
