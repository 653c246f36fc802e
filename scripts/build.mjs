#!/usr/bin/env node
// Builds every bundle target in TARGETS (browser client, worker, CLI) and
// reports sizes against their budgets. Exits non-zero on any build error.
// Plain .mjs so `npm start` needs no TypeScript loader.
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { BROWSER_BUDGET_GZIP_BYTES, CLIENT_BUNDLE_DEFINE, buildBrowserBundle } from './browser-bundle.mjs';
import { SOURCE_CONDITION } from './conditions.mjs';
import { VERSION_DEFINE } from './version.mjs';
import { WEB_BUDGET_GZIP_BYTES, buildWebBundle, webAssetsBanner } from './web-bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The worker entry and its default output. */
export const WORKER_ENTRY = join(root, 'src/worker/index.ts');
export const WORKER_OUTFILE = join(root, 'dist/worker.js');
/** Budget from issue 3: minified worker, gzip -9. */
export const WORKER_BUDGET_GZIP_BYTES = 80 * 1024;

/**
 * Builds the browser client and writes it as a module beside the worker
 * (`<worker>.client.mjs`, `export default "<bundle text>"`), imported by a
 * banner line so the route GET /v1/client.js can serve it while the worker's
 * own file stays code only (its budget measures code, not this asset).
 * Miniflare and `wrangler deploy dist/worker.js` follow the import. A client
 * that does not build leaves the route answering 503, not a broken worker.
 * @param {string} workerOutfile
 * @returns {Promise<string>} the banner line, or '' without a client
 */
async function clientBundleBanner(workerOutfile) {
  try {
    const { code } = await buildBrowserBundle();
    const file = workerOutfile.replace(/\.js$/, '') + '.client.mjs';
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await mkdir(dirname(file), { recursive: true });
    await writeFile(temp, `export default ${JSON.stringify(new TextDecoder().decode(code))};\n`);
    await rename(temp, file);
    return `import ${CLIENT_BUNDLE_DEFINE} from ${JSON.stringify(`./${basename(file)}`)};`;
  } catch (err) {
    const errors = err && Array.isArray(err.errors) ? err.errors.map((e) => e.text).join('; ') : String(err);
    console.warn(`latchkey build: browser client not embedded in the worker (/v1/client.js will answer 503): ${errors}`);
    return '';
  }
}

/**
 * Bundles the worker (ESM, platform neutral, minified) and writes it
 * atomically (temp file + rename) so parallel test runs never read half a file.
 * @param {{ outfile?: string, define?: Record<string, string>, minify?: boolean }} [opts]
 * @returns {Promise<{ outfile: string, bytes: number, gzipBytes: number }>}
 */
export async function buildWorker(opts = {}) {
  const outfile = opts.outfile ?? WORKER_OUTFILE;
  const result = await esbuild.build({
    entryPoints: [WORKER_ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    // SOURCE_CONDITION: package.json "imports" (#noble-backend) resolve to src/, the full variants.
    conditions: [SOURCE_CONDITION, 'workerd', 'worker', 'browser', 'import'],
    mainFields: ['module', 'main'],
    minify: opts.minify ?? true,
    treeShaking: true,
    legalComments: 'none',
    define: { ...VERSION_DEFINE, ...opts.define },
    banner: { js: [await clientBundleBanner(outfile), await webAssetsBanner(outfile)].filter(Boolean).join('\n') },
    write: false,
    outfile,
    logLevel: 'silent',
  });
  return writeBuilt(outfile, result.outputFiles[0].contents);
}

/**
 * Writes a built file atomically (temp file + rename, so a parallel test run
 * never reads half a file) and reports its sizes.
 * @param {string} outfile
 * @param {Uint8Array} code
 * @returns {Promise<{ outfile: string, bytes: number, gzipBytes: number }>}
 */
async function writeBuilt(outfile, code) {
  await mkdir(dirname(outfile), { recursive: true });
  const temp = `${outfile}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, code);
  await rename(temp, outfile);
  return { outfile, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

/** Newest modification time of the files under `dir` (0 when it is empty or absent). */
async function newestMtime(dir) {
  let newest = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestMtime(path) : (await stat(path)).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/worker.js unless it is newer than everything it is made from
 * (the worker embeds the browser client, so src/client and the build scripts
 * count). For tests and benchmarks, which run the built worker as users do.
 * @returns {Promise<string>} the worker bundle path
 */
export async function ensureWorker() {
  const sources = ['src/worker', 'src/protocol', 'src/crypto', 'src/client', 'src/web', 'scripts'].map((d) => join(root, d));
  const built = await stat(WORKER_OUTFILE).then((s) => s.mtimeMs, () => 0);
  let newest = 0;
  for (const dir of sources) newest = Math.max(newest, await newestMtime(dir));
  if (built < newest) await buildWorker();
  return WORKER_OUTFILE;
}

/** The CLI entry and its output folder (bin/latchkey.js imports dist/cli/latchkey.js). */
export const CLI_ENTRY = join(root, 'src/cli/cli.ts');
export const CLI_OUTDIR = join(root, 'dist/cli');

/**
 * Bundles the CLI's own code for Node (ESM, code splitting so each command
 * loads only what it needs). Built in a temp folder, then swapped in, so a
 * running CLI never sees half a build.
 *
 * The package's dependencies (and optional peers) are loaded from
 * node_modules, not bundled: an ESM bundle cannot require() Node built-ins,
 * so a CommonJS dependency inside it (yaml does `require('process')`) fails
 * at run time with "Dynamic require of ... is not supported", and they are
 * installed beside the CLI anyway. Every other package it imports is a
 * devDependency bundled into a lazy chunk: the passphrase estimator's word
 * lists (ESM), which as npm packages would weigh 9 MB installed (three module
 * formats plus source maps) against 1.6 MB bundled, and the age library
 * (age-encryption, @scure/base, @noble/post-quantum), whose pinned older
 * @noble versions an install would nest beside ours: bundled, it runs on the
 * @noble packages latchkey already depends on.
 * test/cli/real-machines.test.ts checks what the bundle imports.
 * @param {{ outdir?: string, minify?: boolean }} [opts]
 * @returns {Promise<{ outfile: string, bytes: number, gzipBytes: number, packages: string[] }>} `packages`: what the bundle imports from node_modules
 */

export async function buildCli(opts = {}) {
  const outdir = opts.outdir ?? CLI_OUTDIR;
  const temp = `${outdir}.${process.pid}.${Date.now()}.tmp`;
  const result = await esbuild.build({
    entryPoints: [{ in: CLI_ENTRY, out: 'latchkey' }],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // package.json "imports" (#file-store, ...) resolve to src/, the Node variants.
    conditions: [SOURCE_CONDITION],
    external: RUNTIME_PACKAGES.flatMap((name) => [name, `${name}/*`]),
    chunkNames: 'chunks/[name]-[hash]',
    define: VERSION_DEFINE,
    minify: opts.minify ?? true,
    legalComments: 'none',
    outdir: temp,
    metafile: true,
    logLevel: 'silent',
  });
  await rm(`${outdir}.old`, { recursive: true, force: true });
  await rename(outdir, `${outdir}.old`).catch(() => {});
  await rename(temp, outdir);
  await rm(`${outdir}.old`, { recursive: true, force: true });
  // Sizes cover every chunk (the entry alone is only the command table).
  const files = Object.keys(result.metafile.outputs).map((f) => join(outdir, relative(temp, resolve(f))));
  const code = Buffer.concat(await Promise.all(files.map((f) => readFile(f))));
  const packages = new Set();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const i of output.imports) if (i.external && !i.path.startsWith('node:')) packages.add(packageName(i.path));
  }
  return { outfile: join(outdir, 'latchkey.js'), bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, packages: [...packages].sort() };
}

/** What an install of latchkey brings: its dependencies and optional peers (the only packages left external). */
const RUNTIME_PACKAGES = (() => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
})();

/** The SDK's passphrase estimator loader, as tsc emits it into dist/lib. */
export const ESTIMATOR_ENTRY = join(root, 'src/client/zxcvbn-loader.ts');
export const ESTIMATOR_OUTFILE = join(root, 'dist/lib/client/zxcvbn-loader.js');

/**
 * Replaces tsc's dist/lib/client/zxcvbn-loader.js with a self-contained
 * bundle (the zxcvbn-ts estimator and its word lists inside), so the
 * installed SDK needs no @zxcvbn-ts package: see buildCli for the weight.
 * Runs after tsc (npm run build).
 * @returns {Promise<{ outfile: string, bytes: number, gzipBytes: number }>}
 */
export async function buildEstimator() {
  const result = await esbuild.build({
    entryPoints: [ESTIMATOR_ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    outfile: ESTIMATOR_OUTFILE,
    logLevel: 'silent',
  });
  return writeBuilt(ESTIMATOR_OUTFILE, result.outputFiles[0].contents);
}

/** `@scope/name/sub.js` -> `@scope/name`, `name/sub` -> `name`. */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Build targets, in order. Each returns `{ outfile, bytes, gzipBytes, budget? }`.
 * @type {Array<{ name: string, build: () => Promise<{ outfile: string, bytes: number, gzipBytes: number, budget?: number }> }>}
 */
export const TARGETS = [
  {
    name: 'browser',
    build: async () => {
      const b = await buildBrowserBundle();
      return { ...b, budget: BROWSER_BUDGET_GZIP_BYTES, note: `sha256 ${b.sha256}  integrity ${b.sri}` };
    },
  },
  { name: 'web', build: async () => ({ ...(await buildWebBundle()), budget: WEB_BUDGET_GZIP_BYTES }) },
  { name: 'worker', build: async () => ({ ...(await buildWorker()), budget: WORKER_BUDGET_GZIP_BYTES }) },
  { name: 'cli', build: () => buildCli() },
  { name: 'estimator', build: () => buildEstimator() },
];

function kb(n) {
  return `${(n / 1024).toFixed(1)} KB`;
}

async function main() {
  let failed = false;
  for (const target of TARGETS) {
    try {
      const r = await target.build();
      const over = r.budget !== undefined && r.gzipBytes > r.budget;
      console.log(
        `${target.name.padEnd(10)} ${r.outfile.replace(`${root}/`, '')}  ${kb(r.bytes)} min, ${kb(r.gzipBytes)} gzip` +
          (r.budget !== undefined ? ` (budget ${kb(r.budget)}${over ? ', OVER' : ''})` : ''),
      );
      if (r.note) console.log(`${' '.repeat(11)}${r.note}`);
    } catch (err) {
      failed = true;
      const errors = err && Array.isArray(err.errors) ? err.errors : [];
      console.error(`build ${target.name} failed: ${errors.length ? errors.map((e) => e.text).join('; ') : String(err)}`);
    }
  }
  if (failed) process.exit(1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
