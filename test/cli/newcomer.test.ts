/**
 * The newcomer scenario, end to end through the built CLI against a real
 * local server: alice pushes her credentials and shares them; bob logs in on
 * a fresh machine with --pull --yes, uses run and export, and logout restores
 * his HOME byte for byte; unsharing then keeps new versions from him.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { buildTestCli, makeUser, runCli, snapshot, tempBase, type BuiltCli, type TestUser, setUp } from './helpers.ts';

let cli: BuiltCli;
let server: TestServer;
let base: string;
let alice: TestUser;
let bob: TestUser;
let bobNew: TestUser;
let bobBefore: Record<string, string>;

const lk = (user: TestUser, args: string[], extra: { input?: string; cwd?: string; env?: Record<string, string> } = {}) =>
  runCli(cli, args, { env: { ...user.env, ...extra.env }, input: extra.input, cwd: extra.cwd });
const withPass = (user: TestUser) => ({ env: { LATCHKEY_PASSPHRASE: user.passphrase } });

beforeAll(async () => {
  [cli, server, base] = await setUp([buildTestCli(), startTestServer(), tempBase()]);
  alice = await makeUser(base, 'alice', server.url);
  bob = await makeUser(base, 'bob', server.url);
  bobNew = { ...(await makeUser(base, 'bob', server.url)), passphrase: bob.passphrase };

  await mkdir(join(alice.home, '.aws'), { recursive: true });
  await writeFile(join(alice.home, '.aws/credentials'), '[default]\naws_access_key_id = AKIAALICE\naws_secret_access_key = alice/secret+key\n', { mode: 0o600 });
  await mkdir(join(alice.home, '.cache/huggingface'), { recursive: true });
  await writeFile(join(alice.home, '.cache/huggingface/token'), 'hf_alice_token\n', { mode: 0o600 });

  // Bob's new machine already has his own AWS profile: it must survive login and logout untouched.
  await mkdir(join(bobNew.home, '.aws'), { recursive: true, mode: 0o700 });
  await writeFile(join(bobNew.home, '.aws/credentials'), '# bob work\n[work]\naws_access_key_id = AKIABOB\naws_secret_access_key = bobsecret\n', { mode: 0o600 });
  await chmod(join(bobNew.home, '.aws/credentials'), 0o600);
  await writeFile(join(bobNew.home, '.bashrc'), 'export PS1=x\n');
});

afterAll(async () => {
  await Promise.all([server?.close(), cli?.remove(), base && rm(base, { recursive: true, force: true })]);
});

test('alice signs up and pushes the credentials detected in her HOME', async () => {
  const signup = await lk(alice, ['signup', 'alice', '--push', '--no-pull'], withPass(alice));
  expect(signup.stderr).toContain('Signed up and logged in as alice');
  expect(signup.code).toBe(0);
  expect(signup.stderr).toMatch(/aws: saved from ~\/\.aws\/credentials/);
  expect(signup.stderr).toMatch(/huggingface: saved from ~\/\.cache\/huggingface\/token/);
  const set = await lk(alice, ['set', 'openai', 'api_key=-', '--provider', 'openai'], { input: 'sk-alice-openai\n' });
  expect(set.code).toBe(0);
  expect(set.stderr).not.toContain('sk-alice-openai');
  const ls = await lk(alice, ['ls', '--json']);
  const names = (JSON.parse(ls.stdout) as { name: string; provider: string }[]).map((s) => `${s.name}:${s.provider}`).sort();
  expect(names).toEqual(['aws:aws', 'huggingface:huggingface', 'openai:openai']);
  const get = await lk(alice, ['get', 'openai', 'api_key']);
  expect(get.stdout).toBe('sk-alice-openai\n');
  const table = await lk(alice, ['get', 'aws']);
  expect(table.stdout).toMatch(/access_key\s+AKIAALICE/);
});

test('alice shares with bob, who exists on another machine', async () => {
  const signup = await lk(bob, ['signup', 'bob', '--no-push', '--no-pull'], withPass(bob));
  expect(signup.code).toBe(0);
  for (const name of ['openai', 'aws', 'huggingface']) {
    const share = await lk(alice, ['share', name, 'bob']);
    expect(share.code, share.stderr).toBe(0);
    expect(share.stderr).toContain(`Shared ${name} with bob (read)`);
  }
  // Pending until bob accepts; bob accepts on this machine, and a fresh one sees the acceptance (signed, on the server).
  const ls = await lk(bob, ['ls']);
  expect(ls.stdout).toContain('pending: latchkey accept alice:openai');
  const accept = await lk(bob, ['accept', 'alice:openai', 'alice:aws', 'alice:huggingface']);
  expect(accept.code, accept.stderr).toBe(0);
  const json = JSON.parse((await lk(bob, ['ls', '--json'])).stdout) as Array<{ name: string; accepted: boolean }>;
  expect(json.map((s) => [s.name, s.accepted])).toEqual([['alice:aws', true], ['alice:huggingface', true], ['alice:openai', true]]);
});

test('bob logs in on a fresh machine with --pull --yes: files and env file in place', async () => {
  bobBefore = await snapshot(bobNew.home);
  // A fresh machine needs bob's Secret Key once: the line "latchkey secret-key" prints on a pipe.
  const key = await lk(bob, ['secret-key'], withPass(bob));
  expect(key.code, key.stderr).toBe(0);
  expect(key.stdout).toMatch(/^LK(-[0-9A-Z]{5}){6}\n$/);
  const login = await lk(bobNew, ['login', 'bob', '--pull', '--yes', '--passphrase-stdin', '--secret-key-stdin'], {
    input: `${bob.passphrase}\n${key.stdout}`,
  });
  expect(login.code, login.stderr).toBe(0);
  expect(login.stderr).toContain('Logged in as bob');
  expect(login.stderr).toContain(`env file ${bobNew.latchkeyHome}/env`);
  const creds = await readFile(join(bobNew.home, '.aws/credentials'), 'utf8');
  expect(creds).toContain('# bob work\n[work]\naws_access_key_id = AKIABOB\n');
  expect(creds).toMatch(/\[default\]\naws_access_key_id = AKIAALICE\naws_secret_access_key = alice\/secret\+key/);
  expect(await readFile(join(bobNew.home, '.cache/huggingface/token'), 'utf8')).toBe('hf_alice_token\n');
  const envFile = await readFile(join(bobNew.latchkeyHome, 'env'), 'utf8');
  expect(envFile).toContain('export OPENAI_API_KEY=sk-alice-openai\n');
  expect(envFile).toContain('export HF_TOKEN=hf_alice_token\n');
  expect((await stat(join(bobNew.latchkeyHome, 'env'))).mode & 0o777).toBe(0o600);
  expect((await stat(join(bobNew.latchkeyHome, 'ledger.json'))).mode & 0o777).toBe(0o600);
  expect(login.stdout + login.stderr).not.toContain('sk-alice-openai');
});

test('run passes the env var and materialised files to the child, its exit code back, and leaves no temp files', async () => {
  const script =
    'console.log("key=" + process.env.OPENAI_API_KEY); console.log("latchkey=" + Object.keys(process.env).filter((k) => k.startsWith("LATCHKEY_")).sort());' +
    'console.log(require("fs").readFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, "utf8")); process.exit(7)';
  const credentials = { LATCHKEY_SECRET_KEY: 'LK-unused', LATCHKEY_NEW_PASSPHRASE: 'n', LATCHKEY_BACKUP_PASSPHRASE: 'b' };
  const run = await lk(bobNew, ['run', '--secret', 'openai', '--secret', 'alice:aws', '--', process.execPath, '-e', script], {
    env: { ...withPass(bobNew).env, ...credentials },
  });
  expect(run.code, run.stderr).toBe(7);
  // Only where to find things is passed on; no passphrase, token or Secret Key.
  expect(run.stdout).toContain('latchkey=LATCHKEY_HOME,LATCHKEY_SERVER\n');
  expect(run.stdout).toContain('key=sk-alice-openai\n');
  expect(run.stdout).toContain('aws_access_key_id = AKIAALICE');
  expect(await readdir(bobNew.env.TMPDIR!)).toEqual([]);

  // Names from a latchkey.json in a parent folder.
  const project = join(bobNew.home, 'project');
  await mkdir(join(project, 'src'), { recursive: true });
  await writeFile(join(project, 'latchkey.json'), JSON.stringify({ secrets: ['openai'] }));
  const fromJson = await lk(bobNew, ['run', '--', process.execPath, '-e', 'console.log(process.env.OPENAI_API_KEY)'], { cwd: join(project, 'src') });
  expect(fromJson.stdout).toBe('sk-alice-openai\n');
  await rm(project, { recursive: true });
});

test('run forwards SIGTERM to the child and removes its temp folder', async () => {
  const child = 'process.on("SIGTERM", () => { console.log("child got SIGTERM"); process.exit(42); }); console.log("ready"); setInterval(() => {}, 1000);';
  const proc = spawn(process.execPath, [cli.entry, 'run', '--secret', 'alice:aws', '--', process.execPath, '-e', child], { env: bobNew.env, cwd: bobNew.home });
  let out = '';
  const closed = new Promise<number | null>((resolve) => proc.on('close', (c) => resolve(c)));
  await new Promise<void>((resolve) => {
    proc.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (out.includes('ready')) resolve();
    });
    proc.on('close', () => resolve());
  });
  // The materialised credentials exist while the child runs.
  const during = await readdir(bobNew.env.TMPDIR!);
  proc.kill('SIGTERM');
  const code = await closed;
  expect(during).toHaveLength(1);
  expect(out).toContain('child got SIGTERM');
  expect(code).toBe(42);
  expect(await readdir(bobNew.env.TMPDIR!)).toEqual([]);

  // A child killed by a signal: the CLI dies the same way.
  const killed = await lk(bobNew, ['run', '--secret', 'openai', '--', process.execPath, '-e', 'process.kill(process.pid, "SIGKILL")']);
  expect(killed.signal === 'SIGKILL' || killed.code === 137).toBe(true);
  expect(await readdir(bobNew.env.TMPDIR!)).toEqual([]);
});

test('export prints the variables in every format', async () => {
  const shell = await lk(bobNew, ['export', 'openai', 'huggingface', '--format', 'shell']);
  expect(shell.stdout).toBe('export OPENAI_API_KEY=sk-alice-openai\nexport HF_TOKEN=hf_alice_token\n');
  const dotenv = await lk(bobNew, ['export', 'openai']);
  expect(dotenv.stdout).toBe('OPENAI_API_KEY=sk-alice-openai\n');
  const json = await lk(bobNew, ['export', 'openai', '--format', 'json']);
  expect(JSON.parse(json.stdout)).toEqual({ OPENAI_API_KEY: 'sk-alice-openai' });
  const k8s = await lk(bobNew, ['export', 'openai', '--format', 'k8s']);
  expect(k8s.stdout).toContain(`kind: Secret\nmetadata:\n  name: openai\ntype: Opaque\ndata:\n  OPENAI_API_KEY: ${Buffer.from('sk-alice-openai').toString('base64')}\n`);
  const bad = await lk(bobNew, ['export', 'openai', '--format', 'xml']);
  expect(bad.code).toBe(2);
});

test("bob's logout restores his HOME byte for byte", async () => {
  const logout = await lk(bobNew, ['logout', '--yes']);
  expect(logout.code, logout.stderr).toBe(0);
  expect(logout.stderr).toContain('restored ~/.aws/credentials');
  expect(logout.stderr).toContain('deleted ~/.cache/huggingface/token');
  expect(await snapshot(bobNew.home)).toEqual(bobBefore);
  await expect(stat(join(bobNew.latchkeyHome, 'env'))).rejects.toThrow();
  const after = await lk(bobNew, ['ls']);
  expect(after.code).toBe(1);
  expect(after.stderr).toMatch(/^latchkey: error: not logged in to .* \(run "latchkey login HANDLE"/);
});

test('after unshare and a new version, bob cannot read it', async () => {
  expect((await lk(bob, ['get', 'alice:openai', 'api_key'])).stdout).toBe('sk-alice-openai\n');
  const unshare = await lk(alice, ['unshare', 'openai', 'bob']);
  expect(unshare.code).toBe(0);
  expect(unshare.stderr).toMatch(/rotate the credential upstream/);
  expect((await lk(alice, ['set', 'openai', 'api_key=sk-rotated'])).code).toBe(0);
  const get = await lk(bob, ['get', 'alice:openai', 'api_key']);
  expect(get.code).toBe(1);
  expect(get.stdout).toBe('');
  expect(get.stderr).toMatch(/^latchkey: error: .*openai.*\(/);
  const ls = await lk(bob, ['ls', '--json']);
  expect((JSON.parse(ls.stdout) as { name: string }[]).map((s) => s.name).sort()).toEqual(['alice:aws', 'alice:huggingface']);
  const history = await lk(alice, ['history', 'openai', '--json']);
  expect((JSON.parse(history.stdout) as { version: number }[]).map((v) => v.version)).toEqual([1, 2]);
});

test('verify shows and checks a fingerprint; rollback saves an old version as the newest', async () => {
  const shown = await lk(bob, ['verify', 'alice', '--json']);
  expect(shown.code, shown.stderr).toBe(0);
  const { fingerprint } = JSON.parse(shown.stdout) as { fingerprint: string };
  const whoami = await lk(alice, ['whoami', '--json']);
  expect((JSON.parse(whoami.stdout) as { fingerprint: string }).fingerprint).toBe(fingerprint);
  const checked = await lk(bob, ['verify', 'alice', ...fingerprint.split(' ')]);
  expect(checked.code, checked.stderr).toBe(0);
  expect(checked.stdout).toContain('verified and pinned');
  const wrong = await lk(bob, ['verify', 'alice', fingerprint.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))]);
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toMatch(/^latchkey: error: the fingerprint you gave .* \(/);

  const rollback = await lk(alice, ['rollback', 'openai', '1']);
  expect(rollback.code, rollback.stderr).toBe(0);
  expect(rollback.stderr).toContain('Saved the values of version 1 as openai version 3');
  expect((await lk(alice, ['get', 'openai', 'api_key'])).stdout).toBe('sk-alice-openai\n');
  expect((await lk(alice, ['get', 'openai', 'api_key', '--version', '2'])).stdout).toBe('sk-rotated\n');
});

test('a machine identity logs in with its token and runs with a shared secret', async () => {
  const created = await lk(alice, ['machine', 'create', 'ci']);
  expect(created.code, created.stderr).toBe(0);
  const token = created.stdout.trim();
  expect(token).toMatch(/^lk_machine_[A-Za-z0-9_-]+$/);
  expect(created.stderr).toContain('latchkey login --token "$LATCHKEY_TOKEN"');
  expect(created.stderr).toContain('alice.ci');
  expect((await lk(alice, ['share', 'openai', 'alice.ci'])).code).toBe(0);
  const ls = await lk(alice, ['machine', 'ls', '--json']);
  expect((JSON.parse(ls.stdout) as { name: string; handle: string }[]).map((m) => m.handle)).toEqual(['alice.ci']);

  const machine = await makeUser(base, 'ci', server.url);
  const login = await lk(machine, ['login', '--no-pull', '--no-push'], { env: { LATCHKEY_TOKEN: token } });
  expect(login.code, login.stderr).toBe(0);
  expect(login.stderr).toContain('Logged in as alice.ci (machine)');
  expect(login.stdout + login.stderr).not.toContain(token);
  const run = await lk(machine, ['run', '--secret', 'alice:openai', '--', process.execPath, '-e', 'console.log(process.env.OPENAI_API_KEY, process.env.LATCHKEY_TOKEN)'], {
    env: { LATCHKEY_TOKEN: token },
  });
  expect(run.stdout).toBe('sk-alice-openai undefined\n'); // the token would unlock every secret of the machine
  // The documented steps: the machine accepts its creator's shares once, then pull places them.
  expect(created.stderr).toContain('latchkey accept --from alice');
  expect((await lk(machine, ['pull'])).stdout + (await readFile(join(machine.latchkeyHome, 'env'), 'utf8').catch(() => ''))).not.toContain('sk-alice-openai');
  expect((await lk(machine, ['accept', '--from', 'alice'])).code).toBe(0);
  expect((await lk(machine, ['pull'])).code).toBe(0);
  expect(await readFile(join(machine.latchkeyHome, 'env'), 'utf8')).toContain('export OPENAI_API_KEY=sk-alice-openai');

  expect((await lk(alice, ['machine', 'rm', 'ci', '--yes'])).code).toBe(0);
  const again = await lk(machine, ['login', '--token', token, '--no-pull', '--no-push']);
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/^latchkey: error: login failed/);
});
