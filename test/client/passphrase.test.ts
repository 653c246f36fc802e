/**
 * changePassphrase against the real worker: a fresh KDF salt, the old
 * passphrase stops working and the new one logs in, the account's other
 * sessions are ended while this one stays, and machine tokens are unaffected.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { AuthError, createClient } from '../../src/client/index.ts';

const PASS = 'correct horse battery staple';
const NEW_PASS = 'a brand new passphrase for dana, long enough';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const salt = async (): Promise<string> => ((await (await fetch(`${server.url}/v1/kdf/dana`)).json()) as { kdf: { salt: string } }).kdf.salt;

test('a passphrase change uses a fresh salt, ends other sessions, keeps this one and leaves machine tokens working', async () => {
  const here = createClient({ server: server.url, store: 'memory' });
  const { secretKey } = await here.signup('dana', PASS);
  const other = createClient({ server: server.url, store: 'memory' });
  await other.login({ handle: 'dana', passphrase: PASS, secretKey });
  const machine = await here.createMachine('ci');
  const ci = createClient({ server: server.url, store: 'memory' });
  await ci.login({ token: machine.token });
  const s = await here.secret({ name: 'token', values: { t: 'v1' } });
  await s.save();
  await s.share(machine.account.handle);
  const before = await salt();

  await here.changePassphrase(PASS, NEW_PASS);
  expect(await salt()).not.toBe(before);
  expect((await here.secret('token')).values).toEqual({ t: 'v1' }); // this session stays
  await expect(other.secrets()).rejects.toBeInstanceOf(AuthError); // the other device's session was ended
  expect((await ci.secret('dana:token')).values).toEqual({ t: 'v1' }); // the machine's session and token still work
  await expect(createClient({ server: server.url, store: 'memory' }).login({ token: machine.token })).resolves.toMatchObject({ handle: machine.account.handle });
  await expect(createClient({ server: server.url, store: 'memory' }).login({ handle: 'dana', passphrase: PASS, secretKey })).rejects.toBeInstanceOf(AuthError);
  await expect(createClient({ server: server.url, store: 'memory' }).login({ handle: 'dana', passphrase: NEW_PASS, secretKey })).resolves.toMatchObject({ handle: 'dana' });
});
