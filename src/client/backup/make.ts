/**
 * Building a backup document from the account: every readable secret (or the
 * named ones), each version verified and decrypted exactly as a normal read
 * does, then stored with its signed record, data key and key cards so the
 * restore can re-verify it offline.
 * @module
 */
import { fingerprint, formatFingerprint, toBase64Url } from '../../crypto/index.ts';
import { SecretVersionResponse } from '../../protocol/index.ts';
import type { KeyCardWire, VersionRecord } from '../../protocol/index.ts';
import { pullVerified, type PulledVersion } from '../bulk.ts';
import { clientStateOf, type LatchkeyClient } from '../client.ts';
import type { ClientState } from '../client-state.ts';
import { IntegrityError, NotFoundError } from '../errors.ts';
import { seg } from '../http.ts';
import { forEachLimited } from '../limit.ts';
import { addressOf } from '../address.ts';
import { checkSameSecret, parseAddress } from '../resolve.ts';
import { label, openVersion, type OpenedVersion } from '../versions.ts';
import { checkLinks } from './verify.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupDocument, type BackupSecret, type BackupVersion } from './format.ts';

/** What to back up. */
export interface BackupOptions {
  /** Addresses (`name`, or `owner:name` for a shared secret); all readable secrets when empty. */
  names?: readonly string[];
  /** Every version of the secrets you own (shared secrets: the latest only). Default: the latest only. */
  history?: boolean;
}

/** Secrets whose history is fetched at once (each fetches its versions in parallel). */
const PARALLEL = 8;

/** Builds a backup document of the logged-in account's readable secrets. */
export async function makeBackup(client: LatchkeyClient, options: BackupOptions = {}): Promise<BackupDocument> {
  const state = await clientStateOf(client);
  const me = state.me();
  const pulled = select(await pullVerified(state), options.names ?? [], me.account.id);
  const cards = new Map<string, KeyCardWire>([[me.account.id, me.card]]);
  const secrets: BackupSecret[] = new Array(pulled.length);
  await forEachLimited(pulled, PARALLEL, async (p, i) => {
    const older = options.history && p.entry.secret.access === 'owner' ? await olderVersions(state, p) : [];
    const versions = [...older, { record: p.entry.version, opened: p.opened }];
    for (const v of versions) cards.set(v.opened.author.id, v.opened.author.card);
    cards.set(p.ref.owner.id, p.ref.owner.card);
    const s = p.entry.secret;
    secrets[i] = {
      id: s.id, name: s.name, provider: s.provider, owner: { id: p.ref.owner.id, handle: p.ref.owner.handle, kind: p.ref.owner.kind },
      access: s.access, versions: versions.map(toBackupVersion),
    };
  });
  return {
    format: BACKUP_FORMAT,
    v: BACKUP_VERSION,
    createdAt: Date.now(),
    server: state.transport.server,
    history: options.history === true,
    account: { ...me.account, fingerprint: formatFingerprint(fingerprint(me.card.body)) },
    cards: [...cards.values()],
    secrets,
  };
}

function toBackupVersion(v: { record: VersionRecord; opened: OpenedVersion }): BackupVersion {
  return {
    version: v.opened.version,
    hash: toBase64Url(v.opened.hash),
    dataKey: toBase64Url(v.opened.dek),
    payload: JSON.parse(JSON.stringify(v.opened.payload)) as BackupVersion['payload'],
    record: v.record,
  };
}

/** The pulled secrets named by `names` (all when empty); NotFoundError naming those that match nothing. */
function select(pulled: PulledVersion[], names: readonly string[], me: string): PulledVersion[] {
  if (names.length === 0) return pulled;
  const chosen = new Set<PulledVersion>();
  const missing: string[] = [];
  for (const name of names) {
    const { owner, name: bare } = parseAddress(name);
    const hits = pulled.filter((p) => (owner === null ? p.entry.secret.name === bare : addressOf(p.entry.secret, me) === name));
    const own = hits.filter((p) => p.ref.owner.id === me);
    const use = owner === null && own.length > 0 ? own : hits;
    if (use.length === 0) missing.push(name);
    for (const p of use) chosen.add(p);
  }
  if (missing.length > 0) {
    throw new NotFoundError(`no readable secret named ${missing.map((n) => `"${n}"`).join(', ')}; list them with \`latchkey ls\``);
  }
  return pulled.filter((p) => chosen.has(p));
}

/** Versions 1..latest-1 of a secret, each verified, forming one unbroken chain up to the pulled latest. */
async function olderVersions(state: ClientState, p: PulledVersion): Promise<Array<{ record: VersionRecord; opened: OpenedVersion }>> {
  const latest = p.opened.version;
  const what = label(p.ref, state.me().account.id);
  const older = await Promise.all(
    Array.from({ length: latest - 1 }, async (_, i) => {
      const n = i + 1;
      const answer = await state.transport.request('GET', `/v1/secrets/${seg(p.ref.id)}/versions/${n}`, SecretVersionResponse, {
        what: `version ${n} of ${what}`,
      });
      checkSameSecret(p.ref, answer.secret, what);
      if (answer.version.version !== n) throw new IntegrityError(`asked for version ${n} of ${what}, the server sent version ${answer.version.version}; refusing it`);
      return { record: answer.version, opened: await openVersion(state, p.ref, answer.version, answer.wrap) };
    }),
  );
  checkLinks([...older.map((v) => v.opened), p.opened], what, 'refusing the backup');
  return older;
}
