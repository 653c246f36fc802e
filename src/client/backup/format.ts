/**
 * The plaintext of a backup: versioned JSON (UTF-8) that the age file wraps.
 * Every version carries its signed record, the data key that opens its
 * ciphertext and the decrypted payload, and the file carries the key cards of
 * every owner and author, so a restore re-checks each signature, hash link
 * and value without the server. The schema (all but the payloads) is
 * protocol's BackupFile; docs/backups.md documents the fields.
 * @module
 */
import { BACKUP_FORMAT, BACKUP_VERSION, BackupFile, parseWire } from '../../protocol/index.ts';
import type { BackupSecretEntry, BackupVersionEntry } from '../../protocol/index.ts';
import { utf8Decode, utf8Encode } from '../../crypto/index.ts';
import { IntegrityError } from '../errors.ts';
import { checkProvider, checkPayloadValues, type SecretPayload } from '../payload.ts';

export { BACKUP_FORMAT, BACKUP_VERSION };

/** Largest backup plaintext (and encrypted file) read: a bound on memory for a hostile or damaged file. */
export const MAX_BACKUP_BYTES = 256 * 1024 * 1024;
/** Most versions one backup may hold. */
export const MAX_BACKUP_VERSIONS = 1_000_000;

/** One backed-up version: its signed record, data key, hash and the plain payload. */
export type BackupVersion = BackupVersionEntry & { payload: SecretPayload };
/** One backed-up secret. */
export type BackupSecret = Omit<BackupSecretEntry, 'versions'> & { versions: BackupVersion[] };
/** A whole backup. */
export type BackupDocument = Omit<BackupFile, 'secrets'> & { secrets: BackupSecret[] };

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
  const head = parsed as { format?: unknown; v?: unknown; secrets?: unknown };
  if (typeof head !== 'object' || head === null || head.format !== BACKUP_FORMAT) {
    throw new IntegrityError('the decrypted file is not a latchkey backup (no "format": "latchkey-backup")');
  }
  if (head.v !== BACKUP_VERSION) {
    throw new IntegrityError(`the backup has format version ${String(head.v)}; this latchkey reads version ${BACKUP_VERSION} (upgrade latchkey)`);
  }
  const payloads = takePayloads(head.secrets);
  let file: BackupFile;
  try {
    file = parseWire(BackupFile, parsed, 'backup');
  } catch (error) {
    throw new IntegrityError(`the backup is malformed: ${(error as Error).message}`, { cause: error });
  }
  const total = file.secrets.reduce((n, s) => n + s.versions.length, 0);
  if (total > MAX_BACKUP_VERSIONS) throw new IntegrityError(`the backup holds more than ${MAX_BACKUP_VERSIONS} versions; refusing it`);
  return {
    ...file,
    secrets: file.secrets.map((s, i) => ({ ...s, versions: s.versions.map((v, j) => ({ ...v, payload: payloads[i]![j]! })) })),
  };
}

/** Removes and checks every version's `payload` (values and provider), leaving what the schema covers. */
function takePayloads(secrets: unknown): SecretPayload[][] {
  if (!Array.isArray(secrets)) return [];
  return secrets.map((s: unknown, i) => {
    const versions = (s as { versions?: unknown } | null)?.versions;
    if (!Array.isArray(versions)) return [];
    return versions.map((v: unknown, j) => {
      if (typeof v !== 'object' || v === null || !('payload' in v)) throw new IntegrityError(`the backup is malformed: secrets.${i}.versions.${j}.payload is missing`);
      const { payload } = v as { payload: unknown };
      delete (v as { payload?: unknown }).payload;
      const p = payload as { values?: unknown; provider?: unknown } | null;
      try {
        if (typeof p !== 'object' || p === null || Object.keys(p).some((k) => k !== 'values' && k !== 'provider')) throw new Error('must be { values, provider }');
        return { values: checkPayloadValues(p.values), provider: checkProvider(p.provider ?? null) };
      } catch (error) {
        throw new IntegrityError(`the backup is malformed: secrets.${i}.versions.${j}.payload ${(error as Error).message}`);
      }
    });
  });
}
