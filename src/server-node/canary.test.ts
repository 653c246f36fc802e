// Plaintext canary: after a full flow with known values, none of them (nor a
// passphrase, auth key, private key, data key or token) is anywhere in the D1
// files on disk or in what other accounts receive.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  createKeyCard, derivePassphraseKeys, newSecretKey, deriveMachineKeys, fromBase64Url, newAccountId, newKdfParams, newMachineToken, parseMachineToken,
  sealKeyring, generateAccountKeys, sha256, toBase64Url, utf8Encode,
} from '../crypto/index.ts';
import { startLocalServer } from './local.ts';
import type { LocalServer } from './local.ts';
import type { FetchLike, TestAccount } from '../worker/test-fixtures.ts';
import { bearer, createSecret, json, login, putNextVersion, share, signUp } from '../worker/test-fixtures.ts';

// A persisted server (not the test helper, which deletes its folder on close): the files are scanned after it stops.
let dataDir: string;
let server: LocalServer;
let running = false;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'latchkey-canary-'));
  server = await startLocalServer({ port: 0, dataDir });
  running = true;
});
afterAll(async () => {
  if (running) await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

test('no secret value, passphrase, key or token reaches the database files or other accounts', async () => {
  const seen = new Map<string, string[]>();
  const as = (who: string): FetchLike => async (path, init) => {
    const res = await fetch(`${server.url}${path}`, init);
    const text = await res.text();
    seen.set(who, [...(seen.get(who) ?? []), text]);
    return new Response(text, { status: res.status, headers: res.headers });
  };

  // Alice signs up with a real passphrase (scrypt), exactly as a client would.
  const passphrase = 'correct horse battery staple canary-PASS-7f3a';
  const params = newKdfParams();
  const keys = await generateAccountKeys();
  const id = newAccountId();
  const { authKey, unlockKey } = await derivePassphraseKeys(passphrase, newSecretKey(), params, { handle: 'alice', accountId: id });
  const card = await createKeyCard(keys, { id, handle: 'alice', kind: 'person' });
  const signup = {
    card,
    kdf: { v: 2, alg: 'scrypt', N: params.N, r: params.r, p: params.p, salt: toBase64Url(params.salt), proof: null },
    keyring: toBase64Url(sealKeyring(keys, unlockKey, id)),
    authHash: toBase64Url(sha256(authKey)),
  };
  const fa = as('alice');
  expect((await fa('/v1/accounts', json('POST', signup))).status).toBe(201);
  const alice: TestAccount = { id, handle: 'alice', kind: 'person', keys, card, authKey, token: '' };
  alice.token = await login(fa, alice);

  // A machine from a real machine token.
  const machineId = newAccountId();
  const machineToken = newMachineToken(machineId);
  const { seed } = parseMachineToken(machineToken);
  const machine = await deriveMachineKeys(seed);
  const machineCard = await createKeyCard(machine.keys, { id: machineId, handle: 'alice.ci', kind: 'machine' });
  expect((await fa('/v1/machines', json('POST', { name: 'ci', card: machineCard, authHash: toBase64Url(sha256(machine.authKey)) }, alice.token))).status).toBe(201);
  const ci: TestAccount = { id: machineId, handle: 'alice.ci', kind: 'machine', keys: machine.keys, card: machineCard, authKey: machine.authKey, token: '' };
  ci.token = await login(as('ci'), ci);

  const fb = as('bob');
  const bob = await signUp(fb, 'bob');
  const fe = as('eve');
  const eve = await signUp(fe, 'eve');

  const values = ['sk-CANARY-one-0a1b2c3d4e5f', 'sk-CANARY-two-9z8y7x6w5v', 'AKIA-CANARY-THREE-QWERTY'];
  const s = await createSecret(fa, alice, 'openai/key', values[0]!, 'openai');
  const dataKeys = [s.dataKey];
  await share(fa, s, bob, 'read');
  await share(fa, s, ci, 'write');
  await putNextVersion(fa, s, alice, values[1]!);
  dataKeys.push(s.dataKey);
  await putNextVersion(as('ci'), s, ci, values[2]!);
  dataKeys.push(s.dataKey);
  const hidden = await createSecret(fa, alice, 'private/only-alice', 'sk-CANARY-private-123');
  dataKeys.push(hidden.dataKey);

  // Reads by everyone; other accounts must get nothing of alice's private material.
  for (const [f, who] of [[fb, bob], [fe, eve], [as('ci'), ci]] as const) {
    await f('/v1/secrets', bearer(who.token));
    await f('/v1/secrets-bulk', bearer(who.token));
    await f(`/v1/secrets/${s.id}`, bearer(who.token));
    await f(`/v1/secrets/${s.id}/versions`, bearer(who.token));
    await f(`/v1/secrets/${s.id}/grants`, bearer(who.token));
    await f(`/v1/secrets/${hidden.id}`, bearer(who.token));
    await f('/v1/audit', bearer(who.token));
    await f(`/v1/cards/${alice.id}`);
    await f('/v1/kdf/alice');
  }
  const secretsOfOthers = seen.get('bob')!.concat(seen.get('eve')!, seen.get('ci')!).join('\n');
  await server.close();
  running = false;

  // Every form a leaked secret could take: text, raw bytes, base64url.
  const canaries: Array<[string, Uint8Array]> = [];
  const addBytes = (label: string, bytes: Uint8Array) => {
    canaries.push([`${label} (raw)`, bytes], [`${label} (base64url)`, utf8Encode(toBase64Url(bytes))], [`${label} (hex)`, utf8Encode(Buffer.from(bytes).toString('hex'))]);
  };
  values.forEach((v, i) => canaries.push([`value ${i}`, utf8Encode(v)]));
  canaries.push(['private value', utf8Encode('sk-CANARY-private-123')], ['passphrase', utf8Encode(passphrase)], ['machine token', utf8Encode(machineToken)]);
  addBytes('alice authKey', authKey);
  addBytes('alice unlockKey', unlockKey);
  addBytes('alice signing key', keys.signing.privateKey);
  addBytes('alice encryption key', keys.encryption.privateKey);
  addBytes('machine seed', seed);
  addBytes('machine authKey', machine.authKey);
  dataKeys.forEach((k, i) => addBytes(`data key ${i}`, k));
  for (const who of [alice, bob, eve, ci]) addBytes(`${who.handle} session token`, fromBase64Url(who.token, 32));
  for (const who of [alice, bob, eve, ci]) canaries.push([`${who.handle} session token text`, utf8Encode(who.token)]);

  const files = await filesUnder(dataDir);
  expect(files.some((f) => f.endsWith('.sqlite'))).toBe(true);
  let scanned = 0;
  for (const file of files) {
    const bytes = new Uint8Array(await readFile(file));
    scanned += bytes.length;
    for (const [label, needle] of canaries) {
      expect(Buffer.from(bytes).indexOf(Buffer.from(needle)), `${label} found in ${file}`).toBe(-1);
    }
  }
  // The scan is not vacuous: the ciphertext and alice's card are in the files.
  const all = Buffer.concat(await Promise.all(files.map((f) => readFile(f))));
  expect(all.indexOf(Buffer.from(card.body.signingKey))).toBeGreaterThanOrEqual(0);
  expect(scanned).toBeGreaterThan(0);

  // What the other accounts received: no plaintext, no key, no other account's token.
  for (const [label, needle] of canaries) {
    if (label.startsWith('bob ') || label.startsWith('eve ') || label.startsWith('alice.ci ')) continue;
    expect(secretsOfOthers.includes(Buffer.from(needle).toString('latin1')), `${label} sent to another account`).toBe(false);
  }
  expect(secretsOfOthers).not.toContain(hidden.id);
  expect(secretsOfOthers).not.toContain('private/only-alice');
}, 120_000);
