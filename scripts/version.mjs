// package.json's version as the esbuild/vite `define` that src/version.ts
// reads: the bundles (scripts/build.mjs) and the tests on the sources
// (vitest.config.ts) get it from here, so package.json is its only home.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** `{ __LATCHKEY_VERSION__: '"<version>"' }` */
export const VERSION_DEFINE = { __LATCHKEY_VERSION__: JSON.stringify(pkg.version) };
