import { describe, expect, test } from 'vitest';
import { createDecrypter, encodeContext, fromBase64Url, openValue, toBase64Url, unwrapDataKey, utf8Decode } from '../crypto/index.ts';
import {
  AuditResponse, BulkResponse, GrantListResponse, HistoryResponse, KdfResponse, LoginResponse, MachineListResponse, MeResponse,
  SecretListResponse, SecretVersionResponse, parseWire,
} from '../protocol/index.ts';
import type { TestAccount } from './test-fixtures.ts';
import {
  bearer, createMachine, createSecret, json, nextVersionBody, putNextVersion, revoke, share, signUp,
} from './test-fixtures.ts';
import type { FetchLike } from './test-fixtures.ts';
import { workerFetch } from './test-worker.ts';

const f: FetchLike = workerFetch;

async function get<T>(path: string, token: string, schema: Parameters<typeof parseWire>[0]): Promise<T> {
  const res = await f(path, bearer(token));
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  return parseWire(schema, await res.json()) as T;
}

async function readValue(account: TestAccount, body: { secret: { id: string; name: string; provider: string | null; owner: { id: string } }; version: { version: number; ciphertext: string }; wrap: { wrap: string } }): Promise<string> {
  const context = encodeContext({ owner: body.secret.owner.id, secret: body.secret.id, name: body.secret.name, provider: body.secret.provider, version: body.version.version });
  const dek = await unwrapDataKey(fromBase64Url(body.wrap.wrap, 80), await createDecrypter(account.keys.encryption.privateKey), context);
  expect(dek).not.toBeNull();
  return utf8Decode(openValue(dek!, fromBase64Url(body.version.ciphertext), context));
}

describe('end-to-end flow through every route', () => {
  test('accounts, machines, secrets, versions, sharing, revocation, audit', async () => {
    const alice = await signUp(f, 'alice');
    const bob = await signUp(f, 'bob');

    // Signup conflicts and KDF/card lookups.
    const dup = await f('/v1/accounts', json('POST', { card: alice.card, kdf: { v: 2, alg: 'scrypt', N: 131072, r: 8, p: 1, salt: 'AAAAAAAAAAAAAAAAAAAAAA', proof: null }, keyring: 'AAAA', authHash: 'A'.repeat(43) }));
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as { error: { code: string } }).error.code).toBe('handle-taken');
    const kdf = parseWire(KdfResponse, await (await f('/v1/kdf/alice')).json());
    const ghost1 = parseWire(KdfResponse, await (await f('/v1/kdf/nobody')).json());
    const ghost2 = parseWire(KdfResponse, await (await f('/v1/kdf/nobody')).json());
    expect(ghost1).toEqual(ghost2);
    expect(ghost1.kdf.salt).not.toBe(kdf.kdf.salt);
    expect(((await (await f('/v1/cards/by-handle/bob')).json()) as { card: unknown }).card).toEqual(bob.card);
    expect(((await (await f(`/v1/cards/${bob.id}`)).json()) as { card: unknown }).card).toEqual(bob.card);
    expect((await f('/v1/cards/by-handle/nobody')).status).toBe(404);
    expect(await get('/v1/secrets-bulk', alice.token, BulkResponse)).toEqual({ secrets: [] });
    const me = await get<{ account: { handle: string } }>('/v1/me', alice.token, MeResponse);
    expect(me.account.handle).toBe('alice');

    // Machines.
    const ci = await createMachine(f, alice, 'ci');
    const machines = await get<{ machines: Array<{ name: string }> }>('/v1/machines', alice.token, MachineListResponse);
    expect(machines.machines.map((m) => m.name)).toEqual(['ci']);
    expect((await f('/v1/machines', json('POST', { name: 'x', card: ci.card, authHash: 'A'.repeat(43) }, ci.token))).status).toBe(403);
    const machineLogin = parseWire(LoginResponse, await (await f('/v1/sessions', json('POST', { accountId: ci.id, authKey: toBase64Url(ci.authKey) }))).json());
    expect(machineLogin.keyring).toBeNull();
    expect(machineLogin.account.kind).toBe('machine');

    // Secrets: create, versions, share, read as grantee, write as write grantee.
    const s = await createSecret(f, alice, 'openai/key', 'sk-one', 'openai');
    await putNextVersion(f, s, alice, 'sk-two');
    await share(f, s, bob, 'write');
    await share(f, s, ci, 'read');
    const asBob = await get<{ version: { version: number } }>(`/v1/secrets/${s.id}`, bob.token, SecretVersionResponse);
    expect(asBob.version.version).toBe(2);
    expect(await readValue(bob, asBob as never)).toBe('sk-two');
    expect((await f(`/v1/secrets/${s.id}/versions/1`, bearer(bob.token))).status).toBe(404);
    await putNextVersion(f, s, bob, 'sk-three');
    const asCi = await get<{ version: { author: string; authorGrant: unknown } }>(`/v1/secrets/${s.id}`, ci.token, SecretVersionResponse);
    expect(asCi.version.author).toBe(bob.id);
    expect(asCi.version.authorGrant).toEqual(s.grantees.get(bob.id)!.grant);
    expect(await readValue(ci, asCi as never)).toBe('sk-three');

    // A version must be wrapped to everybody: dropping a grantee's wrap is refused.
    const next = await nextVersionBody(s, alice, 'sk-four');
    const partial = { ...(next.body as { version: unknown; wraps: Array<{ recipient: string }> }) };
    partial.wraps = partial.wraps.filter((w) => w.recipient !== ci.id);
    const missing = await f(`/v1/secrets/${s.id}/versions/4`, json('PUT', partial, alice.token));
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toContain(ci.id);

    // History, grants, bulk, list.
    const history = await get<{ versions: Array<{ version: number; author: string }> }>(`/v1/secrets/${s.id}/versions`, ci.token, HistoryResponse);
    expect(history.versions.map((v) => [v.version, v.author])).toEqual([[1, alice.id], [2, alice.id], [3, bob.id]]);
    const grants = await get<{ grants: Array<{ grant: { grantee: string; access: string } }> }>(`/v1/secrets/${s.id}/grants`, bob.token, GrantListResponse);
    expect(grants.grants.map((g) => [g.grant.grantee, g.grant.access])).toEqual([[bob.id, 'write'], [ci.id, 'read']]);
    const other = await createSecret(f, bob, 'bob/own', 'bob-value');
    const bulk = await get<{ secrets: Array<{ secret: { id: string; access: string } }> }>('/v1/secrets-bulk', bob.token, BulkResponse);
    expect(bulk.secrets.map((e) => [e.secret.id, e.secret.access]).sort()).toEqual([[other.id, 'owner'], [s.id, 'write']].sort());
    // The bulk entries (JSON built in SQL) equal the single reads (rows mapped in the worker), authorGrant included.
    expect(bulk.secrets.map((e) => e.secret.id)).toEqual([other.id, s.id]); // sorted by name: bob/own, openai/key
    for (const e of bulk.secrets) expect(e).toEqual(await get(`/v1/secrets/${e.secret.id}`, bob.token, SecretVersionResponse));
    const list = await get<{ secrets: Array<{ id: string }> }>('/v1/secrets', alice.token, SecretListResponse);
    expect(list.secrets.map((e) => e.id)).toEqual([s.id]);

    // Revoke: wraps gone, rotate flag set, later versions need no wrap for the revoked account.
    await revoke(f, s, ci);
    expect((await f(`/v1/secrets/${s.id}`, bearer(ci.token))).status).toBe(404);
    const after = await get<{ secret: { rotate: boolean } }>(`/v1/secrets/${s.id}`, alice.token, SecretVersionResponse);
    expect(after.secret.rotate).toBe(true);
    expect((await get<{ secrets: unknown[] }>('/v1/secrets-bulk', alice.token, BulkResponse)).secrets).toEqual([after]);
    await putNextVersion(f, s, alice, 'sk-four');

    // Audit: alice sees her actions and bob's write on her secret; bob sees his own.
    const audit = await get<{ entries: Array<{ action: string; actor: { id: string } }> }>('/v1/audit', alice.token, AuditResponse);
    const actions = audit.entries.map((e) => `${e.actor.id === alice.id ? 'alice' : e.actor.id === bob.id ? 'bob' : 'other'}:${e.action}`);
    expect(actions).toContain('bob:secret.version');
    expect(actions).toContain('alice:grant.delete');
    expect(actions.filter((a) => a === 'alice:secret.version')).toHaveLength(2);

    // Delete by a write grantee; then gone for everybody.
    expect((await f(`/v1/secrets/${s.id}`, bearer(bob.token, 'DELETE'))).status).toBe(204);
    expect((await f(`/v1/secrets/${s.id}`, bearer(alice.token))).status).toBe(404);

    // Machine deletion revokes its sessions.
    expect((await f(`/v1/machines/${ci.id}`, bearer(alice.token, 'DELETE'))).status).toBe(204);
    expect((await f('/v1/me', bearer(ci.token))).status).toBe(401);

    // Logout.
    expect((await f('/v1/sessions/current', bearer(alice.token, 'DELETE'))).status).toBe(204);
    expect((await f('/v1/me', bearer(alice.token))).status).toBe(401);
  });
});
