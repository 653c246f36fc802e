/**
 * The plaintext of a backup: versioned JSON (UTF-8) that the age file wraps.
 * Every version carries its signed record, the data key that opens its
 * ciphertext and the decrypted payload, and the file carries the key cards of
 * every owner and author, so a restore re-checks each signature, hash link
 * and value without the server. docs/backups.md documents the fields.
 *
 * ```json
 * { "format": "latchkey-backup", "v": 1, "createdAt": 1764480000000,
 *   "server": "http://127.0.0.1:8787", "history": false,
 *   "account": { "id": "...", "handle": "alice", "kind": "person", "fingerprint": "ABCD ..." },
 *   "cards": { "<account id>": { "body": {...}, "signature": "..." } },
 *   "secrets": [ { "id": "...", "name": "openai", "provider": "openai",
 *     "owner": { "id": "...", "handle": "alice", "kind": "person" }, "access": "owner",
 *     "versions": [ { "version": 1, "hash": "...", "dataKey": "...",
 *       "payload": { "values": { "api_key": "sk-..." }, "provider": { "name": "openai" } },
 *       "record": { "secret": "...", "version": 1, "author": "...", "time": 1764480000000, "prev": null,
 *                   "signature": "...", "authorGrant": null, "ciphertext": "..." } } ] } ] }
 * ```
 * @module
 */
import * as z from 'zod/mini';
import { AccountInfo, Bytes32, Id, KeyCard, ProviderName, SecretName, Timestamp, VersionRecord, parseWire } from '../../protocol/index.ts';
import { utf8Decode, utf8Encode } from '../../crypto/index.ts';
import { IntegrityError } from '../errors.ts';
import type { SecretPayload } from '../payload.ts';

/** Value of the `format` field. */
export const BACKUP_FORMAT = 'latchkey-backup';
/** Current version of the backup JSON. */
export const BACKUP_VERSION = 1;
/** Largest backup plaintext (and encrypted file) read: a bound on memory for a hostile or damaged file. */
export const MAX_BACKUP_BYTES = 256 * 1024 * 1024;
/** Most versions one backup may hold. */
export const MAX_BACKUP_VERSIONS = 1_000_000;

const Payload = z.strictObject({
  values: z.record(z.string(), z.string()),
  provider: z.nullable(z.looseObject({ name: ProviderName })),
});

const BackupVersion = z.strictObject({
  version: z.int().check(z.minimum(1)),
  /** versionHash of the record (base64url), re-computed on restore. */
  hash: Bytes32,
  /** The version's 32-byte data key (base64url): opens `record.ciphertext`. */
  dataKey: Bytes32,
  payload: Payload,
  record: VersionRecord,
});

const BackupSecret = z.strictObject({
  id: Id,
  name: SecretName,
  provider: z.nullable(ProviderName),
  owner: AccountInfo,
  access: z.enum(['owner', 'read', 'write']),
  /** Oldest first: every version with `--history`, else only the latest. */
  versions: z.array(BackupVersion).check(z.minLength(1)),
});

/** Schema of the whole document. */
export const BackupDocument = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  v: z.literal(BACKUP_VERSION),
  createdAt: Timestamp,
  server: z.string().check(z.maxLength(2048)),
  history: z.boolean(),
  account: z.strictObject({ ...AccountInfo.shape, fingerprint: z.string().check(z.maxLength(100)) }),
  cards: z.record(Id, KeyCard),
  secrets: z.array(BackupSecret),
});

export type BackupDocument = z.infer<typeof BackupDocument>;
export type BackupSecret = z.infer<typeof BackupSecret>;
export type BackupVersion = z.infer<typeof BackupVersion>;
/** The payload type as the rest of the client knows it. */
export type BackupPayload = SecretPayload;

/** UTF-8 JSON bytes of a document (indented, so `age -d backup.age | jq` reads well). */
export function encodeBackup(doc: BackupDocument): Uint8Array {
  return utf8Encode(`${JSON.stringify(doc, null, 1)}\n`);
}

/**
 * Parses decrypted backup bytes into a document (shape and bounds only; see
 * verifyBackup for the signatures). IntegrityError when it is not one.
 */
export function decodeBackup(bytes: Uint8Array): BackupDocument {
  if (bytes.length > MAX_BACKUP_BYTES) throw new IntegrityError(`the backup holds more than ${MAX_BACKUP_BYTES} bytes; refusing it`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8Decode(bytes));
  } catch {
    throw new IntegrityError('the decrypted backup is not JSON (not a latchkey backup, or damaged)');
  }
  const head = parsed as { format?: unknown; v?: unknown };
  if (typeof head !== 'object' || head === null || head.format !== BACKUP_FORMAT) {
    throw new IntegrityError('the decrypted file is not a latchkey backup (no "format": "latchkey-backup")');
  }
  if (head.v !== BACKUP_VERSION) {
    throw new IntegrityError(`the backup has format version ${String(head.v)}; this latchkey reads version ${BACKUP_VERSION} (upgrade latchkey)`);
  }
  let doc: BackupDocument;
  try {
    doc = parseWire(BackupDocument, parsed, 'backup');
  } catch (error) {
    throw new IntegrityError(`the backup is malformed: ${(error as Error).message}`, { cause: error });
  }
  const total = doc.secrets.reduce((n, s) => n + s.versions.length, 0);
  if (total > MAX_BACKUP_VERSIONS) throw new IntegrityError(`the backup holds more than ${MAX_BACKUP_VERSIONS} versions; refusing it`);
  return doc;
}
