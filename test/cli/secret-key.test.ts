/**
 * The Secret Key and passphrase strength through the built CLI, against the
 * real local server, each device its own temporary HOME: the emergency kit at
 * signup, weak passphrases refused with the estimator's feedback (signup and
 * passwd), a fresh device that lacks the key fails clearly and then logs in
 * with it from the environment, stdin or a hidden prompt and keeps it across
 * logout, `secret-key` (piped: one line), `--rotate` and `passwd`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { buildTestCli, makeUser, runCli, runInPty, setUp, tempBase, type BuiltCli, type TestUser } from './helpers.ts';

let cli: BuiltCli;
let server: TestServer;
let base: string;
let frank: TestUser;
let secretKey: string;
const KEY_LINE = /^LK(-[0-9A-HJKMNP-TV-Z]{5}){6}$/;
const STRONG = 'frank-Tq7!vR2#pLm9xZ4w-kite';

const lk = (user: TestUser, args: string[], extra: { env?: Record<string, string>; input?: string } = {}) =>
  runCli(cli, args, { env: { ...user.env, ...extra.env }, input: extra.input });
const device = async (name: string) => ({ ...(await makeUser(base, name, server.url)), passphrase: frank.passphrase });

beforeAll(async () => {
  [cli, server, base] = await setUp([buildTestCli(), startTestServer(), tempBase()]);
  frank = await makeUser(base, 'frankiesmith', server.url);
});

afterAll(async () => {
  await Promise.all([server?.close(), cli?.remove(), base && rm(base)]);
});

async function rm(dir: string): Promise<void> {
  const { rm: remove } = await import('node:fs/promises');
  await remove(dir, { recursive: true, force: true });
}

test('signup refuses weak passphrases with the estimator\'s feedback; a long random one passes and shows the emergency kit once', async () => {
  const weak: Array<[string, RegExp]> = [
    ['dragonfly', /too easy to guess \(strength [0-2] of 4.*\)/],
    ['password123', /commonly used password/],
    ['qwertyuiop', /frequently used password|keyboard/],
    ['frankiesmith', /too easy to guess/],
    ['short', /at least 8 characters/],
  ];
  for (const [passphrase, message] of weak) {
    const result = await lk(frank, ['signup', 'frankiesmith', '--no-pull', '--no-push'], { env: { LATCHKEY_PASSPHRASE: passphrase } });
    expect(result.code, passphrase).toBe(1);
    expect(result.stderr, passphrase).toMatch(message);
    expect(result.stderr, passphrase).toMatch(/^latchkey: error: /m);
  }
  expect((await lk(frank, ['whoami'])).code).toBe(1); // nothing was created

  const signup = await lk(frank, ['signup', 'frankiesmith', '--no-pull', '--no-push'], { env: { LATCHKEY_PASSPHRASE: frank.passphrase } });
  expect(signup.code, signup.stderr).toBe(0);
  const kit = signup.stderr;
  expect(kit).toContain('emergency kit');
  expect(kit).toMatch(/account id: [A-Za-z0-9_-]{22}\n/);
  secretKey = /Secret Key: (LK-\S+)/.exec(kit)![1]!;
  expect(secretKey).toMatch(KEY_LINE);
  expect(signup.stdout).toBe('');
  expect(kit).not.toContain(frank.passphrase);
  // Kept on this device sealed, never in clear.
  expect(await readFile(join(frank.latchkeyHome, 'secret-keys.json'), 'utf8')).not.toContain(secretKey.slice(3, 14));
});

test('"secret-key" prints the key again after the passphrase: piped, exactly one line', async () => {
  const piped = await lk(frank, ['secret-key'], { env: { LATCHKEY_PASSPHRASE: frank.passphrase } });
  expect(piped.code, piped.stderr).toBe(0);
  expect(piped.stdout).toBe(`${secretKey}\n`);
  const wrong = await lk(frank, ['secret-key'], { env: { LATCHKEY_PASSPHRASE: 'not the passphrase at all' } });
  expect(wrong.code).toBe(1);
  expect(wrong.stdout).toBe('');
  expect(wrong.stderr).toMatch(/login failed/);
  const tty = await runInPty(cli, ['secret-key'], { env: { ...frank.env, LATCHKEY_PASSPHRASE: frank.passphrase }, steps: [] });
  expect(tty.code, tty.screen).toBe(0);
  expect(tty.screen).toContain(`Secret Key: ${secretKey}`);
  expect(tty.screen).toContain('emergency kit');
});

test('a fresh device without the Secret Key fails clearly; env, stdin and the hidden prompt each log in and the device keeps it across logout', async () => {
  const bare = await device('frank-bare');
  const missing = await lk(bare, ['login', 'frankiesmith', '--no-pull', '--no-push'], { env: { LATCHKEY_PASSPHRASE: frank.passphrase } });
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/^latchkey: error: this device does not have the Secret Key of frankiesmith \(give it once: set LATCHKEY_SECRET_KEY or pass --secret-key-stdin/);
  const typo = await lk(bare, ['login', 'frankiesmith', '--no-pull', '--no-push'], {
    env: { LATCHKEY_PASSPHRASE: frank.passphrase, LATCHKEY_SECRET_KEY: secretKey.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) },
  });
  expect(typo.code).toBe(1);
  expect(typo.stderr).toMatch(/Secret Key does not check out/);

  const viaEnv = await device('frank-env');
  const env = await lk(viaEnv, ['login', 'frankiesmith', '--no-pull', '--no-push'], { env: { LATCHKEY_PASSPHRASE: frank.passphrase, LATCHKEY_SECRET_KEY: secretKey } });
  expect(env.code, env.stderr).toBe(0);
  expect((await lk(viaEnv, ['logout', '--yes'])).code).toBe(0);
  const again = await lk(viaEnv, ['login', 'frankiesmith', '--no-pull', '--no-push'], { env: { LATCHKEY_PASSPHRASE: frank.passphrase } });
  expect(again.code, again.stderr).toBe(0);

  const viaStdin = await device('frank-stdin');
  const stdin = await lk(viaStdin, ['login', 'frankiesmith', '--no-pull', '--no-push', '--passphrase-stdin', '--secret-key-stdin'], {
    input: `${frank.passphrase}\n${secretKey}\n`,
  });
  expect(stdin.code, stdin.stderr).toBe(0);

  const viaPrompt = await device('frank-prompt');
  const prompt = await runInPty(cli, ['login', 'frankiesmith', '--no-pull', '--no-push'], {
    env: viaPrompt.env,
    steps: [
      { expect: /Passphrase for frankiesmith: $/, send: `${frank.passphrase}\r` },
      { expect: /Secret Key for frankiesmith: $/, send: `${secretKey.toLowerCase()}\r` },
    ],
  });
  expect(prompt.code, prompt.screen).toBe(0);
  expect(prompt.screen).not.toContain(secretKey.toLowerCase());
  expect(prompt.screen).toContain('Secret Key saved on this device');
  expect((await lk(viaPrompt, ['secret-key'], { env: { LATCHKEY_PASSPHRASE: frank.passphrase } })).stdout).toBe(`${secretKey}\n`);
});

test('passwd refuses a weak new passphrase with feedback, then changes it; another device follows the signed change', async () => {
  const weak = await lk(frank, ['passwd'], { env: { LATCHKEY_PASSPHRASE: frank.passphrase, LATCHKEY_NEW_PASSPHRASE: 'password123' } });
  expect(weak.code).toBe(1);
  expect(weak.stderr).toMatch(/too easy to guess.*commonly used password/);
  const handle = await lk(frank, ['passwd'], { env: { LATCHKEY_PASSPHRASE: frank.passphrase, LATCHKEY_NEW_PASSPHRASE: 'frankiesmith1' } });
  expect(handle.code).toBe(1);
  expect(handle.stderr).toMatch(/too easy to guess/);
  const changed = await lk(frank, ['passwd'], { env: { LATCHKEY_PASSPHRASE: frank.passphrase, LATCHKEY_NEW_PASSPHRASE: STRONG } });
  expect(changed.code, changed.stderr).toBe(0);
  expect(changed.stderr).toContain('Passphrase changed');
  expect((await lk(frank, ['whoami'])).code).toBe(0); // this session stays

  const other = await device('frank-other');
  const old = await lk(other, ['login', 'frankiesmith', '--no-pull', '--no-push'], { env: { LATCHKEY_PASSPHRASE: frank.passphrase, LATCHKEY_SECRET_KEY: secretKey } });
  expect(old.code).toBe(1);
  const ok = await lk(other, ['login', 'frankiesmith', '--no-pull', '--no-push'], { env: { LATCHKEY_PASSPHRASE: STRONG, LATCHKEY_SECRET_KEY: secretKey } });
  expect(ok.code, ok.stderr).toBe(0);
  frank.passphrase = STRONG;
});

test('secret-key --rotate replaces the key: the old one stops working, the new one logs in', async () => {
  const rotated = await lk(frank, ['secret-key', '--rotate'], { env: { LATCHKEY_PASSPHRASE: frank.passphrase } });
  expect(rotated.code, rotated.stderr).toBe(0);
  const fresh = rotated.stdout.trim();
  expect(fresh).toMatch(KEY_LINE);
  expect(fresh).not.toBe(secretKey);
  const oldKey = await lk(await device('frank-rot1'), ['login', 'frankiesmith', '--no-pull', '--no-push'], {
    env: { LATCHKEY_PASSPHRASE: frank.passphrase, LATCHKEY_SECRET_KEY: secretKey },
  });
  expect(oldKey.code).toBe(1);
  expect(oldKey.stderr).toMatch(/login failed: wrong handle, passphrase or Secret Key/);
  const newKey = await lk(await device('frank-rot2'), ['login', 'frankiesmith', '--no-pull', '--no-push'], {
    env: { LATCHKEY_PASSPHRASE: frank.passphrase, LATCHKEY_SECRET_KEY: fresh },
  });
  expect(newKey.code, newKey.stderr).toBe(0);
});
