// Account ids are chosen by clients; a deleted machine's id is never handed to a new account.
import { expect, test } from 'vitest';
import { createKeyCard, generateAccountKeys, randomBytes, sealKeyring, sha256, toBase64Url } from '../crypto/index.ts';
import type { FetchLike } from './test-fixtures.ts';
import { bearer, createMachine, createSecret, json, signUp } from './test-fixtures.ts';
import { workerFetch } from './test-worker.ts';

const f: FetchLike = workerFetch;

test("a deleted machine's id cannot be taken by a new person or machine (its audit history stays private)", async () => {
  const alice = await signUp(f, 'ids-alice');
  const box = await createMachine(f, alice, 'box');
  await createSecret(f, box, 'box/key', 'v1');
  expect((await f(`/v1/machines/${box.id}`, bearer(alice.token, 'DELETE'))).status).toBe(204);

  const keys = await generateAccountKeys();
  const card = await createKeyCard(keys, { id: box.id, handle: 'ids-thief', kind: 'person' });
  const signup = {
    card, kdf: { v: 2, alg: 'scrypt', N: 131072, r: 8, p: 1, salt: toBase64Url(randomBytes(16)), proof: null },
    keyring: toBase64Url(sealKeyring(keys, randomBytes(32), box.id)), authHash: toBase64Url(sha256(randomBytes(32))),
  };
  const res = await f('/v1/accounts', json('POST', signup));
  expect(res.status).toBe(409);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('conflict');
  expect((await f('/v1/cards/by-handle/ids-thief')).status).toBe(404);

  const bob = await signUp(f, 'ids-bob');
  const mCard = await createKeyCard(keys, { id: box.id, handle: 'ids-bob.box', kind: 'machine' });
  const machine = await f('/v1/machines', json('POST', { name: 'box', card: mCard, authHash: toBase64Url(randomBytes(32)) }, bob.token));
  expect(machine.status).toBe(409);
});
