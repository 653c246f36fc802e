// Format v2 on the write path: v1 statements are refused with a clear message; a grant must bind the grantee's current card.
import { beforeAll, expect, test } from 'vitest';
import { encodeContext, toBase64Url, wrapDataKey } from '../crypto/index.ts';
import type { FetchLike, TestAccount, TestSecret } from './test-fixtures.ts';
import { createSecret, json, makeGrant, signUp } from './test-fixtures.ts';
import { workerFetch } from './test-worker.ts';

const f: FetchLike = workerFetch;
let owner: TestAccount;
let friend: TestAccount;
let secret: TestSecret;

beforeAll(async () => {
  owner = await signUp(f, 'v2owner');
  friend = await signUp(f, 'v2friend');
  secret = await createSecret(f, owner, 'v2/key', 'v1');
});

async function putGrant(grant: unknown): Promise<{ status: number; message: string }> {
  const context = encodeContext({ owner: owner.id, secret: secret.id, name: secret.name, provider: null, version: secret.version });
  const wrap = { recipient: friend.id, wrap: toBase64Url(await wrapDataKey(secret.dataKey, friend.keys.encryption.publicKey, context)) };
  const res = await f(`/v1/secrets/${secret.id}/grants/${friend.id}`, json('PUT', { grant, wrap }, owner.token));
  const body = (await res.json()) as { error?: { message: string } };
  return { status: res.status, message: body.error?.message ?? '' };
}

test('a format v1 grant (no "v": 2, no card) is refused with a message that says to upgrade', async () => {
  const { v: _v, card: _card, ...v1 } = await makeGrant(secret, friend, 'read');
  const refused = await putGrant(v1);
  expect(refused.status).toBe(400);
  expect(refused.message).toMatch(/retired format \(v1\).*upgrade latchkey/);
  expect((await putGrant({ ...v1, v: 1 })).message).toMatch(/retired format/);
});

test("a grant binding another card than the grantee's current one is refused; the right one is stored", async () => {
  const wrong = await makeGrant(secret, owner, 'read');
  const forOther = { ...(await makeGrant(secret, friend, 'read')), card: wrong.card };
  const refused = await putGrant(forOther);
  expect(refused.status).toBe(400);
  expect(refused.message).toMatch(/grant.card is not the hash of the grantee's current key card/);
  expect((await putGrant(await makeGrant(secret, friend, 'read'))).status).toBe(200);
});
