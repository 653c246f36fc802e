/**
 * Small file helpers for the CLI's own state under LATCHKEY_HOME: private
 * folders (0700), private files (0600) written atomically (temp file, fsync,
 * rename).
 * @module
 */
import { chmod, mkdir } from 'node:fs/promises';
import { writeFileAtomic as writeFileAtomicShared } from '../client/providers/node-files.ts';

export { backupFile } from '../client/providers/node-files.ts';

/** Creates a folder (and parents) with mode 0700; tightens an existing one we own. */
export async function ensurePrivateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  await chmod(path, 0o700).catch(() => undefined);
}

/**
 * Writes `text` to `path` with mode `mode` (default 0600) so readers see the
 * old or the new content, never a mix; the same atomic writer as provider
 * files (temp file, fsync, rename; refuses to replace a symlink).
 */
export async function writeFileAtomic(path: string, text: string | Uint8Array, mode = 0o600): Promise<void> {
  await writeFileAtomicShared(path, text, mode);
}

/** True when a path exists (any kind of entry, symlinks not followed). */
export async function exists(path: string): Promise<boolean> {
  const { lstat } = await import('node:fs/promises');
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}
