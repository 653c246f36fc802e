/**
 * Version chains and high-water marks. Each version's hash covers the hash
 * of the one before it, and the newest is signed, so a head that links back
 * to this device's mark proves no version the device saw was dropped or
 * replaced. Headers (without ciphertext) carry `ciphertextHash`, so the hash
 * of every version can be recomputed without downloading old ciphertexts.
 * @module
 */
import { constantTimeEqual, sha256, verifySignature, versionHashOf } from '../crypto/index.ts';
import { HistoryResponse } from '../protocol/index.ts';
import type { VersionHeader } from '../protocol/index.ts';
import type { ClientState } from './client-state.ts';
import { IntegrityError } from './errors.ts';
import { authorOf, label, recordBytes, secretPath, versionContext, type SecretRef } from './versions.ts';
import type { TrustedCard } from './trust.ts';

/**
 * A version's hash from its header: the same bytes crypto's `versionHash`
 * computes, with the ciphertext's SHA-256 taken from the header
 * (chain.test.ts checks the two agree).
 */
export function headerHash(
  context: Uint8Array,
  header: { ciphertextHash: Uint8Array; prev: Uint8Array | null; author: string; list: number; time: number },
): Uint8Array {
  return versionHashOf(sha256(context), header.ciphertextHash, header);
}

/** One verified entry of a secret's history. */
export interface VerifiedHeader {
  version: number;
  hash: Uint8Array;
  time: number;
  author: TrustedCard;
}

/**
 * Fetches and verifies a secret's whole history: versions 1..n in order, each
 * linked to the previous hash and signed by the owner or a write grantee.
 */
export async function verifiedHistory(state: ClientState, ref: SecretRef): Promise<VerifiedHeader[]> {
  const what = label(ref, state.identity?.account.id);
  const { versions } = await state.transport.request('GET', `${secretPath(ref)}/versions`, HistoryResponse, {
    what: `history of ${what}`,
  });
  return verifyHeaders(state, ref, versions);
}

/** Verifies a list of headers as a complete chain starting at version 1 (pins a first-seen owner on success). */
export async function verifyHeaders(state: ClientState, ref: SecretRef, headers: VersionHeader[]): Promise<VerifiedHeader[]> {
  try {
    const chain = await verifyChain(state, ref, headers);
    await state.confirm(ref.owner);
    return chain;
  } catch (error) {
    state.forget(ref.owner.id, ...headers.map((h) => h.author));
    throw error;
  }
}

async function verifyChain(state: ClientState, ref: SecretRef, headers: VersionHeader[]): Promise<VerifiedHeader[]> {
  const what = label(ref, state.identity?.account.id);
  if (headers.length === 0) throw new IntegrityError(`the server returned an empty history for ${what}; refusing it`);
  const out: VerifiedHeader[] = [];
  let prevHash: Uint8Array | null = null;
  for (const [i, h] of headers.entries()) {
    const where = `version ${h.version} of ${what}`;
    if (h.secret !== ref.id || h.version !== i + 1) {
      throw new IntegrityError(`the history of ${what} has a gap, a duplicate or another secret's version at position ${i + 1}; refusing it`);
    }
    const prev = h.prev === null ? null : recordBytes(h.prev, 32, `${where}: previous hash`);
    const linked = prevHash === null ? prev === null : prev !== null && constantTimeEqual(prev, prevHash);
    if (!linked) throw new IntegrityError(`${where} does not link to version ${h.version - 1} (forked or rewritten history); refusing it`);
    const author = await authorOf(state, ref, h);
    const hash = headerHash(versionContext(ref, h.version), {
      ciphertextHash: recordBytes(h.ciphertextHash, 32, `${where}: ciphertext hash`),
      prev,
      author: h.author,
      list: h.list,
      time: h.time,
    });
    if (!(await verifySignature(author.signingKey, hash, recordBytes(h.signature, 64, `${where}: signature`)))) {
      throw new IntegrityError(`${where}: the signature does not verify for its author ${author.handle}; refusing it`);
    }
    out.push({ version: h.version, hash, time: h.time, author });
    prevHash = hash;
  }
  return out;
}

/**
 * Refuses a head (the latest version the server served) that is older than,
 * or not a descendant of, what this device already accepted for the secret.
 */
export async function checkHead(state: ClientState, ref: SecretRef, head: { version: number; hash: Uint8Array; prev: Uint8Array | null }): Promise<void> {
  const mark = await state.trust.mark(ref.id);
  if (!mark) return;
  const what = label(ref, state.identity?.account.id);
  if (head.version < mark.version) {
    throw new IntegrityError(
      `the server served version ${head.version} of ${what} as the latest, but this device has already seen version ${mark.version}; ` +
        'refusing the rollback (the server may be replaying an old value)',
    );
  }
  if (head.version === mark.version) {
    if (!constantTimeEqual(head.hash, mark.hash)) throw forked(what, mark.version);
    return;
  }
  if (head.version === mark.version + 1) {
    if (!head.prev || !constantTimeEqual(head.prev, mark.hash)) throw forked(what, mark.version);
    return;
  }
  const history = await verifiedHistory(state, ref);
  const atMark = history[mark.version - 1];
  const last = history[history.length - 1]!;
  if (!atMark || !constantTimeEqual(atMark.hash, mark.hash)) throw forked(what, mark.version);
  if (last.version !== head.version || !constantTimeEqual(last.hash, head.hash)) {
    throw new IntegrityError(`the history of ${what} does not end at the version the server served as latest; refusing it`);
  }
}

function forked(what: string, version: number): IntegrityError {
  return new IntegrityError(
    `the history of ${what} has forked: the server's version ${version} (or its successor) is not the one this device saw; refusing it`,
  );
}
