/**
 * Access lists: the owner's signed statement of everyone who holds a grant
 * on a secret, with a counter that only goes up. Writers wrap a new version
 * only to the latest list they verified (devices keep a high-water mark of
 * the counter), so a server that re-lists a revoked grant, ignores a revoke
 * or replays an older list cannot make a writer wrap to a revoked account.
 *
 * access-list signature = Ed25519 over SHA-256(DOMAIN.accessList ||
 *   canonical({v: 2, secret, owner, counter, revoked, grantees: [{id, card:
 *   b64u(keyCardHash), access}] sorted by id, time})), DOMAIN.accessList =
 *   "latchkey/v2/access-list\0". `revoked` is the counter of the latest list
 *   that removed someone (0: never), so readers can tell a revocation
 *   happened after the version they read. Ed25519 as RFC 8032 (keys.ts),
 *   SHA-256 as FIPS 180-4, canonical JSON as canonical.ts.
 * @module
 */
import { canonicalBytes } from './canonical.ts';
import { DOMAIN } from './domains.ts';
import { concatBytes, sha256, toBase64Url } from './encoding.ts';
import { CryptoError, assertCount, assertLength } from './errors.ts';
import { verifySignature, type Signer } from './keys.ts';

/** One grantee in an access list. */
export interface AccessListEntry {
  id: string;
  /** keyCardHash of the grantee's card (32 bytes), as in its grant. */
  card: Uint8Array;
  access: 'read' | 'write';
}

/** What an access-list signature covers. */
export interface AccessListStatement {
  secret: string;
  owner: string;
  /** 1, 2, ...: every new list of the secret has the next counter. */
  counter: number;
  /** Counter of the latest list that removed a grantee (0: none ever). */
  revoked: number;
  grantees: AccessListEntry[];
  time: number;
}

/** The 32-byte hash an access-list signature covers. Refuses duplicate grantees. */
export function accessListHash(s: AccessListStatement): Uint8Array {
  for (const k of ['secret', 'owner'] as const) {
    if (typeof s[k] !== 'string') throw new CryptoError('bad-input', `access list ${k} must be a string`);
  }
  assertCount(s.counter, 'access list counter', 1);
  assertCount(s.revoked, 'access list revoked counter', 0);
  if (s.revoked > s.counter) throw new CryptoError('bad-input', 'access list revoked counter must not exceed its counter');
  assertCount(s.time, 'time', 0);
  const seen = new Set<string>();
  const grantees = [...s.grantees].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((g) => {
    if (typeof g.id !== 'string' || seen.has(g.id)) throw new CryptoError('bad-input', 'access list grantees must be distinct account ids');
    seen.add(g.id);
    if (g.access !== 'read' && g.access !== 'write') throw new CryptoError('bad-input', 'access must be "read" or "write"');
    assertLength(g.card, 32, "grantee's card hash");
    return { id: g.id, card: toBase64Url(g.card), access: g.access };
  });
  const body = canonicalBytes({ v: 2, secret: s.secret, owner: s.owner, counter: s.counter, revoked: s.revoked, grantees, time: s.time });
  return sha256(concatBytes(DOMAIN.accessList, body));
}

/** Signs an access list with the owner's key; returns the 64-byte signature. */
export async function signAccessList(s: AccessListStatement, signer: Signer): Promise<Uint8Array> {
  return signer.sign(accessListHash(s));
}

/** True when `signature` is the owner's valid signature over the list. */
export async function verifyAccessList(s: AccessListStatement, signature: Uint8Array, ownerSigningKey: Uint8Array): Promise<boolean> {
  return verifySignature(ownerSigningKey, accessListHash(s), signature);
}
