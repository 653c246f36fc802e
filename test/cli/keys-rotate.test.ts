/**
 * `latchkey keys rotate` and the chain in `latchkey verify` through the built
 * CLI against the real local server, each user in a temporary HOME: bob
 * pinned alice's card by reading her secret; after alice rotates he reads it
 * again with no fingerprint step, and `verify alice` lists both cards, newest
 * first. A wrong passphrase changes nothing.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { buildTestCli, makeUser, runCli, setUp, tempBase, type BuiltCli, type TestUser } from './helpers.ts';

let cli: BuiltCli;
let server: TestServer;
let base: string;
const users: Record<string, TestUser> = {};
const lk = (who: string, args: string[], extra: { input?: string; env?: Record<string, string> } = {}) =>
  runCli(cli, args, { env: { ...users[who]!.env, ...extra.env }, input: extra.input });

beforeAll(async () => {
  [cli, server, base] = await setUp([buildTestCli(), startTestServer(), tempBase()]);
  for (const handle of ['alice', 'bob']) {
    users[handle] = await makeUser(base, handle, server.url);
    const out = await lk(handle, ['signup', handle, '--no-pull', '--no-push'], { env: { LATCHKEY_PASSPHRASE: users[handle]!.passphrase } });
    expect(out.code, out.stderr).toBe(0);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.close(), cli?.remove(), base && rm(base, { recursive: true, force: true })]);
});

const fingerprintOf = async (who: string): Promise<string> => {
  const out = await lk(who, ['whoami', '--json']);
  expect(out.code, out.stderr).toBe(0);
  return (JSON.parse(out.stdout) as { fingerprint: string }).fingerprint;
};

test('keys rotate: bob follows the chain without a fingerprint step, and verify shows it newest first', async () => {
  expect((await lk('alice', ['set', 'openai', 'api_key=-'], { input: 'sk-1\n' })).code).toBe(0);
  expect((await lk('alice', ['share', 'openai', 'bob'])).code).toBe(0);
  expect((await lk('bob', ['get', 'alice:openai', 'api_key'])).stdout).toBe('sk-1\n');
  const before = await fingerprintOf('alice');

  const wrong = await lk('alice', ['keys', 'rotate'], { env: { LATCHKEY_PASSPHRASE: 'not the passphrase at all' } });
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toMatch(/passphrase or Secret Key is wrong; your keys were not changed/);
  expect(await fingerprintOf('alice')).toBe(before);

  const rotate = await lk('alice', ['keys', 'rotate'], { env: { LATCHKEY_PASSPHRASE: users.alice!.passphrase } });
  expect(rotate.code, rotate.stderr).toBe(0);
  const after = await fingerprintOf('alice');
  expect(after).not.toBe(before);
  expect(rotate.stdout).toContain(`alice: new key card ${after}`);
  expect(rotate.stderr).toMatch(/Re-signed 1 secret/);

  const get = await lk('bob', ['get', 'alice:openai', 'api_key']);
  expect(get.code, get.stderr).toBe(0);
  expect(get.stdout).toBe('sk-1\n');
  const verify = await lk('bob', ['verify', 'alice']);
  expect(verify.code, verify.stderr).toBe(0);
  const lines = verify.stdout.split('\n');
  expect(lines[0]).toBe(`alice: ${after}`);
  expect(lines.slice(1, 4)).toEqual([
    'key card chain, newest first (each card signed by the one below it):',
    `  current  ${after}`,
    `  replaced ${before}`,
  ]);
  expect(verify.stderr).toContain('Same key card as pinned on this machine.');
  // alice's own next read and write work with the new keys.
  expect((await lk('alice', ['set', 'openai', 'api_key=sk-2'])).code).toBe(0);
  expect((await lk('bob', ['get', 'alice:openai', 'api_key'])).stdout).toBe('sk-2\n');
});
