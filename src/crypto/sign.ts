/**
 * Version and grant signatures.
 *
 * versionHash = SHA-256(DOMAIN.version || canonical({v: 2, context: b64u(SHA-256(context)),
 *   ciphertext: b64u(SHA-256(ciphertext)), prev: b64u | null, author, list, time})),
 *   DOMAIN.version = "latchkey/v2/version\0"; `list` is the counter of the owner's access
 *   list the version was wrapped under (0: no list, wrapped to the owner only);
 * the version signature is Ed25519 over those 32 bytes.
 * grant signature = Ed25519 over SHA-256(DOMAIN.grant || canonical({v: 2, secret, owner,
 *   grantee, card: b64u(keyCardHash(grantee's card)), access, time})), DOMAIN.grant =
 *   "latchkey/v2/grant\0". Binding the grantee's card hash means a grant vouches for one key,
 *   not just an account id: a card the server substitutes never satisfies it.
 * The distinct prefixes keep one kind of statement from being replayed as another.
 * Ed25519 as RFC 8032 (keys.ts), SHA-256 as FIPS 180-4, canonical JSON as canonical.ts.
 */
import { CryptoError, assertLength } from './errors.ts';
import { concatBytes, sha256, toBase64Url } from './encoding.ts';
import { canonicalBytes } from './canonical.ts';
import { DOMAIN } from './domains.ts';
import { verifySignature } from './keys.ts';
import type { Signer } from './keys.ts';

/** What a version signature covers. */
export interface VersionStatement {
  context: Uint8Array;
  ciphertext: Uint8Array;
  prev: Uint8Array | null;
  author: string;
  /** Counter of the access list the version was wrapped under (0: none). */
  list: number;
  time: number;
}

/** What a grant signature covers. */
export interface GrantStatement {
  secret: string;
  owner: string;
  grantee: string;
  /** keyCardHash of the grantee's card the owner checked when granting (32 bytes). */
  card: Uint8Array;
  access: 'read' | 'write';
  time: number;
}

function checkTime(time: number): void {
  if (!Number.isSafeInteger(time) || time < 0) throw new CryptoError('bad-input', 'time must be a non-negative integer (ms since epoch)');
}

/** The 32-byte hash a version signature covers; also what the next version's `prev` holds. */
export function versionHash(statement: VersionStatement): Uint8Array {
  return versionHashOf(sha256(statement.context), sha256(statement.ciphertext), statement);
}

/**
 * versionHash from the SHA-256 of context and ciphertext (what version
 * headers carry), so a history can be checked without old ciphertexts.
 */
export function versionHashOf(
  contextHash: Uint8Array,
  ciphertextHash: Uint8Array,
  s: { prev: Uint8Array | null; author: string; list: number; time: number },
): Uint8Array {
  if (s.prev !== null) assertLength(s.prev, 32, 'previous version hash');
  if (typeof s.author !== 'string') throw new CryptoError('bad-input', 'author must be an account id string');
  if (!Number.isSafeInteger(s.list) || s.list < 0) throw new CryptoError('bad-input', 'list must be a non-negative integer (access-list counter)');
  checkTime(s.time);
  const body = canonicalBytes({
    v: 2,
    context: toBase64Url(contextHash),
    ciphertext: toBase64Url(ciphertextHash),
    prev: s.prev === null ? null : toBase64Url(s.prev),
    author: s.author,
    list: s.list,
    time: s.time,
  });
  return sha256(concatBytes(DOMAIN.version, body));
}

/** Signs a version; returns its hash and the 64-byte signature. */
export async function signVersion(statement: VersionStatement, signer: Signer): Promise<{ hash: Uint8Array; signature: Uint8Array }> {
  const hash = versionHash(statement);
  return { hash, signature: await signer.sign(hash) };
}

/** True when `signature` is the author's valid signature over the statement. False on any mismatch. */
export async function verifyVersion(statement: VersionStatement, signature: Uint8Array, authorSigningKey: Uint8Array): Promise<boolean> {
  return verifySignature(authorSigningKey, versionHash(statement), signature);
}

/** The 32-byte hash a grant signature covers. */
export function grantHash(statement: GrantStatement): Uint8Array {
  if (statement.access !== 'read' && statement.access !== 'write') throw new CryptoError('bad-input', 'access must be "read" or "write"');
  for (const k of ['secret', 'owner', 'grantee'] as const) {
    if (typeof statement[k] !== 'string') throw new CryptoError('bad-input', `grant ${k} must be a string`);
  }
  assertLength(statement.card, 32, "grantee's card hash");
  checkTime(statement.time);
  const body = canonicalBytes({
    v: 2,
    secret: statement.secret,
    owner: statement.owner,
    grantee: statement.grantee,
    card: toBase64Url(statement.card),
    access: statement.access,
    time: statement.time,
  });
  return sha256(concatBytes(DOMAIN.grant, body));
}

/** Signs a grant with the owner's key; returns the 64-byte signature. */
export async function signGrant(statement: GrantStatement, signer: Signer): Promise<Uint8Array> {
  return signer.sign(grantHash(statement));
}

/** True when `signature` is the owner's valid signature over the grant. */
export async function verifyGrant(statement: GrantStatement, signature: Uint8Array, ownerSigningKey: Uint8Array): Promise<boolean> {
  return verifySignature(ownerSigningKey, grantHash(statement), signature);
}
