/**
 * Out-of-band verification of key cards: show the fingerprint of the card
 * the server presents for a handle, or check it against a fingerprint the
 * person read to you and, on a match, pin it (replacing an older pin).
 * @module
 */
import {
  CryptoError, constantTimeEqual, fingerprint, fingerprintWords, formatFingerprint, parseFingerprint, verifyKeyCard,
} from '../crypto/index.ts';
import type { AccountKind } from '../crypto/index.ts';
import { CardResponse } from '../protocol/index.ts';
import { assertHandle } from './account.ts';
import { verifiedChain } from './card-chain.ts';
import type { ClientState } from './client-state.ts';
import { BadInputError, IntegrityError } from './errors.ts';
import { seg } from './http.ts';

/** What {@link verifyAccount} reports. */
export interface VerifyResult {
  handle: string;
  id: string;
  kind: AccountKind;
  /** Fingerprint of the card the server presents now. */
  fingerprint: string;
  fingerprintWords: string[];
  /**
   * `unpinned`: never used on this device; `pinned`: same as the pin;
   * `changed`: differs from the pin and does not chain to it (refused until verified);
   * `chained`: a newer card linked to the pinned one by its key (the pin moved to it);
   * `verified`: matched the fingerprint you gave and is now pinned.
   */
  status: 'unpinned' | 'pinned' | 'changed' | 'chained' | 'verified';
  /** The pinned fingerprint when it differs. */
  pinnedFingerprint?: string;
  /**
   * Fingerprints of the account's chain of key cards, newest first (the
   * current one, then each card it replaced, every link verified); only the
   * current one when the account never rotated its keys or its chain does not verify.
   */
  chain: string[];
}

/** Shows (no `expected`) or checks and re-pins (with `expected`) the card of `handle`. */
export async function verifyAccount(state: ClientState, handle: string, expected?: string): Promise<VerifyResult> {
  assertHandle(handle);
  let expectedFp: Uint8Array | null = null;
  if (expected !== undefined) {
    try {
      expectedFp = parseFingerprint(expected);
    } catch (error) {
      throw new BadInputError(
        `"${expected.slice(0, 80)}" is not a fingerprint; paste the grouped form (e.g. "ABCD EFGH ...") or the 16 words` +
          (error instanceof CryptoError ? ` (${error.message})` : ''),
      );
    }
  }
  const { card } = await state.transport.request('GET', `/v1/cards/by-handle/${seg(handle)}`, CardResponse, {
    auth: false,
    what: `key card of "${handle}"`,
  });
  if (card.body.handle !== handle) {
    throw new IntegrityError(`the server returned the key card of "${card.body.handle}" when "${handle}" was asked for; refusing it`);
  }
  if (!(await verifyKeyCard(card))) throw new IntegrityError(`the key card of "${handle}" is not validly self-signed; refusing it`);
  const fp = fingerprint(card.body);
  const pinned = (await state.trust.pinned(card.body.id)) ?? (await state.trust.pinnedByHandle(handle));
  const base = {
    handle,
    id: card.body.id,
    kind: card.body.kind,
    fingerprint: formatFingerprint(fp),
    fingerprintWords: fingerprintWords(fp),
    chain: ((await verifiedChain(state, card)) ?? [card]).map((c) => formatFingerprint(fingerprint(c.body))).reverse(),
  };
  if (expectedFp) {
    if (!constantTimeEqual(expectedFp, fp)) {
      throw new IntegrityError(
        `the fingerprint you gave (${formatFingerprint(expectedFp)}) does not match the key card the server presents for ` +
          `"${handle}" (${formatFingerprint(fp)}); do not trust it, and check with ${handle} again`,
      );
    }
    await state.trust.repin(card);
    return { ...base, status: 'verified' };
  }
  if (!pinned) {
    // A card your signed pin list names counts as pinned (another of your devices pinned it); one it does not match is refused.
    return { ...base, status: (await state.trust.listedMatch(card, `key card of "${handle}"`)) ? 'pinned' : 'unpinned' };
  }
  if (pinned.id === card.body.id && constantTimeEqual(pinned.fingerprint, fp)) return { ...base, status: 'pinned' };
  const pinnedFingerprint = formatFingerprint(pinned.fingerprint);
  if (pinned.id !== card.body.id || !base.chain.includes(pinnedFingerprint)) return { ...base, status: 'changed', pinnedFingerprint };
  // A newer card linked to the pinned one: the pin check follows the chain and moves the pin.
  await state.trust.checkAndPin(card, { id: card.body.id, handle }, 'verify');
  return { ...base, status: 'chained', pinnedFingerprint };
}
