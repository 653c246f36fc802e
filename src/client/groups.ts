/**
 * Groups (docs/groups.md): create one, add and remove members, list them,
 * delete it. Every change is the next membership list, signed by you as an
 * admin of the current one. Removing a member starts a new epoch: new group
 * keys and card (signed by the old group key), the new seed wrapped to those
 * who remain, and the latest data key of every secret shared with the group
 * re-wrapped to the new key. A change that raced another admin's is retried
 * on the new state (the server's compare-and-swap on the list number keeps
 * one chain).
 * @module
 */
import {
  createKeyCard, createSigner, encodeContext, formatFingerprint, fromBase64Url, groupKeysFromSeed, groupSeedContext, keyCardHash,
  newAccountId, randomBytes, signMembershipList, toBase64Url, unwrapDataKey, wrapDataKey,
} from '../crypto/index.ts';
import type { AccountKind, GroupMemberEntry, GroupRole, KeyCard, MembershipListBody, Signer } from '../crypto/index.ts';
import { BulkResponse, CardResponse } from '../protocol/index.ts';
import type { MembershipListWire, Rewrap, SeedWrap } from '../protocol/index.ts';
import { assertHandle } from './account.ts';
import type { ClientState } from './client-state.ts';
import { AuthError, BadInputError, ConflictError, IntegrityError, NotFoundError } from './errors.ts';
import { forgetGroupKeys, openSeed, verifiedGroup, type VerifiedGroup } from './group-state.ts';
import { seg } from './http.ts';
import { verifyAccount } from './verify.ts';

/** A member of a group as its verified membership list names them. */
export interface GroupMember {
  id: string;
  handle: string;
  kind: AccountKind;
  role: GroupRole;
  fingerprint: string;
}

/** A group's verified state. */
export interface GroupInfo {
  id: string;
  handle: string;
  /** Fingerprint of the group's current key card. */
  fingerprint: string;
  /** Raised by every removal (new group keys). */
  epoch: number;
  /** Number of the latest membership list. */
  seq: number;
  members: GroupMember[];
}

const RETRIES = 4;

function info(g: VerifiedGroup): GroupInfo {
  return {
    id: g.id, handle: g.card.handle, fingerprint: formatFingerprint(g.card.fingerprint), epoch: g.head.body.epoch, seq: g.head.body.seq,
    members: g.members.map((m) => ({ id: m.id, handle: m.card.handle, kind: m.card.kind, role: m.role, fingerprint: formatFingerprint(m.card.fingerprint) })),
  };
}

async function seedWrap(seed: Uint8Array, group: string, epoch: number, member: { id: string; encryptionKey: Uint8Array }): Promise<SeedWrap> {
  return { recipient: member.id, wrap: toBase64Url(await wrapDataKey(seed, member.encryptionKey, groupSeedContext({ group, epoch, member: member.id }))) };
}

async function signed(body: MembershipListBody, admin: Signer, previousGroup: Signer | null): Promise<MembershipListWire> {
  const { signature, groupSignature } = await signMembershipList(body, admin, previousGroup);
  return { body, signature: toBase64Url(signature), groupSignature: groupSignature ? toBase64Url(groupSignature) : null };
}

function sortedMembers(members: GroupMemberEntry[]): GroupMemberEntry[] {
  return [...members].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Creates a group named `name` with you as its only member and admin. */
export async function createGroup(state: ClientState, name: string): Promise<GroupInfo> {
  assertHandle(name);
  const me = state.me();
  const id = newAccountId();
  const seed = randomBytes(32);
  const keys = await groupKeysFromSeed(seed);
  const card = await createKeyCard(keys, { id, handle: name, kind: 'group' });
  const members = [{ id: me.account.id, role: 'admin' as const, card: toBase64Url(keyCardHash(me.card)) }];
  const body: MembershipListBody = { v: 1, group: id, seq: 1, epoch: 1, card, prev: null, members, admin: me.account.id, time: Date.now() };
  const list = await signed(body, me.signer, await createSigner(keys.signing.privateKey));
  const wrap = await seedWrap(seed, id, 1, { id: me.account.id, encryptionKey: me.keys.encryption.publicKey });
  await state.transport.request('POST', '/v1/groups', null, { what: `create group "${name}"`, body: { list, wrap } }).catch((error: unknown) => {
    if (error instanceof ConflictError) throw new ConflictError(`the name "${name}" is taken (by an account or a group); pick another`);
    throw error;
  });
  return info(await verifiedGroup(state, id));
}

/** The id of the group called `name` (the card is verified with the membership chain, not here). */
async function groupId(state: ClientState, name: string): Promise<string> {
  assertHandle(name);
  const { card } = await state.transport.request('GET', `/v1/cards/by-handle/${seg(name)}`, CardResponse, { what: `group "${name}"` });
  if (card.body.handle !== name) throw new IntegrityError(`the server returned the card of "${card.body.handle}" when group "${name}" was asked for; refusing it`);
  if (card.body.kind !== 'group') throw new NotFoundError(`"${name}" is a ${card.body.kind} account, not a group`);
  return card.body.id;
}

/** The verified state of the group called `name`. */
export async function groupInfo(state: ClientState, name: string): Promise<GroupInfo> {
  return info(await verifiedGroup(state, await groupId(state, name)));
}

function requireAdmin(state: ClientState, g: VerifiedGroup): void {
  const me = state.me().account.id;
  if (!g.members.some((m) => m.id === me && m.role === 'admin')) throw new AuthError(`only an admin of group "${g.card.handle}" can change it`);
}

function nextBody(state: ClientState, g: VerifiedGroup, members: GroupMemberEntry[], card: KeyCard, epoch: number): MembershipListBody {
  return {
    v: 1, group: g.id, seq: g.head.body.seq + 1, epoch, card, prev: toBase64Url(g.headHash), members: sortedMembers(members),
    admin: state.me().account.id, time: Date.now(),
  };
}

/** Runs a change on the latest verified state, again on a fresh one when another admin changed the group first. */
async function change(state: ClientState, name: string, build: (g: VerifiedGroup) => Promise<{ list: MembershipListWire; wraps: SeedWrap[]; rewraps: Rewrap[] } | null>): Promise<GroupInfo> {
  const id = await groupId(state, name);
  for (let attempt = 1; ; attempt++) {
    const g = await verifiedGroup(state, id);
    requireAdmin(state, g);
    try {
      const body = await build(g);
      if (!body) return info(g);
      await state.transport.request('POST', `/v1/groups/${seg(id)}/lists`, null, { what: `change group "${name}"`, body });
    } catch (error) {
      if (error instanceof ConflictError && attempt < RETRIES) continue;
      throw error;
    }
    forgetGroupKeys(state, id);
    return info(await verifiedGroup(state, id));
  }
}

/** Adds `handle` as a member (or admin), or changes an existing member's role. */
export async function addMember(state: ClientState, name: string, handle: string, options: { admin?: boolean; fingerprint?: string } = {}): Promise<GroupInfo> {
  assertHandle(handle);
  if (options.fingerprint !== undefined) await verifyAccount(state, handle, options.fingerprint);
  const card = await state.cardByHandle(handle, `add to group "${name}"`);
  if (card.kind === 'group') throw new BadInputError(`"${handle}" is a group; groups cannot be members of groups`);
  const role: GroupRole = options.admin === true ? 'admin' : 'member';
  return change(state, name, async (g) => {
    const current = g.head.body.members;
    const existing = current.find((m) => m.id === card.id);
    if (existing?.role === role) return null;
    const entry = { id: card.id, role, card: existing?.card ?? toBase64Url(keyCardHash(card.card)) };
    const members = [...current.filter((m) => m.id !== card.id), entry];
    const list = await signed(nextBody(state, g, members, g.head.body.card, g.head.body.epoch), state.me().signer, null);
    const wraps = existing ? [] : [await seedWrap((await openSeed(state, g)).seed, g.id, g.head.body.epoch, card)];
    return { list, wraps, rewraps: [] };
  });
}

/** Re-wraps the latest data key of every secret shared with the group from the old group key to the new one. */
async function rewrapShared(state: ClientState, g: VerifiedGroup, old: Awaited<ReturnType<typeof openSeed>>, newKey: Uint8Array): Promise<Rewrap[]> {
  const { secrets } = await state.transport.request('GET', `/v1/groups/${seg(g.id)}/secrets-bulk`, BulkResponse, { what: `secrets shared with group "${g.card.handle}"` });
  return Promise.all(secrets.map(async ({ secret: s, version, wrap }) => {
    const context = encodeContext({ owner: s.owner.id, secret: s.id, name: s.name, provider: s.provider, version: version.version });
    const dek = wrap.recipient === g.id ? await unwrapDataKey(fromBase64Url(wrap.wrap, 80), old.decrypter, context) : null;
    if (!dek) {
      // Another admin may have rotated the keys since this state was verified: then retry on the new state.
      if ((await verifiedGroup(state, g.id)).head.body.seq !== g.head.body.seq) throw new ConflictError(`group "${g.card.handle}" changed meanwhile`);
      throw new IntegrityError(`the group's key wrap of secret "${s.owner.handle}:${s.name}" does not open under the group key; refusing to rotate on it`);
    }
    const rewrap = { secret: s.id, version: version.version, wrap: toBase64Url(await wrapDataKey(dek, newKey, context)) };
    dek.fill(0);
    return rewrap;
  }));
}

/** Removes `handle` from the group: new epoch, new group keys, re-wraps; shared secrets are flagged rotate-upstream. */
export async function removeMember(state: ClientState, name: string, handle: string): Promise<GroupInfo> {
  assertHandle(handle);
  return change(state, name, async (g) => {
    const target = g.members.find((m) => m.card.handle === handle);
    if (!target) throw new NotFoundError(`"${handle}" is not a member of group "${name}"`);
    const members = g.head.body.members.filter((m) => m.id !== target.id);
    if (!members.some((m) => m.role === 'admin')) throw new BadInputError(`"${handle}" is the last admin of group "${name}"; make someone else admin first (latchkey group add ${name} HANDLE --admin)`);
    const old = await openSeed(state, g);
    const seed = randomBytes(32);
    const keys = await groupKeysFromSeed(seed);
    const epoch = g.head.body.epoch + 1;
    const card = await createKeyCard(keys, { id: g.id, handle: g.card.handle, kind: 'group', prev: g.card.card });
    const list = await signed(nextBody(state, g, members, card, epoch), state.me().signer, old.signer);
    const remaining = g.members.filter((m) => m.id !== target.id);
    const wraps = await Promise.all(remaining.map((m) => seedWrap(seed, g.id, epoch, m.card)));
    const rewraps = await rewrapShared(state, g, old, keys.encryption.publicKey);
    seed.fill(0);
    return { list, wraps, rewraps };
  });
}

/** Deletes the group: its keys, lists, and every share to it (admins only). */
export async function deleteGroupNamed(state: ClientState, name: string): Promise<void> {
  const id = await groupId(state, name);
  requireAdmin(state, await verifiedGroup(state, id));
  await state.transport.request('DELETE', `/v1/groups/${seg(id)}`, null, { what: `delete group "${name}"` });
  forgetGroupKeys(state, id);
}

/** A group by name: the SDK handle returned by `client.group(name)`. */
export class Group {
  readonly #state: Promise<ClientState>;

  /** @internal Use `client.group(name)`. */
  constructor(state: Promise<ClientState>, readonly name: string) {
    this.#state = state;
  }

  /** Adds a member (`admin: true` for an admin; `fingerprint` checks their card first), or changes their role. */
  async add(handle: string, options: { admin?: boolean; fingerprint?: string } = {}): Promise<GroupInfo> {
    return addMember(await this.#state, this.name, handle, options);
  }

  /** Removes a member: rotates the group keys; secrets shared with the group are flagged rotate-upstream. */
  async remove(handle: string): Promise<GroupInfo> {
    return removeMember(await this.#state, this.name, handle);
  }

  /** The members as the verified membership list names them. */
  async members(): Promise<GroupMember[]> {
    return (await this.info()).members;
  }

  /** The group's verified state: members, roles, fingerprints, epoch. */
  async info(): Promise<GroupInfo> {
    return groupInfo(await this.#state, this.name);
  }

  /** Deletes the group and every share to it. */
  async delete(): Promise<void> {
    return deleteGroupNamed(await this.#state, this.name);
  }
}
