/**
 * Offline verification of a decrypted backup, before anything is restored:
 * every key card's self-signature; every version's author (the owner, or a
 * write grantee with an owner-signed grant); its version hash recomputed from
 * the context (owner, secret id, name, provider, version), ciphertext, link
 * and time, and its Ed25519 signature; the hash links between consecutive
 * versions; and that the data key opens the ciphertext to exactly the
 * payload the JSON shows. Any failure refuses the whole file.
 * @module
 */
import { cardSatisfiesBinding } from '../card-binding.ts';
import {
  canonicalBytes, constantTimeEqual, formatFingerprint, fromBase64Url, openValue, verifyKeyCard, verifySignature, versionHash,
} from '../../crypto/index.ts';
import type { CanonicalValue } from '../../crypto/index.ts';
import { IntegrityError } from '../errors.ts';
import { forEachLimited } from '../limit.ts';
import { decodePayload, encodePayload, type SecretPayload } from '../payload.ts';
import { toTrusted, type TrustedCard } from '../trust.ts';
import { checkAuthorGrant, versionContext, recordBytes, type SecretRef } from '../versions.ts';
import type { BackupDocument, BackupSecret, BackupVersion } from './format.ts';

const IN_FLIGHT = 64;

/** One verified version. */
export interface VerifiedVersion {
  version: number;
  hash: Uint8Array;
  time: number;
  author: { id: string; handle: string };
  /** Decrypted from the signed ciphertext (what a restore writes). */
  payload: SecretPayload;
}

/** One verified secret. */
export interface VerifiedSecret {
  id: string;
  name: string;
  provider: string | null;
  owner: TrustedCard;
  access: 'owner' | 'read' | 'write';
  /** Oldest first. */
  versions: VerifiedVersion[];
}

/** A backup whose every signature, link and value checked out. */
export interface VerifiedBackup {
  createdAt: number;
  server: string;
  history: boolean;
  /** The account that made the backup, from its self-signed key card. */
  account: TrustedCard;
  secrets: VerifiedSecret[];
}

/** Refuses a chain in which a version does not carry the previous one's hash. */
export function checkLinks(chain: ReadonlyArray<{ version: number; prev: Uint8Array | null; hash: Uint8Array }>, what: string, refusing: string): void {
  for (let i = 1; i < chain.length; i++) {
    const prev = chain[i]!.prev;
    if (chain[i]!.version !== chain[i - 1]!.version + 1 || !prev || !constantTimeEqual(prev, chain[i - 1]!.hash)) {
      throw new IntegrityError(`version ${chain[i]!.version} of ${what} does not link to version ${chain[i - 1]!.version} (forked, reordered or rewritten history); ${refusing}`);
    }
  }
}

/** Verifies a decoded backup document; IntegrityError naming the first thing that does not check out. */
export async function verifyBackup(doc: BackupDocument): Promise<VerifiedBackup> {
  const cards = new Map<string, TrustedCard>();
  for (const card of doc.cards) {
    const id = card.body.id;
    if (cards.has(id)) throw new IntegrityError(`the backup carries two key cards for account ${id}; refusing the backup`);
    if (!(await verifyKeyCard(card))) {
      throw new IntegrityError(`the key card of account ${id} in the backup is not validly self-signed (altered); refusing the backup`);
    }
    cards.set(id, toTrusted(card));
  }
  const account = cards.get(doc.account.id);
  if (!account || account.handle !== doc.account.handle || account.kind !== doc.account.kind || formatFingerprint(account.fingerprint) !== doc.account.fingerprint) {
    throw new IntegrityError('the backup does not carry the key card of the account that made it (or it was altered); refusing the backup');
  }
  const ids = new Set<string>();
  for (const s of doc.secrets) {
    if (ids.has(s.id)) throw new IntegrityError(`the backup lists secret "${s.name}" twice; refusing the backup`);
    ids.add(s.id);
    const complete = doc.history && s.access === 'owner';
    if (complete ? s.versions[0]!.version !== 1 : s.versions.length !== 1) {
      throw new IntegrityError(`secret "${s.name}" in the backup ${complete ? 'lacks its first versions' : 'holds more than its latest version'} (altered); refusing the backup`);
    }
  }
  // Signature checks run on WebCrypto's threads: keep many in flight.
  const secrets: VerifiedSecret[] = new Array(doc.secrets.length);
  await forEachLimited(doc.secrets, IN_FLIGHT, async (s, i) => {
    secrets[i] = await verifySecret(s, cards, doc.account.id);
  });
  return { createdAt: doc.createdAt, server: doc.server, history: doc.history, account, secrets };
}

async function verifySecret(s: BackupSecret, cards: Map<string, TrustedCard>, accountId: string): Promise<VerifiedSecret> {
  const what = `secret "${s.owner.handle}:${s.name}" in the backup`;
  const owner = cards.get(s.owner.id);
  if (!owner || owner.handle !== s.owner.handle) throw new IntegrityError(`${what} has no key card for its owner; refusing the backup`);
  if ((s.access === 'owner') !== (s.owner.id === accountId)) throw new IntegrityError(`${what} reports inconsistent ownership; refusing the backup`);
  const ref: SecretRef = { id: s.id, name: s.name, provider: s.provider, owner };
  const checked: Array<VerifiedVersion & { prev: Uint8Array | null }> = [];
  for (const v of s.versions) checked.push(await verifyVersionEntry(ref, v, cards, what));
  checkLinks(checked, what, 'refusing the backup');
  return {
    id: s.id, name: s.name, provider: s.provider, owner, access: s.access,
    versions: checked.map(({ version, hash, time, author, payload }) => ({ version, hash, time, author, payload })),
  };
}

async function verifyVersionEntry(
  ref: SecretRef, v: BackupVersion, cards: Map<string, TrustedCard>, secretWhat: string,
): Promise<VerifiedVersion & { prev: Uint8Array | null }> {
  const r = v.record;
  const what = `version ${v.version} of ${secretWhat}`;
  if (r.secret !== ref.id || r.version !== v.version) throw new IntegrityError(`${what} carries the record of another secret or version; refusing the backup`);
  let author = ref.owner;
  if (r.author !== ref.owner.id) {
    const grant = await checkAuthorGrant(ref, r, what);
    const card = cards.get(r.author);
    if (!card) throw new IntegrityError(`${what} has no key card for its author; refusing the backup`);
    if (!(await cardSatisfiesBinding(card.card, grant.card))) {
      throw new IntegrityError(`${what}: its author's key card is not the one the owner's write grant names (altered); refusing the backup`);
    }
    author = card;
  }
  const context = versionContext(ref, r.version);
  const ciphertext = recordBytes(r.ciphertext, undefined, `${what}: ciphertext`);
  const prev = r.prev === null ? null : recordBytes(r.prev, 32, `${what}: previous hash`);
  if ((prev === null) !== (r.version === 1)) throw new IntegrityError(`${what}: only version 1 may lack a link to a previous version; refusing the backup`);
  const hash = versionHash({ context, ciphertext, prev, author: r.author, list: r.list, time: r.time });
  if (!constantTimeEqual(hash, fromBase64Url(v.hash, 32))) {
    throw new IntegrityError(`${what}: its version hash does not match its record (altered); refusing the backup`);
  }
  if (!(await verifySignature(author.signingKey, hash, recordBytes(r.signature, 64, `${what}: signature`)))) {
    throw new IntegrityError(`${what}: the signature does not verify for its author ${author.handle} (altered); refusing the backup`);
  }
  let plain: Uint8Array;
  try {
    plain = openValue(fromBase64Url(v.dataKey, 32), ciphertext, context);
  } catch (error) {
    throw new IntegrityError(`${what}: its data key does not open its signed ciphertext (altered); refusing the backup`, { cause: error });
  }
  const payload = decodePayload(plain, ref.provider, what);
  plain.fill(0);
  if (!constantTimeEqual(shownBytes(v.payload), encodePayload(payload))) {
    throw new IntegrityError(`${what}: the values shown in the backup differ from the signed ones (altered); refusing the backup`);
  }
  return { version: r.version, hash, prev, time: r.time, author: { id: author.id, handle: author.handle }, payload };
}

/** Canonical bytes of the payload as the JSON shows it (empty when it is not canonical JSON, so it matches nothing). */
function shownBytes(payload: BackupVersion['payload']): Uint8Array {
  try {
    return canonicalBytes(payload as unknown as CanonicalValue);
  } catch {
    return new Uint8Array(0);
  }
}
