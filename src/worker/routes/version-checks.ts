/** Checks shared by the write routes: version record shape, write access, recipient coverage. */
import { encodeContext, fromBase64Url, sha256, toBase64Url, verifyVersion, versionHash } from '../../crypto/index.ts';
import type { GrantRecord, KeyCardWire, VersionRecord, WrapRecord } from '../../protocol/index.ts';
import { ApiError, badRequest, notFound } from '../errors.ts';
import { decodeBase64Url } from '../request.ts';
import { cardOf } from '../store/accounts.ts';
import { secretAccess, versionHashFields, type SecretAccessRow } from '../store/secret-reads.ts';
import type { D1Database } from '../types.ts';

/** What a write needs to know about a secret. */
export type WritableSecret = SecretAccessRow;

/**
 * Loads a secret the caller may write (owner or write grantee). Invisible
 * secrets are 404; read-only grantees get 403 (they already know it exists).
 */
export async function secretForWrite(db: D1Database, id: string, callerId: string): Promise<WritableSecret> {
  const row = await secretAccess(db, id, callerId);
  if (!row) throw notFound('no such secret');
  if (row.access === 'read') throw new ApiError(403, 'forbidden', 'you have read access to this secret; ask its owner for write access');
  return row;
}

/** The author must be the caller; `authorGrant` is null for the owner and the caller's own write grant otherwise. */
export function assertVersionShape(v: VersionRecord, callerId: string, ownerId: string, storedGrant: string | null = null): void {
  if (v.author !== callerId) throw badRequest('version.author must be your own account id');
  if ((v.version === 1) !== (v.prev === null)) throw badRequest('version.prev must be null for version 1 and the previous version hash otherwise');
  if (callerId === ownerId) {
    if (v.authorGrant !== null) throw badRequest('version.authorGrant must be null when the owner writes');
    return;
  }
  if (v.authorGrant === null || storedGrant === null || !sameGrant(v.authorGrant, JSON.parse(storedGrant) as GrantRecord)) {
    throw badRequest('version.authorGrant must be your write grant for this secret, exactly as the owner signed it (GET .../grants)');
  }
}

function sameGrant(a: GrantRecord, b: GrantRecord): boolean {
  return a.secret === b.secret && a.owner === b.owner && a.grantee === b.grantee && a.card === b.card && a.access === b.access &&
    a.time === b.time && a.signature === b.signature;
}

/** The wraps must cover exactly the owner and every current grantee, once each. */
export function assertCoverage(wraps: WrapRecord[], required: string[]): void {
  const given = new Set<string>();
  for (const w of wraps) {
    if (given.has(w.recipient)) throw badRequest(`wraps lists recipient ${w.recipient} twice`);
    given.add(w.recipient);
  }
  for (const r of required) {
    if (!given.has(r)) throw badRequest(`wraps is missing recipient ${r}; wrap the data key to the owner and every grantee (GET .../grants)`);
  }
  const needed = new Set(required);
  for (const r of given) {
    if (!needed.has(r)) throw badRequest(`wraps includes ${r}, who is neither the owner nor a grantee of this secret`);
  }
}

/** base64url SHA-256 of a base64url ciphertext, for version headers. */
export function ciphertextHash(ciphertext: string): string {
  try {
    return toBase64Url(sha256(fromBase64Url(ciphertext)));
  } catch {
    throw badRequest('version.ciphertext is not canonical base64url');
  }
}

/**
 * Checks what the server can check of a new version without any key: the
 * author's signature over (context, ciphertext, prev, author, list, time), and that
 * `prev` is the hash of the stored version n-1. Readers verify all this too;
 * checking here keeps a buggy or hostile writer from breaking the chain for
 * everyone else.
 */
export async function assertAuthenticVersion(
  db: D1Database,
  s: { id: string; owner_id: string; name: string; provider: string | null },
  v: VersionRecord,
  authorCard?: KeyCardWire | null,
): Promise<void> {
  const card = authorCard !== undefined ? authorCard : await cardOf(db, { id: v.author });
  if (!card) throw badRequest('version.author is not a known account');
  const context = (n: number) => encodeContext({ owner: s.owner_id, secret: s.id, name: s.name, provider: s.provider, version: n });
  const statement = {
    context: context(v.version),
    ciphertext: decodeBase64Url(v.ciphertext, 'version.ciphertext'),
    prev: v.prev === null ? null : decodeBase64Url(v.prev, 'version.prev', 32),
    author: v.author,
    list: v.list,
    time: v.time,
  };
  const signed = await verifyVersion(statement, decodeBase64Url(v.signature, 'version.signature', 64), decodeBase64Url(card.body.signingKey, 'card', 32));
  if (!signed) {
    throw badRequest("version.signature does not verify with the author's key for this secret, name, provider, version and content");
  }
  if (v.version === 1) return;
  const p = await versionHashFields(db, s.id, v.version - 1);
  if (!p) return; // the compare-and-swap answers 409 for a version that does not follow the latest
  const expected = versionHash({
    context: context(v.version - 1),
    ciphertext: fromBase64Url(p.ciphertext),
    prev: p.prev === null ? null : fromBase64Url(p.prev, 32),
    author: p.author_id,
    list: p.list,
    time: p.time,
  });
  if (toBase64Url(expected) !== v.prev) {
    throw badRequest(`version.prev is not the hash of version ${v.version - 1}; fetch the latest version and build on it`);
  }
}
