// POST /v1/secrets-batch: several new secrets, each checked like POST /v1/secrets, created all or none.
import { expect, test } from 'vitest';
import { newAccountId, toBase64Url } from '../crypto/index.ts';
import type { FetchLike, TestAccount } from './test-fixtures.ts';
import { bearer, buildVersion, createSecret, json, signUp } from './test-fixtures.ts';
import { workerFetch } from './test-worker.ts';

const f: FetchLike = workerFetch;

async function entry(owner: TestAccount, name: string, plaintext: string, recipients: TestAccount[] = [owner]) {
  const s = { id: newAccountId(), name, provider: null, owner };
  const v = await buildVersion(s, owner, 1, null, plaintext, recipients);
  return { id: s.id, name, provider: null, version: v.version, wraps: v.wraps };
}

async function names(owner: TestAccount): Promise<string[]> {
  const res = await f('/v1/secrets', bearer(owner.token));
  return ((await res.json()) as { secrets: Array<{ name: string }> }).secrets.map((s) => s.name).sort();
}

test('a batch creates every secret at version 1 and answers their summaries in order', async () => {
  const alice = await signUp(f, 'batch-alice');
  const batch = [await entry(alice, 'b/one', '1'), await entry(alice, 'b/two', '2'), await entry(alice, 'b/three', '3')];
  const res = await f('/v1/secrets-batch', json('POST', { secrets: batch }, alice.token));
  expect(res.status).toBe(201);
  const body = (await res.json()) as { secrets: Array<{ id: string; name: string; version: number; access: string }> };
  expect(body.secrets.map((s) => [s.id, s.name, s.version, s.access])).toEqual(batch.map((b) => [b.id, b.name, 1, 'owner']));
  expect(await names(alice)).toEqual(['b/one', 'b/three', 'b/two']);
  const one = await f(`/v1/secrets/${batch[0]!.id}`, bearer(alice.token));
  expect(((await one.json()) as { version: { ciphertext: string } }).version.ciphertext).toBe(batch[0]!.version.ciphertext);
});

test('one bad entry refuses the whole batch: a taken name, a duplicate, a forged signature, a foreign wrap, too many', async () => {
  const bob = await signUp(f, 'batch-bob');
  const carol = await signUp(f, 'batch-carol');
  await createSecret(f, bob, 'taken', 'v1');
  const good = await entry(bob, 'fresh/a', 'a');
  const forged = await entry(bob, 'fresh/b', 'b');
  forged.version = { ...forged.version, signature: toBase64Url(new Uint8Array(64).fill(7)) };
  const cases: Array<[unknown[], number]> = [
    [[good, await entry(bob, 'taken', 'x')], 409],
    [[good, { ...(await entry(bob, 'fresh/a', 'again')) }], 400],
    [[good, forged], 400],
    [[good, await entry(bob, 'fresh/c', 'c', [bob, carol])], 400],
    [[good, await entry(carol, 'fresh/d', 'd')], 400],
    [[], 400],
    [Array.from({ length: 101 }, () => good), 400],
  ];
  for (const [secrets, status] of cases) {
    const res = await f('/v1/secrets-batch', json('POST', { secrets }, bob.token));
    expect(res.status).toBe(status);
    expect(await names(bob)).toEqual(['taken']);
  }
  expect((await f('/v1/secrets-batch', json('POST', { secrets: [good] }))).status).toBe(401);
});
