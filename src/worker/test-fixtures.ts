/**
 * Test-only helpers (never imported by the worker): sign up accounts, build
 * signed version records with real wraps, and grant access, through any
 * fetch-like function (Miniflare URL, SELF.fetch in workerd).
 */
import {
  createKeyCard, createSigner, keyCardHash, encodeContext, generateAccountKeys, generateDataKey, newAccountId, randomBytes,
  sealKeyring, sealValue, sha256, signGrant, signVersion, toBase64Url, utf8Encode, wrapDataKey, fromBase64Url,
} from '../crypto/index.ts';
import type { AccountKeys, KeyCard } from '../crypto/index.ts';
import type { GrantRecord, VersionRecord, WrapRecord } from '../protocol/index.ts';

/** `(path, init) => Response` against some server. */
export type FetchLike = (path: string, init?: RequestInit) => Promise<Response>;

/** Fetcher for a base URL. */
export function urlFetcher(base: string): FetchLike {
  return (path, init) => fetch(`${base}${path}`, init);
}

/** A signed-up account with its private material. */
export interface TestAccount {
  id: string;
  handle: string;
  kind: 'person' | 'machine';
  keys: AccountKeys;
  card: KeyCard;
  authKey: Uint8Array;
  token: string;
}

/** JSON request init with optional bearer token. */
export function json(method: string, body?: unknown, token?: string): RequestInit {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
}

/** Bearer-only init. */
export function bearer(token: string, method = 'GET'): RequestInit {
  return { method, headers: { authorization: `Bearer ${token}` } };
}

async function expectStatus(res: Response, status: number, what: string): Promise<unknown> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Logs an account in and returns a fresh token. */
export async function login(f: FetchLike, a: Pick<TestAccount, 'id' | 'handle' | 'kind' | 'authKey'>): Promise<string> {
  const body = a.kind === 'person' ? { handle: a.handle, authKey: toBase64Url(a.authKey) } : { accountId: a.id, authKey: toBase64Url(a.authKey) };
  const out = (await expectStatus(await f('/v1/sessions', json('POST', body)), 200, 'login')) as { token: string };
  return out.token;
}

/** Signs up a person (random auth key instead of scrypt, for speed) and logs in. */
export async function signUp(f: FetchLike, handle: string): Promise<TestAccount> {
  const keys = await generateAccountKeys();
  const id = newAccountId();
  const card = await createKeyCard(keys, { id, handle, kind: 'person' });
  const authKey = randomBytes(32);
  const keyring = toBase64Url(sealKeyring(keys, randomBytes(32), id));
  const body = { card, kdf: { v: 2, alg: 'scrypt', N: 131072, r: 8, p: 1, salt: toBase64Url(randomBytes(16)), proof: null }, keyring, authHash: toBase64Url(sha256(authKey)) };
  await expectStatus(await f('/v1/accounts', json('POST', body)), 201, 'signup');
  const account: TestAccount = { id, handle, kind: 'person', keys, card, authKey, token: '' };
  account.token = await login(f, account);
  return account;
}

/** Creates a machine owned by `owner` and logs it in. */
export async function createMachine(f: FetchLike, owner: TestAccount, name: string): Promise<TestAccount> {
  const keys = await generateAccountKeys();
  const id = newAccountId();
  const handle = `${owner.handle}.${name}`.slice(0, 63);
  const card = await createKeyCard(keys, { id, handle, kind: 'machine' });
  const authKey = randomBytes(32);
  await expectStatus(
    await f('/v1/machines', json('POST', { name, card, authHash: toBase64Url(sha256(authKey)) }, owner.token)),
    201,
    'create machine',
  );
  const account: TestAccount = { id, handle, kind: 'machine', keys, card, authKey, token: '' };
  account.token = await login(f, account);
  return account;
}

/** Client-side state of one secret, enough to write its next version. */
export interface TestSecret {
  id: string;
  name: string;
  provider: string | null;
  owner: TestAccount;
  version: number;
  /** versionHash of the latest version (the next one's `prev`). */
  hash: string;
  dataKey: Uint8Array;
  /** Current grantees with their grant records. */
  grantees: Map<string, { account: TestAccount; grant: GrantRecord }>;
}

/** Builds a signed version + wraps for every recipient. */
export async function buildVersion(
  s: Pick<TestSecret, 'id' | 'name' | 'provider' | 'owner'>,
  author: TestAccount,
  n: number,
  prev: string | null,
  plaintext: string,
  recipients: TestAccount[],
  authorGrant: GrantRecord | null = null,
): Promise<{ version: VersionRecord; wraps: WrapRecord[]; hash: string; dataKey: Uint8Array }> {
  const context = encodeContext({ owner: s.owner.id, secret: s.id, name: s.name, provider: s.provider, version: n });
  const dataKey = generateDataKey();
  const ciphertext = sealValue(dataKey, utf8Encode(plaintext), context);
  const time = Date.now();
  const signer = await createSigner(author.keys.signing.privateKey);
  const { hash, signature } = await signVersion(
    { context, ciphertext, prev: prev === null ? null : fromBase64Url(prev, 32), author: author.id, list: 0, time },
    signer,
  );
  const wraps: WrapRecord[] = [];
  for (const r of recipients) {
    wraps.push({ recipient: r.id, wrap: toBase64Url(await wrapDataKey(dataKey, r.keys.encryption.publicKey, context)) });
  }
  const version: VersionRecord = {
    v: 2, secret: s.id, version: n, ciphertext: toBase64Url(ciphertext), author: author.id, time, prev, signature: toBase64Url(signature), list: 0,
    authorGrant,
  };
  return { version, wraps, hash: toBase64Url(hash), dataKey };
}

/** Creates a secret holding `plaintext` (version 1). */
export async function createSecret(f: FetchLike, owner: TestAccount, name: string, plaintext: string, provider: string | null = null): Promise<TestSecret> {
  const s = { id: newAccountId(), name, provider, owner };
  const v = await buildVersion(s, owner, 1, null, plaintext, [owner]);
  await expectStatus(await f('/v1/secrets', json('POST', { id: s.id, name, provider, version: v.version, wraps: v.wraps }, owner.token)), 201, 'create secret');
  return { ...s, version: 1, hash: v.hash, dataKey: v.dataKey, grantees: new Map() };
}

/** The PUT body for the next version written by `author` (not sent). */
export async function nextVersionBody(s: TestSecret, author: TestAccount, plaintext: string): Promise<{ body: unknown; hash: string; dataKey: Uint8Array }> {
  const recipients = [s.owner, ...[...s.grantees.values()].map((g) => g.account)];
  const grant = author.id === s.owner.id ? null : (s.grantees.get(author.id)?.grant ?? null);
  const v = await buildVersion(s, author, s.version + 1, s.hash, plaintext, recipients, grant);
  return { body: { version: v.version, wraps: v.wraps }, hash: v.hash, dataKey: v.dataKey };
}

/** Writes the next version and updates `s`. */
export async function putNextVersion(f: FetchLike, s: TestSecret, author: TestAccount, plaintext: string): Promise<void> {
  const next = await nextVersionBody(s, author, plaintext);
  await expectStatus(await f(`/v1/secrets/${s.id}/versions/${s.version + 1}`, json('PUT', next.body, author.token)), 201, 'put version');
  s.version += 1;
  s.hash = next.hash;
  s.dataKey = next.dataKey;
}

/** The owner-signed grant record. */
export async function makeGrant(s: TestSecret, grantee: TestAccount, access: 'read' | 'write'): Promise<GrantRecord> {
  const statement = { secret: s.id, owner: s.owner.id, grantee: grantee.id, card: keyCardHash(grantee.card), access, time: Date.now() };
  const signature = await signGrant(statement, await createSigner(s.owner.keys.signing.privateKey));
  return { v: 2, ...statement, card: toBase64Url(statement.card), signature: toBase64Url(signature) };
}

/** Grants access (wrapping the current data key to the grantee) and updates `s`. */
export async function share(f: FetchLike, s: TestSecret, grantee: TestAccount, access: 'read' | 'write'): Promise<void> {
  const grant = await makeGrant(s, grantee, access);
  const context = encodeContext({ owner: s.owner.id, secret: s.id, name: s.name, provider: s.provider, version: s.version });
  const wrap = { recipient: grantee.id, wrap: toBase64Url(await wrapDataKey(s.dataKey, grantee.keys.encryption.publicKey, context)) };
  await expectStatus(await f(`/v1/secrets/${s.id}/grants/${grantee.id}`, json('PUT', { grant, wrap }, s.owner.token)), 200, 'grant');
  s.grantees.set(grantee.id, { account: grantee, grant });
}

/** Revokes a grant and updates `s`. */
export async function revoke(f: FetchLike, s: TestSecret, grantee: TestAccount): Promise<void> {
  await expectStatus(await f(`/v1/secrets/${s.id}/grants/${grantee.id}`, bearer(s.owner.token, 'DELETE')), 204, 'revoke');
  s.grantees.delete(grantee.id);
}
