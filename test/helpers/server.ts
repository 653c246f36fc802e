/**
 * Starts the real worker under Miniflare for tests: 127.0.0.1, a free port,
 * a fresh temporary D1 folder that `close()` removes. It runs dist/worker.js,
 * which test/helpers/built-worker.ts (vitest global setup) keeps up to date.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalServer } from '../../src/server-node/local.ts';

/** Options of {@link startTestServer}. */
export interface TestServerOptions {
  /** Enables GET /v1/bench/row. */
  bench?: boolean;
  /** CORS allow-list; default admits localhost, Colab and `null`. */
  allowedOrigins?: string;
  /** Extra worker bindings, e.g. `{ SESSION_TTL_SECONDS: '2' }`. */
  bindings?: Record<string, string>;
}

/** A running test server. */
export interface TestServer {
  /** Base URL without trailing slash. */
  url: string;
  /** The temporary folder holding the D1 files (removed by close). */
  dataDir: string;
  /** Stops the server and deletes its data. */
  close(): Promise<void>;
}

/** Starts a throw-away latchkey server. Always `await close()` (e.g. in afterAll). */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-server-test-'));
  try {
    const server = await startLocalServer({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      ...(opts.bench ? { bench: true } : {}),
      ...(opts.allowedOrigins !== undefined ? { allowedOrigins: opts.allowedOrigins } : {}),
      ...(opts.bindings ? { bindings: opts.bindings } : {}),
    });
    return {
      url: server.url,
      dataDir,
      close: async () => {
        await server.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
}
