/**
 * `remove`: undoes exactly what one `write` did. A file still byte-equal to
 * what we wrote is restored from its backup (or deleted if we created it);
 * a file changed since loses only our part, and only if that part still holds
 * our values (keeping the backup when our part had replaced credentials);
 * otherwise it is left alone and reported. ssh keys are never deleted.
 */
import { loadCodec } from '#provider-codecs';
import { removeEnv } from './env.ts';
import { ProviderValueError } from './errors.ts';
import { nodeFiles, type NodeFiles } from './files.ts';
import { canonicalFields, pick } from './targets.ts';
import type { FileWriteRecord, RemoveReport, WriteRecord } from './types.ts';

type FileReport = RemoveReport['files'][number];

/** Puts the file back as it was before the write: the backup, or no file at all. */
async function restoreOrDelete(nf: NodeFiles, r: FileWriteRecord): Promise<FileReport> {
  if (r.backup) {
    await nf.restoreBackup(r.backup, r.path, r.originalMode);
    return { path: r.path, action: 'restored' };
  }
  await nf.removeFile(r.path);
  await nf.removeEmptyDirs(r.createdDirs);
  return { path: r.path, action: 'deleted' };
}

async function removeOne(nf: NodeFiles, r: FileWriteRecord): Promise<FileReport> {
  if (r.codec === 'key-pair') return { path: r.path, action: 'kept-key-pair', note: 'latchkey never deletes ssh keys' };
  if (r.action === 'unchanged') return { path: r.path, action: 'nothing-to-do' };
  const text = await nf.readTextFile(r.path);
  const dropBackup = async (): Promise<void> => {
    if (r.backup) await nf.removeFile(r.backup);
  };
  if (text === null) {
    return { path: r.path, action: 'missing', note: r.backup ? `the file is gone; the original is kept in ${r.backup}` : 'the file is gone' };
  }
  if (nf.sha256Hex(text) === r.writtenSha256) return restoreOrDelete(nf, r);
  const codec = await loadCodec(r.codec);
  const selector = r.selector?.name ?? null;
  const part = await codec.read(text, selector, r.path);
  const partSha = part ? nf.sha256Hex(canonicalFields(pick(part, r.compareKeys))) : null;
  if (partSha !== r.partSha256) {
    return { path: r.path, action: 'left-changed', note: `changed since latchkey wrote it; left as is${r.backup ? ` (the original is in ${r.backup})` : ''}` };
  }
  const after = await codec.remove(text, selector, r.fileKeys, r.path);
  if (after === null) return restoreOrDelete(nf, r);
  // our part is gone, so the file goes back to the mode it had before we tightened it
  await nf.writeFileAtomic(r.path, after, r.originalMode ?? r.mode);
  // After a replace, the credentials we overwrote exist only in the backup: never delete it here.
  if (r.action === 'replaced' && r.backup) {
    return { path: r.path, action: 'part-removed', note: `the credentials latchkey replaced are kept in ${r.backup}` };
  }
  await dropBackup();
  return { path: r.path, action: 'part-removed' };
}

function isMode(m: unknown): m is number {
  return typeof m === 'number' && Number.isInteger(m) && m >= 0 && m <= 0o7777;
}

function checkRecord(record: WriteRecord): void {
  const bad = (what: string): never => {
    throw new ProviderValueError(`Not a latchkey write record (${what}); nothing was changed.`);
  };
  if (typeof record !== 'object' || record === null || record.v !== 1 || !Array.isArray(record.files)) bad('shape');
  for (const f of record.files) {
    if (typeof f.path !== 'string' || f.path === '') bad('file path');
    if (f.backup !== null && (typeof f.backup !== 'string' || !f.backup.startsWith(`${f.path}.latchkey-backup-`))) bad('backup path');
    if (!Array.isArray(f.createdDirs) || f.createdDirs.some((d) => typeof d !== 'string' || !f.path.startsWith(`${d}/`) && !f.path.startsWith(`${d}\\`))) bad('created folders');
    if (!Array.isArray(f.fileKeys) || !Array.isArray(f.compareKeys)) bad('keys');
    if (!isMode(f.mode) || (f.originalMode !== undefined && f.originalMode !== null && !isMode(f.originalMode))) bad('file mode');
  }
}

/**
 * Undoes a write. `env` is the env object the write set variables on
 * (default: none; env vars are then reported as left).
 */
export async function remove(record: WriteRecord, opts: { env?: Record<string, string | undefined> } = {}): Promise<RemoveReport> {
  checkRecord(record);
  const files: FileReport[] = [];
  if (record.files.length > 0) {
    const nf = await nodeFiles();
    for (const r of [...record.files].reverse()) files.push(await removeOne(nf, r));
  }
  let envUnset: string[] = [];
  let envLeft: string[] = [];
  if (record.env) {
    if (opts.env) ({ unset: envUnset, left: envLeft } = removeEnv(record.env, opts.env));
    else envLeft = [...record.env.set];
  }
  return { files: files.reverse(), envUnset, envLeft };
}
