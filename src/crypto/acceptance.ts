/**
 * Acceptance statements: a grantee's consent to a share, signed with the
 * grantee's own Ed25519 key, so no server and no owner can make it.
 *
 * acceptance signature = Ed25519 over SHA-256(DOMAIN.acceptance ||
 *   canonical({v: 1, secret, owner, grantee, grant: b64u(grantHash), time}))
 * owner-acceptance signature = Ed25519 over SHA-256(DOMAIN.ownerAcceptance ||
 *   canonical({v: 1, owner, grantee, card: b64u(keyCardHash(owner's card)), time}))
 *
 * Binding the grant's hash means an acceptance is for that grant only (a new
 * grant, even of the same secret, is pending again); binding the owner's card
 * hash means a standing acceptance ends when the owner's keys change. Ed25519
 * as RFC 8032 (via keys.ts); canonical JSON as canonical.ts.
 * @module
 */
import { canonicalBytes } from './canonical.ts';
import { DOMAIN } from './domains.ts';
import { concatBytes, sha256, toBase64Url } from './encoding.ts';
import { CryptoError, assertLength } from './errors.ts';
import { verifySignature, type Signer } from './keys.ts';

/** What an acceptance of one share covers. */
export interface AcceptanceStatement {
  secret: string;
  owner: string;
  grantee: string;
  /** grantHash of the owner-signed grant accepted (32 bytes). */
  grant: Uint8Array;
  time: number;
}

/** What a standing acceptance of every share of one owner covers. */
export interface OwnerAcceptanceStatement {
  owner: string;
  grantee: string;
  /** keyCardHash of the owner's card as pinned by the grantee (32 bytes). */
  card: Uint8Array;
  time: number;
}

function checkCommon(statement: { owner: string; grantee: string; time: number }): void {
  for (const k of ['owner', 'grantee'] as const) {
    if (typeof statement[k] !== 'string') throw new CryptoError('bad-input', `acceptance ${k} must be a string`);
  }
  if (!Number.isSafeInteger(statement.time) || statement.time < 0) throw new CryptoError('bad-input', 'time must be a non-negative integer (ms since epoch)');
}

/** The 32-byte hash an acceptance signature covers. */
export function acceptanceHash(statement: AcceptanceStatement): Uint8Array {
  checkCommon(statement);
  if (typeof statement.secret !== 'string') throw new CryptoError('bad-input', 'acceptance secret must be a string');
  assertLength(statement.grant, 32, 'accepted grant hash');
  const body = canonicalBytes({
    v: 1, secret: statement.secret, owner: statement.owner, grantee: statement.grantee, grant: toBase64Url(statement.grant), time: statement.time,
  });
  return sha256(concatBytes(DOMAIN.acceptance, body));
}

/** The 32-byte hash an owner-acceptance signature covers. */
export function ownerAcceptanceHash(statement: OwnerAcceptanceStatement): Uint8Array {
  checkCommon(statement);
  assertLength(statement.card, 32, "owner's card hash");
  const body = canonicalBytes({ v: 1, owner: statement.owner, grantee: statement.grantee, card: toBase64Url(statement.card), time: statement.time });
  return sha256(concatBytes(DOMAIN.ownerAcceptance, body));
}

/** Signs an acceptance with the grantee's key; returns the 64-byte signature. */
export async function signAcceptance(statement: AcceptanceStatement, signer: Signer): Promise<Uint8Array> {
  return signer.sign(acceptanceHash(statement));
}

/** True when `signature` is the grantee's valid signature over the acceptance. */
export async function verifyAcceptance(statement: AcceptanceStatement, signature: Uint8Array, granteeSigningKey: Uint8Array): Promise<boolean> {
  return verifySignature(granteeSigningKey, acceptanceHash(statement), signature);
}

/** Signs a standing acceptance of an owner with the grantee's key. */
export async function signOwnerAcceptance(statement: OwnerAcceptanceStatement, signer: Signer): Promise<Uint8Array> {
  return signer.sign(ownerAcceptanceHash(statement));
}

/** True when `signature` is the grantee's valid signature over the standing acceptance. */
export async function verifyOwnerAcceptance(
  statement: OwnerAcceptanceStatement, signature: Uint8Array, granteeSigningKey: Uint8Array,
): Promise<boolean> {
  return verifySignature(granteeSigningKey, ownerAcceptanceHash(statement), signature);
}
