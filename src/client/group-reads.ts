/**
 * Secrets shared with groups you are in: listed and pulled through each
 * group (the server answers as the group would, with the group's wraps),
 * each tagged with the group it is read via. A secret also shared with you
 * directly is read directly.
 * @module
 */
import { BulkResponse, GroupsResponse } from '../protocol/index.ts';
import type { SecretSummary, SecretVersionResponse } from '../protocol/index.ts';
import { standingAcceptances } from './acceptance.ts';
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
