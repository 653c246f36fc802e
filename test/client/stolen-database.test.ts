/**
 * A stolen database (format v2): after a full flow against a real local
 * server (the worker under Miniflare, D1 persisted as SQLite), the D1 files
 * are copied and read with SQLite as a thief would. With the right
 * passphrase but without the Secret Key, nothing in them derives the login
 * key or opens the keyring, whichever way the thief combines what is there;
 * with both secrets they do (the control). The files hold no encoding of the
 * Secret Key. Uses python3's sqlite3 module (Debian's python3).
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  accountSalt, authVerifier, combineKeys, derivePassphraseKeys, fromBase64Url, openKeyring, parseSecretKey, passphraseBytes, toBase64Url, utf8Encode,
} from '../../src/crypto/index.ts';
import { hkdfSha256 } from '../../src/crypto/aead.ts';
import { scryptRaw } from '../../src/crypto/kdf.ts';
import { createClient } from '../../src/client/index.ts';
import { startLocalServer, type LocalServer } from '../../src/server-node/local.ts';

const PASS = 'stolen database test passphrase, long enough';
let dataDir: string;
let stolen: string;
let server: LocalServer;
let running = false;
let secretKey: string;
let aliceId: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'latchkey-stolen-'));
  stolen = await mkdtemp(join(tmpdir(), 'latchkey-stolen-copy-'));
  server = await startLocalServer({ port: 0, dataDir });
  running = true;
  // The full flow: signup, secrets, sharing, a login on a second device, a passphrase change and back.
  const alice = createClient({ server: server.url, store: 'memory' });
  const bob = createClient({ server: server.url, store: 'memory' });
  const me = await alice.signup('alice', PASS);
  secretKey = me.secretKey;
  aliceId = me.id;
  await bob.signup('bob', PASS);
  const s = await alice.secret({ name: 'openai', values: { api_key: 'sk-stolen-db-canary' }, provider: 'openai' });
  await s.save();
  await s.share('bob');
  const laptop = createClient({ server: server.url, store: 'memory' });
  await laptop.login({ handle: 'alice', passphrase: PASS, secretKey });
  await alice.changePassphrase(PASS, `${PASS} (changed)`);
  await alice.changePassphrase(`${PASS} (changed)`, PASS);
  await laptop.logout();
  await server.close();
  running = false;
  await cp(dataDir, stolen, { recursive: true });
});

afterAll(async () => {
  if (running) await server.close();
  await rm(dataDir, { recursive: true, force: true });
  if (stolen) await rm(stolen, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

interface AccountRow {
  id: string;
  handle: string;
  kdf: string;
  keyring: string;
  auth_hash: string;
}

/** Reads alice's row from the copied SQLite files, as a thief would. */
async function stolenRow(): Promise<AccountRow> {
  const databases = (await filesUnder(stolen)).filter((f) => f.endsWith('.sqlite'));
  expect(databases.length).toBeGreaterThan(0);
  const script = [
    'import json, sqlite3, sys',
    'for path in sys.argv[1:]:',
    '    db = sqlite3.connect(path)',
    "    if not db.execute(\"SELECT name FROM sqlite_master WHERE name = 'accounts'\").fetchone(): continue",
    "    row = db.execute(\"SELECT id, handle, kdf, keyring, auth_hash FROM accounts WHERE handle = 'alice'\").fetchone()",
    "    print(json.dumps(dict(zip(['id', 'handle', 'kdf', 'keyring', 'auth_hash'], row))))",
  ].join('\n');
  const out = execFileSync('/usr/bin/python3', ['-c', script, ...databases], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n')[0]!) as AccountRow;
}

test('with the passphrase but without the Secret Key, nothing in the stolen database derives the login key or opens the keyring; with both it does', async () => {
  const row = await stolenRow();
  expect(row.id).toBe(aliceId);
  const kdf = JSON.parse(row.kdf) as { v: number; N: number; r: number; p: number; salt: string; proof: string | null };
  expect(kdf.v).toBe(2);
  const params = { alg: 'scrypt' as const, N: kdf.N, r: kdf.r, p: kdf.p, salt: fromBase64Url(kdf.salt, 16) };
  const keyring = fromBase64Url(row.keyring);
  const verifier = row.auth_hash;
  const opens = async (unlockKey: Uint8Array) => openKeyring(keyring, unlockKey, row.id).then(() => true, () => false);
  const empty = new Uint8Array(0);
  const split = (root: Uint8Array, v: 'v1' | 'v2') => ({
    authKey: hkdfSha256(root, empty, utf8Encode(`latchkey/${v}/auth`), 32),
    unlockKey: hkdfSha256(root, empty, utf8Encode(`latchkey/${v}/unlock`), 32),
  });

  // The thief's best tries with the right passphrase: the scrypt output itself (as salted by the database),
  // with no mask, with the mask of an all-zero key, and the retired v1 formula on the raw salt.
  const p = await scryptRaw(passphraseBytes(PASS), accountSalt('alice', params.salt), params.N, params.r, params.p, 32);
  const raw = await scryptRaw(passphraseBytes(PASS), params.salt, params.N, params.r, params.p, 32);
  const attempts = [
    split(p, 'v2'),
    split(p, 'v1'),
    split(raw, 'v1'),
    split(raw, 'v2'),
    combineKeys(p.slice(), new Uint8Array(16), row.id),
    combineKeys(p.slice(), utf8Encode('alice'.padEnd(16, '\0')), row.id),
  ];
  for (const [i, keys] of attempts.entries()) {
    expect(toBase64Url(authVerifier(keys.authKey)), `attempt ${i}`).not.toBe(verifier);
    expect(await opens(keys.unlockKey), `attempt ${i}`).toBe(false);
  }

  // No encoding of the Secret Key is anywhere in the files.
  const key = parseSecretKey(secretKey);
  const encodings = [secretKey, secretKey.replace(/-/g, ''), Buffer.from(key).toString('hex'), Buffer.from(key).toString('base64url'), Buffer.from(key).toString('base64')];
  for (const file of await filesUnder(stolen)) {
    const bytes = await readFile(file);
    expect(bytes.includes(Buffer.from(key)), file).toBe(false);
    const text = bytes.toString('latin1');
    for (const encoding of encodings) expect(text.includes(encoding.replace(/=+$/, '')), file).toBe(false);
  }

  // Control: passphrase and Secret Key together derive the login key the database verifies, and open the keyring.
  const both = await derivePassphraseKeys(PASS, key, params, { handle: 'alice', accountId: row.id });
  expect(toBase64Url(authVerifier(both.authKey))).toBe(verifier);
  expect(await opens(both.unlockKey)).toBe(true);
});
