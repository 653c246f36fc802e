/**
 * Bad input and failures through the built CLI: usage errors exit 2 with
 * `latchkey: error: <what> (<what to do>)`, a wrong passphrase and the rate
 * limit after it are explained, an unreachable server is named, and a
 * damaged ledger stops logout before it changes anything.
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { buildTestCli, makeUser, runCli, tempBase, type BuiltCli, type TestUser, setUp } from './helpers.ts';

let cli: BuiltCli;
let server: TestServer;
let base: string;
let erin: TestUser;

const ERROR_LINE = /^latchkey: error: .+ \(.+\)\n$/;

beforeAll(async () => {
  [cli, server, base] = await setUp([
    buildTestCli(),
    startTestServer({ bindings: { LOGIN_LIMIT_PER_HANDLE: '2', LOGIN_WINDOW_SECONDS: '120' } }),
    tempBase(),
  ]);
  erin = await makeUser(base, 'erin', server.url);
});

afterAll(async () => {
  await Promise.all([server?.close(), cli?.remove(), base && rm(base, { recursive: true, force: true })]);
});

test('usage errors exit 2 with what was wrong and what to do', async () => {
  const cases: [string[], RegExp][] = [
    [['lgoin'], /unknown command "lgoin" \(did you mean "latchkey login"\?\)/],
    [['get'], /missing NAME for "latchkey get" \(see "latchkey get --help"\)/],
    [['set', 'db', 'sk-live-123'], /argument 1 after NAME is not KEY=VALUE: it has no "=" \(write each value as key=value/],
    [['set', 'db', 'a=1', '=x'], /argument 2 after NAME is not KEY=VALUE: it has an empty key/],
    [['ls', '--bogus'], /unknown option --bogus for "latchkey ls"/],
    [['machine'], /"latchkey machine" needs a subcommand: create, ls, rm/],
    [['rollback', 'db', 'two'], /"two" is not a version number/],
    [['run', '--secret', 'x'], /missing the command to run after --/],
    [[], /Usage: latchkey COMMAND/],
  ];
  for (const [args, message] of cases) {
    const result = await runCli(cli, args, { env: erin.env });
    expect(result.code, args.join(' ')).toBe(2);
    expect(result.stderr).toMatch(message);
    if (args.length > 0) expect(result.stderr).toMatch(ERROR_LINE);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toContain('sk-live-123');
  }
});

test('--help works on every command and shows an example', async () => {
  const top = await runCli(cli, ['--help'], { env: erin.env });
  expect(top.code).toBe(0);
  const names = [...top.stdout.matchAll(/^ {2}([a-z]+(?: [a-z]+)?) {2,}/gm)].map((m) => m[1]!);
  expect(names).toContain('machine create');
  expect(names.length).toBeGreaterThanOrEqual(22);
  for (const name of names) {
    const help = await runCli(cli, [...name.split(' '), '--help'], { env: erin.env });
    expect(help.code, name).toBe(0);
    expect(help.stdout).toContain(`Usage: latchkey ${name}`);
    expect(help.stdout).toMatch(/Examples?:\n {2}\S/);
  }
});

test('an unreachable server is named in the message', async () => {
  const env = { ...erin.env, LATCHKEY_SERVER: 'http://127.0.0.1:9', LATCHKEY_PASSPHRASE: 'whatever-long-pass' };
  const result = await runCli(cli, ['login', 'erin'], { env });
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^latchkey: error: cannot reach the latchkey server at http:\/\/127\.0\.0\.1:9 \(start it with "latchkey serve"/);
  expect(result.stderr).toMatch(ERROR_LINE);
});

test('a wrong passphrase is explained; repeated tries hit the rate limit with the retry time', async () => {
  const signup = await runCli(cli, ['signup', 'erin', '--no-pull', '--no-push'], { env: { ...erin.env, LATCHKEY_PASSPHRASE: erin.passphrase } });
  expect(signup.code, signup.stderr).toBe(0);
  const wrong = { ...erin.env, LATCHKEY_PASSPHRASE: 'not the passphrase' };
  const first = await runCli(cli, ['login', 'erin'], { env: wrong });
  expect(first.code).toBe(1);
  expect(first.stderr).toMatch(/^latchkey: error: login failed: wrong handle, passphrase or Secret Key.* \(check the handle, passphrase and Secret Key/);
  expect(first.stderr).not.toContain('not the passphrase');
  await runCli(cli, ['login', 'erin'], { env: wrong });
  const limited = await runCli(cli, ['login', 'erin'], { env: wrong });
  expect(limited.code).toBe(1);
  expect(limited.stderr).toMatch(/^latchkey: error: too many [^;]*\(wait \d+ s, until \d\d:\d\d:\d\d, then try again\)\n$/);
});

test('set reads @files; a damaged ledger makes logout refuse to touch anything, and explain', async () => {
  // erin is still logged in from signup (failed logins do not end a session).
  const dir = join(base, 'files');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'key.pem'), '-----BEGIN KEY-----\nabc\n-----END KEY-----\n');
  const fromFile = await runCli(cli, ['set', 'tls', 'key=@key.pem', 'host=example.org'], { env: erin.env, cwd: dir });
  expect(fromFile.code, fromFile.stderr).toBe(0);
  expect((await runCli(cli, ['get', 'tls', 'key'], { env: erin.env })).stdout).toBe('-----BEGIN KEY-----\nabc\n-----END KEY-----\n\n');
  const missing = await runCli(cli, ['set', 'tls', 'key=@nope.pem'], { env: erin.env, cwd: dir });
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/cannot read .*nope\.pem for key "key"/);

  // Put a file in place so there is something to undo.
  const set = await runCli(cli, ['set', 'huggingface', 'token=hf_erin', '--provider', 'huggingface'], { env: erin.env });
  expect(set.code, set.stderr).toBe(0);
  const pull = await runCli(cli, ['pull'], { env: erin.env });
  expect(pull.code, pull.stderr).toBe(0);
  const token = join(erin.home, '.cache/huggingface/token');
  expect(await readFile(token, 'utf8')).toBe('hf_erin\n');

  const ledgerFile = join(erin.latchkeyHome, 'ledger.json');
  const original = await readFile(ledgerFile, 'utf8');
  const decoy = join(erin.home, 'precious.txt');
  await writeFile(decoy, 'keep me\n');
  await writeFile(ledgerFile, original.replace(token, decoy));

  const logout = await runCli(cli, ['logout', '--yes'], { env: erin.env });
  expect(logout.code).toBe(1);
  expect(logout.stderr).toMatch(/^latchkey: error: the ledger .*ledger\.json is damaged \(checksum mismatch.*\), so latchkey will not delete, restore or write files until it is fixed \(nothing was changed;/);
  expect(await readFile(decoy, 'utf8')).toBe('keep me\n');
  expect(await readFile(token, 'utf8')).toBe('hf_erin\n');
  expect((await stat(join(erin.latchkeyHome, 'env'))).isFile()).toBe(true);
  expect((await runCli(cli, ['whoami'], { env: erin.env })).code).toBe(0);
  const pullAgain = await runCli(cli, ['pull'], { env: erin.env });
  expect(pullAgain.code).toBe(1);
  expect(pullAgain.stderr).toContain('is damaged');
  expect(await readFile(ledgerFile, 'utf8')).toBe(original.replace(token, decoy));

  await writeFile(ledgerFile, '{"v":1,');
  const truncated = await runCli(cli, ['logout', '--yes'], { env: erin.env });
  expect(truncated.code).toBe(1);
  expect(truncated.stderr).toContain('is damaged (not valid JSON)');

  const keep = await runCli(cli, ['logout', '--yes', '--keep-files'], { env: erin.env });
  expect(keep.code, keep.stderr).toBe(0);
  expect(await readFile(token, 'utf8')).toBe('hf_erin\n');
  expect((await runCli(cli, ['whoami'], { env: erin.env })).code).toBe(1);
});
