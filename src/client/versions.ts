/**
 * Opening and sealing versions. Opening checks, in order: the record belongs
 * to the secret asked for, the author is the owner or an owner-signed write
 * grantee, the signature verifies over the context we expect (owner, secret
 * id, name, provider, version), the wrap opens for us under that context, and
 * the ciphertext opens. Any failure is an IntegrityError; nothing partially
 * verified is returned.
 * @module
 */
import {
  CryptoError, encodeContext, fromBase64Url, generateDataKey, sealValue, openValue, signVersion, toBase64Url,
  unwrapDataKey, verifyGrant, verifySignature, versionHash, wrapDataKey,
} from '../crypto/index.ts';
import { grantStatement } from '../protocol/index.ts';
import type { GrantRecord, VersionRecord, WrapRecord } from '../protocol/index.ts';
import { addressOf } from './address.ts';
import { cardSatisfiesBinding } from './card-binding.ts';
import { cardChainOf, rotatedCard } from './card-chain.ts';
import type { ClientState } from './client-state.ts';
import { IntegrityError, refuseMalformed } from './errors.ts';
import { groupKeys } from './group-state.ts';
import { seg } from './http.ts';
import { decodePayload, encodePayload, type SecretPayload } from './payload.ts';
import type { TrustedCard } from './trust.ts';

/** Where a secret lives: what the context is built from (never taken from the version record). */
export interface SecretRef {
  id: string;
  name: string;
  provider: string | null;
  owner: TrustedCard;
  /** The group (account id) this secret is read through, when it is shared with a group you are in rather than with you. */
  via?: string;
}

/** The server path of a secret: through the group it is read via, or directly. */
export function secretPath(ref: SecretRef): string {
  return ref.via ? `/v1/groups/${seg(ref.via)}/secrets/${seg(ref.id)}` : `/v1/secrets/${seg(ref.id)}`;
}

/** A verified, decrypted version. */
export interface OpenedVersion {
  version: number;
  hash: Uint8Array;
  prev: Uint8Array | null;
  time: number;
  author: TrustedCard;
  authorGrant: GrantRecord | null;
  /** Counter of the access list the version was wrapped under (signed by its author). */
  list: number;
  dek: Uint8Array;
  payload: SecretPayload;
}

/** Human label of a secret for messages: `name` or `owner:name`. */
export function label(ref: SecretRef, me?: string): string {
  return `"${addressOf(ref, me)}"`;
}

/** Context bytes of version `version` of a secret. */
export function versionContext(ref: SecretRef, version: number): Uint8Array {
  return encodeContext({ owner: ref.owner.id, secret: ref.id, name: ref.name, provider: ref.provider, version });
}

/** Decodes a base64url field of a server record; IntegrityError (naming `what`) when malformed or of the wrong length. */
export function recordBytes(text: string, length: number | undefined, what: string): Uint8Array {
  try {
    return fromBase64Url(text, length);
  } catch (error) {
    throw new IntegrityError(`${what} is malformed; refusing it`, { cause: error });
  }
}

/**
 * The key a version's author signs with: the owner's, or a write grantee's
 * whose `authorGrant` verifies under the owner's pinned key, taken only from
 * the card that grant binds (so no first contact with, or pin of, the
 * grantee is needed, and a card the server substitutes is refused).
 */
export async function authorOf(
  state: ClientState,
  ref: SecretRef,
  record: { author: string; authorGrant: GrantRecord | null; version: number },
): Promise<TrustedCard> {
  const what = `version ${record.version} of ${label(ref, state.identity?.account.id)}`;
  if (record.author === ref.owner.id) return ref.owner;
  const grant = await checkAuthorGrant(ref, record, what);
  const card = await state.cardById(record.author, `author of ${what}`);
  if (!(await cardSatisfiesBinding(card.card, grant.card, (c) => cardChainOf(state, c)))) {
    throw new IntegrityError(
      `${what}: the key card of its author ${card.handle} is not the one the owner's write grant names (substituted card); refusing it`,
    );
  }
  return card;
}

/** Refuses a non-owner author unless its `authorGrant` is an owner-signed write grant for this secret; returns that grant. */
export async function checkAuthorGrant(
  ref: SecretRef,
  record: { author: string; authorGrant: GrantRecord | null },
  what: string,
): Promise<GrantRecord> {
  const g = record.authorGrant;
  if (!g) throw new IntegrityError(`${what} claims an author who is not the owner and carries no write grant; refusing it`);
  if (g.secret !== ref.id || g.owner !== ref.owner.id || g.grantee !== record.author || g.access !== 'write') {
    throw new IntegrityError(`${what}: the author's write grant is for another secret, owner, account or access level; refusing it`);
  }
  const ok = await refuseMalformed(`${what}: the author's write grant`, () => verifyGrant(
    grantStatement(g),
    recordBytes(g.signature, 64, `${what}: grant signature`),
    ref.owner.signingKey,
  ));
  if (!ok) throw new IntegrityError(`${what}: the author's write grant is not signed by the owner ${ref.owner.handle}; refusing it`);
  return g;
}

/** Verifies and decrypts one version for the logged-in account. */
export async function openVersion(state: ClientState, ref: SecretRef, record: VersionRecord, wrap: WrapRecord): Promise<OpenedVersion> {
  try {
    const opened = await verifyAndOpen(state, ref, record, wrap);
    // Only now, with a signature verified under it, is a first-seen owner card pinned; a
    // non-owner author is trusted through the owner's grant, never pinned.
    await state.confirm(ref.owner);
    return opened;
  } catch (error) {
    state.forget(ref.owner.id, record.author);
    throw error;
  }
}

async function verifyAndOpen(state: ClientState, ref: SecretRef, record: VersionRecord, wrap: WrapRecord): Promise<OpenedVersion> {
  const me = state.me();
  const what = `version ${record.version} of ${label(ref, me.account.id)}`;
  if (record.secret !== ref.id) throw new IntegrityError(`the server answered with a version of another secret for ${label(ref, me.account.id)}; refusing it`);
  if (wrap.recipient !== (ref.via ?? me.account.id)) throw new IntegrityError(`${what}: the server sent a key wrap for another account; refusing it`);
  let author = await authorOf(state, ref, record);
  const context = versionContext(ref, record.version);
  const ciphertext = recordBytes(record.ciphertext, undefined, `${what}: ciphertext`);
  const prev = record.prev === null ? null : recordBytes(record.prev, 32, `${what}: previous hash`);
  if ((prev === null) !== (record.version === 1)) {
    throw new IntegrityError(`${what}: only version 1 may lack a link to a previous version; refusing it`);
  }
  const statement = { context, ciphertext, prev, author: record.author, list: record.list, time: record.time };
  const signature = recordBytes(record.signature, 64, `${what}: signature`);
  // One hash for both the signature check and the chain (verifyVersion would hash again).
  const hash = await refuseMalformed(what, () => versionHash(statement));
  if (!(await verifySignature(author.signingKey, hash, signature))) {
    // The owner may have rotated keys since this device pinned their card: follow the chain once.
    const newer = author === ref.owner && author.id !== me.account.id ? await rotatedCard(state, author, what) : null;
    if (newer && (await verifySignature(newer.signingKey, hash, signature))) {
      ref.owner = author = newer;
    } else {
      throw new IntegrityError(
        `${what}: the signature does not verify for its author ${author.handle} over this secret's owner, id, name, provider ` +
          'and version (the ciphertext, metadata or signature was altered or swapped); refusing it',
      );
    }
  }
  let dek: Uint8Array | null;
  const wrapBytes = recordBytes(wrap.wrap, 80, `${what}: key wrap`);
  try {
    dek = await unwrapDataKey(wrapBytes, ref.via ? (await groupKeys(state, ref.via)).decrypter : me.decrypter, context);
    // The group may have rotated since its keys were cached: verify it again once.
    if (!dek && ref.via) dek = await unwrapDataKey(wrapBytes, (await groupKeys(state, ref.via, true)).decrypter, context);
  } catch (error) {
    if (error instanceof CryptoError) throw new IntegrityError(`${what}: the key wrap is malformed; refusing it`, { cause: error });
    throw error;
  }
  if (!dek) throw new IntegrityError(`${what}: the key wrap was not made for you and this secret version (swapped or replayed); refusing it`);
  let plain: Uint8Array;
  try {
    plain = openValue(dek, ciphertext, context);
  } catch (error) {
    throw new IntegrityError(`${what}: the ciphertext does not decrypt under its context (tampered or swapped); refusing it`, { cause: error });
  }
  const payload = decodePayload(plain, ref.provider, what);
  plain.fill(0);
  return { version: record.version, hash, prev, time: record.time, author, authorGrant: record.authorGrant, list: record.list, dek, payload };
}

/** A new version ready to send. */
export interface SealedVersion {
  record: VersionRecord;
  wraps: WrapRecord[];
  hash: Uint8Array;
  dek: Uint8Array;
}

/** Encrypts, signs and wraps a new version to `recipients` (deduplicated by account id). */
export async function sealVersion(
  state: ClientState,
  ref: SecretRef,
  args: {
    version: number; prev: Uint8Array | null; payload: SecretPayload; recipients: TrustedCard[]; authorGrant: GrantRecord | null;
    /** Counter of the access list the recipients come from (0: none). */
    list: number;
  },
): Promise<SealedVersion> {
  const me = state.me();
  const dek = generateDataKey();
  const context = versionContext(ref, args.version);
  const ciphertext = sealValue(dek, encodePayload(args.payload), context);
  const time = Date.now();
  const { hash, signature } = await signVersion({ context, ciphertext, prev: args.prev, author: me.account.id, list: args.list, time }, me.signer);
  const unique = new Map(args.recipients.map((r) => [r.id, r]));
  const wraps = await Promise.all(
    [...unique.values()].map(async (r) => ({ recipient: r.id, wrap: toBase64Url(await wrapDataKey(dek, r.encryptionKey, context)) })),
  );
  const record: VersionRecord = {
    v: 2,
    secret: ref.id,
    version: args.version,
    ciphertext: toBase64Url(ciphertext),
    author: me.account.id,
    time,
    prev: args.prev === null ? null : toBase64Url(args.prev),
    signature: toBase64Url(signature),
    list: args.list,
    authorGrant: args.authorGrant,
  };
  return { record, wraps, hash, dek };
}

/** Wraps an existing version's data key to one more recipient. */
export async function wrapTo(ref: SecretRef, version: number, dek: Uint8Array, recipient: TrustedCard): Promise<WrapRecord> {
  return { recipient: recipient.id, wrap: toBase64Url(await wrapDataKey(dek, recipient.encryptionKey, versionContext(ref, version))) };
}

