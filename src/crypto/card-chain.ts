/**
 * Chained key cards: an account (or group) replaces its keys with a new
 * self-signed card whose body names its predecessor, so whoever trusted the
 * old card can accept the new one without a new out-of-band check.
 *
 *   next.body.prev = b64u keyCardHash(prev)   (SHA-256 of canonical card, card.ts)
 *   next.signature = Ed25519(next signing key, "latchkey/v1/card\0" || canonical(next.body))
 *   link           = Ed25519(prev signing key, "latchkey/v2/card/link\0" || keyCardHash(next))
 * (Ed25519: RFC 8032; SHA-256: FIPS 180-4.) The link covers the whole new
 * card, its self-signature included, so only the holder of the old signing
 * key can name a successor. Id, handle and kind never change along a chain.
 * Groups carry the old key's signature in their membership list instead
 * (group.ts), and use {@link cardFollows} for the card part.
 */
import { CryptoError } from './errors.ts';
import { concatBytes, fromBase64Url, toBase64Url } from './encoding.ts';
import { isBase64UrlOf, keyCardHash, verifyKeyCard } from './card.ts';
import type { KeyCard } from './card.ts';
import { DOMAIN } from './domains.ts';
import { verifySignature } from './keys.ts';
import type { Signer } from './keys.ts';

/** Most cards an account's chain may hold (each rotation adds one). */
export const MAX_CARD_CHAIN = 64;

/** One card of an account's chain and the link signature by its predecessor's key (null for the first card). */
export interface CardLink {
  card: KeyCard;
  link: string | null;
}

/** The bytes the previous card's key signs to name `next` as its successor. */
export function cardLinkSigningBytes(next: KeyCard): Uint8Array {
  return concatBytes(DOMAIN.cardLink, keyCardHash(next));
}

/** Signs `next` as the successor of the card whose key is `previous`. */
export async function signCardLink(previous: Signer, next: KeyCard): Promise<Uint8Array> {
  return previous.sign(cardLinkSigningBytes(next));
}

/**
 * True when `next` is a self-signed card of the same account, handle and kind
 * as `prev` whose `prev` field is keyCardHash(prev). Does not check the link
 * signature. Never throws.
 */
export async function cardFollows(prev: KeyCard, next: KeyCard): Promise<boolean> {
  try {
    const a = prev.body;
    const b = next.body;
    return b.id === a.id && b.handle === a.handle && b.kind === a.kind && b.prev === toBase64Url(keyCardHash(prev)) && (await verifyKeyCard(next));
  } catch {
    return false;
  }
}

/** True when `link` (base64url) is `prev`'s signature naming `next`, and `next` follows `prev`. Never throws. */
export async function verifyCardLink(prev: KeyCard, next: KeyCard, link: string | null): Promise<boolean> {
  try {
    if (link === null || !isBase64UrlOf(link, 64) || !(await cardFollows(prev, next))) return false;
    return await verifySignature(fromBase64Url(prev.body.signingKey, 32), cardLinkSigningBytes(next), fromBase64Url(link, 64));
  } catch {
    return false;
  }
}

/**
 * Verifies a whole chain (oldest first): every card after the first is linked
 * by its predecessor's key and names it in `prev`. Returns the card hashes
 * (b64u), oldest first. Whoever trusts any card of a verified chain (a pin,
 * or the card hash a signed statement bound) can trust every later card.
 * @throws CryptoError `bad-input` when it is empty or too long; `bad-signature` when a link does not verify.
 */
export async function verifyCardChain(chain: CardLink[]): Promise<string[]> {
  if (!Array.isArray(chain) || chain.length === 0 || chain.length > MAX_CARD_CHAIN) {
    throw new CryptoError('bad-input', `a key card chain holds 1 to ${MAX_CARD_CHAIN} cards`);
  }
  const hashes = [toBase64Url(keyCardHash(chain[0]!.card))];
  for (let i = 1; i < chain.length; i++) {
    if (!(await verifyCardLink(chain[i - 1]!.card, chain[i]!.card, chain[i]!.link))) {
      throw new CryptoError('bad-signature', `key card ${i + 1} is not linked by the key of card ${i}`);
    }
    hashes.push(toBase64Url(keyCardHash(chain[i]!.card)));
  }
  return hashes;
}
