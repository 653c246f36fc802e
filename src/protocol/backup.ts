/**
 * The plaintext JSON inside a backup file (format version 1), as far as a
 * schema can say: every field except each version's `payload` (the plain
 * values and provider config), which the client checks against the signed
 * ciphertext it carries. See docs/backups.md.
 * @module
 */
import * as z from './wire-zod.ts';
import { AccountInfo, KeyCard } from './card.ts';
import { AccountKind, Bytes32, Handle, Id, ProviderName, SecretName, Timestamp, VersionNumber } from './primitives.ts';
import { VersionRecord } from './secrets.ts';

/** Value of a backup's `format` field. */
export const BACKUP_FORMAT = 'latchkey-backup';
/** The backup format version this code reads and writes. */
export const BACKUP_VERSION = 1;

/** One backed-up version, without its `payload`. */
export const BackupVersionEntry = z.strictObject({
  version: VersionNumber,
  /** versionHash of the record, recomputed on restore. */
  hash: Bytes32,
  /** The version's data key: opens `record.ciphertext`. */
  dataKey: Bytes32,
  record: VersionRecord,
});

/** One backed-up secret; versions oldest first. */
export const BackupSecretEntry = z.strictObject({
  id: Id,
  name: SecretName,
  provider: z.nullable(ProviderName),
  owner: AccountInfo,
  access: z.enum(['owner', 'read', 'write']),
  versions: z.array(BackupVersionEntry).check(z.minLength(1)),
});

/** A whole backup, without the versions' payloads. */
export const BackupFile = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  v: z.literal(BACKUP_VERSION),
  createdAt: Timestamp,
  server: z.string().check(z.maxLength(2048)),
  history: z.boolean(),
  account: z.strictObject({ id: Id, handle: Handle, kind: AccountKind, fingerprint: z.string().check(z.maxLength(100)) }),
  /** The self-signed key card of every owner and author. */
  cards: z.array(KeyCard),
  secrets: z.array(BackupSecretEntry),
});

export type BackupVersionEntry = z.infer<typeof BackupVersionEntry>;
export type BackupSecretEntry = z.infer<typeof BackupSecretEntry>;
export type BackupFile = z.infer<typeof BackupFile>;
