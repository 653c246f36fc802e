/**
 * The package version (package.json `version`), for `latchkey --version` and
 * `GET /v1/health`. Builds replace `__LATCHKEY_VERSION__` with it
 * (scripts/build.mjs, esbuild `define`), and so does vitest.config.ts for
 * tests on the sources; code run any other way from the sources says so.
 * @module
 */
declare const __LATCHKEY_VERSION__: string | undefined;

/** The version this build was made from. */
export const VERSION: string = typeof __LATCHKEY_VERSION__ === 'string' ? __LATCHKEY_VERSION__ : '0.0.0-source';
