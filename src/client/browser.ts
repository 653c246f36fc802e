/**
 * Entry of the browser build (`latchkey/browser`, dist/browser/latchkey.min.js,
 * served at GET /v1/client.js): the client SDK for pages, iframes, Web
 * Workers, Deno and Workers. Everything of `latchkey` except what reads or
 * writes credential files (provider detection, `write`, `remove`,
 * `materialize`): there are no files there. Provider env maps still work.
 * @module
 */
export * from './sdk.ts';
export { providers, getProvider, isProvider } from './providers/registry.ts';
export { envFor } from './providers/env.ts';
export type { ProviderSpec, ProviderValues, EnvVarSpec } from './providers/types.ts';
