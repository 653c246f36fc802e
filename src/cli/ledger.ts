/**
 * The ledger: what `login` and `pull` wrote where, so `logout` can undo it.
 * One JSON file in LATCHKEY_HOME (0600, atomic writes) holding the entries
 * and a SHA-256 over their canonical form. If the file does not parse or the
 * checksum does not match, {@link readLedger} throws and logout deletes
 * nothing: a tampered ledger could otherwise point it at any file.
 * The ledger holds paths and hashes, never a secret value.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { WriteRecord } from '../client/providers/index.ts';
import { CliError } from './errors.ts';
import { canonicalBytes, sha256, toHex, type CanonicalValue } from '../crypto/index.ts';
import { writeFileAtomic } from './files.ts';

/** A provider write (files and their backups) done for one secret. */
export interface ProviderLedgerEntry {
  readonly kind: 'provider';
  /** Secret name the values came from. */
  readonly secret: string;
  /** What the providers module reported; `remove(record)` undoes it. */
  readonly record: WriteRecord;
}

/** The env file (`LATCHKEY_HOME/env`) and which secrets' variables it holds. */
export interface EnvFileLedgerEntry {
  readonly kind: 'env-file';
  readonly path: string;
  /** Secret names whose variables are in the file. */
  readonly secrets: readonly string[];
}

/** One thing that logout may undo. */
export type LedgerEntry = ProviderLedgerEntry | EnvFileLedgerEntry;

/** The whole ledger. */
export interface Ledger {
  readonly v: 1;
  readonly entries: readonly LedgerEntry[];
}

/** The ledger file is missing its checksum, does not parse, or was changed by hand. */
export class LedgerCorruptError extends CliError {
  /** @param path - the ledger file; @param problem - what is wrong with it. */
  constructor(path: string, problem: string) {
    super(
      `the ledger ${path} is damaged (${problem}), so latchkey will not delete, restore or write files until it is fixed`,
      'nothing was changed; look at the file and undo what it lists by hand, then delete it; "latchkey logout --keep-files" only ends the session',
    );
    this.name = 'LedgerCorruptError';
  }
}

/** Path of the ledger file in a latchkey home folder. */
export function ledgerPath(latchkeyHome: string): string {
  return join(latchkeyHome, 'ledger.json');
}

/** An empty ledger. */
export function emptyLedger(): Ledger {
  return { v: 1, entries: [] };
}

/** Reads and checks the ledger; an absent file is an empty ledger. */
export async function readLedger(latchkeyHome: string): Promise<Ledger> {
  const path = ledgerPath(latchkeyHome);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyLedger();
    throw error;
  }
  return parseLedger(path, text);
}

/** Parses ledger file text; throws {@link LedgerCorruptError} on any inconsistency. */
export function parseLedger(path: string, text: string): Ledger {
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    throw new LedgerCorruptError(path, 'not valid JSON');
  }
  if (!isObject(stored) || stored.v !== 1 || typeof stored.sha256 !== 'string' || !isObject(stored.ledger)) {
    throw new LedgerCorruptError(path, 'not a latchkey ledger');
  }
  let checksum: string | null = null;
  try {
    checksum = ledgerChecksum(stored.ledger);
  } catch {
    // A float or -0 typed into the file: the encoding refuses it, and it cannot match.
  }
  if (checksum !== stored.sha256) {
    throw new LedgerCorruptError(path, 'checksum mismatch: it was edited or partly written');
  }
  const ledger = stored.ledger;
  if (ledger.v !== 1 || !Array.isArray(ledger.entries)) throw new LedgerCorruptError(path, 'unknown layout');
  ledger.entries.forEach((entry, i) => checkEntry(path, entry, i));
  return ledger as unknown as Ledger;
}

/** SHA-256 (hex) of the canonical encoding of a ledger (throws for a value the encoding refuses). */
function ledgerChecksum(ledger: unknown): string {
  return toHex(sha256(canonicalBytes(ledger as CanonicalValue)));
}

/** Writes the ledger atomically with its checksum (mode 0600). */
export async function writeLedger(latchkeyHome: string, ledger: Ledger): Promise<void> {
  const body = JSON.parse(JSON.stringify(ledger)) as Ledger;
  const stored = { v: 1, sha256: ledgerChecksum(body), ledger: body };
  await writeFileAtomic(ledgerPath(latchkeyHome), `${JSON.stringify(stored, null, 2)}\n`);
}

/** Appends entries and saves; the env-file entry is kept single and last. */
export async function recordInLedger(latchkeyHome: string, added: readonly LedgerEntry[]): Promise<Ledger> {
  const current = await readLedger(latchkeyHome);
  const providers = [...current.entries, ...added].filter((e): e is ProviderLedgerEntry => e.kind === 'provider');
  const envFiles = [...current.entries, ...added].filter((e): e is EnvFileLedgerEntry => e.kind === 'env-file');
  const entries: LedgerEntry[] = [...providers];
  if (envFiles.length > 0) {
    const last = envFiles[envFiles.length - 1]!;
    const secrets = [...new Set(envFiles.flatMap((e) => e.secrets))].sort();
    entries.push({ kind: 'env-file', path: last.path, secrets });
  }
  const next: Ledger = { v: 1, entries };
  await writeLedger(latchkeyHome, next);
  return next;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkEntry(path: string, entry: unknown, index: number): void {
  const bad = (what: string): never => {
    throw new LedgerCorruptError(path, `entry ${index + 1}: ${what}`);
  };
  if (!isObject(entry)) bad('not an object');
  const e = entry as Record<string, unknown>;
  if (e.kind === 'env-file') {
    if (typeof e.path !== 'string' || !isAbsolute(e.path)) bad('env file path is not absolute');
    if (!Array.isArray(e.secrets) || !e.secrets.every((s) => typeof s === 'string')) bad('bad secret list');
    return;
  }
  if (e.kind !== 'provider') bad('unknown kind');
  if (typeof e.secret !== 'string') bad('missing secret name');
  const record = e.record;
  if (!isObject(record) || record.v !== 1 || !Array.isArray(record.files)) bad('bad write record');
  for (const file of (record as { files: unknown[] }).files) {
    if (!isObject(file) || typeof file.path !== 'string' || !isAbsolute(file.path)) bad('file path is not absolute');
    const backup = (file as Record<string, unknown>).backup;
    if (backup !== null && (typeof backup !== 'string' || !isAbsolute(backup))) bad('backup path is not absolute');
  }
}
