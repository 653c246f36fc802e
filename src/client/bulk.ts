/**
 * pullAll: every readable secret's latest version in one request, each
 * verified, checked against its high-water mark, unwrapped and decrypted.
 * Work runs in parallel chunks (WebCrypto operations overlap), key cards come
 * from the pins (no request for known accounts), and marks are written once.
 * A single failure refuses the whole pull: nothing unverified is returned.
 * @module
 */
import { BulkResponse } from '../protocol/index.ts';
import type { SecretVersionResponse } from '../protocol/index.ts';
import { checkHead } from './chain.ts';
import type { Core } from './core.ts';
import { IntegrityError } from './errors.ts';
import { refFromSummary, checkSameSecret } from './resolve.ts';
import { Secret } from './secret.ts';
import { openVersion, type OpenedVersion, type SecretRef } from './versions.ts';

const CHUNK = 128;

/** One verified entry of a pull: the server's summary and record, the reference and the opened version. */
export interface PulledVersion {
  entry: SecretVersionResponse;
  ref: SecretRef;
  opened: OpenedVersion;
}

/** Fetches, verifies and decrypts every secret the caller can read. */
export async function pullAll(core: Core): Promise<Secret[]> {
  return (await pullVerified(core)).map(({ entry, ref, opened }) => Secret.fromLoaded(core, ref, entry.secret, opened));
}

/** {@link pullAll} keeping each signed record beside its opened version (what a backup stores). */
export async function pullVerified(core: Core): Promise<PulledVersion[]> {
  core.me();
  const { secrets } = await core.transport.request('GET', '/v1/secrets-bulk', BulkResponse, { what: 'pull all secrets' });
  // Each entry passes its mark on its own, so an old version served beside the new one would too.
  const ids = new Set<string>();
  for (const entry of secrets) {
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
  const out: PulledVersion[] = [];
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
        return { entry, ref, opened };
      }),
    );
    out.push(...done);
  }
  await core.trust.raiseMarks(marks);
  return out;
}
