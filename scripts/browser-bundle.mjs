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
export const BROWSER_BUDGET_GZIP_BYTES = 50 * 1024;
/** Name of the module-level binding the worker reads the bundle text from (see scripts/build.mjs). */
export const CLIENT_BUNDLE_DEFINE = '__LATCHKEY_CLIENT_BUNDLE__';

/**
 * Node-only modules of the client (file store, provider file I/O and file
 * codecs, CLI) are reached only through dynamic imports guarded by a runtime
 * check. A single-file bundle would inline them anyway, so in the browser
 * build each of them becomes a stub exporting the same names, each throwing a
 * clear error if ever used: no `node:` specifier, none of that code (nor the
 * `yaml` package) ends up in the output.
 */
const EXPORT_DECL = /^export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:function\*?|const|let|var|class|abstract\s+class|enum)\s+([A-Za-z_$][\w$]*)/gm;
const EXPORT_LIST = /^export\s*\{([^}]*)\}/gm;

/** Names a module exports as values (types and interfaces are skipped). */
function valueExportNames(source) {
  const names = new Set();
  for (const m of source.matchAll(EXPORT_DECL)) names.add(m[1]);
  for (const m of source.matchAll(EXPORT_LIST)) {
    for (const part of m[1].split(',')) {
      const item = part.trim();
      if (!item || item.startsWith('type ')) continue;
      names.add(item.split(/\s+as\s+/).pop().trim());
    }
  }
  names.delete('default');
  return [...names];
}

/** Our modules that exist only for file I/O, whatever they import. */
const FILE_ONLY = /[\\/]src[\\/](?:cli[\\/]|client[\\/]providers[\\/]codecs[\\/](?!index\.ts$|types\.ts$))/;
/**
 * The @noble/curves fallback for runtimes without WebCrypto Ed25519/X25519.
 * Every runtime this build targets has them (current Chromium, Firefox,
 * Safari, Deno, workerd), and the fallback would cost ~9 KB of the 40 KB
 * budget; the npm package's Node/ESM build keeps it.
 */
const NOBLE_FALLBACK = /[\\/]src[\\/]crypto[\\/]noble-backend\.ts$/;
/**
 * Modules the browser build replaces with a small stand-in: the passphrase
 * strength check (the estimator's dictionaries, ~1.5 MB, are far over the
 * budget: the stand-in keeps the shared length floor and says only that was
 * checked), the passphrase change / Secret Key rotation and display (they
 * choose and show secrets: the latchkey command or the npm package does that),
 * and group administration (create, add, remove, delete: also the command's
 * or the npm package's job; reading through a group stays in).
 */
const BROWSER_STAND_INS = [
  [
    /[\\/]src[\\/]client[\\/]passphrase-strength\.ts$/,
    "import { NO_ESTIMATOR_NOTICE, assertLengthFloor } from './passphrase-rules.ts';\n" +
      'export async function assertStrongPassphrase(p, _handle, notice) { assertLengthFloor(p); notice?.(NO_ESTIMATOR_NOTICE); return p; }',
  ],
  [
    /[\\/]src[\\/]client[\\/]credentials\.ts$/,
    "const no = async () => { throw new Error('changing or showing the passphrase or Secret Key is not in the browser build of latchkey; use the latchkey command (passwd, secret-key) or the npm package'); };\n" +
      'export const changeCredentials = no;\nexport const revealSecretKey = no;',
  ],
  [
    /[\\/]src[\\/]client[\\/]groups\.ts$/,
    "const no = async () => { throw new Error('managing groups is not in the browser build of latchkey; use the latchkey command (latchkey group ...) or the npm package'); };\n" +
      'export const createGroup = no;\nexport const groupInfo = no;\nexport const addMember = no;\nexport const removeMember = no;\nexport const deleteGroupNamed = no;\n' +
      'export class Group { constructor(_state, name) { this.name = name; } add() { return no(); } remove() { return no(); } members() { return no(); } info() { return no(); } delete() { return no(); } }',
  ],
];
/** `import('./x.ts')` of one of our modules in code (not in a `typeof import(...)` type). */
const LOCAL_DYNAMIC_IMPORT = /(?<!typeof\s*)\bimport\(\s*(['"])(\.{1,2}\/[^'"]+)\1\s*\)/g;
/** `const { a, b } = await import('./x.ts')`: only plain names taken. */
const DESTRUCTURED_IMPORT = /\bconst\s*\{([\s\w$,]+)\}\s*=\s*await\s+import\(\s*(['"])(\.{1,2}\/[^'"]+)\2\s*\)/g;

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
const IMPORTS_NODE = /^\s*import[^;]*?from\s*['"]node:|\bimport\(\s*['"]node:/m;

const STUB_MODULE = 'latchkey-browser-stub';

const nodeOnlyStub = () => ({
  name: 'latchkey-node-only-stub',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const standIn = BROWSER_STAND_INS.find(([pattern]) => pattern.test(args.path));
      if (standIn) return { contents: standIn[1], loader: 'ts', resolveDir: dirname(args.path) };
      const source = await readFile(args.path, 'utf8');
      const noble = NOBLE_FALLBACK.test(args.path);
      if (!noble && !FILE_ONLY.test(args.path) && !IMPORTS_NODE.test(source)) return staticLocalImports(source, args.path);
      const file = args.path.slice(root.length + 1);
      const message = JSON.stringify(
        noble
          ? 'this runtime lacks WebCrypto Ed25519/X25519, which the browser build of latchkey needs (current Chrome, Firefox, Safari, Deno and Workers have them); use the npm package build instead'
          : `${file} needs Node (files) and is not part of the browser build of latchkey`,
      );
      const lines = [
        `import { unavailable } from ${JSON.stringify(STUB_MODULE)};`,
        `const stub = unavailable(${message});`,
        ...valueExportNames(source).map((name) => `export const ${name} = stub;`),
      ];
      return { contents: lines.join('\n') + '\n', loader: 'js' };
    });
    // One stand-in factory shared by every stub: a value that throws `message` when used.
    build.onResolve({ filter: new RegExp(`^${STUB_MODULE}$`) }, () => ({ path: STUB_MODULE, namespace: 'latchkey-stub' }));
    build.onLoad({ filter: /.*/, namespace: 'latchkey-stub' }, () => ({
      contents:
        'export function unavailable(message) {\n' +
        '  const fail = () => { throw new Error(message); };\n' +
        "  return new Proxy(function () {}, { get: (_, key) => (typeof key === 'symbol' || key === 'then' ? undefined : fail()), apply: fail, construct: fail });\n" +
        '}\n',
      loader: 'js',
    }));
    // A bare Node built-in reached any other way (a dependency) fails the build loudly.
    build.onResolve({ filter: /^node:/ }, (args) => ({
      errors: [{ text: `${args.path} imported by ${args.importer}: Node built-ins cannot be in the browser build` }],
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
    plugins: [nodeOnlyStub(), ...(opts.zodMini === 'npm' ? [realZod] : [])],
    write: false,
    outfile,
    metafile: opts.metafile ?? false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  if (opts.write !== false) {
    // Atomic: parallel test files may build while another reads the file.
    await mkdir(dirname(outfile), { recursive: true });
    const temp = `${outfile}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temp, code);
    await rename(temp, outfile);
  }
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

