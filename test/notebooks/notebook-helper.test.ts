/**
 * The notebook helper in Node, against the real server: login choices and
 * their errors, env() naming (the same rules as `latchkey run`), and that
 * what a notebook would display never carries a value.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { BadInputError, SecretKeyMissingError, notebookEnvVars, notebookLogin, type LatchkeyClient } from '../../src/client/index.ts';
import { createApp } from '../../src/worker/app.ts';
import { startFixture, TEST_PASSPHRASE, type Fixture, type TestMachine } from '../runtimes/fixtures.ts';

// Browsers, Deno, Jupyter and scrypt share 2 cores with the rest of the suite: generous per-test time.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const VALUE = `sk-test-${crypto.randomUUID()}`;
let fx: Fixture;
let alice: LatchkeyClient;
let machine: TestMachine;

beforeAll(async () => {
  fx = await startFixture();
  alice = await fx.person('alice');
  await (await alice.secret({ name: 'openai', values: { api_key: VALUE }, provider: 'openai' })).save();
  await (await alice.secret({ name: 'team/db', values: { url: 'postgres://db', PGPASSWORD: 'pw-1', 'api-key': 'k' } })).save();
  machine = await fx.machine(alice, 'nb');
  for (const name of ['openai', 'team/db']) await (await alice.secret(name)).share(machine.handle, { access: 'read' });
});

afterAll(async () => {
  await fx?.close();
});

test('env() names variables by the one rule: provider names, SECRETNAME_KEY for shares, nothing refused', () => {
  expect(notebookEnvVars('openai', 'openai', { api_key: 'a' })).toEqual({ OPENAI_API_KEY: 'a' });
  expect(notebookEnvVars('team/db', null, { url: 'u', PGPASSWORD: 'p', 'api-key': 'k', 'Mixed.Case': 'm' }))
    .toEqual({ DB_URL: 'u', PGPASSWORD: 'p', DB_API_KEY: 'k', DB_MIXED_CASE: 'm' });
  expect(notebookEnvVars('alice:9lives', null, { token: 'x', TOKEN2: 'y' })).toEqual({ _9LIVES_TOKEN: 'x', _9LIVES_TOKEN2: 'y' });
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    expect(notebookEnvVars('tools', null, { PATH: '/evil', NODE_OPTIONS: '--require x', OK: 'v' })).toEqual({ OK: 'v' });
    expect(notebookEnvVars('mallory:ld', null, { preload: '/evil.so' })).toEqual({});
    expect(warn.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/tools sets PATH[\s\S]*NODE_OPTIONS[\s\S]*mallory:ld sets LD_PRELOAD/);
    expect(warn.mock.calls.join('\n')).not.toContain('/evil');
  } finally {
    warn.mockRestore();
  }
});

test('a machine token logs in; env() merges secrets and displays names only', async () => {
  const nb = await notebookLogin({ server: fx.server.url, token: machine.token, store: 'memory' });
  expect(nb.me).toMatchObject({ handle: machine.handle, kind: 'machine' });
  expect(await nb.storeKind()).toBe('memory');
  // alice's shares are pending for the machine until it accepts them; then bare names find them.
  await expect(nb.env(['openai'])).rejects.toThrow(/latchkey accept alice:openai/);
  await nb.acceptFrom('alice');
  const env = await nb.env(['openai', 'team/db']);
  // Shared with the machine: a custom secret's keys become SECRETNAME_KEY, even upper-case ones.
  expect(env).toEqual({ OPENAI_API_KEY: VALUE, DB_URL: 'postgres://db', DB_PGPASSWORD: 'pw-1', DB_API_KEY: 'k' });
  expect(JSON.parse(JSON.stringify(env))).toEqual(env);
  expect(Object.keys({ ...env })).toHaveLength(4);
  const shown = inspect(env);
  expect(shown).toMatch(/^latchkey env: OPENAI_API_KEY \(\d+ chars, hidden\), .*DB_URL \(13 chars, hidden\)/);
  expect(shown).not.toContain(VALUE);
  expect(shown).not.toContain('pw-1');
  const display = (env as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for('Jupyter.display')]!();
  expect(display['text/plain']).not.toContain(VALUE);
  expect(inspect(nb)).not.toContain(machine.token);
  expect(inspect(await nb.secret('openai'))).not.toContain(VALUE);
  expect(await nb.env('openai')).toEqual({ OPENAI_API_KEY: VALUE });
  await expect(nb.env([])).rejects.toBeInstanceOf(BadInputError);
  await nb.logout();
  await expect(nb.env('openai')).rejects.toThrow(/log in|logged in/i);
});

test('handle + passphrase logs in as the person', async () => {
  const missing = await notebookLogin({ server: fx.server.url, handle: 'alice', passphrase: TEST_PASSPHRASE, store: 'memory' }).catch((e: unknown) => e);
  expect(missing).toBeInstanceOf(SecretKeyMissingError);
  expect((missing as Error).message).toMatch(/does not have the Secret Key of "alice".*secretKey/);
  const nb = await notebookLogin({ server: fx.server.url, handle: 'alice', passphrase: TEST_PASSPHRASE, secretKey: fx.secretKeys.alice!, store: 'memory' });
  expect(nb.me).toMatchObject({ handle: 'alice', kind: 'person' });
  expect(await nb.env('openai')).toEqual({ OPENAI_API_KEY: VALUE });
  await nb.logout();
});

test('missing or half login options are refused before any request, without echoing secrets', async () => {
  const server = fx.server.url;
  const attempts: unknown[] = [
    undefined,
    {},
    { server },
    { server, token: '' },
    { server, handle: 'alice' },
    { server, passphrase: 'secret-passphrase-123' },
    { token: machine.token },
  ];
  for (const options of attempts) {
    const err = await notebookLogin(options as never).catch((e: unknown) => e);
    expect(err, JSON.stringify(options)).toBeInstanceOf(BadInputError);
    expect((err as Error).message).toMatch(/notebookLogin needs/);
    expect((err as Error).message).not.toContain('secret-passphrase-123');
    expect((err as Error).message).not.toContain(machine.token);
  }
});

test('GET /v1/client.js answers 503 with what to run when the worker was built without the client', async () => {
  const response = await createApp().request('/v1/client.js', {}, { ALLOWED_ORIGINS: 'http://localhost:*' });
  expect(response.status).toBe(503);
  expect(await response.json()).toEqual({ error: { code: 'internal', message: expect.stringMatching(/npm run build/) } });
});
