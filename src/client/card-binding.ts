/**
 * The one rule for "does this key card satisfy the card hash a signed
 * statement bound": a grant (and an access-list entry) names the grantee's
 * card by its keyCardHash as the owner checked it when signing. Every place
 * that accepts a grantee's or a non-owner author's card asks this function,
 * so the rule (exact match today; a later card chained to the bound one
 * tomorrow) has a single home.
 * @module
 */
import { constantTimeEqual, fromBase64Url, keyCardHash, toBase64Url } from '../crypto/index.ts';
import type { KeyCard } from '../crypto/index.ts';

/** The base64url keyCardHash a statement binds for `card`. */
export function cardBindingOf(card: KeyCard): string {
  return toBase64Url(keyCardHash(card));
}

/**
 * True when `card` is the card the statement bound (`bound` is the
 * base64url keyCardHash it signed). Never throws on a malformed `bound`.
 * Async so the rule may grow to walk a chain of cards without moving call sites.
 */
export async function cardSatisfiesBinding(card: KeyCard, bound: string): Promise<boolean> {
  let expected: Uint8Array;
  try {
    expected = fromBase64Url(bound, 32);
  } catch {
    return false;
  }
  return constantTimeEqual(keyCardHash(card), expected);
}
