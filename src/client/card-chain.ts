/**
 * Following an account's chain of key cards (crypto/card-chain.ts) from a
 * card this device already trusts (its pin, or the card a signed grant
 * binds) to the account's current card, for persons who rotated their keys.
 * Groups chain through their membership lists instead (group-state.ts).
 * @module
 */
import { CryptoError, constantTimeEqual, keyCardHash, toBase64Url, verifyCardChainFrom } from '../crypto/index.ts';
import type { CardLink, KeyCard } from '../crypto/index.ts';
import { CardChainResponse, CardResponse } from '../protocol/index.ts';
import type { ClientState } from './client-state.ts';
import { IntegrityError } from './errors.ts';
import { groupCardChain, groupCardSucceeds } from './group-state.ts';
import { seg } from './http.ts';
import type { TrustedCard } from './trust.ts';

/** Every card of an account as the server stores it, oldest first (unverified). */
async function fetchChain(state: ClientState, id: string): Promise<CardLink[]> {
  const { chain } = await state.lookup(() =>
    state.transport.request('GET', `/v1/cards/${seg(id)}/chain`, CardChainResponse, { what: `key card chain of account ${id}` }));
  if (chain.some((l) => l.card.body.id !== id)) throw new IntegrityError(`the server mixed another account's card into the key card chain of account ${id}; refusing it`);
  return chain;
}

/** The verified hashes from `from` to the end of the chain, or null when the chain does not link (never throws for a bad chain). */
async function verifiedFrom(chain: CardLink[], from: string): Promise<string[] | null> {
  try {
    return await verifyCardChainFrom(chain, from);
  } catch (error) {
    if (error instanceof CryptoError) return null;
    throw error;
  }
}

/**
 * True when `presented` is a later card of the pinned account: every card
 * after the pinned one up to `presented` is linked by its predecessor's key.
 * A card that does not link to the pin (another key signed it, a link is
 * broken) is not a successor.
 */
export async function cardSucceeds(state: ClientState, pinned: TrustedCard, presented: KeyCard): Promise<boolean> {
  if (presented.body.id !== pinned.id) return false;
  if (pinned.kind === 'group') return groupCardSucceeds(state, pinned, presented);
  const hashes = await verifiedFrom(await fetchChain(state, pinned.id), toBase64Url(keyCardHash(pinned.card)));
  return hashes !== null && hashes.length > 1 && hashes[hashes.length - 1] === toBase64Url(keyCardHash(presented));
}

/**
 * The card hashes (oldest first) of the verified chain that ends in `card`,
 * or null: a group's from its membership chain, a person's from the first
 * card, every link checked (see card-binding.ts `CardChain`).
 */
export async function cardChainOf(state: ClientState, card: KeyCard): Promise<string[] | null> {
  if (card.body.kind === 'group') return groupCardChain(state, card);
  if (card.body.prev === null) return null;
  return endingIn(await fetchChain(state, card.body.id), card);
}

/** The verified hashes of the whole chain (every link checked from the first card) when it ends in `card`, else null. */
async function endingIn(chain: CardLink[], card: KeyCard): Promise<string[] | null> {
  const hashes = await verifiedFrom(chain, toBase64Url(keyCardHash(chain[0]!.card)));
  return hashes !== null && constantTimeEqual(keyCardHash(chain[chain.length - 1]!.card), keyCardHash(card)) ? hashes : null;
}

/**
 * Every card of a person's chain that ends in `card`, oldest first, each
 * linked by its predecessor's key ([card] for a first card or a group).
 * @throws IntegrityError when the served chain does not verify or does not end in `card`.
 */
export async function verifiedChainCards(state: ClientState, card: KeyCard): Promise<KeyCard[]> {
  if (card.body.kind === 'group' || card.body.prev === null) return [card];
  const chain = await fetchChain(state, card.body.id);
  if ((await endingIn(chain, card)) === null) {
    throw new IntegrityError(`the key card chain of "${card.body.handle}" is broken (a card not linked by its predecessor's key); refusing it`);
  }
  return chain.map((l) => l.card);
}

/**
 * When a version does not verify under the pinned card of its owner: the
 * owner's current card if it differs and links to the pin (the pin then
 * moves to it), else null. A current card that does not link is refused
 * (IntegrityError from the pin check).
 */
export async function rotatedCard(state: ClientState, pinned: TrustedCard, purpose: string): Promise<TrustedCard | null> {
  const { card } = await state.lookup(() =>
    state.transport.request('GET', `/v1/cards/${seg(pinned.id)}`, CardResponse, { what: `key card of account ${pinned.id}` }));
  if (constantTimeEqual(keyCardHash(card), keyCardHash(pinned.card))) return null;
  const { trusted, pinned: linked } = await state.trust.check(card, { id: pinned.id, handle: pinned.handle }, purpose);
  return linked && !constantTimeEqual(trusted.signingKey, pinned.signingKey) ? trusted : null;
}
