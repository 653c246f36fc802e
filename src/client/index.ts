/**
 * latchkey client SDK (isomorphic: Node, browsers, notebooks, Deno, Workers).
 *
 * ```ts
 * import { createClient } from 'latchkey';
 * const client = createClient({ server: 'http://127.0.0.1:8787' });
 * await client.login({ handle: 'alice', passphrase });
 * const openai = await client.secret('openai');
 * openai.values.api_key;
 * ```
 * See docs/sdk.md.
 * @module
 */
export * from './sdk.ts';
export * from './providers/index.ts';
export * from './backup/index.ts';
