/**
 * age files (age-encryption.org/v1) through typage (`age-encryption`), the
 * reference TypeScript implementation by age's author. Loaded only by the
 * backup commands, so neither the SDK nor the browser build carries it.
 * Identities are Bech32 `AGE-SECRET-KEY-1...` (X25519 scalar) and
 * `AGE-SECRET-KEY-PQ-1...` (ML-KEM-768 + X25519 seed), as the stock tool writes them.
 * @module
 */
import { Decrypter, Encrypter, armor, identityToRecipient } from 'age-encryption';
import { bech32 } from '@scure/base';
import { CliError, UsageError } from './errors.ts';

/** scrypt work factor (log2 N) of passphrase-encrypted backups: age's default, 2^18. */
export const SCRYPT_LOG_N = 18;

const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const HEADER_MAGIC = 'age-encryption.org/v1\n';

/** The `AGE-SECRET-KEY-1...` identity of a 32-byte X25519 scalar. */
export function x25519IdentityString(scalar: Uint8Array): string {
  return bech32.encodeFromBytes('AGE-SECRET-KEY-', scalar).toUpperCase();
}

/** The `AGE-SECRET-KEY-PQ-1...` identity of a 32-byte hybrid seed. */
export function hybridIdentityString(seed: Uint8Array): string {
  return bech32.encodeFromBytes('AGE-SECRET-KEY-PQ-', seed).toUpperCase();
}

/** The `age1...` (or `age1pq1...`) recipient of an identity. */
export async function recipientOf(identity: string): Promise<string> {
  return identityToRecipient(identity);
}

/** What to encrypt to: recipients, or a passphrase alone (age allows no other recipient beside a passphrase). */
export type AgeTarget = { recipients: readonly string[] } | { passphrase: string };

/** Encrypts `plain` as an age file (ASCII-armored when `armored`). */
export async function encryptAge(plain: Uint8Array, target: AgeTarget, armored: boolean): Promise<Uint8Array> {
  const e = new Encrypter();
  if ('passphrase' in target) {
    e.setPassphrase(target.passphrase);
    e.setScryptWorkFactor(SCRYPT_LOG_N);
  } else {
    for (const r of target.recipients) {
      try {
        e.addRecipient(r);
      } catch {
        throw new UsageError(`"${r}" is not an age recipient`, 'pass a public key like age1... (from "age-keygen -y" or "latchkey whoami")');
      }
    }
  }
  const file = await e.encrypt(plain);
  return armored ? new TextEncoder().encode(armor.encode(file)) : file;
}

/** The binary age file inside `file` (armor removed); a CliError when it is not an age file. */
export function unarmor(file: Uint8Array): Uint8Array {
  const head = new TextDecoder().decode(file.subarray(0, 64)).trimStart();
  if (head.startsWith(ARMOR_BEGIN)) {
    try {
      return armor.decode(new TextDecoder('utf-8', { fatal: true }).decode(file));
    } catch (error) {
      throw damaged(error);
    }
  }
  if (!head.startsWith(HEADER_MAGIC)) {
    throw new CliError('the file is not an age-encrypted latchkey backup (no age header)', 'pass the file "latchkey backup" wrote');
  }
  return file;
}

/** True when the (unarmored) file is encrypted to a passphrase: its header has a scrypt stanza. */
export function needsPassphrase(file: Uint8Array): boolean {
  const end = Math.min(file.length, 4096);
  return new TextDecoder().decode(file.subarray(0, end)).includes('\n-> scrypt ');
}

/** Decrypts an (unarmored) age file with identities and/or a passphrase; CliErrors say what was wrong. */
export async function decryptAge(file: Uint8Array, keys: { identities: readonly string[]; passphrases?: readonly string[] }): Promise<Uint8Array> {
  const d = new Decrypter();
  for (const id of keys.identities) d.addIdentity(id);
  const withPassphrase = (keys.passphrases ?? []).length > 0;
  for (const p of keys.passphrases ?? []) d.addPassphrase(p);
  try {
    return await d.decrypt(file);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    if (/no identity matched/i.test(message)) {
      throw new CliError(
        withPassphrase ? 'the passphrase does not open this backup' : 'this backup is not encrypted to your account or the given identities',
        withPassphrase ? 'type the passphrase the backup was made with' : 'log in to the account that made it, or pass its identity file with -i',
      );
    }
    throw damaged(error);
  }
}

function damaged(error: unknown): CliError {
  const detail = error instanceof Error && error.message ? ` (${error.message})` : '';
  return new CliError(`the backup file is damaged, truncated or altered${detail}; nothing was restored`, 'use another copy of the backup');
}

/** The identities in an age identity file: `AGE-SECRET-KEY-...` lines; `#` comments and blank lines are skipped. */
export function parseIdentityFile(text: string, path: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!/^AGE-SECRET-KEY-(PQ-)?1[0-9A-Z]+$/.test(line)) {
      throw new UsageError(`${path} is not an age identity file (a line is not AGE-SECRET-KEY-1...)`, 'pass a file made by "age-keygen" or "latchkey keys export-age"');
    }
    out.push(line);
  }
  if (out.length === 0) throw new UsageError(`${path} holds no age identity`, 'pass a file made by "age-keygen" or "latchkey keys export-age"');
  return out;
}
