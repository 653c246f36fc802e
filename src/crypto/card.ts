/**
 * Key cards: an account's public keys and identity, self-signed with its own
 * Ed25519 key. Signature = Ed25519(DOMAIN.card || canonical(body)).
 */
import { CryptoError } from './errors.ts';
import { fromBase64Url, randomBytes, sha256, toBase64Url, concatBytes } from './encoding.ts';
import { canonicalBytes } from './canonical.ts';
import { DOMAIN } from './domains.ts';
import { createSigner, verifySignature } from './keys.ts';
import type { AccountKeys } from './keys.ts';

/** What an account can be. */
export const ACCOUNT_KINDS = ['person', 'machine', 'group'] as const;
/** What an account is. */
export type AccountKind = (typeof ACCOUNT_KINDS)[number];
/** Bytes in every account, secret and object id. */
export const ID_LENGTH = 16;

/** The signed part of a key card. Binary fields are base64url. */
export interface KeyCardBody {
  v: 1;
  id: string;
  handle: string;
  kind: AccountKind;
  signingKey: string;
  encryptionKey: string;
  created: number;
  prev: string | null;
}

/** A key card: body plus base64url Ed25519 self-signature. */
export interface KeyCard {
  body: KeyCardBody;
  signature: string;
}

/** Handles: lowercase letters, digits, '.', '_' and '-', 2 to 63 characters, starting with a letter or digit. */
export const HANDLE_PATTERN = /^[a-z0-9][a-z0-9._-]{1,62}$/;
const BODY_KEYS = ['created', 'encryptionKey', 'handle', 'id', 'kind', 'prev', 'signingKey', 'v'];

/** A new account id: base64url of 16 random bytes (the form of every id). */
export function newAccountId(): string {
  return toBase64Url(randomBytes(ID_LENGTH));
}

/** A new secret id: base64url of 16 random bytes, like an account id. */
export function newSecretId(): string {
  return toBase64Url(randomBytes(ID_LENGTH));
}

/** True when `text` is a canonical base64url encoding of exactly `length` bytes. */
export function isBase64UrlOf(text: unknown, length: number): boolean {
  if (typeof text !== 'string') return false;
  try {
    fromBase64Url(text, length);
    return true;
  } catch {
    return false;
  }
}

function bodyToCanonical(body: KeyCardBody): Uint8Array {
  return canonicalBytes({ ...body });
}

/** The exact bytes a card's signature covers. */
export function keyCardSigningBytes(body: KeyCardBody): Uint8Array {
  return concatBytes(DOMAIN.card, bodyToCanonical(body));
}

/** True when `body` has exactly the v1 fields with valid shapes (does not check the signature). */
export function isWellFormedCardBody(body: unknown): body is KeyCardBody {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const b = body as Record<string, unknown>;
  const keys = Object.keys(b).sort();
  if (keys.length !== BODY_KEYS.length || keys.some((k, i) => k !== BODY_KEYS[i])) return false;
  return (
    b.v === 1 &&
    isBase64UrlOf(b.id, ID_LENGTH) &&
    typeof b.handle === 'string' &&
    HANDLE_PATTERN.test(b.handle) &&
    typeof b.kind === 'string' &&
    (ACCOUNT_KINDS as readonly string[]).includes(b.kind) &&
    isBase64UrlOf(b.signingKey, 32) &&
    isBase64UrlOf(b.encryptionKey, 32) &&
    typeof b.created === 'number' &&
    Number.isSafeInteger(b.created) &&
    b.created >= 0 &&
    (b.prev === null || isBase64UrlOf(b.prev, 32))
  );
}

/**
 * Creates and self-signs a key card. `created` defaults to now (ms);
 * `prev` links to the card this one replaces (its {@link keyCardHash}).
 * @throws CryptoError `bad-input` when the id, handle or kind is malformed.
 */
export async function createKeyCard(
  keys: AccountKeys,
  info: { id: string; handle: string; kind: AccountKind; created?: number; prev?: KeyCard | null },
): Promise<KeyCard> {
  const body: KeyCardBody = {
    v: 1,
    id: info.id,
    handle: info.handle,
    kind: info.kind,
    signingKey: toBase64Url(keys.signing.publicKey),
    encryptionKey: toBase64Url(keys.encryption.publicKey),
    created: info.created ?? Date.now(),
    prev: info.prev ? toBase64Url(keyCardHash(info.prev)) : null,
  };
  if (!isWellFormedCardBody(body)) {
    throw new CryptoError(
      'bad-input',
      'key card fields are malformed: id must be base64url of 16 bytes, handle must match ' +
        `${HANDLE_PATTERN.source}, kind person|machine|group, created a non-negative integer`,
    );
  }
  const signer = await createSigner(keys.signing.privateKey);
  const signature = await signer.sign(keyCardSigningBytes(body));
  return { body, signature: toBase64Url(signature) };
}

/** True when the card has exactly the v1 shape and a valid self-signature. Never throws. */
export async function verifyKeyCard(card: KeyCard): Promise<boolean> {
  try {
    if (typeof card !== 'object' || card === null) return false;
    const keys = Object.keys(card).sort();
    if (keys.length !== 2 || keys[0] !== 'body' || keys[1] !== 'signature') return false;
    if (!isWellFormedCardBody(card.body) || !isBase64UrlOf(card.signature, 64)) return false;
    return await verifySignature(
      fromBase64Url(card.body.signingKey, 32),
      keyCardSigningBytes(card.body),
      fromBase64Url(card.signature, 64),
    );
  } catch {
    return false;
  }
}

/** SHA-256 of canonical(card) (body and signature): what a successor card's `prev` holds. */
export function keyCardHash(card: KeyCard): Uint8Array {
  return sha256(canonicalBytes({ body: { ...card.body }, signature: card.signature }));
}
