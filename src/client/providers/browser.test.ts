/**
 * Browser safety: bundled for browsers (package.json "imports" without the
 * `node` condition), the registry, codecs and env logic carry no Node
 * import at all (file I/O is node-files.browser.ts) and yaml only in lazily
 * loaded chunks, and file operations fail with a clear error where there is
 * no Node.
 */
import { afterAll, expect, test } from 'vitest';
import { build } from 'esbuild';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { nodeFiles } from './files.ts';
import { envFor, providerSecret, ProviderUnsupportedError } from './index.ts';
import { cleanup, tempHome } from '../../../test/helpers/provider-home.ts';
import { SOURCE_CONDITION } from '../../../scripts/conditions.mjs';

const out = tempHome('latchkey-bundle-');
afterAll(() => cleanup(out));

test('no chunk has node: imports; yaml loads lazily', async () => {
  const entry = fileURLToPath(new URL('./index.ts', import.meta.url));
  await build({ entryPoints: { providers: entry }, bundle: true, format: 'esm', splitting: true, platform: 'browser', conditions: [SOURCE_CONDITION], outdir: out, minify: true, external: ['node:*'], logLevel: 'silent' });
  const main = readFileSync(join(out, 'providers.js'), 'utf8');
  const staticImports = [...main.matchAll(/import\s*(?:[\w{},*\s$]+from\s*)?["']([^"']+)["']/g)].map((m) => m[1]!);
  const closure = new Set<string>();
  const visit = (file: string): void => {
    const text = readFileSync(join(out, file), 'utf8');
    for (const m of text.matchAll(/import\s*(?:[\w{},*\s$]+from\s*)?["']([^"']+)["']/g)) {
      const spec = m[1]!;
      expect(spec.startsWith('node:'), `${file} statically imports ${spec}`).toBe(false);
      const f = spec.replace(/^\.\//, '');
      if (!closure.has(f)) {
        closure.add(f);
        visit(f);
      }
    }
  };
  visit('providers.js');
  expect(staticImports.every((s) => !s.startsWith('node:'))).toBe(true);
  const eager = ['providers.js', ...closure].map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
  expect(eager).not.toMatch(/node:fs|YAMLMap|parseDocument/);
  const lazy = readdirSync(out).filter((f) => !closure.has(f) && f !== 'providers.js').map((f) => readFileSync(join(out, f), 'utf8')).join('\n');
  expect(lazy).toMatch(/YAMLMap|parseDocument/);
  expect(lazy).not.toMatch(/["']node:/);
  const gz = gzipSync(Buffer.from(eager)).length;
  expect(gz).toBeLessThan(20_000);
});

test('without Node, file operations throw a clear error; values and env still work', async () => {
  await expect(nodeFiles({})).rejects.toBeInstanceOf(ProviderUnsupportedError);
  await expect(nodeFiles({})).rejects.toThrow('file providers need Node; use values/env in the browser');
  expect(await providerSecret('openai', { values: { api_key: 'k' } }).read()).toEqual({ api_key: 'k' });
  expect(await providerSecret('openai', { env: { OPENAI_API_KEY: 'e' } }).read()).toEqual({ api_key: 'e' });
  expect(envFor('openai', { api_key: 'k' })).toEqual({ OPENAI_API_KEY: 'k' });
});
