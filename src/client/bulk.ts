/**
 * pullAll: every readable secret's latest version in one request, each
 * verified, checked against its high-water mark, unwrapped and decrypted.
 * Work runs in parallel chunks (WebCrypto operations overlap), key cards come
 * from the pins (no request for known accounts), and marks are written once.
 * A single failure refuses the whole pull: nothing unverified is returned.
 * Before any look-up the answer is bounded (the transport refuses more than
 * MAX_LIST entries), and so are the look-ups it causes: at most
 * `limits.maxBulkLookups` (unknown key cards, write-access checks), run
 * `limits.concurrency` at a time.
 * @module
 */
import { BulkResponse } from '../protocol/index.ts';
import type { SecretVersionResponse } from '../protocol/index.ts';
import { shareState, verifiedShares, type ShareState } from './acceptance.ts';
import { checkHead } from './chain.ts';
import type { ClientState } from './client-state.ts';
import { IntegrityError, LimitError } from './errors.ts';
import { groupEntries, groupRotation, groupShareStates } from './group-reads.ts';
import { raiseListMarks, readerRotate } from './access-list.ts';
import { accessWithoutLookup, verifiedAccess } from './grants.ts';
import { refFromSummary, checkSameSecret } from './resolve.ts';
import { Secret } from './secret.ts';
import type { SecretAccess } from './secret-types.ts';
import { openVersion, type OpenedVersion, type SecretRef } from './versions.ts';

const CHUNK = 128;

/** Options of {@link pullAll}. */
export interface PullAllOptions {
  /** Also return shares you have not accepted (default false: your own secrets and accepted shares only). */
  includePending?: boolean;
}

/** One verified entry of a pull: the server's record, the reference, the opened version, the verified access and the share's acceptance. */
export interface PulledVersion {
  entry: SecretVersionResponse;
  ref: SecretRef;
  opened: OpenedVersion;
  access: SecretAccess;
  acceptance: { pending: boolean; acceptedAt: number | null };
}

/** Fetches, verifies and decrypts every secret the caller can read (pending shares only when asked). */
export async function pullAll(state: ClientState, options: PullAllOptions = {}): Promise<Secret[]> {
  return (await pullVerified(state, options)).map(({ entry, ref, opened, access, acceptance }) => {
    const secret = Secret.fromLoaded(state, ref, entry.secret, opened, access);
    secret.setAcceptance(acceptance);
    return secret;
  });
}

/** {@link pullAll} keeping each signed record beside its opened version (what a backup stores). */
export async function pullVerified(state: ClientState, options: PullAllOptions = {}): Promise<PulledVersion[]> {
  const me = state.me().account.id;
  const direct = await state.transport.request('GET', '/v1/secrets-bulk', BulkResponse, { what: 'pull all secrets' });
  // Each entry passes its mark on its own, so an old version served beside the new one would too.
  const ids = new Set<string>();
  for (const entry of direct.secrets) {
    if (ids.has(entry.secret.id)) {
      throw new IntegrityError(`the server listed secret "${entry.secret.name}" twice in one pull (a replayed version beside the latest); refusing the pull`);
    }
    ids.add(entry.secret.id);
  }
  // Shares through groups are accepted per owner (a standing acceptance), never one by one.
  const viaGroup = new Map<SecretVersionResponse, string>();
  for (const g of await groupEntries(state, ids)) viaGroup.set(g.entry, g.via.id);
  const groupState = viaGroup.size > 0 ? await groupShareStates(state) : null;
  const answer = { secrets: [...direct.secrets, ...viaGroup.keys()] };
  // Bound the whole answer before any look-up, pending entries included.
  await checkLookups(state, me, answer.secrets);
  const shares = answer.secrets.some((e) => e.secret.owner.id !== me) ? await verifiedShares(state) : new Map<string, ShareState>();
  const stateOf = (entry: SecretVersionResponse) => {
    const { id, owner } = entry.secret;
    if (owner.id === me) return { pending: false, acceptedAt: null };
    return viaGroup.has(entry) ? groupState!(owner.id) : shareState(shares.get(id), owner.id);
  };
  const secrets = answer.secrets.filter((e) => options.includePending === true || !stateOf(e).pending);
  // Resolve each distinct owner once (a pinned owner costs no request).
  const owners = new Map<string, Promise<unknown>>();
  for (const entry of secrets) {
    const id = entry.secret.owner.id;
    if (!owners.has(id)) owners.set(id, state.cardById(id, `owner of secret "${entry.secret.name}"`, entry.secret.owner.handle));
  }
  await Promise.all(owners.values());
  const groupRotate = groupRotation(state);
  const out: PulledVersion[] = [];
  const marks: Array<{ id: string; version: number; hash: Uint8Array }> = [];
  const listMarks: Parameters<typeof raiseListMarks>[1] = [];
  for (let i = 0; i < secrets.length; i += CHUNK) {
    const chunk = secrets.slice(i, i + CHUNK);
    const done = await Promise.all(
      chunk.map(async (entry) => {
        const via = viaGroup.get(entry);
        const ref = await refFromSummary(state, via ? { ...entry.secret, via } : entry.secret);
        checkSameSecret(ref, entry.secret, `"${entry.secret.name}"`);
        const opened = await openVersion(state, ref, entry.version, entry.wrap);
        await checkHead(state, ref, opened);
        const fromList = await readerRotate(state, ref, entry.list, opened.list);
        const list = fromList.list;
        const rotate = fromList.rotate || (await groupRotate(ref, opened, entry.list));
        const access = await verifiedAccess(state, ref, entry.secret.access, opened);
        marks.push({ id: ref.id, version: opened.version, hash: opened.hash });
        listMarks.push({ id: ref.id, list });
        // `rotate` from the owner-signed list and the groups' signed lists, never from the server's flag.
        const verified = { ...entry, secret: { ...entry.secret, rotate } };
        return { entry: verified, ref, opened, access, acceptance: stateOf(entry) };
      }),
    );
    out.push(...done);
  }
  await state.trust.raiseMarks(marks);
  await raiseListMarks(state, listMarks);
  return out;
}

/** Refuses an answer that would make the client do more look-ups than `limits.maxBulkLookups`. @internal exported for bench/client.ts */
export async function checkLookups(state: ClientState, me: string, secrets: SecretVersionResponse[]): Promise<void> {
  const unknown = new Set<string>();
  let writeChecks = 0;
  for (const { secret, version } of secrets) {
    for (const id of [secret.owner.id, version.author]) {
      if (id !== me && !unknown.has(id) && !(await state.trust.pinned(id))) unknown.add(id);
    }
    if (accessWithoutLookup(me, secret.owner.id, secret.access, version) === 'check') writeChecks++;
  }
  const max = state.transport.limits.maxBulkLookups;
  if (unknown.size + writeChecks > max) {
    throw new LimitError(
      'maxBulkLookups',
      `the server's answer to pull all secrets would make this device fetch ${unknown.size} unknown key cards and check ` +
        `${writeChecks} write grants, more than ${max} (limits.maxBulkLookups); refused it before any request. If you really ` +
        'share with that many new accounts, raise it: createClient({ limits: { maxBulkLookups } })',
    );
  }
}
