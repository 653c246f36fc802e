/**
 * Finding secrets by address and loading their latest version.
 *
 * Addresses: `name` is your own secret (names may contain `/` for folders);
 * `handle:name` is a secret `handle` owns and shared with you. `:` can appear
 * in neither handles nor names, so the form is unambiguous. A bare name that
 * is not yours resolves to a share you accepted when exactly one matches;
 * a pending share answers only to its `owner:name` address (naming the
 * owner is consent), so a share can never stand in for a name you use.
 * @module
 */
import { HANDLE_PATTERN, SecretListResponse, SecretVersionResponse } from '../protocol/index.ts';
import type { SecretSummary } from '../protocol/index.ts';
import { shareState, verifiedShares, type ShareState } from './acceptance.ts';
import { raiseListMarks, readerRotate } from './access-list.ts';
import { addressOf } from './address.ts';
import { checkHead } from './chain.ts';
import type { ClientState } from './client-state.ts';
import { BadInputError, IntegrityError, NotFoundError } from './errors.ts';
import { groupRotation, groupShareStates, groupSummaries } from './group-reads.ts';
import { assertSecretName } from './payload.ts';
import { label, openVersion, secretPath, type OpenedVersion, type SecretRef } from './versions.ts';

/** A parsed secret address. */
export interface SecretAddress {
  /** Owner handle, or null for "mine (or the only match shared with me)". */
  owner: string | null;
  name: string;
}

/** Parses `name` or `owner:name`. */
export function parseAddress(address: string): SecretAddress {
  if (typeof address !== 'string') throw new BadInputError('a secret address must be a string like "openai" or "alice:openai"');
  const colon = address.indexOf(':');
  if (colon === -1) {
    assertSecretName(address);
    return { owner: null, name: address };
  }
  const owner = address.slice(0, colon);
  const name = address.slice(colon + 1);
  if (!HANDLE_PATTERN.test(owner)) {
    throw new BadInputError(`"${owner}" is not a valid owner handle; use "handle:name" (e.g. "alice:openai")`);
  }
  assertSecretName(name);
  return { owner, name };
}

/** Lists the secrets the caller can read (server-reported metadata, verified on load). */
export async function listSummaries(state: ClientState): Promise<SecretSummary[]> {
  const { secrets } = await state.transport.request('GET', '/v1/secrets', SecretListResponse, { what: 'list secrets' });
  return secrets;
}

/** Finds the summary of a secret by address (NotFoundError / BadInputError when none or ambiguous). */
export async function findSummary(state: ClientState, address: string): Promise<SecretSummary & { via?: string }> {
  const me = state.me().account;
  const parsed = parseAddress(address);
  const direct = await listSummaries(state);
  const all: Array<SecretSummary & { via?: string }> = [...direct, ...(await groupSummaries(state, direct))];
  const named = all.filter((s) => s.name === parsed.name);
  if (parsed.owner !== null) {
    const hit = named.find((s) => s.owner.handle === parsed.owner);
    if (!hit) throw new NotFoundError(`no secret "${address}" is shared with you (check the owner's handle and the name)`);
    return hit;
  }
  const own = named.find((s) => s.owner.id === me.id);
  if (own) return own;
  const shares = named.length > 0 ? await verifiedShares(state, new Set(named.map((s) => s.id))) : new Map<string, ShareState>();
  const viaGroup = named.some((s) => s.via) ? await groupShareStates(state) : null;
  const accepted = named.filter((s) => !(s.via ? viaGroup!(s.owner.id) : shareState(shares.get(s.id), s.owner.id)).pending);
  if (accepted.length === 1) return accepted[0]!;
  if (accepted.length > 1) {
    const choices = accepted.map((s) => `"${addressOf(s)}"`).join(', ');
    throw new BadInputError(`several secrets named "${parsed.name}" are shared with you; use one of ${choices}`);
  }
  if (named.length > 0) {
    const choices = named.map((s) => `${s.owner.handle}:${s.name}`).join(', ');
    throw new NotFoundError(
      `you have no secret named "${parsed.name}"; ${choices} ${named.length === 1 ? 'is a share' : 'are shares'} you have not accepted: ` +
        `name it with its owner, or accept it first (latchkey accept ${named[0]!.owner.handle}:${parsed.name})`,
    );
  }
  throw new NotFoundError(`no secret named "${parsed.name}"; list them with client.secrets() (or \`latchkey ls\`)`);
}

/**
 * Turns a summary into a reference with the owner's trusted card. The
 * context of every version is built from this, never from the version record.
 */
export async function refFromSummary(state: ClientState, summary: SecretSummary & { via?: string }): Promise<SecretRef> {
  const me = state.me().account;
  const owner = await state.cardById(summary.owner.id, `owner of secret "${summary.name}"`, summary.owner.handle);
  if ((summary.access === 'owner') !== (owner.id === me.id)) {
    throw new IntegrityError(`the server reports inconsistent ownership for secret "${summary.name}"; refusing it`);
  }
  return { id: summary.id, name: summary.name, provider: summary.provider, owner, ...(summary.via ? { via: summary.via } : {}) };
}

/** Loads, verifies and decrypts the latest version, checks it against the high-water mark and raises it. */
export async function loadLatest(state: ClientState, ref: SecretRef): Promise<{ summary: SecretSummary; opened: OpenedVersion }> {
  const what = label(ref, state.me().account.id);
  const answer = await state.transport.request('GET', secretPath(ref), SecretVersionResponse, { what: `load ${what}` });
  checkSameSecret(ref, answer.secret, what);
  const opened = await openVersion(state, ref, answer.version, answer.wrap);
  await checkHead(state, ref, opened);
  const { rotate, list } = await readerRotate(state, ref, answer.list, opened.list);
  const viaGroup = !rotate && (await groupRotation(state)(ref, opened, answer.list));
  await state.trust.raiseMark(ref.id, opened.version, opened.hash);
  await raiseListMarks(state, [{ id: ref.id, list }]);
  // `rotate` from the owner-signed list and the groups' signed lists, never from the server's flag.
  return { summary: { ...answer.secret, rotate: rotate || viaGroup }, opened };
}

/** Refuses an answer whose summary describes another secret than the one asked for. */
export function checkSameSecret(ref: SecretRef, summary: SecretSummary, what: string): void {
  if (summary.id !== ref.id || summary.owner.id !== ref.owner.id || summary.name !== ref.name || summary.provider !== ref.provider) {
    throw new IntegrityError(`the server answered for another secret (or renamed it) when ${what} was asked for; refusing it`);
  }
}
