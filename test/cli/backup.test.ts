/**
 * Backups through the built CLI against real local servers, with the stock
 * `age` tool (Debian package age) on the other side: `age -d` opens our
 * files with the exported identity and, on a terminal, the passphrase; a file
 * `age -r` made for our recipient restores; damaged, foreign and altered
 * files write nothing; and the disaster drill (server data deleted, fresh
 * server, sign up again, restore) brings every value back byte for byte.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { buildTestCli, makeUser, runCli, setUp, tempBase, type BuiltCli, type TestUser } from './helpers.ts';

const ageInstalled = spawnSync('age', ['--version']).status === 0 && spawnSync('age-keygen', ['--version']).status === 0;
const required = Boolean(process.env.CI || process.env.LATCHKEY_REQUIRE_BROWSER);
if (!ageInstalled && !required) console.log('SKIP cli backup: the age tool is not installed (Debian package age)');

let cli: BuiltCli;
let server: TestServer;
let base: string;
let alice: TestUser;
let bob: TestUser;

const BACKUP_PASS = 'backup passphrase of alice';
const lk = (user: TestUser, args: string[], env: Record<string, string> = {}, input?: string) => runCli(cli, args, { env: { ...user.env, ...env }, input });

/** Runs a program to completion; stdout as bytes. */
function run(cmd: string, args: string[], options: { cwd?: string; input?: string } = {}): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    // A program that exits without reading its input closes the pipe (EPIPE): its exit code and output are what is checked.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => void (error.code === 'EPIPE' || reject(error)));
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** `age -d` on a pseudo-terminal (age reads passphrases only from a terminal), typing `passphrase`. */
function ageDecryptWithPassphrase(file: string, out: string, passphrase: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', `age -d -o '${out}' '${file}'`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      screen += d;
      if (!sent && /Enter passphrase/.test(screen)) {
        sent = true;
        setTimeout(() => child.stdin.write(`${passphrase}\r`), 100);
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve(code);
    });
  });
}

interface BackupJson {
  format: string;
  v: number;
  account: { handle: string };
  secrets: Array<{ name: string; access: string; owner: { handle: string }; versions: Array<{ version: number; payload: { values: Record<string, string>; provider: unknown }; record: { signature: string } }> }>;
}

/** Latest values of each secret in a backup JSON, by address. */
function latestValues(doc: BackupJson): Record<string, Record<string, string>> {
  return Object.fromEntries(doc.secrets.map((s) => [s.access === 'owner' ? s.name : `${s.owner.handle}:${s.name}`, s.versions[s.versions.length - 1]!.payload.values]));
}

/** Every owned secret's values and provider as `latchkey get --json` prints them. */
async function accountValues(user: TestUser): Promise<Record<string, unknown>> {
  const ls = JSON.parse((await lk(user, ['ls', '--json'])).stdout) as Array<{ name: string; owner: string }>;
  const out: Record<string, unknown> = {};
  for (const s of ls.filter((x) => x.owner === user.handle)) {
    const got = JSON.parse((await lk(user, ['get', s.name, '--json'])).stdout) as { provider: string | null; values: unknown };
    out[s.name] = { provider: got.provider, values: got.values };
  }
  return out;
}

const VALUES = {
  openai: { api_key: 'sk-alice-openai' },
  db: { url: 'postgres://u@h/db', password: 'p@ss "quoted" \\ ünïcödé' },
};

describe.skipIf(!ageInstalled && !required)('backups with the age tool', () => {
  beforeAll(async () => {
    if (!ageInstalled) throw new Error('the age tool is not installed; CI must install the Debian package age');
    [cli, server, base] = await setUp([buildTestCli(), startTestServer(), tempBase()]);
    alice = await makeUser(base, 'alice', server.url);
    bob = await makeUser(base, 'bob', server.url);
    expect((await lk(alice, ['signup', 'alice', '--no-pull', '--no-push'], { LATCHKEY_PASSPHRASE: alice.passphrase })).code).toBe(0);
    expect((await lk(bob, ['signup', 'bob', '--no-pull', '--no-push'], { LATCHKEY_PASSPHRASE: bob.passphrase })).code).toBe(0);
    expect((await lk(alice, ['set', 'openai', 'api_key=-', '--provider', 'openai'], {}, `${VALUES.openai.api_key}\n`)).code).toBe(0);
    expect((await lk(alice, ['set', 'db', 'url=old', 'password=old'])).code).toBe(0);
    expect((await lk(alice, ['set', 'db', `url=${VALUES.db.url}`, 'password=-'], {}, `${VALUES.db.password}\n`)).code).toBe(0);
    expect((await lk(bob, ['set', 'bobs-token', 't=from bob'])).code).toBe(0);
    expect((await lk(bob, ['share', 'bobs-token', 'alice'])).code).toBe(0);
    // A share is placed nowhere until accepted; alice accepts bob's, so her backups list it.
    expect((await lk(alice, ['accept', 'bob:bobs-token'])).code).toBe(0);
  });

  afterAll(async () => {
    await Promise.all([server?.close(), cli?.remove(), base && import('node:fs/promises').then((fs) => fs.rm(base, { recursive: true, force: true }))]);
  });

  test('keys export-age asks for the passphrase; its identity matches the recipient whoami shows', async () => {
    const wrong = await lk(alice, ['keys', 'export-age'], { LATCHKEY_PASSPHRASE: 'not the passphrase' });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/not the passphrase of this account/);
    const exported = await lk(alice, ['keys', 'export-age'], { LATCHKEY_PASSPHRASE: alice.passphrase });
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/m);
    await writeFile(join(alice.home, 'identity.txt'), exported.stdout, { mode: 0o600 });
    const fromAge = await run('age-keygen', ['-y', join(alice.home, 'identity.txt')]);
    const whoami = JSON.parse((await lk(alice, ['whoami', '--json'])).stdout) as { ageRecipient: string };
    expect(whoami.ageRecipient).toMatch(/^age1[0-9a-z]{58}$/);
    expect(fromAge.stdout.toString().trim()).toBe(whoami.ageRecipient);
    expect((await lk(alice, ['whoami'])).stdout).toContain(`age recipient (backups): ${whoami.ageRecipient}`);
  });

  test('backup, then age -d -i identity.txt gives the documented JSON with exactly the values', async () => {
    const made = await lk(alice, ['backup', '--history', '-o', 'all.age']);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toMatch(/Backed up 3 secret\(s\), 4 version\(s\)/);
    const path = join(alice.home, 'all.age');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const opened = await run('age', ['-d', '-i', 'identity.txt', 'all.age'], { cwd: alice.home });
    expect(opened.code, opened.stderr).toBe(0);
    const doc = JSON.parse(opened.stdout.toString('utf8')) as BackupJson;
    expect([doc.format, doc.v, doc.account.handle]).toEqual(['latchkey-backup', 1, 'alice']);
    expect(latestValues(doc)).toEqual({ ...VALUES, 'bob:bobs-token': { t: 'from bob' } });
    expect(doc.secrets.find((s) => s.name === 'db')!.versions.map((v) => v.payload.values.url)).toEqual(['old', VALUES.db.url]);
    expect(doc.secrets.find((s) => s.name === 'openai')!.versions[0]!.payload.provider).toEqual({ name: 'openai' });

    const again = await lk(alice, ['backup', '-o', 'all.age']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/all\.age already exists.*--force/);
    const forced = await lk(alice, ['backup', 'openai', '-o', 'all.age', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    const kept = (await readdir(alice.home)).filter((f) => f.startsWith('all.age.latchkey-backup-'));
    expect(kept).toHaveLength(1);
    const keptOpened = await run('age', ['-d', '-i', 'identity.txt', kept[0]!], { cwd: alice.home });
    expect(Object.keys(latestValues(JSON.parse(keptOpened.stdout.toString()) as BackupJson)).sort()).toEqual(['bob:bobs-token', 'db', 'openai']);
  });

  test('a passphrase backup (armored) opens with age -d on a terminal', async () => {
    const made = await lk(alice, ['backup', '--passphrase', '--armor', '-o', 'pass.age'], { LATCHKEY_BACKUP_PASSPHRASE: BACKUP_PASS });
    expect(made.code, made.stderr).toBe(0);
    const text = await readFile(join(alice.home, 'pass.age'), 'utf8');
    expect(text).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----\n/);
    expect(await ageDecryptWithPassphrase(join(alice.home, 'pass.age'), join(alice.home, 'pass.json'), BACKUP_PASS)).toBe(0);
    const doc = JSON.parse(await readFile(join(alice.home, 'pass.json'), 'utf8')) as BackupJson;
    expect(latestValues(doc)).toEqual({ ...VALUES, 'bob:bobs-token': { t: 'from bob' } });
    const mixed = await lk(alice, ['backup', '--passphrase', '--to', 'age1x', '-o', 'x.age'], { LATCHKEY_BACKUP_PASSPHRASE: BACKUP_PASS });
    expect(mixed.code).toBe(2);
    const short = await lk(alice, ['backup', '--passphrase', '-o', 'x.age'], { LATCHKEY_BACKUP_PASSPHRASE: 'short' });
    expect(short.stderr).toMatch(/at least 8 characters/);
  });

  test('a file made by age -r <our recipient> restores: dry run first, then the changed value comes back', async () => {
    const recipient = (JSON.parse((await lk(alice, ['whoami', '--json'])).stdout) as { ageRecipient: string }).ageRecipient;
    const made = await lk(alice, ['backup', '--history', '-o', 'src.age']);
    expect(made.code).toBe(0);
    const json = (await run('age', ['-d', '-i', 'identity.txt', 'src.age'], { cwd: alice.home })).stdout;
    const byAge = await run('age', ['-r', recipient, '-o', 'by-age.age'], { cwd: alice.home, input: json.toString('utf8') });
    expect(byAge.code, byAge.stderr).toBe(0);
    expect((await lk(alice, ['set', 'openai', 'api_key=changed-after-backup'])).code).toBe(0);

    const dry = await lk(alice, ['restore', 'by-age.age', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/new version\s+openai/);
    expect(dry.stdout).toMatch(/unchanged\s+db/);
    expect(dry.stdout).toMatch(/not restored\s+bob:bobs-token/);
    expect(dry.stderr).toMatch(/nothing was written/);
    expect((await lk(alice, ['get', 'openai', 'api_key'])).stdout).toBe('changed-after-backup\n');

    const noAnswer = await lk(alice, ['restore', 'by-age.age']);
    expect(noAnswer.code).toBe(2);
    expect(noAnswer.stderr).toMatch(/--yes/);
    const done = await lk(alice, ['restore', 'by-age.age', '--yes']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toMatch(/Restored: 0 created, 1 updated/);
    expect((await lk(alice, ['get', 'openai', 'api_key'])).stdout).toBe(`${VALUES.openai.api_key}\n`);
    expect(await accountValues(alice)).toEqual({ openai: { provider: 'openai', values: VALUES.openai }, db: { provider: null, values: VALUES.db } });
  });

  test('--pq encrypts to the post-quantum hybrid identity, which restore and export-age --pq use', async () => {
    const made = await lk(alice, ['backup', 'openai', '--pq', '-o', 'pq.age']);
    expect(made.code, made.stderr).toBe(0);
    const header = (await readFile(join(alice.home, 'pq.age'))).subarray(0, 300).toString('latin1');
    expect(header).toMatch(/^age-encryption\.org\/v1\n-> mlkem768x25519 /);
    expect(header).not.toMatch(/-> X25519 /);
    const dry = await lk(alice, ['restore', 'pq.age', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/openai/);
    const exported = await lk(alice, ['keys', 'export-age', '--pq'], { LATCHKEY_PASSPHRASE: alice.passphrase });
    expect(exported.stdout).toMatch(/^AGE-SECRET-KEY-PQ-1[0-9A-Z]+$/m);
  });

  test('restore refuses a truncated file, a foreign identity and altered inner signatures or values, writing nothing', async () => {
    expect((await lk(alice, ['set', 'openai', 'api_key=current'])).code).toBe(0);
    const before = await accountValues(alice);
    const recipient = (JSON.parse((await lk(alice, ['whoami', '--json'])).stdout) as { ageRecipient: string }).ageRecipient;
    const good = await readFile(join(alice.home, 'src.age'));
    await writeFile(join(alice.home, 'truncated.age'), good.subarray(0, good.length - 40));
    const truncated = await lk(alice, ['restore', 'truncated.age', '--yes']);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(/damaged, truncated or altered/);

    const json = (await run('age', ['-d', '-i', 'identity.txt', 'src.age'], { cwd: alice.home })).stdout.toString('utf8');
    const stranger = (await run('age-keygen', [])).stdout.toString();
    const strangerRecipient = /public key: (age1\S+)/.exec(stranger)![1]!;
    expect((await run('age', ['-r', strangerRecipient, '-o', 'foreign.age'], { cwd: alice.home, input: json })).code).toBe(0);
    const foreign = await lk(alice, ['restore', 'foreign.age', '--yes']);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(/not encrypted to your account/);

    const doc = JSON.parse(json) as BackupJson;
    const sig = doc.secrets.find((s) => s.name === 'openai')!.versions[0]!.record;
    sig.signature = `${sig.signature[0] === 'A' ? 'B' : 'A'}${sig.signature.slice(1)}`;
    expect((await run('age', ['-r', recipient, '-o', 'badsig.age'], { cwd: alice.home, input: JSON.stringify(doc) })).code).toBe(0);
    const badSig = await lk(alice, ['restore', 'badsig.age', '--yes']);
    expect(badSig.code).toBe(1);
    expect(badSig.stderr).toMatch(/signature does not verify|malformed/);

    const doc2 = JSON.parse(json) as BackupJson;
    doc2.secrets.find((s) => s.name === 'db')!.versions[1]!.payload.values.password = 'attacker-chosen';
    expect((await run('age', ['-r', recipient, '-o', 'badvalue.age'], { cwd: alice.home, input: JSON.stringify(doc2) })).code).toBe(0);
    const badValue = await lk(alice, ['restore', 'badvalue.age', '--yes']);
    expect(badValue.code).toBe(1);
    expect(badValue.stderr).toMatch(/differ from the signed ones/);

    const notAge = await lk(alice, ['restore', 'identity.txt', '--yes']);
    expect(notAge.code).toBe(1);
    expect(notAge.stderr).toMatch(/not an age-encrypted/);
    expect(await accountValues(alice)).toEqual(before);
  });

  test('disaster drill: server data deleted, fresh server, sign up again, restore from a passphrase and from an exported identity', async () => {
    const drill = await startTestServer();
    let fresh: TestServer | undefined;
    try {
      const dana = await makeUser(base, 'dana', drill.url);
      const pass = { LATCHKEY_PASSPHRASE: dana.passphrase };
      expect((await lk(dana, ['signup', 'dana', '--no-pull', '--no-push'], pass)).code).toBe(0);
      const values: Record<string, string> = {
        'ml/hf': 'hf_token\twith tab',
        'ml/wandb': 'line one\nline two\n',
        'cloud/aws': 'ünïcödé ✓ "q" \\ $HOME `x`',
      };
      for (const [name, value] of Object.entries(values)) {
        expect((await lk(dana, ['set', name, 'value=-'], {}, `${value}`)).code).toBe(0);
      }
      expect((await lk(dana, ['set', 'openai', 'api_key=sk-dana', '--provider', 'openai'])).code).toBe(0);
      const before = await accountValues(dana);
      expect(Object.keys(before)).toHaveLength(4);
      expect((await lk(dana, ['backup', '--passphrase', '--history', '-o', 'pass.age'], { LATCHKEY_BACKUP_PASSPHRASE: BACKUP_PASS })).code).toBe(0);
      expect((await lk(dana, ['backup', '-o', 'account.age'])).code).toBe(0);
      const id = await lk(dana, ['keys', 'export-age'], pass);
      await writeFile(join(dana.home, 'identity.txt'), id.stdout, { mode: 0o600 });

      await drill.close();
      expect(existsSync(drill.dataDir)).toBe(false);
      fresh = await startTestServer();
      const url = fresh.url;
      // A new machine: this device's pins belong to the lost server (they would refuse the new "dana" card).
      const again = { ...(await makeUser(base, 'dana', url)), passphrase: dana.passphrase };
      for (const file of ['pass.age', 'account.age', 'identity.txt']) await writeFile(join(again.home, file), await readFile(join(dana.home, file)));
      const signup = await lk(again, ['signup', 'dana', '--no-pull', '--no-push'], pass);
      expect(signup.code, signup.stderr).toBe(0);
      expect(await accountValues(again)).toEqual({});
      const restored = await lk(again, ['restore', 'pass.age', '--yes'], { LATCHKEY_BACKUP_PASSPHRASE: BACKUP_PASS });
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stderr).toMatch(/Restored: 4 created/);
      expect(await accountValues(again)).toEqual(before);

      // The identity path, on a new machine with no pins and another account.
      const erin = await makeUser(base, 'erin', url);
      expect((await lk(erin, ['signup', 'erin', '--no-pull', '--no-push'], { LATCHKEY_PASSPHRASE: erin.passphrase })).code).toBe(0);
      await writeFile(join(erin.home, 'account.age'), await readFile(join(again.home, 'account.age')));
      await writeFile(join(erin.home, 'dana-identity.txt'), id.stdout, { mode: 0o600 });
      const viaId = await lk(erin, ['restore', 'account.age', '-i', 'dana-identity.txt', '--yes']);
      expect(viaId.code, viaId.stderr).toBe(0);
      expect(viaId.stderr).toMatch(/has not seen/);
      const erinValues = await accountValues(erin);
      expect(erinValues).toEqual(before);
    } finally {
      await drill.close().catch(() => undefined);
      await fresh?.close();
    }
  });
});
