/**
 * Backups (Node package only, not the browser build): the versioned JSON a
 * backup holds, building it from the account, verifying it offline and
 * restoring it. Encrypting it as an age file is the caller's part (the CLI
 * uses typage); {@link accountAgeKeys} gives the account's age identity keys.
 * @module
 */
import { deriveAgeIdentityKeys } from '../../crypto/index.ts';
import { clientStateOf, type LatchkeyClient } from '../client.ts';

export { BACKUP_FORMAT, BACKUP_VERSION, MAX_BACKUP_BYTES, decodeBackup, encodeBackup } from './format.ts';
export type { BackupDocument, BackupSecret, BackupVersion } from './format.ts';
export { makeBackup, type BackupOptions } from './make.ts';
export { verifyBackup, type VerifiedBackup, type VerifiedSecret, type VerifiedVersion } from './verify.ts';
export { applyRestore, planRestore } from './restore.ts';
export type { RestoreAction, RestoreKind, RestoreOptions, RestorePlan, RestoreResult } from './restore.ts';

/** The logged-in account's age identity keys (32-byte X25519 scalar and ML-KEM-768+X25519 seed); see crypto's age-identity. */
export async function accountAgeKeys(client: LatchkeyClient): Promise<{ x25519: Uint8Array; hybrid: Uint8Array }> {
  const state = await clientStateOf(client);
  return deriveAgeIdentityKeys(state.me().keys.encryption.privateKey);
}
