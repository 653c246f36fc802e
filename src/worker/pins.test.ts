// Signed pin lists on the server: compare-and-swap on the counter, the size bound, who may read and write.
import { expect, test } from 'vitest';
import { createSigner, keyCardHash, newAccountId, randomBytes, signPinList, toBase64Url } from '../crypto/index.ts';
import { MAX_PINS } from '../protocol/index.ts';
import type { FetchLike, TestAccount } from './test-fixtures.ts';
import { bearer, createMachine, json, signUp } from './test-fixtures.ts';
import { workerFetch } from './test-worker.ts';

const f: FetchLike = workerFetch;

async function pinList(signer: TestAccount, counter: number, pins: Array<{ id: string; card: Uint8Array }>, owner = signer.id) {
  const statement = { owner, counter, pins, time: Date.now() };
  const signature = await signPinList(statement, await createSigner(signer.keys.signing.privateKey));
  return { list: { v: 2, ...statement, pins: pins.map((p) => ({ id: p.id, card: toBase64Url(p.card) })), signature: toBase64Url(signature) } };
}

async function put(a: TestAccount, body: unknown, token = a.token): Promise<{ status: number; code?: string }> {
  const res = await f('/v1/me/pins', json('PUT', body, token));
  const answer = (await res.json()) as { error?: { code: string } };
  return { status: res.status, code: answer.error?.code };
}

async function get(token: string): Promise<{ counter: number; pins: Array<{ id: string }> } | null> {
  const res = await f('/v1/me/pins', bearer(token));
  expect(res.status).toBe(200);
  return ((await res.json()) as { list: { counter: number; pins: Array<{ id: string }> } | null }).list;
}

test('the counter is a compare-and-swap: only the next counter is stored, concurrent publishers get 409', async () => {
  const alice = await signUp(f, 'pins-alice');
  const bob = await signUp(f, 'pins-bob');
  const carol = await signUp(f, 'pins-carol');
  expect(await get(alice.token)).toBeNull();
  expect(await put(alice, await pinList(alice, 2, []))).toMatchObject({ status: 409 });
  expect(await put(alice, await pinList(alice, 1, [{ id: bob.id, card: keyCardHash(bob.card) }]))).toEqual({ status: 200, code: undefined });
  // Two devices both publish counter 2: exactly one wins.
  const results = await Promise.all([
    put(alice, await pinList(alice, 2, [{ id: bob.id, card: keyCardHash(bob.card) }])),
    put(alice, await pinList(alice, 2, [{ id: carol.id, card: keyCardHash(carol.card) }])),
  ]);
  expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  expect(results.find((r) => r.status === 409)!.code).toBe('conflict');
  // Replaying counter 1 (a rollback) or skipping ahead is refused.
  expect((await put(alice, await pinList(alice, 1, []))).status).toBe(409);
  expect((await put(alice, await pinList(alice, 4, []))).status).toBe(409);
  expect((await get(alice.token))!.counter).toBe(2);
});

test('only the account writes its list, and only the account and its machines read it', async () => {
  const alice = await signUp(f, 'pins-owner');
  const mallory = await signUp(f, 'pins-mallory');
  const box = await createMachine(f, alice, 'pinbox');
  const malloryBox = await createMachine(f, mallory, 'otherbox');
  expect((await put(alice, await pinList(alice, 1, [{ id: mallory.id, card: keyCardHash(mallory.card) }]))).status).toBe(200);
  // mallory cannot write alice's list: not under her own session, not with alice's id signed by mallory's key.
  expect(await put(mallory, await pinList(mallory, 2, [], alice.id))).toMatchObject({ status: 400 });
  expect(await put(alice, await pinList(mallory, 2, [], alice.id))).toMatchObject({ status: 400 });
  // A machine has no list of its own to write.
  expect(await put(box, await pinList(box, 1, []))).toMatchObject({ status: 403, code: 'forbidden' });
  // mallory reads only her own (empty) list; alice's machine reads alice's; mallory's machine does not.
  expect(await get(mallory.token)).toBeNull();
  expect((await get(box.token))!.pins.map((p) => p.id)).toEqual([mallory.id]);
  expect(await get(malloryBox.token)).toBeNull();
  expect((await f('/v1/me/pins')).status).toBe(401);
});

test(`a list of more than MAX_PINS (${MAX_PINS}) entries is refused`, async () => {
  const alice = await signUp(f, 'pins-big');
  const many = Array.from({ length: MAX_PINS + 1 }, () => ({ id: newAccountId(), card: randomBytes(32) }));
  expect(await put(alice, await pinList(alice, 1, many))).toMatchObject({ status: 400 });
  expect((await put(alice, await pinList(alice, 1, many.slice(0, MAX_PINS)))).status).toBe(200);
  expect((await get(alice.token))!.pins).toHaveLength(MAX_PINS);
});
