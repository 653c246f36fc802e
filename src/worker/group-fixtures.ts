/**
 * Test-only helpers for groups (never imported by the worker): create a
 * group and sign its next membership lists with real keys and seed wraps,
 * through any fetch-like function.
 */
import {
  createKeyCard, createSigner, groupKeysFromSeed, groupSeedContext, keyCardHash, membershipListHash, newAccountId, randomBytes,
  signMembershipList, toBase64Url, wrapDataKey,
} from '../crypto/index.ts';
import type { AccountKeys, GroupRole, KeyCard, MembershipList, MembershipListBody } from '../crypto/index.ts';
import type { FetchLike, TestAccount } from './test-fixtures.ts';
import { json } from './test-fixtures.ts';

/** A group as its admins know it. */
export interface TestGroup {
  id: string;
  handle: string;
  seed: Uint8Array;
  keys: AccountKeys;
  card: KeyCard;
  head: MembershipList;
  members: Map<string, { account: TestAccount; role: GroupRole }>;
  /** The group as a grantee (for test-fixtures `share`). */
  account: TestAccount;
}

async function epochKeys(id: string, handle: string, prev: KeyCard | null): Promise<{ seed: Uint8Array; keys: AccountKeys; card: KeyCard }> {
  const seed = randomBytes(32);
  const keys = await groupKeysFromSeed(seed);
  return { seed, keys, card: await createKeyCard(keys, { id, handle, kind: 'group', prev }) };
}

async function seedWrap(seed: Uint8Array, group: string, epoch: number, member: TestAccount): Promise<{ recipient: string; wrap: string }> {
  return { recipient: member.id, wrap: toBase64Url(await wrapDataKey(seed, member.keys.encryption.publicKey, groupSeedContext({ group, epoch, member: member.id }))) };
}

async function signedList(body: MembershipListBody, admin: TestAccount, group: AccountKeys | null): Promise<MembershipList> {
  const { signature, groupSignature } = await signMembershipList(
    body, await createSigner(admin.keys.signing.privateKey), group ? await createSigner(group.signing.privateKey) : null,
  );
  return { body, signature: toBase64Url(signature), groupSignature: groupSignature ? toBase64Url(groupSignature) : null };
}

function entries(members: Map<string, { account: TestAccount; role: GroupRole }>): MembershipListBody['members'] {
  return [...members.values()]
    .map((m) => ({ id: m.account.id, role: m.role, card: toBase64Url(keyCardHash(m.account.card)) }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** The POST /v1/groups body for a new group of `admin` (not sent). */
export async function newGroupBody(admin: TestAccount, handle: string): Promise<{ group: TestGroup; body: unknown }> {
  const id = newAccountId();
  const { seed, keys, card } = await epochKeys(id, handle, null);
  const members = new Map([[admin.id, { account: admin, role: 'admin' as GroupRole }]]);
  const head = await signedList({ v: 1, group: id, seq: 1, epoch: 1, card, prev: null, members: entries(members), admin: admin.id, time: Date.now() }, admin, keys);
  const account = { id, handle, kind: 'person', keys, card, authKey: new Uint8Array(32), token: '' } as TestAccount;
  return { group: { id, handle, seed, keys, card, head, members, account }, body: { list: head, wrap: await seedWrap(seed, id, 1, admin) } };
}

/** Creates a group with `admin` as its only member. */
export async function createGroup(f: FetchLike, admin: TestAccount, handle: string): Promise<TestGroup> {
  const { group, body } = await newGroupBody(admin, handle);
  const res = await f('/v1/groups', json('POST', body, admin.token));
  if (res.status !== 201) throw new Error(`create group: ${res.status} ${await res.text()}`);
  return group;
}

/**
 * The POST /v1/groups/:id/lists body that sets the members to `next`, signed
 * by `by`; a removal starts a new epoch with new keys (`rewraps` as given).
 * Returns the body and the group state it leads to (not sent).
 */
export async function changeBody(
  g: TestGroup, by: TestAccount, next: Array<[TestAccount, GroupRole]>, rewraps: unknown[] = [],
): Promise<{ body: unknown; after: TestGroup }> {
  const members = new Map(next.map(([account, role]) => [account.id, { account, role }]));
  const rotated = [...g.members.keys()].some((id) => !members.has(id));
  const epoch = g.head.body.epoch + (rotated ? 1 : 0);
  const fresh = rotated ? await epochKeys(g.id, g.handle, g.card) : { seed: g.seed, keys: g.keys, card: g.card };
  const body: MembershipListBody = {
    v: 1, group: g.id, seq: g.head.body.seq + 1, epoch, card: fresh.card, prev: toBase64Url(membershipListHash(g.head)),
    members: entries(members), admin: by.id, time: Date.now(),
  };
  const head = await signedList(body, by, rotated ? g.keys : null);
  const wrapTo = rotated ? [...members.values()] : [...members.values()].filter((m) => !g.members.has(m.account.id));
  const wraps = await Promise.all(wrapTo.map((m) => seedWrap(fresh.seed, g.id, epoch, m.account)));
  const account = { ...g.account, keys: fresh.keys, card: fresh.card };
  return { body: { list: head, wraps, rewraps }, after: { ...g, ...fresh, head, members, account } };
}

/** Applies a change as `by`; returns the new state (throws on any status but 200). */
export async function changeGroup(f: FetchLike, g: TestGroup, by: TestAccount, next: Array<[TestAccount, GroupRole]>): Promise<TestGroup> {
  const { body, after } = await changeBody(g, by, next);
  const res = await f(`/v1/groups/${g.id}/lists`, json('POST', body, by.token));
  if (res.status !== 200) throw new Error(`change group: ${res.status} ${await res.text()}`);
  return after;
}
