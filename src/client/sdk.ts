/**
 * The SDK surface shared by both entries: `index.ts` (the `latchkey` package,
 * which adds the provider file operations) and `browser.ts` (the browser
 * build, which adds only what works without files).
 * @module
 */
export { createClient, LatchkeyClient } from './client.ts';
export type { ClientOptions, NewSecretInput, PendingShare, SecretInfo } from './client.ts';
export { Group } from '#group-admin';
export type { GroupInfo, GroupMember } from '#group-admin';
export type { PullAllOptions } from './bulk.ts';
export type { LoginOptions, SignupResult, WhoAmI } from './account.ts';
export type { CredentialsResult, KeyRotationResult } from './credentials.ts';
export { emergencyKit } from './emergency-kit.ts';
export { Secret } from './secret.ts';
export type { Grantee, SecretAccess, SecretVersion, ShareOptions, VersionInfo } from './secret.ts';
export type { ProviderRef, SecretPayload } from './payload.ts';
export type { MachineInfo, NewMachine } from './machines.ts';
export type { AuditEntry, AuditOptions } from './audit.ts';
export type { VerifyResult } from './verify.ts';
export { parseAddress } from './resolve.ts';
export type { SecretAddress } from './resolve.ts';
export {
  LatchkeyError, NetworkError, AuthError, NotFoundError, ConflictError, IntegrityError, BadInputError, RateLimitError, ServerError,
  LimitError,
  SecretKeyMissingError,
} from './errors.ts';
export type { BoundName, LatchkeyErrorCode } from './errors.ts';
export { DEFAULT_LIMITS } from './bounds.ts';
export type { ClientLimits } from './bounds.ts';
export type { FetchLike } from './http.ts';
export { MemoryStore } from './store/memory.ts';
export { openStore, detectRuntime } from './store/select.ts';
export type { StoreChoice, RuntimeKind } from './store/select.ts';
export type { KeyStore, KeyStoreKind } from './store/types.ts';
export { notebookLogin, NotebookClient, notebookEnvVars, type NotebookLoginOptions } from './notebook.ts';
