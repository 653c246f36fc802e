/**
 * Runs the built worker (dist/worker.js) under Miniflare (workerd) with D1
 * persisted in a folder: the local server of `latchkey serve` (and so of
 * `npm start`), of the tests and of the benchmarks. miniflare is an optional
 * peer of the package, imported only when a server starts.
 * Node-only; src/worker itself stays workerd-safe.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyMigrations, readMigrations } from './migrations.ts';

/** Compatibility date of the worker (keep in step with wrangler.toml). */
export const COMPATIBILITY_DATE = '2026-04-01';

/** Origins the local server admits: the production defaults plus opaque (`null`) sandboxed frames. */
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

/** The optional peer package that runs the worker (see docs/install.md). */
export const SERVER_RUNTIME = 'miniflare';

/** Starting a server without miniflare installed: names the command that installs it. */
export class ServerRuntimeMissingError extends Error {
  /** The command to run where latchkey is installed, e.g. `npm install 'miniflare@^4.20260426.0'`. */
  readonly install: string;
  constructor(range: string) {
    const install = `npm install '${SERVER_RUNTIME}@${range}'`;
    super(`the local server needs the optional package ${SERVER_RUNTIME}, which is not installed (install it where latchkey is installed: ${install})`);
    this.name = 'ServerRuntimeMissingError';
    this.install = install;
  }
}

/** The miniflare version range this package was built and tested with (its peerDependencies entry). */
export function serverRuntimeRange(root = packageRoot()): string {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { peerDependencies?: Record<string, string> };
    return pkg.peerDependencies?.[SERVER_RUNTIME] ?? 'latest';
  } catch {
    return 'latest';
  }
}

/**
 * Whether `error` is Node failing to find the package `name` itself (not a
 * file inside it, nor one of its own dependencies).
 */
export function isMissingPackage(error: unknown, name: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'ERR_MODULE_NOT_FOUND' && typeof message === 'string' && message.startsWith(`Cannot find package '${name}' `);
}

/**
 * Loads miniflare, which is optional: only a missing miniflare becomes
 * {@link ServerRuntimeMissingError}; anything else (a broken install, a
 * missing dependency of miniflare) is rethrown as is.
 */
async function loadMiniflare(): Promise<typeof import('miniflare')> {
  try {
    return await import('miniflare');
  } catch (error) {
    if (isMissingPackage(error, SERVER_RUNTIME)) throw new ServerRuntimeMissingError(serverRuntimeRange());
    throw error;
  }
}

/**
 * The built worker (dist/worker.js, beside it dist/worker.client.mjs): shipped
 * in the npm package, written by `npm run build` (and `npm start`) in a checkout.
 */
export function workerBundlePath(root = packageRoot()): string {
  const outfile = join(root, 'dist/worker.js');
  if (!existsSync(outfile)) throw new Error(`${outfile} is missing; run \`npm run build\` in ${root}`);
  return outfile;
}

/** Starts the worker under Miniflare, applies pending migrations and returns its URL. */
export async function startLocalServer(opts: LocalServerOptions = {}): Promise<LocalServer> {
  const root = packageRoot();
  const scriptPath = resolve(opts.bundlePath ?? workerBundlePath(root));
  const { Miniflare } = await loadMiniflare();
  const dataDir = resolve(opts.dataDir ?? '.latchkey-data');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const bindings: Record<string, string> = {
    ALLOWED_ORIGINS: opts.allowedOrigins ?? LOCAL_ALLOWED_ORIGINS,
    ...(opts.bench ? { LATCHKEY_BENCH: '1' } : {}),
    ...opts.bindings,
  };
  const mf = new Miniflare({
    modules: true,
    scriptPath,
    // Module names (./worker.client.mjs) resolve beside the bundle, whatever the working folder.
    modulesRoot: dirname(scriptPath),
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
