// Base64url fields that pass the schemas (alphabet and length) but carry
// non-zero trailing bits: every route the server decodes them in answers 400.
import { beforeAll, expect, test } from 'vitest';
import {
  createKeyCard, generateAccountKeys, newAccountId, randomBytes, sealKeyring, sha256, toBase64Url,
} from '../crypto/index.ts';
import type { FetchLike, TestAccount, TestSecret } from './test-fixtures.ts';
import { createSecret, json, makeGrant, signUp } from './test-fixtures.ts';
import { workerFetch } from './test-worker.ts';

const f: FetchLike = workerFetch;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The same text with the lowest (unused) bit of its last character set. */
function nonCanonical(text: string): string {
  const last = ALPHABET.indexOf(text.at(-1)!);
  return text.slice(0, -1) + ALPHABET[last | 1]!;
}

let owner: TestAccount;
let friend: TestAccount;
let secret: TestSecret;

beforeAll(async () => {
  owner = await signUp(f, 'nc-owner');
  friend = await signUp(f, 'nc-friend');
  secret = await createSecret(f, owner, 'nc/key', 'v1');
});

async function expect400(res: Response, field: string): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(400);
  expect((JSON.parse(text) as { error: { message: string } }).error.message).toContain(field);
}

test('login with a non-canonical authKey is 400, not 500', async () => {
  const authKey = nonCanonical(toBase64Url(randomBytes(32)));
  await expect400(await f('/v1/sessions', json('POST', { handle: owner.handle, authKey })), 'authKey');
});

test('signup and machine creation refuse a non-canonical authHash instead of storing it', async () => {
  const keys = await generateAccountKeys();
  const id = newAccountId();
  const card = await createKeyCard(keys, { id, handle: 'nc-new', kind: 'person' });
  const authHash = nonCanonical(toBase64Url(sha256(randomBytes(32))));
  const signup = {
    card, kdf: { v: 2, alg: 'scrypt', N: 131072, r: 8, p: 1, salt: toBase64Url(randomBytes(16)), proof: null },
    keyring: toBase64Url(sealKeyring(keys, randomBytes(32), id)), authHash,
  };
  await expect400(await f('/v1/accounts', json('POST', signup)), 'authHash');
  expect((await f('/v1/cards/by-handle/nc-new')).status).toBe(404);

  const mKeys = await generateAccountKeys();
  const mCard = await createKeyCard(mKeys, { id: newAccountId(), handle: 'nc-owner.box', kind: 'machine' });
  await expect400(await f('/v1/machines', json('POST', { name: 'box', card: mCard, authHash }, owner.token)), 'authHash');
});

test('a grant with a non-canonical signature is 400, not 500', async () => {
  const grant = await makeGrant(secret, friend, 'read');
  const body = { grant: { ...grant, signature: nonCanonical(grant.signature) }, wrap: { recipient: friend.id, wrap: toBase64Url(randomBytes(80)) } };
  await expect400(await f(`/v1/secrets/${secret.id}/grants/${friend.id}`, json('PUT', body, owner.token)), 'grant.signature');
});
