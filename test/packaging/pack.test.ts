/**
 * What `npm install latchkey` gives a user: the packed tarball installed with
 * `--omit=dev` into an empty project (offline: its dependencies come from this
 * checkout's node_modules, packed as they were published). Checks what ships,
 * the installed size budget and the absence of install scripts, that the
 * package lists exactly what its code imports, then runs the SDK round trip,
 * `npx latchkey --help`, `npx latchkey serve` without and with miniflare, and
 * a TypeScript user's compile without and with zod.
 */
import { spawn } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { serverUrl } from '../cli/helpers.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { SOURCE_CONDITION } from '../../scripts/conditions.mjs';
import { INSTALL_BUDGET_BYTES, cleanEnv, installedBytes, packInto, readPackageJson, repoRoot, run, tempDir, type Packed } from './helpers.ts';

let work: { path: string; remove(): Promise<void> };
let packed: Packed;
let project: string;
let installed: string;
let install: { stdout: string; stderr: string };

beforeAll(async () => {
  work = await tempDir('latchkey-pack-test-');
  packed = await packInto(join(work.path, 'tarballs'));
  project = join(work.path, 'project');
  install = await packed.installInto(project);
  installed = join(project, 'node_modules/latchkey');
}, 300_000);

afterAll(async () => {
  await work?.remove();
});

test('the tarball holds what the SDK, CLI and server need and no tests, benches or source maps', async () => {
  const files = packed.files;
  for (const needed of ['package.json', 'README.md', 'bin/latchkey.js', 'dist/cli/latchkey.js', 'dist/worker.js', 'dist/worker.client.mjs', 'migrations/0001_init.sql']) {
    expect(files, needed).toContain(needed);
  }
  // Every export points at a shipped file.
  const pkg = await readPackageJson(repoRoot);
  for (const [entry, targets] of Object.entries(pkg.exports)) {
    for (const target of typeof targets === 'string' ? [targets] : Object.values(targets)) {
      expect(files, `export ${entry}`).toContain(target.replace(/^\.\//, ''));
    }
  }
  // So does every "imports" variant an installed package resolves (the source branch is for this checkout).
  for (const [name, conditions] of Object.entries(pkg.imports ?? {})) {
    for (const [condition, target] of Object.entries(conditions)) {
      if (condition !== SOURCE_CONDITION) expect(files, `${name} (${condition})`).toContain(String(target).replace(/^\.\//, ''));
    }
  }
  const unwanted = files.filter((f) => /(^|\/)(test|tests|bench|__tests__|fixtures?)(\/|$)|\.test\.|\.bench\.|test-fixtures|\.map$|\.ts$(?<!\.d\.ts)|\.tmp$|\/\.cli-test-/.test(f));
  expect(unwanted).toEqual([]);
  // Only the public parts of the compiled library (the worker, CLI and server runners ship bundled).
  expect(files.filter((f) => f.startsWith('dist/lib/') && !/^dist\/lib\/(client|crypto|protocol)\//.test(f))).toEqual([]);
});

test(`an --omit=dev install stays within ${INSTALL_BUDGET_BYTES / 1e6} MB and runs no install scripts`, async () => {
  const { total, byPackage } = await installedBytes(join(project, 'node_modules'));
  console.log(`installed: ${(total / 1e6).toFixed(2)} MB in node_modules; ${Object.entries(byPackage).map(([name, bytes]) => `${name} ${(bytes / 1e6).toFixed(2)}`).join(', ')}`);
  expect(total).toBeLessThanOrEqual(INSTALL_BUDGET_BYTES);
  expect(Object.keys(byPackage)).not.toContain('miniflare');
  expect(Object.keys(byPackage)).not.toContain('hono');
  expect(`${install.stdout}\n${install.stderr}`).not.toMatch(/install-scripts|postinstall|preinstall/i);
  for (const name of Object.keys(byPackage)) {
    const pkg = await readPackageJson(join(project, 'node_modules', name));
    const scripts = Object.keys(pkg.scripts ?? {}).filter((s) => ['preinstall', 'install', 'postinstall', 'prepare'].includes(s));
    expect(scripts, `${name} install scripts`).toEqual([]);
    expect(pkg.gypfile ?? false, `${name} native build`).toBe(false);
  }
});

test('dependencies are exactly the packages the shipped SDK and CLI import; miniflare and zod are optional peers', async () => {
  const pkg = await readPackageJson(installed);
  // bin/latchkey.js loads the CLI through a computed URL, so its entry is named here.
  const targets = [...Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t))), pkg.bin.latchkey!, 'dist/cli/latchkey.js'];
  const entries = [...new Set(targets.map((f) => f.replace(/^\.\//, '')))]
    .filter((f) => /\.m?js$/.test(f))
    .map((f) => join(installed, f));
  const result = await esbuild.build({
    entryPoints: entries, bundle: true, write: false, splitting: true, format: 'esm', platform: 'node', outdir: join(work.path, 'scan'),
    packages: 'external', metafile: true, logLevel: 'silent',
  });
  const imported = new Set<string>();
  for (const input of Object.values(result.metafile.inputs)) {
    for (const i of input.imports) {
      // esbuild's own helpers come from '<runtime>'.
      if (!i.external || i.path.startsWith('node:') || i.path === '<runtime>') continue;
      imported.add(i.path.startsWith('@') ? i.path.split('/').slice(0, 2).join('/') : i.path.split('/')[0]!);
    }
  }
  expect([...imported].sort()).toEqual([...Object.keys(pkg.dependencies), 'miniflare'].sort());
  // zod: the types of the wire schemas (they run on src/protocol/zod-mini-subset.ts); miniflare: `latchkey serve`.
  expect(pkg.peerDependencies).toEqual({ miniflare: expect.any(String), zod: expect.any(String) });
  expect(pkg.peerDependenciesMeta).toEqual({ miniflare: { optional: true }, zod: { optional: true } });
  expect(imported).not.toContain('zod');
  expect(imported).not.toContain('hono');
});

test('a browser bundler of the installed SDK takes the *.browser.js variants: no Node built-in in its graph', async () => {
  const result = await esbuild.build({
    entryPoints: [join(installed, 'dist/lib/client/index.js')], bundle: true, write: false, splitting: true, format: 'esm', platform: 'browser',
    outdir: join(work.path, 'browser-scan'), external: ['@zxcvbn-ts/*'], metafile: true, logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs).map((f) => f.replace(/^.*node_modules\/latchkey\//, ''));
  expect(inputs).toContain('dist/lib/client/store/file.browser.js');
  expect(inputs).not.toContain('dist/lib/client/store/file.js');
  const builtins = Object.values(result.metafile.inputs).flatMap((i) => i.imports.filter((x) => x.path.startsWith('node:')).map((x) => x.path));
  expect(builtins).toEqual([]);
});

test('the installed SDK signs up, saves and loads a secret against the real worker', async () => {
  let server: TestServer | undefined;
  try {
    server = await startTestServer();
    const script = join(project, 'roundtrip.mjs');
    await writeFile(script, [
      "import { createClient } from 'latchkey';",
      'const server = process.argv[2];',
      "const alice = createClient({ server, store: 'memory' });",
      "const { secretKey } = await alice.signup('alice', 'quiet lantern orbit marmalade 7');",
      "await (await alice.secret({ name: 'ai/openai', values: { api_key: 'sk-packed' }, provider: 'openai' })).save();",
      "const again = createClient({ server, store: 'memory' });",
      "await again.login({ handle: 'alice', passphrase: 'quiet lantern orbit marmalade 7', secretKey });",
      "const loaded = await again.secret('ai/openai');",
      'console.log(JSON.stringify({ values: loaded.values, version: loaded.currentVersion }));',
    ].join('\n'));
    const r = await run(process.execPath, [script, server.url], { cwd: project, timeoutMs: 120_000 });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ values: { api_key: 'sk-packed' }, version: 1 });
    expect(r.code).toBe(0);
  } finally {
    await server?.close();
  }
}, 180_000);

test('npx latchkey --help lists the commands', async () => {
  const r = await run('npx', ['--no-install', 'latchkey', '--help'], { cwd: project });
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/\bserve\b/);
  expect(r.stdout).toMatch(/\bsignup\b/);
});

test('npx latchkey serve says in one line what to install without miniflare, and serves with it', async () => {
  const data = join(work.path, 'serve-data');
  const missing = await run('npx', ['--no-install', 'latchkey', 'serve', '--port', '0', '--data', data], { cwd: project });
  expect(missing.code).toBe(1);
  const lines = missing.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  const peer = (await readPackageJson(installed)).peerDependencies!.miniflare!;
  expect(lines[0]).toContain(`npm install 'miniflare@${peer}'`);
  expect(missing.stdout).toBe('');

  // Installed: this checkout's miniflare, linked as npm links a local folder (its own dependencies resolve beside it).
  await symlink(join(repoRoot, 'node_modules/miniflare'), join(project, 'node_modules/miniflare'), 'dir');
  const proc = spawn('npx', ['--no-install', 'latchkey', 'serve', '--port', '0', '--data', data], { cwd: project, env: cleanEnv(), detached: true });
  const exited = new Promise<void>((resolve) => proc.on('close', () => resolve()));
  const server = serverUrl(proc);
  try {
    const url = await server.url;
    expect(await (await fetch(`${url}/v1/health`)).json()).toMatchObject({ ok: true, service: 'latchkey' });
    expect(server.output()).toContain('applied migrations: 0001_init.sql');
  } finally {
    // npx runs the CLI as a child: signal the whole group it leads.
    process.kill(-proc.pid!, 'SIGTERM');
    await exited;
  }
}, 120_000);

test('TypeScript: the SDK types hold without zod (skipLibCheck), the wire types come with zod', async () => {
  const dir = join(project, 'typescript');
  await mkdir(dir);
  await writeFile(join(dir, 'use.ts'), [
    "import { createClient } from 'latchkey';",
    "import type { SecretSummary } from 'latchkey/protocol';",
    "const client = createClient({ server: 'http://127.0.0.1:8787', store: 'memory' });",
    'export const handle: number = (await client.whoami()).handle;',
    'declare const summary: SecretSummary;',
    'export const name: number = summary.name;',
  ].join('\n'));
  const compilerOptions = { strict: true, module: 'nodenext', target: 'es2022', lib: ['es2023', 'dom'], types: [], noEmit: true, skipLibCheck: true };
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['use.ts'] }));
  const tsc = async () => {
    const r = await run(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', dir], { cwd: dir });
    return [...r.stdout.matchAll(/^use\.ts\((\d+),\d+\): error (TS\d+)/gm)].map((m) => `${m[1]} ${m[2]}`);
  };
  // Each line 4 and 6 assigns a string to a number: only types that are known catch it.
  expect(await tsc()).toEqual(['4 TS2322']);
  await symlink(join(repoRoot, 'node_modules/zod'), join(project, 'node_modules/zod'), 'dir');
  expect(await tsc()).toEqual(['4 TS2322', '6 TS2322']);
});