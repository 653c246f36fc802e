/**
 * Groups through the built CLI against a real local server: alice creates a
 * group, adds bob (checking his fingerprint) and carol, shares a secret with
 * it; bob and carol read it and `ls` says it comes through the group (pending
 * until `accept --from alice`); `group
 * ls` shows members, roles, fingerprints and the epoch; `group rm` rotates
 * (epoch 2) and flags the secret, carol loses access, bob keeps it; `group
 * delete` ends the group's access.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { buildTestCli, makeUser, runCli, setUp, tempBase, type BuiltCli, type TestUser } from './helpers.ts';

let cli: BuiltCli;
let server: TestServer;
let base: string;
const users: Record<string, TestUser> = {};
const lk = (who: string, args: string[], input?: string) => runCli(cli, args, { env: users[who]!.env, input });

beforeAll(async () => {
  [cli, server, base] = await setUp([buildTestCli(), startTestServer(), tempBase()]);
  for (const handle of ['alice', 'bob', 'carol']) {
    users[handle] = await makeUser(base, handle, server.url);
    const out = await runCli(cli, ['signup', handle, '--no-pull', '--no-push'], { env: { ...users[handle]!.env, LATCHKEY_PASSPHRASE: users[handle]!.passphrase } });
    expect(out.code, out.stderr).toBe(0);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.close(), cli?.remove(), base && rm(base, { recursive: true, force: true })]);
});

test('group create, add, share, ls, rm and delete through the CLI', async () => {
  expect((await lk('alice', ['group', 'create', 'ml-team'])).code).toBe(0);
  const who = await lk('bob', ['whoami']);
  const bobFp = `${who.stdout}\n${who.stderr}`.match(/[A-Z2-7]{4}( [A-Z2-7]{2,4}){6,}/)?.[0];
  expect(bobFp).toBeDefined();
  const wrongFp = await lk('alice', ['group', 'add', 'ml-team', 'bob', '--fingerprint', 'AAAA AAAA AAAA AAAA AAAA AAAA AA']);
  expect(wrongFp.code).not.toBe(0);
  const add = await lk('alice', ['group', 'add', 'ml-team', 'bob', '--fingerprint', bobFp!]);
  expect(add.code, add.stderr).toBe(0);
  expect((await lk('alice', ['group', 'add', 'ml-team', 'carol'])).code).toBe(0);
  expect((await lk('alice', ['set', 'openai', 'api_key=-'], 'sk-team-1\n')).code).toBe(0);
  const share = await lk('alice', ['share', 'openai', 'ml-team']);
  expect(share.code, share.stderr).toBe(0);
  expect(share.stderr).toContain('group ml-team');

  for (const member of ['bob', 'carol']) {
    const get = await lk(member, ['get', 'alice:openai', 'api_key']);
    expect(get.code, get.stderr).toBe(0);
    expect(get.stdout.trim()).toBe('sk-team-1');
    const ls = JSON.parse((await lk(member, ['ls', '--json'])).stdout) as Array<{ name: string; via: string | null }>;
    expect(ls.find((s) => s.name === 'alice:openai')?.via).toBe('ml-team');
    expect((await lk(member, ['ls'])).stdout).toContain('via group ml-team');
  }
  // bob consents to alice's shares: the group share is then accepted (and pulled).
  expect(JSON.parse((await lk('bob', ['ls', '--json'])).stdout).find((s: { name: string }) => s.name === 'alice:openai').accepted).toBe(false);
  expect((await lk('bob', ['ls'])).stdout).toContain('pending: latchkey accept --from alice');
  expect((await lk('bob', ['accept', 'alice:openai'])).stderr).toContain('accept --from alice');
  expect((await lk('bob', ['accept', '--from', 'alice'])).code).toBe(0);
  expect(JSON.parse((await lk('bob', ['ls', '--json'])).stdout).find((s: { name: string }) => s.name === 'alice:openai').accepted).toBe(true);

  const shown = JSON.parse((await lk('bob', ['group', 'ls', 'ml-team', '--json'])).stdout) as { epoch: number; members: Array<{ handle: string; role: string; fingerprint: string }> };
  expect(shown.epoch).toBe(1);
  expect(shown.members.map((m) => `${m.handle}:${m.role}`).sort()).toEqual(['alice:admin', 'bob:member', 'carol:member']);
  expect(shown.members.find((m) => m.handle === 'bob')?.fingerprint).toBe(bobFp);
  expect((await lk('bob', ['group', 'ls'])).stdout).toContain('carol');
  const notAdmin = await lk('bob', ['group', 'rm', 'ml-team', 'carol']);
  expect(notAdmin.code).not.toBe(0);
  expect(notAdmin.stderr).toMatch(/only an admin/);

  const removed = await lk('alice', ['group', 'rm', 'ml-team', 'carol']);
  expect(removed.code, removed.stderr).toBe(0);
  expect(removed.stderr).toMatch(/epoch 2/);
  expect(removed.stderr).toMatch(/rotate those credentials upstream/);
  expect((await lk('alice', ['ls'])).stdout).toContain('rotate upstream');
  expect((await lk('alice', ['set', 'openai', 'api_key=-'], 'sk-team-2\n')).code).toBe(0);
  expect((await lk('bob', ['get', 'alice:openai', 'api_key'])).stdout.trim()).toBe('sk-team-2');
  expect((await lk('carol', ['get', 'alice:openai', 'api_key'])).code).not.toBe(0);

  expect((await lk('alice', ['group', 'delete', 'ml-team', '--yes'])).code).toBe(0);
  expect((await lk('bob', ['get', 'alice:openai', 'api_key'])).code).not.toBe(0);
  expect((await lk('bob', ['group', 'ls'])).stderr).toContain('You are in no group');
}, 180_000);
