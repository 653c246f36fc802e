// Key card replacement (PUT /v1/me/card) and card chains (GET /v1/cards/:id/chain).
import { expect, test } from 'vitest';
import {
  createKeyCard, createSigner, generateAccountKeys, randomBytes, signCardLink, toBase64Url, verifyCardChain,
} from '../crypto/index.ts';
import type { KeyCard } from '../crypto/index.ts';
import type { FetchLike, TestAccount } from './test-fixtures.ts';
import { bearer, json, login, signUp } from './test-fixtures.ts';
import { workerFetch } from './test-worker.ts';

const f: FetchLike = workerFetch;

async function successor(a: TestAccount, prev: KeyCard, linkWith = a.keys.signing.privateKey) {
  const keys = await generateAccountKeys();
  const card = await createKeyCard(keys, { id: a.id, handle: a.handle, kind: 'person', prev });
  const link = toBase64Url(await signCardLink(await createSigner(linkWith), card));
  return { keys, card, link };
}

function rotate(a: TestAccount, card: KeyCard, link: string, authKey = a.authKey, token = a.token): Promise<Response> {
  return f('/v1/me/card', json('PUT', { authKey: toBase64Url(authKey), card, link, keyring: toBase64Url(randomBytes(120)) }, token));
}

async function chainOf(id: string): Promise<Array<{ card: KeyCard; link: string | null }>> {
  const res = await f(`/v1/cards/${id}/chain`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { chain: Array<{ card: KeyCard; link: string | null }> }).chain;
}

test('a linked successor replaces the card, the old one stays in the chain, other sessions end, and the chain verifies', async () => {
  const alice = await signUp(f, 'alice1');
  const other = await login(f, alice);
  expect(await chainOf(alice.id)).toEqual([{ card: alice.card, link: null }]);
  const next = await successor(alice, alice.card);
  expect((await rotate(alice, next.card, next.link)).status).toBe(204);
  expect(((await (await f(`/v1/cards/${alice.id}`)).json()) as { card: KeyCard }).card).toEqual(next.card);
  const chain = await chainOf(alice.id);
  expect(chain).toEqual([{ card: alice.card, link: null }, { card: next.card, link: next.link }]);
  expect(await verifyCardChain(chain)).toHaveLength(2);
  expect((await f('/v1/me', bearer(other))).status).toBe(401);
  expect((await f('/v1/me', bearer(alice.token))).status).toBe(200);
  // A second rotation chains from the new card.
  const third = await successor(alice, next.card, next.keys.signing.privateKey);
  expect((await rotate(alice, third.card, third.link)).status).toBe(204);
  expect((await chainOf(alice.id)).map((l) => l.card)).toEqual([alice.card, next.card, third.card]);
});

test('a link not signed by the current card is refused and nothing changes', async () => {
  const alice = await signUp(f, 'alice2');
  const forged = await successor(alice, alice.card, (await generateAccountKeys()).signing.privateKey);
  const res = await rotate(alice, forged.card, forged.link);
  expect(res.status).toBe(400);
  expect(await res.text()).toMatch(/not a signature by the current card's key/);
  // The new card's own key is not the current card's key either.
  const self = await successor(alice, alice.card);
  const selfLinked = toBase64Url(await signCardLink(await createSigner(self.keys.signing.privateKey), self.card));
  expect((await rotate(alice, self.card, selfLinked)).status).toBe(400);
  expect(await chainOf(alice.id)).toEqual([{ card: alice.card, link: null }]);
  // Control: the same card linked by the current key is accepted.
  expect((await rotate(alice, self.card, self.link)).status).toBe(204);
});

test('a stale prev (the card changed meanwhile) is a 409, never a fork', async () => {
  const alice = await signUp(f, 'alice3');
  const a = await successor(alice, alice.card);
  const b = await successor(alice, alice.card);
  expect((await rotate(alice, a.card, a.link)).status).toBe(204);
  const res = await rotate(alice, b.card, b.link);
  expect(res.status).toBe(409);
  expect((await chainOf(alice.id)).map((l) => l.card)).toEqual([alice.card, a.card]);
});

test('a wrong current login key, another account\'s id or a machine cannot rotate', async () => {
  const alice = await signUp(f, 'alice4');
  const bob = await signUp(f, 'bob5');
  const next = await successor(alice, alice.card);
  expect((await rotate(alice, next.card, next.link, randomBytes(32))).status).toBe(401);
  expect((await rotate(bob, next.card, next.link, bob.authKey, bob.token)).status).toBe(400);
  expect((await f('/v1/me/card', json('PUT', { card: next.card }))).status).toBe(401);
  expect((await f(`/v1/cards/${toBase64Url(randomBytes(16))}/chain`)).status).toBe(404);
});
