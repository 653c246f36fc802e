/**
 * Every node:fs / node:path / node:os use of the provider module lives here.
 * Shared code imports it as `#node-files` (package.json "imports"), only when
 * a file operation runs; without the `node` condition that is
 * node-files.browser.ts, so browser bundles carry no Node import.
 */
import { constants } from 'node:fs';
import * as fs from 'node:fs/promises';
import { createHash, randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProviderUnsafeFileError } from './errors.ts';

/** Largest credentials file we read (1 MiB); larger files are refused unread. */
export const MAX_FILE_BYTES = 1024 * 1024;

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException)?.code;
}

/** The current user's home folder. */
export function homeDir(): string {
  return os.homedir();
}

/** An absolute, normalised form of `p`. */
export function resolvePath(p: string): string {
  return path.resolve(p);
}

/** The folder of `p`. */
export function dirOf(p: string): string {
  return path.dirname(path.resolve(p));
}

/** Joins path parts. */
export function joinPath(...parts: string[]): string {
  return path.join(...parts);
}

/** SHA-256 hex of a UTF-8 string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** True when something (file, folder or link) exists at `p`, without following links. */
export async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch (e) {
    if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return false;
    throw e;
  }
}

/** Refuses links and non-files at `p`; returns its size, or null when absent. */
async function checkTarget(p: string): Promise<number | null> {
  let st;
  try {
    st = await fs.lstat(p);
  } catch (e) {
    if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR') return null;
    throw e;
  }
  if (st.isSymbolicLink()) throw new ProviderUnsafeFileError(p, 'is a symbolic link; latchkey does not follow links for credentials files (replace it with the real file or pass its real path)');
  if (!st.isFile()) throw new ProviderUnsafeFileError(p, 'is not a regular file');
  return st.size;
}

/**
 * Reads a credentials file as UTF-8, or null when absent. Refuses symlinks,
 * files over `limit` bytes (without reading them) and invalid UTF-8.
 */
export async function readTextFile(p: string, limit = MAX_FILE_BYTES): Promise<string | null> {
  const size = await checkTarget(p);
  if (size === null) return null;
  if (size > limit) throw new ProviderUnsafeFileError(p, `is ${size} bytes, larger than the ${limit}-byte limit for credentials files`);
  const handle = await fs.open(p, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  let bytes: Buffer;
  try {
    const buf = Buffer.alloc(limit + 1);
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, total, buf.length - total, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > limit) throw new ProviderUnsafeFileError(p, `grew past the ${limit}-byte limit while being read`);
    }
    bytes = buf.subarray(0, total);
  } finally {
    await handle.close();
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ProviderUnsafeFileError(p, 'is not valid UTF-8 text');
  }
}

/** Creates the missing folders of `dir` with mode 0700; returns those created, outermost first. */
export async function ensureDir(dir: string): Promise<string[]> {
  const created: string[] = [];
  const missing: string[] = [];
  let d = path.resolve(dir);
  while (!(await exists(d))) {
    missing.unshift(d);
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const m of missing) {
    try {
      await fs.mkdir(m, { mode: 0o700 });
      created.push(m);
    } catch (e) {
      if (code(e) !== 'EEXIST') throw e;
    }
  }
  return created;
}

/**
 * Writes `text` to `p` atomically: a temp file in the same folder, fsync,
 * rename over the target, fsync of the folder. Readers see old or new content,
 * never a mix. Refuses to replace a symlink.
 */
export async function writeFileAtomic(p: string, text: string | Uint8Array, mode: number): Promise<{ createdDirs: string[] }> {
  const target = path.resolve(p);
  await checkTarget(target);
  const createdDirs = await ensureDir(path.dirname(target));
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.latchkey-tmp-${randomBytes(6).toString('hex')}`);
  const handle = await fs.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    try {
      await (typeof text === 'string' ? handle.writeFile(text, 'utf8') : handle.writeFile(text));
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await syncDir(path.dirname(target));
  return { createdDirs };
}

async function syncDir(dir: string): Promise<void> {
  try {
    const h = await fs.open(dir, constants.O_RDONLY);
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // some platforms cannot fsync a folder; the rename is still atomic
  }
}

/** Copies `p` to `<p>.latchkey-backup-<timestamp>` (mode 0600) and returns the copy's path. */
export async function backupFile(p: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[-:.]/g, '').replace('T', '-');
  const backup = `${path.resolve(p)}.latchkey-backup-${stamp}-${randomBytes(3).toString('hex')}`;
  await fs.copyFile(p, backup, constants.COPYFILE_EXCL);
  await fs.chmod(backup, 0o600);
  return backup;
}

/** Permission bits (e.g. 0o644) of the regular file at `p`, or null when absent; refuses links. */
export async function fileMode(p: string): Promise<number | null> {
  if ((await checkTarget(p)) === null) return null;
  return (await fs.lstat(p)).mode & 0o7777;
}

/**
 * Puts a backup back in place of `p` (atomic rename; the backup is consumed).
 * `mode` is the original file's mode: the backup is kept at 0600 while it
 * waits, so it gets that mode back before it takes the file's place.
 */
export async function restoreBackup(backup: string, p: string, mode?: number | null): Promise<void> {
  await checkTarget(p);
  if (mode !== undefined && mode !== null) await fs.chmod(backup, mode);
  await fs.rename(backup, p);
}

/** Deletes a file if present (never a folder or what a link points to). */
export async function removeFile(p: string): Promise<void> {
  await fs.rm(p, { force: true });
}

/** Removes the folders we created, innermost first, stopping at the first one not empty. */
export async function removeEmptyDirs(dirs: readonly string[]): Promise<void> {
  for (const d of [...dirs].reverse()) {
    try {
      await fs.rmdir(d);
    } catch {
      return;
    }
  }
}
