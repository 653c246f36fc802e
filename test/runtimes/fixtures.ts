/**
 * Shared setup of the runtime and notebook tests: a real server, accounts
 * seeded through the Node SDK, the served client bundle, and the scenario as
 * JavaScript.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { createClient, type LatchkeyClient } from '../../src/client/index.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/** A machine account made for a test, with what the test needs to use it. */
export interface TestMachine {
  handle: string;
  token: string;
  fingerprint: string;
}

/** Passphrase used for every seeded person. */
export const TEST_PASSPHRASE = 'correct horse battery staple';

/** The running pieces of one test file. */
export interface Fixture {
  server: TestServer;
  /** Temporary folder removed by `close()`. */
  dir: string;
  /** The bundle the server serves, saved to a file (for workerd). */
  clientFile: string;
  /** `<server>/v1/client.js` */
  clientUrl: string;
  /** Logs a fresh person in through the Node SDK (memory store). */
  person(handle: string): Promise<LatchkeyClient>;
  /** Secret Keys of the persons signed up, by handle (what their emergency kits say). */
  secretKeys: Record<string, string>;
  /** Creates a machine of `owner` and reads its fingerprint as the machine itself reports it. */
  machine(owner: LatchkeyClient, name: string): Promise<TestMachine>;
  close(): Promise<void>;
}

/** Starts a server and fetches its client bundle. */
export async function startFixture(): Promise<Fixture> {
  const server = await startTestServer();
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-runtimes-'));
  const secretKeys: Record<string, string> = {};
  try {
    const clientUrl = `${server.url}/v1/client.js`;
    const response = await fetch(clientUrl);
    if (!response.ok) throw new Error(`GET ${clientUrl} answered ${response.status}: ${await response.text()}`);
    const clientFile = join(dir, 'latchkey.min.js');
    await writeFile(clientFile, new Uint8Array(await response.arrayBuffer()));
    return {
      server,
      dir,
      clientFile,
      clientUrl,
      secretKeys,
      async person(handle) {
        const client = createClient({ server: server.url, store: 'memory' });
        secretKeys[handle] = (await client.signup(handle, TEST_PASSPHRASE)).secretKey;
        return client;
      },
      async machine(owner, name) {
        const made = await owner.createMachine(name);
        const probe = createClient({ server: server.url, store: 'memory' });
        const me = await probe.login({ token: made.token });
        await probe.logout();
        return { handle: me.handle, token: made.token, fingerprint: me.fingerprint };
      },
      async close() {
        await server.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await server.close();
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** test/runtimes/scenario.ts as plain JavaScript (types stripped). */
export async function scenarioJavaScript(): Promise<string> {
  const built = await esbuild.build({
    entryPoints: [join(import.meta.dirname, 'scenario.ts')],
    bundle: false,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
  });
  return built.outputFiles[0]!.text;
}
