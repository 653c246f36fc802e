/**
 * The membership chain: a valid chain of additions and rotations verifies,
 * and each break is refused (a list signed by a non-admin or by nobody of
 * the previous list, a removal without a new epoch, a new group card not
 * signed by the previous group key or not chained to the previous card, a
 * skipped epoch, a fork or rollback against the anchor).
 */
import { describe, expect, test } from 'vitest';
import { createKeyCard, keyCardHash, newAccountId } from './card.ts';
import type { KeyCard } from './card.ts';
import { toBase64Url, randomBytes } from './encoding.ts';
import { createSigner, generateAccountKeys } from './keys.ts';
import type { Signer } from './keys.ts';
import { groupKeysFromSeed, membershipListHash, signMembershipList } from './group.ts';
import type { GroupMemberEntry, GroupRole, MembershipList, MembershipListBody } from './group.ts';
import { verifyMembershipChain } from './group-chain.ts';

interface Person { id: string; card: KeyCard; signer: Signer }

async function person(handle: string): Promise<Person> {
  const keys = await generateAccountKeys();
  const id = newAccountId();
  return { id, card: await createKeyCard(keys, { id, handle, kind: 'person' }), signer: await createSigner(keys.signing.privateKey) };
}

async function groupEpoch(id: string, prev: KeyCard | null): Promise<{ card: KeyCard; signer: Signer }> {
  const keys = await groupKeysFromSeed(randomBytes(32));
  return { card: await createKeyCard(keys, { id, handle: 'ml-team', kind: 'group', prev }), signer: await createSigner(keys.signing.privateKey) };
}

const entry = (p: Person, role: GroupRole): GroupMemberEntry => ({ id: p.id, role, card: toBase64Url(keyCardHash(p.card)) });
const sorted = (m: GroupMemberEntry[]) => [...m].sort((a, b) => (a.id < b.id ? -1 : 1));

async function list(body: Omit<MembershipListBody, 'v' | 'time'>, admin: Signer, group: Signer | null): Promise<MembershipList> {
  const full: MembershipListBody = { v: 1, ...body, members: sorted(body.members), time: 1_700_000_000_000 };
  const { signature, groupSignature } = await signMembershipList(full, admin, group);
  return { body: full, signature: toBase64Url(signature), groupSignature: groupSignature ? toBase64Url(groupSignature) : null };
}

const next = (prev: MembershipList) => ({ group: prev.body.group, seq: prev.body.seq + 1, prev: toBase64Url(membershipListHash(prev)) });

describe('membership chain', async () => {
  const [ann, bob, cat] = await Promise.all([person('ann'), person('bob'), person('cat')]);
  const cards = [ann.card, bob.card, cat.card];
  const id = newAccountId();
  const e1 = await groupEpoch(id, null);
  const l1 = await list({ group: id, seq: 1, epoch: 1, card: e1.card, prev: null, members: [entry(ann, 'admin')], admin: ann.id }, ann.signer, e1.signer);
  const l2 = await list({ ...next(l1), epoch: 1, card: e1.card, members: [entry(ann, 'admin'), entry(bob, 'member'), entry(cat, 'member')], admin: ann.id }, ann.signer, null);
  const e2 = await groupEpoch(id, e1.card);
  const l3 = await list({ ...next(l2), epoch: 2, card: e2.card, members: [entry(ann, 'admin'), entry(bob, 'member')], admin: ann.id }, ann.signer, e1.signer);
  const verify = (lists: MembershipList[], anchor: { seq: number; hash: Uint8Array } | null = null) => verifyMembershipChain({ group: id, lists, cards, anchor });

  test('additions, then a removal with new keys, verify from the genesis list and from an anchor', async () => {
    const head = await verify([l1, l2, l3]);
    expect(head.list.body.epoch).toBe(2);
    expect(head.cards).toEqual([toBase64Url(keyCardHash(e1.card)), toBase64Url(keyCardHash(e2.card))]);
    const fromAnchor = await verify([l2, l3], { seq: 2, hash: membershipListHash(l2) });
    expect(fromAnchor.hash).toEqual(head.hash);
  });

  test('a member added by a non-admin, or without any valid admin signature, is refused', async () => {
    const byBob = await list({ ...next(l2), epoch: 1, card: e1.card, members: [...l2.body.members, { id: newAccountId(), role: 'member', card: l2.body.members[0]!.card }], admin: bob.id }, bob.signer, null);
    await expect(verify([l1, l2, byBob])).rejects.toThrow(/not an admin/);
    const forged = { ...l2, body: { ...l2.body, members: l2.body.members.map((m) => (m.id === cat.id ? { ...m, role: 'admin' as const } : m)) } };
    await expect(verify([l1, forged])).rejects.toThrow(/not signed by its admin/);
  });

  test('a removal without a new epoch is refused', async () => {
    const quiet = await list({ ...next(l2), epoch: 1, card: e1.card, members: [entry(ann, 'admin'), entry(bob, 'member')], admin: ann.id }, ann.signer, null);
    await expect(verify([l1, l2, quiet])).rejects.toThrow(/removes a member without a new epoch/);
  });

  test('a new group card not signed by the previous group key, not chained, or skipping an epoch is refused', async () => {
    const other = await groupEpoch(id, e1.card);
    const wrongKey = await list({ ...next(l2), epoch: 2, card: e2.card, members: l3.body.members, admin: ann.id }, ann.signer, other.signer);
    await expect(verify([l1, l2, wrongKey])).rejects.toThrow(/not signed by the group key of epoch 1/);
    const unchained = await groupEpoch(id, null);
    const noLink = await list({ ...next(l2), epoch: 2, card: unchained.card, members: l3.body.members, admin: ann.id }, ann.signer, e1.signer);
    await expect(verify([l1, l2, noLink])).rejects.toThrow(/does not chain/);
    const skip = await list({ ...next(l2), epoch: 3, card: e2.card, members: l3.body.members, admin: ann.id }, ann.signer, e1.signer);
    await expect(verify([l1, l2, skip])).rejects.toThrow(/skips from epoch 1 to 3/);
  });

  test('a rolled-back or forked list is refused against the anchor, and a list that does not link is refused', async () => {
    await expect(verify([l2], { seq: 3, hash: membershipListHash(l3) })).rejects.toThrow(/not the one this device accepted/);
    const restored = await list({ group: id, seq: 3, prev: toBase64Url(membershipListHash(l1)), epoch: 1, card: e1.card, members: l2.body.members, admin: ann.id }, ann.signer, null);
    await expect(verify([l1, l2, restored])).rejects.toThrow(/does not follow/);
  });

  test('the genesis list must be signed by the group key', async () => {
    const stranger = await groupEpoch(id, null);
    const bad = await list({ group: id, seq: 1, epoch: 1, card: e1.card, prev: null, members: [entry(ann, 'admin')], admin: ann.id }, ann.signer, stranger.signer);
    await expect(verify([bad])).rejects.toThrow(/not signed by the group key/);
  });
});
