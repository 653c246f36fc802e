/**
 * Following an account's chain of key cards (crypto/card-chain.ts) from a
 * card this device already trusts (its pin, or the card a signed grant
 * binds) to the account's current card, for persons who rotated their keys.
 * Groups chain through their membership lists instead (group-state.ts).
 * @module
 */
import { CryptoError, constantTimeEqual, keyCardHash, toBase64Url, verifyCardChain } from '../crypto/index.ts';
import type { CardLink, KeyCard } from '../crypto/index.ts';
import { CardChainResponse } from '../protocol/index.ts';
import type { ClientState } from './client-state.ts';
import { groupCardChain } from './group-state.ts';
import { seg } from './http.ts';
import type { TrustedCard } from './trust.ts';

/** Every card of an account as the server stores it, oldest first (unverified). */
async function fetchChain(state: ClientState, id: string): Promise<CardLink[]> {
  // Unverified: each link checked from a trusted card also checks that id, handle and kind stay the same.
  const { chain } = await state.lookup(() =>
    state.transport.request('GET', `/v1/cards/${seg(id)}/chain`, CardChainResponse, { what: 'key card chain' }));
  return chain;
}

/**
 * The cards of an account's chain that ends in `card`, oldest first, every
 * link checked from the first card ([card] for a first card; a group's
 * chain is its membership chain); null when the served chain does not verify
 * or does not end in `card`.
 */
export async function verifiedChain(state: ClientState, card: KeyCard): Promise<KeyCard[] | null> {
  if (card.body.prev === null) return [card];
  const chain = await fetchChain(state, card.body.id);
  try {
    const hashes = await verifyCardChain(chain);
    return hashes[hashes.length - 1] === toBase64Url(keyCardHash(card)) ? chain.map((l) => l.card) : null;
  } catch (error) {
    if (error instanceof CryptoError) return null;
    throw error;
  }
}

/**
 * Where the card hash `other` (base64url) stands on the pinned account's
 * verified chain of cards: `later` (a successor linked from the pinned key),
 * `earlier`, or null when the two are not on one verified chain (then they
 * are rival cards, not a rotation).
 */
export async function chainOrder(state: ClientState, pinned: TrustedCard, other: string): Promise<'later' | 'earlier' | null> {
  let hashes: string[];
  try {
    hashes = await verifyCardChain(await fetchChain(state, pinned.id));
  } catch (error) {
    if (error instanceof CryptoError) return null;
    throw error;
  }
  const at = hashes.indexOf(toBase64Url(keyCardHash(pinned.card)));
  const then = hashes.indexOf(other);
  if (at < 0 || then < 0) return null;
  return then > at ? 'later' : 'earlier';
}

/**
 * True when `presented` is a later card of the pinned account: its verified
 * chain (see {@link cardChainOf}) runs from the pinned card to it. A card that
 * does not link to the pin (another key signed it, a link is broken) is not
 * a successor.
 */
export async function cardSucceeds(state: ClientState, pinned: TrustedCard, presented: KeyCard): Promise<boolean> {
  // Every card of a verified chain has the same id, so the pinned card in it means the same account.
  return (await cardChainOf(state, presented))?.includes(toBase64Url(keyCardHash(pinned.card))) === true;
}

/**
 * The card hashes (oldest first) of the verified chain that ends in `card`,
 * or null: a group's from its membership chain, a person's from the first
 * card, every link checked (see card-binding.ts `CardChain`).
 */
export async function cardChainOf(state: ClientState, card: KeyCard): Promise<string[] | null> {
  if (card.body.kind === 'group') return groupCardChain(state, card);
  return (await verifiedChain(state, card))?.map((c) => toBase64Url(keyCardHash(c))) ?? null;
}

/**
 * When a version does not verify under the pinned card of its owner: the
 * owner's current card (asked for by handle) if it differs and links to the
 * pin (the pin then moves to it), else null. A current card that does not
 * link is refused (IntegrityError from the pin check).
 */
export async function rotatedCard(state: ClientState, pinned: TrustedCard, purpose: string): Promise<TrustedCard | null> {
  const card = await state.cardByHandle(pinned.handle, purpose);
  return card.id === pinned.id && !constantTimeEqual(card.signingKey, pinned.signingKey) ? card : null;
}
