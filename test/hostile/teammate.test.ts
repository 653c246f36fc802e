/**
 * The hostile teammate: a second real account (mallory) on an honest server
 * shares secrets with bob that try to run her code as him (PATH, LD_PRELOAD,
 * NODE_OPTIONS, PROMPT_COMMAND, BASH_ENV, GIT_SSH_COMMAND) and to take over
 * his AWS tools. Driven through the built CLI in temporary HOMEs: nothing of
 * mallory's reaches bob's HOME until he accepts; after he accepts, no listed
 * variable is set, bob's own values win and the losers are named; values
 * with quotes, $(...), backticks and newlines survive the env file (sourced
 * by bash) and `export --format shell` byte for byte, running nothing.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildTestCli, makeUser, runCli, setUp, snapshot, tempBase, type BuiltCli, type TestUser } from '../cli/helpers.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const exec = promisify(execFile);

let cli: BuiltCli;
let server: TestServer;
let base: string;
let bob: TestUser;
let mallory: TestUser;

const lk = (user: TestUser, args: string[], extra: { input?: string; cwd?: string; env?: Record<string, string> } = {}) =>
  runCli(cli, args, { env: { ...user.env, LATCHKEY_PASSPHRASE: user.passphrase, ...extra.env }, input: extra.input, cwd: extra.cwd });

/** Every value mallory puts in her secrets: none may appear in bob's HOME before he accepts. */
const MALLORY_VALUES = ['/mallory/ld.so', '--require=/mallory/node.js', '/mallory/bin', '/mallory/x.so', '--require=/mallory/hook.js', 'curl mallory.example', '/mallory/bash_env', 'ssh -o ProxyCommand=mallory', 'mallory-token', 'sk-mallory-openai', 'AKIAMALLORY', 'mallory-secret-key'];
const EVIL = {
  PATH: '/mallory/bin', LD_PRELOAD: '/mallory/x.so', NODE_OPTIONS: '--require=/mallory/hook.js', PROMPT_COMMAND: 'curl mallory.example',
  BASH_ENV: '/mallory/bash_env', GIT_SSH_COMMAND: 'ssh -o ProxyCommand=mallory', MY_TOKEN: 'mallory-token',
};
/** A value every shell and parser would love to run: quotes, $(...), backticks, newlines, a backslash. */
const TRICKY = `it's "quoted" $(touch PWNED1) \`touch PWNED2\` $HOME \\ end\nsecond line\n`;

async function filesUnder(...dirs: string[]): Promise<string> {
  const parts: string[] = [];
  for (const dir of dirs) {
    for (const [path, entry] of Object.entries(await snapshot(dir).catch(() => ({})))) {
      if (entry === 'dir') continue;
      parts.push(`${path}\n${Buffer.from(entry.split(' ')[1]!, 'base64').toString('utf8')}`);
    }
  }
  return parts.join('\n');
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

beforeAll(async () => {
  [cli, server, base] = await setUp([buildTestCli(), startTestServer(), tempBase()]);
  bob = await makeUser(base, 'bob', server.url);
  mallory = await makeUser(base, 'mallory', server.url);
  for (const user of [bob, mallory]) expect((await lk(user, ['signup', user.handle, '--no-pull', '--no-push'])).code).toBe(0);

  const evil = Object.entries(EVIL).map(([k, v]) => `${k}=${v}`);
  for (const args of [
    ['set', 'evil', ...evil],
    // Not LD_PRELOAD / NODE_OPTIONS by way of SECRETNAME_KEY either.
    ['set', 'ld', 'preload=/mallory/ld.so'],
    ['set', 'node', 'options=--require=/mallory/node.js'],
    ['set', 'openai', 'api_key=sk-mallory-openai', '--provider', 'openai'],
    ['set', 'aws', 'access_key=AKIAMALLORY', 'secret_key=mallory-secret-key', '--provider', 'aws'],
  ]) expect((await lk(mallory, args)).code).toBe(0);
  const bobFp = JSON.parse((await lk(bob, ['whoami', '--json'])).stdout).fingerprint as string;
  for (const name of ['evil', 'ld', 'node', 'openai', 'aws']) {
    const shared = await lk(mallory, ['share', name, 'bob', '--fingerprint', bobFp]);
    expect(shared.code, shared.stderr).toBe(0);
  }

  await writeFile(join(base, 'tricky.txt'), TRICKY);
  for (const args of [
    ['set', 'aws', 'access_key=AKIABOB', 'secret_key=bob-secret-key', '--provider', 'aws'],
    ['set', 'tools', 'MY_TOKEN=bob-token'],
    ['set', 'quoting', `Q=@${join(base, 'tricky.txt')}`],
  ]) expect((await lk(bob, args)).code).toBe(0);
}, 180_000);

afterAll(async () => {
  await Promise.all([server?.close(), cli?.remove(), base && rm(base, { recursive: true, force: true })]);
});

test('share --fingerprint refuses a key card other than the one the grantee read out', async () => {
  const wrong = JSON.parse((await lk(mallory, ['whoami', '--json'])).stdout).fingerprint as string;
  const refused = await lk(mallory, ['share', 'openai', 'bob', '--fingerprint', wrong]);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toMatch(/fingerprint/i);
});

test('before bob accepts, nothing of mallory reaches his HOME, env file, bare names or run', async () => {
  const ls = await lk(bob, ['ls']);
  for (const name of ['evil', 'openai', 'aws']) expect(ls.stdout).toContain(`pending: latchkey accept mallory:${name}`);
  const json = JSON.parse((await lk(bob, ['ls', '--json'])).stdout) as Array<{ name: string; accepted: boolean }>;
  expect(json.filter((s) => !s.accepted).map((s) => s.name).sort()).toEqual(['mallory:aws', 'mallory:evil', 'mallory:ld', 'mallory:node', 'mallory:openai']);

  const login = await lk(bob, ['login', 'bob', '--pull', '--yes']);
  expect(login.code, login.stderr).toBe(0);
  expect(login.stderr).toContain('mallory:evil  from mallory, fingerprint');
  const pull = await lk(bob, ['pull']);
  expect(pull.code, pull.stderr).toBe(0);
  const explicit = await lk(bob, ['pull', 'mallory:evil']);
  expect(explicit.stderr).toContain('not placed: mallory:evil: a pending share');

  const everything = await filesUnder(bob.home, bob.latchkeyHome);
  for (const value of MALLORY_VALUES) expect(everything, value).not.toContain(value);
  expect(everything).toContain('AKIABOB');

  // A bare name never means a pending share: bob has no "openai" of his own.
  const get = await lk(bob, ['get', 'openai', 'api_key']);
  expect(get.code).not.toBe(0);
  expect(get.stderr).toContain('latchkey accept mallory:openai');
  const project = join(bob.home, 'project');
  await mkdir(project, { recursive: true });
  await writeFile(join(project, 'latchkey.json'), JSON.stringify({ secrets: ['openai'] }));
  const run = await lk(bob, ['run', '--', process.execPath, '-e', 'console.log(process.env.OPENAI_API_KEY)'], { cwd: project });
  expect(run.code).not.toBe(0);
  expect(run.stdout + run.stderr).not.toContain('sk-mallory-openai');
  // Naming the owner is consent to load (not to place): get prints it.
  expect((await lk(bob, ['get', 'mallory:openai', 'api_key'])).stdout).toBe('sk-mallory-openai\n');
});

test('after bob accepts, no listed variable is set, his own values win and the losers are named', async () => {
  const accept = await lk(bob, ['accept', '--from', 'mallory']);
  expect(accept.code, accept.stderr).toBe(0);
  expect(accept.stderr).toContain('Accepted every present and future share of mallory');
  const pull = await lk(bob, ['pull']);
  expect(pull.stderr).toContain('mallory:ld sets LD_PRELOAD, a variable that changes which code runs; not set');
  expect(pull.stderr).toContain('mallory:node sets NODE_OPTIONS, a variable that changes which code runs; not set');
  expect(pull.stderr).toContain('not placed: mallory:aws sets AWS_ACCESS_KEY_ID, already set by aws');
  expect(pull.stderr + pull.stdout).not.toContain('/mallory/');

  // bob's AWS tools still talk to bob's account.
  const creds = await readFile(join(bob.home, '.aws/credentials'), 'utf8');
  expect(creds).toContain('aws_access_key_id = AKIABOB');
  expect(creds).not.toContain('AKIAMALLORY');

  // Source the env file in a clean bash: PATH, loader, interpreter and shell hooks untouched; bob's variables keep
  // their values; mallory's custom keys arrive only under her secret's name (EVIL_PATH is harmless).
  const envFile = join(bob.latchkeyHome, 'env');
  const names = ['PATH', 'LD_PRELOAD', 'NODE_OPTIONS', 'PROMPT_COMMAND', 'BASH_ENV', 'GIT_SSH_COMMAND', 'MY_TOKEN', 'EVIL_MY_TOKEN', 'EVIL_PATH', 'AWS_ACCESS_KEY_ID', 'OPENAI_API_KEY'];
  const script = `source "$1"; for n in ${names.join(' ')}; do printf '%s=%s|' "$n" "\${!n-unset}"; done`;
  const sourced = await exec('/bin/bash', ['--norc', '--noprofile', '-c', script, 'bash', envFile], { env: { PATH: '/usr/bin:/bin', HOME: bob.home }, cwd: base });
  expect(sourced.stdout).toBe(
    'PATH=/usr/bin:/bin|LD_PRELOAD=unset|NODE_OPTIONS=unset|PROMPT_COMMAND=unset|BASH_ENV=unset|GIT_SSH_COMMAND=unset|' +
      'MY_TOKEN=bob-token|EVIL_MY_TOKEN=mallory-token|EVIL_PATH=/mallory/bin|AWS_ACCESS_KEY_ID=AKIABOB|OPENAI_API_KEY=sk-mallory-openai|',
  );

  // run: the same rules, whatever order the secrets are named in.
  const show = 'for (const n of ["PATH","LD_PRELOAD","NODE_OPTIONS","MY_TOKEN","AWS_ACCESS_KEY_ID"]) console.log(n + "=" + process.env[n])';
  const run = await lk(bob, ['run', '--secret', 'mallory:ld', '--secret', 'mallory:node', '--secret', 'mallory:aws', '--secret', 'tools', '--secret', 'aws', '--', process.execPath, '-e', show]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toBe(`PATH=${bob.env.PATH}\nLD_PRELOAD=undefined\nNODE_OPTIONS=undefined\nMY_TOKEN=bob-token\nAWS_ACCESS_KEY_ID=AKIABOB\n`);
  expect(run.stderr).toContain('mallory:ld sets LD_PRELOAD');
  expect(run.stderr).toContain('mallory:aws sets AWS_ACCESS_KEY_ID, already set by aws');
  // --allow-env is for bob's own secrets only.
  const allow = await lk(bob, ['run', '--allow-env', 'LD_PRELOAD', '--secret', 'mallory:ld', '--', process.execPath, '-e', '']);
  expect(allow.code).toBe(2);
  expect(allow.stderr).toContain('--allow-env applies to your own secrets only');

  // export: every format leaves the refused variables out and says so.
  for (const format of ['dotenv', 'json', 'shell', 'k8s']) {
    const out = await lk(bob, ['export', 'mallory:ld', 'mallory:node', '--format', format]);
    expect(out.stdout, format).not.toMatch(/LD_PRELOAD|NODE_OPTIONS|\/mallory\//);
    expect(out.stdout, format).not.toContain(Buffer.from('/mallory/ld.so').toString('base64'));
    expect(out.stderr).toContain('not exported: mallory:ld sets LD_PRELOAD');
  }
});

test('a value with quotes, $(...), backticks and newlines survives the env file and export --format shell byte for byte', async () => {
  expect((await lk(bob, ['pull', 'quoting'])).code).toBe(0);
  const sourced = await exec('/bin/bash', ['--norc', '--noprofile', '-c', 'source "$1"; printf %s "$Q"', 'bash', join(bob.latchkeyHome, 'env')], {
    env: { PATH: '/usr/bin:/bin', HOME: bob.home }, cwd: base,
  });
  expect(sourced.stdout).toBe(TRICKY);
  const exported = await lk(bob, ['export', 'quoting', '--format', 'shell']);
  const evaluated = await exec('/bin/bash', ['--norc', '--noprofile', '-c', 'eval "$1"; printf %s "$Q"', 'bash', exported.stdout], {
    env: { PATH: '/usr/bin:/bin', HOME: bob.home }, cwd: base,
  });
  expect(evaluated.stdout).toBe(TRICKY);
  for (const dir of [base, bob.home]) for (const f of ['PWNED1', 'PWNED2']) expect(await exists(join(dir, f)), f).toBe(false);
});

test('decline removes bob\'s access; the share is gone from his list', async () => {
  const decline = await lk(bob, ['decline', 'mallory:openai']);
  expect(decline.code, decline.stderr).toBe(0);
  expect((await lk(bob, ['ls'])).stdout).not.toContain('mallory:openai');
  expect((await lk(bob, ['get', 'mallory:openai'])).code).not.toBe(0);
  // The next full pull takes the declined share's section out of the env file.
  const envFile = join(bob.latchkeyHome, 'env');
  expect(await readFile(envFile, 'utf8')).toContain('sk-mallory-openai');
  await lk(bob, ['pull']);
  expect(await readFile(envFile, 'utf8')).not.toContain('sk-mallory-openai');
  expect(await readFile(envFile, 'utf8')).toContain('export MY_TOKEN=bob-token');
});
