/**
 * The answer bounds in what users run: the built CLI (its node:http fetch)
 * against the hostile proxy. A flooded answer ends the command with the
 * bound named and what to do, after reading no more than the route's cap;
 * the untampered command works.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { buildTestCli, makeUser, runCli, setUp, tempBase, type BuiltCli, type TestUser } from '../cli/helpers.ts';
import { paths } from './harness.ts';
import { flood, startProxy, type HostileProxy } from './proxy.ts';

const MB = 1024 * 1024;
let cli: BuiltCli;
let server: TestServer;
let proxy: HostileProxy;
let base: string;
let erin: TestUser;

beforeAll(async () => {
  [cli, server, base] = await setUp([buildTestCli(), startTestServer(), tempBase()]);
  proxy = await startProxy(server.url);
  erin = await makeUser(base, 'erin', proxy.url);
  const signup = await runCli(cli, ['signup', 'erin', '--no-pull', '--no-push'], { env: { ...erin.env, LATCHKEY_PASSPHRASE: erin.passphrase } });
  expect(signup.code, signup.stderr).toBe(0);
  const set = await runCli(cli, ['set', 'openai', 'api_key=sk-test-123'], { env: erin.env });
  expect(set.code, set.stderr).toBe(0);
});

afterAll(async () => {
  await proxy?.close();
  await Promise.all([server?.close(), cli?.remove(), base && rm(base, { recursive: true, force: true })]);
});

test('a 400 MB list answer stops the built CLI at the route cap, with the bound named', async () => {
  const control = await runCli(cli, ['ls'], { env: erin.env });
  expect(control.code, control.stderr).toBe(0);
  expect(control.stdout).toContain('openai');

  const sent = { bytes: 0 };
  proxy.setTamper({ request: ({ path }) => (paths.list.test(path) ? { stream: (res) => flood(res, 400 * MB, sent) } : undefined) });
  const flooded = await runCli(cli, ['ls'], { env: erin.env });
  proxy.setTamper(null);
  expect(flooded.code).toBe(1);
  expect(flooded.stderr).toMatch(/^latchkey: error: the server's answer to list secrets is larger than any honest answer can be \(19\.5 MB/);
  expect(flooded.stderr).toMatch(/nothing was used/);
  // The list cap is 5,000 summaries (about 20 MB): the command stopped reading there, not at 400 MB.
  expect(sent.bytes).toBeLessThan(60 * MB);
});
