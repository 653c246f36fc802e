/**
 * Runs the real worker bundle under Miniflare (workerd) with D1 persisted in
 * a folder: what `npm start`, the CLI and the tests use as a local server.
 * Node-only; src/worker itself stays workerd-safe.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Miniflare } from 'miniflare';
import { applyMigrations, readMigrations } from './migrations.ts';

/** Compatibility date of the worker (keep in step with wrangler.toml). */
export const COMPATIBILITY_DATE = '2026-04-01';

/** Origins `npm start` admits: the production defaults plus opaque (`null`) sandboxed frames. */
export const LOCAL_ALLOWED_ORIGINS = 'https://*-colab.googleusercontent.com,http://localhost:*,http://127.0.0.1:*,null';

/** Options of {@link startLocalServer}. */
export interface LocalServerOptions {
  /** TCP port; 0 picks a free one. Default 8787. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Folder for the D1 database files. Default `./.latchkey-data`. */
  dataDir?: string;
  /** Enables the benchmark route GET /v1/bench/row. */
  bench?: boolean;
  /** CORS allow-list (see docs/server.md, "Configuration"). Default {@link LOCAL_ALLOWED_ORIGINS}. */
  allowedOrigins?: string;
  /** Extra string bindings (e.g. SESSION_TTL_SECONDS) passed to the worker. */
  bindings?: Record<string, string>;
  /** A prebuilt worker bundle to run instead of dist/worker.js. */
  bundlePath?: string;
}

/** A running local server. */
export interface LocalServer {
  /** Base URL without trailing slash, e.g. http://127.0.0.1:8787 */
  url: string;
  /** Where D1 keeps its files. */
  dataDir: string;
  /** Migrations applied by this start (empty when the database was current). */
  applied: string[];
  /** Stops the server (data stays in dataDir). */
  close(): Promise<void>;
}

/** The repository (or installed package) root: the folder holding migrations/ and package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'migrations'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the latchkey package root (a folder with package.json and migrations/)');
}

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, (await stat(path)).mtimeMs);
  }
  return newest;
}

let building: Promise<string> | null = null;

/**
 * Returns the path of an up-to-date worker bundle, building dist/worker.js
 * when it is missing or older than the sources (in a source checkout).
 * Memoised per process.
 */
export function ensureWorkerBundle(): Promise<string> {
  building ??= (async () => {
    const root = packageRoot();
    const outfile = join(root, 'dist/worker.js');
    // src/client too: the worker embeds the browser client (GET /v1/client.js).
    const sources = ['src/worker', 'src/protocol', 'src/crypto', 'src/client'].map((d) => join(root, d));
    if (!sources.every((d) => existsSync(d))) {
      if (existsSync(outfile)) return outfile;
      throw new Error('dist/worker.js is missing; run `npm run build`');
    }
    const built = existsSync(outfile) ? (await stat(outfile)).mtimeMs : 0;
    let newest = 0;
    for (const d of sources) newest = Math.max(newest, await newestMtime(d));
    if (built < newest) {
      const script = pathToFileURL(join(root, 'scripts/build.mjs')).href;
      const { buildWorker } = (await import(script)) as typeof import('../../scripts/build.mjs');
      await buildWorker({ outfile });
    }
    return outfile;
  })();
  building.catch(() => {
    building = null;
  });
  return building;
}

/** Starts the worker under Miniflare, applies pending migrations and returns its URL. */
export async function startLocalServer(opts: LocalServerOptions = {}): Promise<LocalServer> {
  const root = packageRoot();
  const dataDir = resolve(opts.dataDir ?? '.latchkey-data');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const scriptPath = opts.bundlePath ?? (await ensureWorkerBundle());
  const bindings: Record<string, string> = {
    ALLOWED_ORIGINS: opts.allowedOrigins ?? LOCAL_ALLOWED_ORIGINS,
    ...(opts.bench ? { LATCHKEY_BENCH: '1' } : {}),
    ...opts.bindings,
  };
  const mf = new Miniflare({
    modules: true,
    scriptPath,
    compatibilityDate: COMPATIBILITY_DATE,
    d1Databases: { DB: 'latchkey-local' },
    d1Persist: join(dataDir, 'd1'),
    bindings,
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 8787,
  });
  try {
    const ready = await mf.ready;
    const db = await mf.getD1Database('DB');
    const applied = await applyMigrations(db as never, await readMigrations(join(root, 'migrations')));
    return {
      url: ready.origin,
      dataDir,
      applied,
      close: () => mf.dispose(),
    };
  } catch (err) {
    await mf.dispose().catch(() => {});
    throw err;
  }
}
