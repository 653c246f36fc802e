/**
 * Prompts on a real pseudo-terminal (util-linux `script`): the hidden
 * passphrase prompt does not echo, yes/no questions default to yes (shares
 * to no), and logout asks once per item and honours a "no".
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { buildTestCli, makeUser, runCli, runInPty, tempBase, type BuiltCli, type TestUser, setUp } from './helpers.ts';

let cli: BuiltCli;
let server: TestServer;
let base: string;
let carol: TestUser;

beforeAll(async () => {
  [cli, server, base] = await setUp([buildTestCli(), startTestServer(), tempBase()]);
  carol = await makeUser(base, 'carol', server.url);
  carol.env.OPENAI_API_KEY = 'sk-carol-from-env';
});

afterAll(async () => {
  await Promise.all([server?.close(), cli?.remove(), base && rm(base, { recursive: true, force: true })]);
});

test('signup on a terminal: hidden passphrase typed twice, then Enter accepts the upload offer', async () => {
  const { code, screen } = await runInPty(cli, ['signup', 'carol'], {
    env: carol.env,
    steps: [
      { expect: /Choose a passphrase for carol[^\n]*: $/, send: `${carol.passphrase}\r` },
      { expect: /Repeat the passphrase: $/, send: `${carol.passphrase}\r` },
      { expect: /Upload credentials found on this machine: openai \(OPENAI_API_KEY\)\? \[Y\/n\] $/, send: '\r' },
    ],
  });
  expect(code, screen).toBe(0);
  expect(screen).not.toContain(carol.passphrase);
  expect(screen).not.toContain('*');
  expect(screen).toContain('Signed up and logged in as carol');
  expect(screen).toContain('openai: saved from OPENAI_API_KEY');
  const get = await runCli(cli, ['get', 'openai', 'api_key'], { env: carol.env });
  expect(get.stdout).toBe('sk-carol-from-env\n');
});

test('login on a terminal pulls after "y"; logout asks per item and keeps what is refused', async () => {
  const set = await runCli(cli, ['set', 'huggingface', 'token=hf_carol', '--provider', 'huggingface'], { env: carol.env });
  expect(set.code, set.stderr).toBe(0);
  const keyDir = join(base, 'keys');
  await mkdir(keyDir, { recursive: true });
  await writeFile(join(keyDir, 'id'), '-----BEGIN OPENSSH PRIVATE KEY-----\ncarolkey\n-----END OPENSSH PRIVATE KEY-----\n');
  await writeFile(join(keyDir, 'id.pub'), 'ssh-ed25519 AAAAcarol carol@laptop\n');
  const ssh = await runCli(cli, ['set', 'ssh', 'private_key=@id', 'public_key=@id.pub', '--provider', 'ssh'], { env: carol.env, cwd: keyDir });
  expect(ssh.code, ssh.stderr).toBe(0);
  expect((await runCli(cli, ['logout', '--yes'], { env: carol.env })).code).toBe(0);

  const login = await runInPty(cli, ['login', 'carol'], {
    env: carol.env,
    steps: [
      { expect: /Passphrase for carol: $/, send: `${carol.passphrase}\r` },
      { expect: /Download 3 secret\(s\) \(huggingface, openai, ssh\) into their places \([^)]*\)\? \[Y\/n\] $/, send: 'y\r' },
    ],
  });
  expect(login.code, login.screen).toBe(0);
  expect(login.screen).not.toContain(carol.passphrase);
  // The yes/no answer is echoed by the terminal (cooked mode), the passphrase was not (raw mode).
  expect(login.screen).toMatch(/\[Y\/n\] y\r?\n/);
  const token = join(carol.home, '.cache/huggingface/token');
  const envFile = join(carol.latchkeyHome, 'env');
  expect(await readFile(token, 'utf8')).toBe('hf_carol\n');
  expect(await readFile(envFile, 'utf8')).toContain('export OPENAI_API_KEY=sk-carol-from-env');
  const sshKey = join(carol.home, '.ssh/id_ed25519');
  expect(await readFile(sshKey, 'utf8')).toContain('carolkey');

  const logout = await runInPty(cli, ['logout'], {
    env: carol.env,
    steps: [
      { expect: /Delete the env file [^\n]*\? \[Y\/n\] $/, send: 'n\r' },
      { expect: /Undo huggingface: delete ~\/\.cache\/huggingface\/token\? \[Y\/n\] $/, send: '\r' },
    ],
  });
  expect(logout.code, logout.screen).toBe(0);
  expect(logout.screen).toContain('kept as is');
  expect(logout.screen).toContain('keeping ssh key ~/.ssh/id_ed25519 (logout never deletes ssh keys)');
  expect(await readFile(sshKey, 'utf8')).toContain('carolkey');
  expect(await readFile(`${sshKey}.pub`, 'utf8')).toBe('ssh-ed25519 AAAAcarol carol@laptop\n');
  expect(logout.screen).toContain('Logged out of');
  await expect(stat(token)).rejects.toThrow();
  expect(await readFile(envFile, 'utf8')).toContain('OPENAI_API_KEY');
  const whoami = await runCli(cli, ['whoami'], { env: carol.env });
  expect(whoami.code).toBe(1);
});

test('Ctrl-C at the passphrase prompt exits 130 and leaves the terminal usable', async () => {
  const { code, screen } = await runInPty(cli, ['login', 'carol'], {
    env: carol.env,
    steps: [{ expect: /Passphrase for carol: $/, send: 'half-typed\u0003' }],
  });
  expect(code).toBe(130);
  expect(screen).toContain('latchkey: error: interrupted (nothing more was done)');
  expect(screen).not.toContain('half-typed');
});

test('colour only on a terminal, and never with NO_COLOR', async () => {
  const { NO_COLOR: _drop, ...colourEnv } = carol.env;
  const tty = await runInPty(cli, ['providers'], { env: colourEnv, steps: [] });
  expect(tty.code).toBe(0);
  expect(tty.screen).toContain('\u001b[1mPROVIDER');
  const noColour = await runInPty(cli, ['providers'], { env: carol.env, steps: [] });
  expect(noColour.screen).toContain('PROVIDER');
  expect(noColour.screen).not.toContain('\u001b[');
  const piped = await runCli(cli, ['providers'], { env: colourEnv });
  expect(piped.stdout).toMatch(/^PROVIDER +DETECTED +WHERE\n/);
  expect(piped.stdout).not.toContain('\u001b[');
});

test('login lists pending shares with the owner fingerprint and asks per share; Enter means no', async () => {
  const dave = await makeUser(base, 'dave', server.url);
  const daveEnv = { ...dave.env, LATCHKEY_PASSPHRASE: dave.passphrase };
  expect((await runCli(cli, ['signup', 'dave', '--no-pull', '--no-push'], { env: daveEnv })).code).toBe(0);
  const daveFp = JSON.parse((await runCli(cli, ['whoami', '--json'], { env: daveEnv })).stdout).fingerprint as string;
  for (const name of ['first', 'second']) {
    expect((await runCli(cli, ['set', name, `token=${name}-value`], { env: daveEnv })).code).toBe(0);
    expect((await runCli(cli, ['share', name, 'carol'], { env: daveEnv })).code).toBe(0);
  }
  const login = await runInPty(cli, ['login', 'carol'], {
    env: carol.env,
    steps: [
      { expect: /Passphrase for carol: $/, send: `${carol.passphrase}\r` },
      { expect: new RegExp(`Accept dave:first from dave \\(fingerprint ${daveFp}\\)\\?[^\\n]*\\[y/N\\] $`), send: '\r' },
      { expect: /Accept dave:second from dave [^\n]*\[y\/N\] $/, send: 'y\r' },
      { expect: /Download \d+ secret\(s\) \([^)]*dave:second[^)]*\)[^\n]*\[Y\/n\] $/, send: 'n\r' },
    ],
  });
  expect(login.code, login.screen).toBe(0);
  expect(login.screen).toContain(`dave:first  from dave, fingerprint ${daveFp}`);
  expect(login.screen).not.toMatch(/Download[^\n]*dave:first/);
  const ls = JSON.parse((await runCli(cli, ['ls', '--json'], { env: carol.env })).stdout) as Array<{ name: string; accepted: boolean }>;
  expect(ls.filter((s) => s.name.startsWith('dave:')).map((s) => [s.name, s.accepted])).toEqual([['dave:first', false], ['dave:second', true]]);
  // --yes never accepts a share.
  const again = await runCli(cli, ['login', 'carol', '--yes', '--no-pull', '--no-push', '--passphrase-stdin'], { env: carol.env, input: `${carol.passphrase}\n` });
  expect(again.code, again.stderr).toBe(0);
  expect(again.stderr).toContain('Accept one with "latchkey accept dave:first"');
  const after = JSON.parse((await runCli(cli, ['ls', '--json'], { env: carol.env })).stdout) as Array<{ name: string; accepted: boolean }>;
  expect(after.find((s) => s.name === 'dave:first')?.accepted).toBe(false);
});
