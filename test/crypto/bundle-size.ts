/**
 * Bundles src/crypto/index.ts for the browser and measures it (shared by the
 * bundle test and the bench). Code splitting is on: the @noble/curves fallback
 * is a dynamic import that only platforms without WebCrypto Ed25519/X25519
 * load, so "eager" (the entry chunk plus every chunk it imports statically) is
 * what an app pays up front and "lazy" is the fallback chunk.
 */
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { basename } from 'node:path';
import * as esbuild from 'esbuild';
import { SOURCE_CONDITION } from '../../scripts/conditions.mjs';

/** Budget for the eager part: minified + gzip -9. */
export const CRYPTO_BUNDLE_BUDGET = 25 * 1024;

/** Sizes of one bundle part. */
export interface BundlePart {
  code: string;
  minBytes: number;
  gzipBytes: number;
}

const measure = (code: string): BundlePart => ({ code, minBytes: Buffer.byteLength(code), gzipBytes: gzipSync(code, { level: 9 }).length });

/** esbuild (format esm, minify, platform browser, splitting) of the crypto entry. */
export async function bundleCrypto(): Promise<{ eager: BundlePart; lazy: BundlePart; single: BundlePart }> {
  const entry = fileURLToPath(new URL('../../src/crypto/index.ts', import.meta.url));
  const common: esbuild.BuildOptions = { entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', conditions: [SOURCE_CONDITION], minify: true, write: false, logLevel: 'silent' };
  const split = await esbuild.build({ ...common, splitting: true, outdir: '/virtual-out', metafile: true });
  const byName = new Map(split.outputFiles!.map((f) => [basename(f.path), f.text]));
  const outputs = split.metafile!.outputs;
  const entryName = Object.keys(outputs).find((k) => outputs[k]!.entryPoint)!;
  const eagerNames = new Set<string>();
  const visit = (name: string): void => {
    if (eagerNames.has(name)) return;
    eagerNames.add(name);
    for (const imp of outputs[name]!.imports) if (imp.kind === 'import-statement' && outputs[imp.path]) visit(imp.path);
  };
  visit(entryName);
  let eager = '';
  let lazy = '';
  for (const name of Object.keys(outputs)) {
    if (!name.endsWith('.js')) continue;
    const text = byName.get(basename(name))!;
    if (eagerNames.has(name)) eager += text;
    else lazy += text;
  }
  const single = await esbuild.build(common);
  return { eager: measure(eager), lazy: measure(lazy), single: measure(single.outputFiles![0]!.text) };
}
