/**
 * Key rotation wire shapes: a person replaces its key card with a successor
 * linked by the old key (formulas in crypto/card-chain.ts), and anyone reads
 * an account's chain of cards to follow a pin or a bound card forward.
 */
import * as z from './wire-zod.ts';
import { MAX_CARD_CHAIN } from '../crypto/index.ts';
import { KeyCard } from './card.ts';
import { Bytes32, MAX_KEYRING_BYTES, Signature, base64urlUpTo } from './primitives.ts';
import { MAX_RECORD_BYTES, capAnswer } from './limits.ts';

/**
 * `PUT /v1/me/card`: the new card, the old key's link signature over it and
 * the keyring sealed with the new keys; carries the current login key, so a
 * stolen session alone cannot replace the keys.
 */
export const RotateCardRequest = z.strictObject({
  authKey: Bytes32,
  card: KeyCard,
  link: Signature,
  keyring: base64urlUpTo(MAX_KEYRING_BYTES),
});

/** One card of a chain and its predecessor's link signature (null for the first card). */
export const CardLinkWire = z.strictObject({ card: KeyCard, link: z.nullable(Signature) });

/** `GET /v1/cards/:accountId/chain`: every card of the account, oldest first, the current one last. */
export const CardChainResponse = capAnswer(
  z.strictObject({ chain: z.array(CardLinkWire).check(z.minLength(1), z.maxLength(MAX_CARD_CHAIN)) }),
  { bytes: MAX_CARD_CHAIN * (MAX_RECORD_BYTES + 100) },
);

export type RotateCardRequest = z.infer<typeof RotateCardRequest>;
export type CardChainResponse = z.infer<typeof CardChainResponse>;
