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
 * See README.md, "The client SDK".
 * @module
 */
export { createClient, LatchkeyClient } from './client.ts';
export type { ClientOptions, NewSecretInput, SecretInfo } from './client.ts';
export type { LoginOptions, WhoAmI } from './account.ts';
export { Secret } from './secret.ts';
export type { Grantee, SecretAccess, SecretVersion, ShareOptions, VersionInfo } from './secret.ts';
export type { ProviderRef, SecretPayload } from './payload.ts';
export type { MachineInfo, NewMachine } from './machines.ts';
export type { VerifyResult } from './verify.ts';
export { parseAddress } from './resolve.ts';
export type { SecretAddress } from './resolve.ts';
export {
  LatchkeyError, NetworkError, AuthError, NotFoundError, ConflictError, IntegrityError, BadInputError, RateLimitError, ServerError,
} from './errors.ts';
export type { LatchkeyErrorCode } from './errors.ts';
export type { FetchLike } from './http.ts';
export { MemoryStore } from './store/memory.ts';
export { openStore, detectRuntime } from './store/select.ts';
export type { StoreChoice, RuntimeKind } from './store/select.ts';
export type { KeyStore, KeyStoreKind } from './store/types.ts';
export * from './providers/index.ts';
export { notebookLogin, NotebookClient, notebookEnvVars, type NotebookLoginOptions } from './notebook.ts';
