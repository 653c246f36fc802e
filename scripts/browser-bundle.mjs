// The `browser` build target: the client SDK as one self-contained, minified
// ESM file (dist/browser/latchkey.min.js) for notebooks, the dashboard and CDN
// use, plus the pieces the worker build needs to serve it at /v1/client.js.
// Plain .mjs so `node scripts/build.mjs` (npm start) needs no TypeScript loader.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';
import { SLIM_CONDITION, SOURCE_CONDITION } from './conditions.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Entry: the client SDK minus credential-file I/O (src/client/browser.ts). */
export const BROWSER_ENTRY = join(root, 'src/client/browser.ts');
/**
 * An esbuild plugin that gives the wire schemas zod itself instead of the
 * subset they run on (src/protocol/wire-zod.ts): the baseline of
 * bench/bundle.ts (zod costs ~23 KB of the 40 KB budget) and the reference
 * of test/browser/zod-mini-subset.test.ts.
 */
export const realZod = {
  name: 'latchkey-real-zod',
  setup(build) {
    build.onResolve({ filter: /(^|[\\/])wire-zod\.ts$/ }, () => build.resolve('zod/mini', { kind: 'import-statement', resolveDir: root }));
  },
};
/** Where the browser bundle is written. */
export const BROWSER_OUTFILE = join(root, 'dist/browser/latchkey.min.js');
/** Budget from issue 4: minified + gzip -9. */
export const BROWSER_BUDGET_GZIP_BYTES = 52 * 1024;
/** Name of the module-level binding the worker reads the bundle text from (see scripts/build.mjs). */
export const CLIENT_BUNDLE_DEFINE = '__LATCHKEY_CLIENT_BUNDLE__';

/**
 * Node-vs-browser variants are chosen by package.json "imports" conditions,
 * not by this script: each `#name` the sources import (e.g. `#file-store`)
 * maps to the Node module under `node` and otherwise to its `*.browser.ts`
 * neighbour, and under SLIM_CONDITION to the stand-in this bundle takes to
 * stay within budget; SOURCE_CONDITION points them at src/ (see
 * scripts/conditions.mjs). Platform `browser` leaves out `node`. Any other
 * single-file browser bundle of the sources passes these same conditions.
 */
export const BROWSER_CONDITIONS = [SOURCE_CONDITION, SLIM_CONDITION];

/** `import('./x.ts')` or `import('#x')` of one of our modules in code (not in a `typeof import(...)` type). */
const LOCAL_DYNAMIC_IMPORT = /(?<!typeof\s*)\bimport\(\s*(['"])(\.{1,2}\/[^'"]+|#[^'"]+)\1\s*\)/g;
/** `const { a, b } = await import('./x.ts')` (or `'#x'`): only plain names taken. */
const DESTRUCTURED_IMPORT = /\bconst\s*\{([\s\w$,]+)\}\s*=\s*await\s+import\(\s*(['"])(\.{1,2}\/[^'"]+|#[^'"]+)\2\s*\)/g;

/**
 * In one file every module is already loaded, so a dynamic import of one of
 * our modules only defers running its top level (all declarations), yet it
 * makes esbuild wrap that module and everything it imports in lazy
 * initialisers with export objects, and keeps code that tree shaking would
 * otherwise drop. The browser build turns each into static imports resolved
 * the same way (an awaited promise of the same exports): named imports where
 * the result is destructured into plain names, a namespace import otherwise.
 */
function staticLocalImports(source, path) {
  const header = [];
  let n = 0;
  const contents = source
    .replace(DESTRUCTURED_IMPORT, (_, list, _q, spec) => {
      const names = list.split(',').map((name) => name.trim()).filter(Boolean);
      const local = (name) => `__latchkeyStatic${n}_${name}`;
      header.push(`import { ${names.map((name) => `${name} as ${local(name)}`).join(', ')} } from ${JSON.stringify(spec)};`);
      const taken = `{ ${names.map((name) => `${name}: ${local(name)}`).join(', ')} }`;
      n++;
      return `const { ${names.join(', ')} } = await Promise.resolve(${taken})`;
    })
    .replace(LOCAL_DYNAMIC_IMPORT, (_, _q, spec) => {
      header.push(`import * as __latchkeyStatic${n} from ${JSON.stringify(spec)};`);
      return `Promise.resolve(__latchkeyStatic${n++})`;
    });
  if (header.length === 0) return undefined;
  return { contents: `${header.join('\n')}\n${contents}`, loader: 'ts', resolveDir: dirname(path) };
}
/**
 * The esbuild plugin of a single-file browser bundle of the sources: turns
 * local dynamic imports into static ones (see staticLocalImports) and fails
 * the build if a Node built-in is reached at all (with BROWSER_CONDITIONS
 * none should be). It chooses no variants.
 */
export const browserSingleFile = () => ({
  name: 'latchkey-browser-single-file',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => staticLocalImports(await readFile(args.path, 'utf8'), args.path));
    build.onResolve({ filter: /^node:/ }, (args) => ({
      errors: [{ text: `${args.path} imported by ${args.importer}: Node built-ins cannot be in the browser build (choose a variant in package.json "imports")` }],
    }));
  },
});

/**
 * Builds the browser bundle and returns its bytes and integrity strings.
 * `zodMini: 'npm'` bundles zod itself instead of the subset ({@link realZod}).
 * @param {{ entry?: string, outfile?: string, write?: boolean, metafile?: boolean, zodMini?: 'subset' | 'npm' }} [opts]
 */
export async function buildBrowserBundle(opts = {}) {
  const entry = opts.entry ?? BROWSER_ENTRY;
  const outfile = opts.outfile ?? BROWSER_OUTFILE;
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    treeShaking: true,
    legalComments: 'none',
    // Ensures `process.env.X` style probes in dependencies do not need a shim.
    define: { 'process.env.NODE_ENV': '"production"' },
    conditions: BROWSER_CONDITIONS,
    plugins: [browserSingleFile(), ...(opts.zodMini === 'npm' ? [realZod] : [])],
    write: false,
    outfile,
    metafile: opts.metafile ?? false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  if (opts.write !== false) await writeAtomic(outfile, code);
  return { outfile, code, ...bundleIntegrity(code), ...(result.metafile ? { metafile: result.metafile } : {}) };
}

/**
 * SHA-256 (hex, for the ETag and for people to compare), an SRI string
 * (`sha384-<base64>`, for `<script integrity>` / pinning) and the gzip -9 size.
 * @param {Uint8Array} code
 */
export function bundleIntegrity(code) {
  return {
    sha256: createHash('sha256').update(code).digest('hex'),
    sri: `sha384-${createHash('sha384').update(code).digest('base64')}`,
    bytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
  };
}

/**
 * Integrity of the already-built bundle on disk (what `npm start` prints).
 * @param {string} [file]
 */
export async function clientBundleIntegrity(file = BROWSER_OUTFILE) {
  return bundleIntegrity(await readFile(file));
}

/** Writes a build output atomically: parallel test files may build while another reads the file. */
export async function writeAtomic(file, data) {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, data);
  await rename(temp, file);
}
