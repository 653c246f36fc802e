/**
 * `#node-files` where the `node` condition is absent (browsers, workerd, the
 * browser build; see "imports" in package.json): every file operation throws
 * ProviderUnsupportedError, so values and env maps keep working and file
 * placement says what to use instead.
 * @module
 */
import { ProviderUnsupportedError } from './errors.ts';
import type * as NodeVariant from './node-files.ts';

function needsNode(): never {
  throw new ProviderUnsupportedError();
}

/** No file is ever read or written here, so none may be any size. */
export const MAX_FILE_BYTES = 0;
export const homeDir: typeof NodeVariant.homeDir = needsNode;
export const resolvePath: typeof NodeVariant.resolvePath = needsNode;
export const dirOf: typeof NodeVariant.dirOf = needsNode;
export const joinPath: typeof NodeVariant.joinPath = needsNode;
export const sha256Hex: typeof NodeVariant.sha256Hex = needsNode;
export const exists: typeof NodeVariant.exists = async () => needsNode();
export const readTextFile: typeof NodeVariant.readTextFile = async () => needsNode();
export const ensureDir: typeof NodeVariant.ensureDir = async () => needsNode();
export const writeFileAtomic: typeof NodeVariant.writeFileAtomic = async () => needsNode();
export const backupFile: typeof NodeVariant.backupFile = async () => needsNode();
export const fileMode: typeof NodeVariant.fileMode = async () => needsNode();
export const restoreBackup: typeof NodeVariant.restoreBackup = async () => needsNode();
export const removeFile: typeof NodeVariant.removeFile = async () => needsNode();
export const removeEmptyDirs: typeof NodeVariant.removeEmptyDirs = async () => needsNode();
