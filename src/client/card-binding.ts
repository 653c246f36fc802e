/**
 * The one rule for "does this key card satisfy the card hash a signed
 * statement bound": a grant (and an access-list entry) names the grantee's
 * card by its keyCardHash as the owner checked it when signing. Every place
 * that accepts a grantee's or a non-owner author's card asks this function,
 * so the rule (the bound card, or a later card of the same account chained
 * to it) has a single home.
 * @module
 */
import { constantTimeEqual, fromBase64Url, keyCardHash, toBase64Url } from '../crypto/index.ts';
import type { KeyCard } from '../crypto/index.ts';

/** The base64url keyCardHash a statement binds for `card`. */
export function cardBindingOf(card: KeyCard): string {
  return toBase64Url(keyCardHash(card));
}

/**
 * The verified chain of card hashes (base64url, oldest first) that ends in
 * `card`, or null when the account has no such chain (card-chain.ts
 * `cardChainOf`: a person's chain of rotated cards, each linked by the
 * previous key, or a group's membership chain).
 */
export type CardChain = (card: KeyCard) => Promise<string[] | null>;

/**
 * True when `card` is the card the statement bound (`bound` is the
 * base64url keyCardHash it signed), or a later card of the same account whose
 * verified chain (`chain`) leads from the bound card to it: a person who
 * rotated their keys, or a group rotated after a member left, so the grants
 * to them stay valid. A card whose chain does not contain the bound card is
 * refused. Never throws on a
 * malformed `bound`.
 */
export async function cardSatisfiesBinding(card: KeyCard, bound: string, chain?: CardChain): Promise<boolean> {
  let expected: Uint8Array;
  try {
    expected = fromBase64Url(bound, 32);
  } catch {
    return false;
  }
  const hash = keyCardHash(card);
  if (constantTimeEqual(hash, expected)) return true;
  const links = chain ? await chain(card) : null;
  return links !== null && links.length > 0 && links.includes(bound) && links[links.length - 1] === toBase64Url(hash);
}
