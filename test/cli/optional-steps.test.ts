/**
 * Optional steps never crash a command. The built CLI runs with a test double
 * of the `yaml` library that throws while reading the gh hosts.yml: detection
 * in `providers`, `signup` and `login` turns it into one warning naming the
 * provider and the file and goes on with the other providers; `push github`
 * fails alone with an error naming the file. A login whose download step
 * fails says that the login succeeded.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { buildTestCli, makeUser, runCli, setUp, tempBase, type BuiltCli, type TestUser } from './helpers.ts';

const doubleHook = fileURLToPath(new URL('./doubles/register-throwing-yaml.mjs', import.meta.url));
const KUBECONFIG = 'apiVersion: v1\nkind: Config\nclusters:\n  - name: c\n    cluster:\n      server: https://k.example.com\ncontexts:\n  - name: c\n    context:\n      cluster: c\n      user: u\nusers:\n  - name: u\n    user:\n      token: tok-c\ncurrent-context: c\n';

let cli: BuiltCli;
let server: TestServer;
let base: string;
let alice: TestUser;

const lk = (user: TestUser, args: string[], env: Record<string, string> = {}) =>
  runCli(cli, args, { env: { ...user.env, NODE_OPTIONS: `--import=${doubleHook}`, LATCHKEY_PASSPHRASE: user.passphrase, ...env } });

async function machineWithCredentials(user: TestUser): Promise<void> {
  await mkdir(join(user.home, '.config/gh'), { recursive: true });
  await writeFile(join(user.home, '.config/gh/hosts.yml'), 'github.com:\n    oauth_token: gho_double\n    user: me\n', { mode: 0o600 });
  await mkdir(join(user.home, '.kube'), { recursive: true });
  await writeFile(join(user.home, '.kube/config'), KUBECONFIG, { mode: 0o600 });
  await mkdir(join(user.home, '.aws'), { recursive: true });
  await writeFile(join(user.home, '.aws/credentials'), '[default]\naws_access_key_id = AKIADOUBLE\naws_secret_access_key = s3cret\n', { mode: 0o600 });
}

/** The one warning line about github, naming its file; no secret and no second line of the library's message. */
function expectGithubWarning(stderr: string): void {
  const lines = stderr.split('\n').filter((l) => l.includes('warning:'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/warning: github: skipped ~\/\.config\/gh\/hosts\.yml: .*test double: the yaml library failed/);
  expect(stderr).not.toContain('gho_double');
  expect(stderr).not.toContain('must not be shown');
}

beforeAll(async () => {
  [cli, server, base] = await setUp([buildTestCli(), startTestServer(), tempBase()]);
  alice = await makeUser(base, 'alice', server.url);
  await machineWithCredentials(alice);
});

afterAll(async () => {
  await Promise.all([server?.close(), cli?.remove(), base && rm(base, { recursive: true, force: true })]);
});

test('providers: the failing provider is one warning and marked unreadable; the others are listed', async () => {
  const r = await lk(alice, ['providers', '--json']);
  expect(r.code, r.stderr).toBe(0);
  expectGithubWarning(r.stderr);
  const rows = JSON.parse(r.stdout) as { provider: string; detected: boolean; unreadable: boolean }[];
  const row = (name: string) => rows.find((x) => x.provider === name);
  expect(row('github')).toMatchObject({ detected: false, unreadable: true });
  expect(row('kubernetes')).toMatchObject({ detected: true, unreadable: false });
  expect(row('aws')).toMatchObject({ detected: true, unreadable: false });
  const table = await lk(alice, ['providers']);
  expect(table.code).toBe(0);
  expect(table.stdout).toMatch(/^github\s+unreadable\s/m);
});

test('signup: the account is created and the other providers are uploaded', async () => {
  const r = await lk(alice, ['signup', 'alice', '--push', '--no-pull']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toContain('Signed up and logged in as alice');
  expectGithubWarning(r.stderr);
  expect(r.stderr).toMatch(/aws: saved from ~\/\.aws\/credentials/);
  expect(r.stderr).toMatch(/kubernetes: saved from ~\/\.kube\/config/);
  const ls = await lk(alice, ['ls', '--json']);
  expect((JSON.parse(ls.stdout) as { name: string }[]).map((s) => s.name).sort()).toEqual(['aws', 'kubernetes']);
});

test('push github alone fails with an error naming the file; exit status 1', async () => {
  const r = await lk(alice, ['push', 'github', 'aws']);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/error: github: .*~?\/.*\.config\/gh\/hosts\.yml: could not be read \(TypeError: test double: the yaml library failed\)/);
  expect(r.stderr).toMatch(/aws: already up to date/);
  expect(r.stderr).not.toContain('gho_double');
});

test('login on a second machine: detection warns, the download still happens', async () => {
  const laptop = { ...(await makeUser(base, 'alice', server.url)), passphrase: alice.passphrase };
  await machineWithCredentials(laptop);
  const r = await lk(laptop, ['login', 'alice', '--pull', '--push', '--yes']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toContain('Logged in as alice');
  expectGithubWarning(r.stderr);
  expect(r.stderr).toMatch(/Downloading 2 secret\(s\)/);
});

test('login whose download step fails says the login succeeded, exit status 0', async () => {
  const laptop = { ...(await makeUser(base, 'alice', server.url)), passphrase: alice.passphrase };
  await mkdir(laptop.latchkeyHome, { recursive: true, mode: 0o700 });
  await writeFile(join(laptop.latchkeyHome, 'ledger.json'), '{ not json', { mode: 0o600 });
  const r = await lk(laptop, ['login', 'alice', '--pull', '--no-push', '--yes']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toContain('Logged in as alice');
  expect(r.stderr).toMatch(/warning: you are logged in as alice, but the optional download\/upload step stopped: .*ledger/);
});

test('signup that cannot save its state afterwards says the account was created', async () => {
  const bob = await makeUser(base, 'bob', server.url);
  await mkdir(join(bob.latchkeyHome, 'cli.json'), { recursive: true });
  const r = await lk(bob, ['signup', 'bob', '--no-push', '--no-pull']);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/error: the account bob was created on http:\/\/127\.0\.0\.1:\d+ and you are logged in, but saving .*cli\.json/);
  const whoami = await lk(bob, ['whoami', '--server', server.url]);
  expect(whoami.code, whoami.stderr).toBe(0);
  expect(whoami.stdout).toMatch(/^bob \(person\)/);
});
