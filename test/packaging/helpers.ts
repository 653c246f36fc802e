/**
 * Packing and installing latchkey as a user gets it, without the network:
 * `npm pack` of this checkout (after `npm run build` when dist/ is older than
 * its sources), its runtime dependencies packed from node_modules as they were
 * published, and `npm install --omit=dev --offline` of those tarballs into an
 * empty project with its own npm cache.
 */
import { spawn } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This checkout. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Issue 19: `npm install latchkey` (SDK + CLI, no server) fits in 10 MB of node_modules. */
export const INSTALL_BUDGET_BYTES = 10_000_000;

/** The fields of a package.json these tests read. */
export interface PackageJson {
  name: string;
  version: string;
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
  /** `#name` -> condition -> target (or a nested condition map). */
  imports?: Record<string, Record<string, unknown>>;
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  scripts?: Record<string, string>;
  gypfile?: boolean;
}

export async function readPackageJson(dir: string): Promise<PackageJson> {
  return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageJson;
}

/** A temporary folder and its removal. */
export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** PATH and a HOME, nothing of the npm that may be running these tests (its npm_* variables). */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? tmpdir(),
    NO_COLOR: '1',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

/** What one process run produced. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion (killed after `timeoutMs`). */
export function run(command: string, args: readonly string[], opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

async function mustRun(command: string, args: readonly string[], opts: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<RunResult> {
  const r = await run(command, args, opts);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

/** Outputs of `npm run build` that the tarball ships, and what they are built from. */
const BUILT = ['dist/worker.js', 'dist/worker.client.mjs', 'dist/cli/latchkey.js', 'dist/browser/latchkey.min.js', 'dist/lib/client/index.js', 'dist/types/client/index.d.ts'];
const SOURCES = ['src', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

/** Runs `npm run build` unless every shipped output is newer than every source. */
async function buildIfStale(): Promise<void> {
  const built = await Promise.all(BUILT.map((f) => stat(join(repoRoot, f)).then((s) => s.mtimeMs, () => 0)));
  let newest = 0;
  for (const s of SOURCES) newest = Math.max(newest, await newestMtime(join(repoRoot, s)));
  if (Math.min(...built) > newest) return;
  await mustRun('npm', ['run', 'build'], { cwd: repoRoot, env: cleanEnv(), timeoutMs: 240_000 });
}

/** `npm pack --json` of `dirs` into `dest`: the tarball paths and the first one's file list. */
async function pack(dirs: readonly string[], dest: string): Promise<Array<{ filename: string; files: string[] }>> {
  const r = await mustRun('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest, ...dirs], { cwd: repoRoot, timeoutMs: 120_000 });
  const parsed = JSON.parse(r.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  return parsed.map((p) => ({ filename: join(dest, p.filename), files: p.files.map((f) => f.path) }));
}

/** The folders of `names` and of everything they depend on, in this checkout's node_modules. */
async function dependencyFolders(names: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  const visit = async (name: string, from: string): Promise<void> => {
    let dir = from;
    for (;;) {
      const candidate = join(dir, 'node_modules', name);
      if (await stat(join(candidate, 'package.json')).catch(() => null)) {
        if (found.has(candidate)) return;
        found.add(candidate);
        for (const dep of Object.keys((await readPackageJson(candidate)).dependencies ?? {})) await visit(dep, candidate);
        return;
      }
      if (dir === repoRoot) throw new Error(`${name} is not installed in ${repoRoot}/node_modules; run npm ci`);
      dir = dirname(dir);
    }
  };
  for (const name of names) await visit(name, repoRoot);
  return [...found];
}

/** A packed latchkey with the tarballs of its runtime dependencies. */
export interface Packed {
  /** Paths inside the latchkey tarball. */
  files: string[];
  /** npm install --omit=dev of the tarballs into a new empty project at `dir`. */
  installInto(dir: string): Promise<RunResult>;
}

/** Builds (when stale) and packs latchkey and its dependencies into `dest`. */
export async function packInto(dest: string): Promise<Packed> {
  await mkdir(dest, { recursive: true });
  await buildIfStale();
  const [latchkey] = await pack([repoRoot], dest);
  const deps = await pack(await dependencyFolders(Object.keys((await readPackageJson(repoRoot)).dependencies)), dest);
  return {
    files: latchkey!.files,
    async installInto(dir) {
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'latchkey-pack-test', version: '0.0.0', private: true, type: 'module' }));
      const env = cleanEnv({ npm_config_cache: join(dest, '.npm-cache') });
      const args = ['install', '--omit=dev', '--no-audit', '--no-fund', '--offline', '--no-package-lock', latchkey!.filename, ...deps.map((d) => d.filename)];
      return mustRun('npm', args, { cwd: dir, env, timeoutMs: 180_000 });
    },
  };
}

/** Bytes of every file under a node_modules folder (links counted, not followed), in total and per package. */
export async function installedBytes(nodeModules: string): Promise<{ total: number; byPackage: Record<string, number> }> {
  const sizeOf = async (path: string): Promise<number> => {
    const info = await lstat(path);
    if (!info.isDirectory()) return info.size;
    let sum = 0;
    for (const entry of await readdir(path)) sum += await sizeOf(join(path, entry));
    return sum;
  };
  const byPackage: Record<string, number> = {};
  let total = 0;
  for (const entry of await readdir(nodeModules)) {
    const names = entry.startsWith('@') ? (await readdir(join(nodeModules, entry))).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names) {
      const bytes = await sizeOf(join(nodeModules, name));
      total += bytes;
      if (!name.startsWith('.')) byPackage[name] = bytes;
    }
  }
  return { total, byPackage };
}
