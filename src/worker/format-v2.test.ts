// Format v2 on the write path: v1 statements are refused with a clear message; a grant must bind the grantee's current card; access lists are owner-signed and compare-and-swap.
import { beforeAll, expect, test } from 'vitest';
import { createSigner, encodeContext, randomBytes, signAccessList, toBase64Url, wrapDataKey } from '../crypto/index.ts';
import type { FetchLike, TestAccount, TestSecret } from './test-fixtures.ts';
import { buildVersion, createSecret, json, makeGrant, nextVersionBody, signUp } from './test-fixtures.ts';
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

test('a format v1 version (no "v": 2, no list counter) is refused with a message that says to upgrade', async () => {
  const s = { id: toBase64Url(randomBytes(16)), name: 'v2/v1-version', provider: null, owner };
  const built = await buildVersion(s, owner, 1, null, 'x', [owner]);
  const { v: _v, list: _list, ...v1 } = built.version;
  const res = await f('/v1/secrets', json('POST', { id: s.id, name: s.name, provider: null, version: v1, wraps: built.wraps }, owner.token));
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/retired format \(v1\)/);
});

test('access lists: owner-signed, compare-and-swap on the counter; a version must name the current counter', async () => {
  const s = await createSecret(f, owner, 'v2/listed', 'v1');
  const signer = await createSigner(owner.keys.signing.privateKey);
  const list = async (counter: number, by = signer) => {
    const statement = { secret: s.id, owner: owner.id, counter, revoked: 0, time: Date.now(), grantees: [] };
    return { v: 2, ...statement, signature: toBase64Url(await signAccessList(statement, by)) };
  };
  const put = async (body: unknown, token = owner.token) => (await f(`/v1/secrets/${s.id}/access-list`, json('PUT', { list: body }, token))).status;
  expect(await put(await list(2))).toBe(409); // skips counter 1
  expect(await put(await list(1), friend.token)).toBe(404); // not the owner (and the secret is not shared with them)
  expect(await put(await list(1, await createSigner(friend.keys.signing.privateKey)))).toBe(400); // not the owner's signature
  expect(await put(await list(1))).toBe(200);
  expect(await put(await list(1))).toBe(409); // replayed counter
  const grants = (await (await f(`/v1/secrets/${s.id}/grants`, json('GET', undefined, owner.token))).json()) as { list: { counter: number } };
  expect(grants.list.counter).toBe(1);
  // A version wrapped under the old list (counter 0) is stale.
  const stale = await nextVersionBody(s, owner, 'v2');
  expect((await f(`/v1/secrets/${s.id}/versions/2`, json('PUT', stale.body, owner.token))).status).toBe(409);
});
