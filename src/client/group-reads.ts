/**
 * Secrets shared with groups you are in: listed and pulled through each
 * group (the server answers as the group would, with the group's wraps),
 * each tagged with the group it is read via. A secret also shared with you
 * directly is read directly.
 * @module
 */
import { BulkResponse, GroupsResponse } from '../protocol/index.ts';
import type { AccessListRecord, SecretSummary, SecretVersionResponse } from '../protocol/index.ts';
import { standingAcceptances } from './acceptance.ts';
import { verifyList } from './access-list.ts';
import { lastRemoval } from './group-state.ts';
import type { SecretRef } from './versions.ts';
import type { ClientState } from './client-state.ts';
import { seg } from './http.ts';

/** A bulk entry read through a group. */
export interface GroupEntry {
  entry: SecretVersionResponse;
  via: { id: string; handle: string };
}

/** The groups the server says you are in (each verified when its keys are used). */
export async function myGroups(state: ClientState): Promise<Array<{ id: string; handle: string }>> {
  return (await state.transport.request('GET', '/v1/groups', GroupsResponse, { what: 'list your groups' })).groups;
}

/** Every secret shared with your groups, except those in `direct` (ids you read directly). */
export async function groupEntries(state: ClientState, direct: Set<string>): Promise<GroupEntry[]> {
  const out: GroupEntry[] = [];
  const seen = new Set(direct);
  for (const group of await myGroups(state)) {
    const { secrets } = await state.transport.request('GET', `/v1/groups/${seg(group.id)}/secrets-bulk`, BulkResponse, {
      what: `secrets shared with group "${group.handle}"`,
    });
    for (const entry of secrets) {
      if (seen.has(entry.secret.id)) continue;
      seen.add(entry.secret.id);
      out.push({ entry, via: group });
    }
  }
  return out;
}

/** Summaries of secrets shared with your groups, tagged with the group (`via`: id, `viaHandle`). */
export async function groupSummaries(state: ClientState, direct: SecretSummary[]): Promise<Array<SecretSummary & { via: string; viaHandle: string }>> {
  const entries = await groupEntries(state, new Set(direct.map((s) => s.id)));
  return entries.map(({ entry, via }) => ({ ...entry.secret, via: via.id, viaHandle: via.handle }));
}

/** Acceptance of shares that reach you through groups: accepted when you accepted every share of their owner (`accept --from OWNER`). */
export async function groupShareStates(state: ClientState): Promise<(owner: string) => { pending: boolean; acceptedAt: number | null }> {
  const standing = await standingAcceptances(state);
  return (owner) => {
    const since = standing.get(owner);
    return since === undefined ? { pending: true, acceptedAt: null } : { pending: false, acceptedAt: since };
  };
}

/**
 * `rotate` because of a group: a member left a group the secret is shared
 * with after the version was written (the admin-signed time of the removal
 * is later than the author-signed time of the version), so they saw its
 * values. The groups are the one read through, and, for the owner, every
 * group its owner-signed access list names (verified whenever this device has
 * pinned a group, so the server can neither drop a group from it nor hide a
 * removal). Removal times are looked up once per group per returned checker.
 */
export function groupRotation(state: ClientState): (ref: SecretRef, opened: { time: number; list: number }, list: AccessListRecord | null) => Promise<boolean> {
  const removals = new Map<string, Promise<number>>();
  const removedAfter = async (groupId: string, time: number): Promise<boolean> => {
    let at = removals.get(groupId);
    if (!at) removals.set(groupId, (at = lastRemoval(state, groupId)));
    return (await at) > time;
  };
  return async (ref, opened, list) => {
    if (ref.via) return removedAfter(ref.via, opened.time);
    if (ref.owner.id !== state.me().account.id || !(await state.trust.hasPinOfKind('group'))) return false;
    const verified = await verifyList(state, ref, list, opened.list);
    for (const id of verified?.entries.keys() ?? []) {
      if ((await state.trust.pinned(id))?.kind === 'group' && (await removedAfter(id, opened.time))) return true;
    }
    return false;
  };
}
