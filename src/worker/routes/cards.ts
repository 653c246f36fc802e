/**
 * Account key rotation: a person replaces its key card with a successor the
 * current card's key links (crypto/card-chain.ts), compare-and-swap on the
 * stored card; and every account's chain of cards, for readers following a
 * pin or a grant's bound card forward.
 */
import { Hono } from 'hono';
import { MAX_CARD_CHAIN, keyCardHash, toBase64Url, verifyCardLink } from '../../crypto/index.ts';
import type { KeyCard } from '../../crypto/index.ts';
import { RotateCardRequest } from '../../protocol/index.ts';
import { badRequest, conflict, notFound } from '../errors.ts';
import { releaseLoginAttempt } from '../rate-limit.ts';
import { decodeBase64Url, idParam, readBody } from '../request.ts';
import { requireSession } from '../session.ts';
import { cardChainOf, replaceCard, replacedCards, storedCard } from '../store/cards.ts';
import type { AppEnv } from '../types.ts';
import { checkCurrentLoginKey } from './accounts.ts';

/** Routes under /v1 for card chains. */
export const cardRoutes = new Hono<AppEnv>();

cardRoutes.get('/cards/:accountId/chain', async (c) => {
  const chain = await cardChainOf(c.env.DB, idParam(c, 'accountId'));
  if (chain.length === 0) throw notFound('no such account');
  return c.json({ chain });
});

/** Replaces the caller's card and keyring: needs the session, the current login key and a link from the current card. */
cardRoutes.put('/me/card', requireSession(), async (c) => {
  const body = await readBody(c, RotateCardRequest, 'key rotation');
  decodeBase64Url(body.keyring, 'keyring');
  const caller = c.var.caller;
  if (caller.kind !== 'person') throw badRequest('only person accounts rotate keys this way; a machine gets a new token instead');
  const db = c.env.DB;
  const now = Date.now();
  const { keys } = await checkCurrentLoginKey(c, body.authKey, now);
  const stored = await storedCard(db, caller.id);
  if (!stored) throw notFound('the account no longer exists');
  const current = JSON.parse(stored) as KeyCard;
  const next = body.card as KeyCard;
  if (next.body.id !== caller.id || next.body.handle !== caller.handle || next.body.kind !== 'person') {
    throw badRequest('card must keep the account id, handle and kind');
  }
  if (next.body.prev !== toBase64Url(keyCardHash(current))) {
    throw conflict('card.body.prev is not the hash of the current card (it changed meanwhile); fetch your card and rotate again');
  }
  if (!(await verifyCardLink(current, next, body.link))) {
    throw badRequest('link is not a signature by the current card\'s key over the new card, or the new card is not self-signed');
  }
  if ((await replacedCards(db, caller.id)) >= MAX_CARD_CHAIN - 1) throw conflict(`the account has rotated its keys ${MAX_CARD_CHAIN - 1} times, the most a chain holds`);
  const done = await replaceCard(db, caller, { oldCard: stored, card: body.card, link: body.link, keyring: body.keyring, keepSession: c.var.tokenHash }, now);
  if (!done) throw conflict('your key card was replaced at the same time from elsewhere; log in again and retry');
  await releaseLoginAttempt(db, keys);
  return c.body(null, 204);
});
