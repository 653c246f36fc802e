/**
 * pullAll: every readable secret's latest version in one request, each
 * verified, checked against its high-water mark, unwrapped and decrypted.
 * Work runs in parallel chunks (WebCrypto operations overlap), key cards come
 * from the pins (no request for known accounts), and marks are written once.
 * A single failure refuses the whole pull: nothing unverified is returned.
 * @module
 */
import { BulkResponse } from '../protocol/index.ts';
import { shareState, verifiedShares, type ShareState } from './acceptance.ts';
import { checkHead } from './chain.ts';
import type { Core } from './core.ts';
import { IntegrityError } from './errors.ts';
import { refFromSummary, checkSameSecret } from './resolve.ts';
import { Secret } from './secret.ts';
import { openVersion } from './versions.ts';

const CHUNK = 128;

/** Options of {@link pullAll}. */
export interface PullAllOptions {
  /** Also return shares you have not accepted (default false: your own secrets and accepted shares only). */
  includePending?: boolean;
}

/** Fetches, verifies and decrypts every secret the caller can read (pending shares only when asked). */
export async function pullAll(core: Core, options: PullAllOptions = {}): Promise<Secret[]> {
  const me = core.me().account.id;
  const answer = await core.transport.request('GET', '/v1/secrets-bulk', BulkResponse, { what: 'pull all secrets' });
  const shares = answer.secrets.some((e) => e.secret.owner.id !== me) ? await verifiedShares(core) : new Map<string, ShareState>();
  const stateOf = (id: string, owner: string) => (owner === me ? { pending: false, acceptedAt: null } : shareState(shares.get(id), owner));
  const secrets = answer.secrets.filter((e) => options.includePending === true || !stateOf(e.secret.id, e.secret.owner.id).pending);
  // Each entry passes its mark on its own, so an old version served beside the new one would too.
  const ids = new Set<string>();
  for (const entry of answer.secrets) {
    if (ids.has(entry.secret.id)) {
      throw new IntegrityError(`the server listed secret "${entry.secret.name}" twice in one pull (a replayed version beside the latest); refusing the pull`);
    }
    ids.add(entry.secret.id);
  }
  // Resolve each distinct owner once (a pinned owner costs no request).
  const owners = new Map<string, Promise<unknown>>();
  for (const entry of secrets) {
    const id = entry.secret.owner.id;
    if (!owners.has(id)) owners.set(id, core.cardById(id, `owner of secret "${entry.secret.name}"`, entry.secret.owner.handle));
  }
  await Promise.all(owners.values());
  const out: Secret[] = [];
  const marks: Array<{ id: string; version: number; hash: Uint8Array }> = [];
  for (let i = 0; i < secrets.length; i += CHUNK) {
    const chunk = secrets.slice(i, i + CHUNK);
    const done = await Promise.all(
      chunk.map(async (entry) => {
        const ref = await refFromSummary(core, entry.secret);
        checkSameSecret(ref, entry.secret, `"${entry.secret.name}"`);
        const opened = await openVersion(core, ref, entry.version, entry.wrap);
        await checkHead(core, ref, opened);
        marks.push({ id: ref.id, version: opened.version, hash: opened.hash });
        const secret = Secret.fromLoaded(core, ref, entry.secret, opened);
        secret.setAcceptance(stateOf(ref.id, ref.owner.id));
        return secret;
      }),
    );
    out.push(...done);
  }
  await core.trust.raiseMarks(marks);
  return out;
}
