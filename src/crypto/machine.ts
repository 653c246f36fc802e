/**
 * Machine tokens: "lk_machine_" + base64url(accountId(16) || seed(32)), shown once.
 * The seed derives everything: HKDF-SHA256(seed, salt = empty, info) with
 * "latchkey/v1/machine/auth", ".../signing" and ".../encryption".
 */
import { CryptoError } from './errors.ts';
import { concatBytes, fromBase64Url, randomBytes, toBase64Url, zeroize } from './encoding.ts';
import { DOMAIN } from './domains.ts';
import { hkdfSha256 } from './aead.ts';
import { accountKeysFromPrivate } from './keys.ts';
import type { AccountKeys } from './keys.ts';

/** Every machine token starts with this. */
export const MACHINE_TOKEN_PREFIX = 'lk_machine_';
const TOKEN_BYTES = 48;
const EMPTY = new Uint8Array(0);

/** Builds a token from an account id and seed (frozen vectors and {@link newMachineToken}). */
export function machineTokenFromSeed(accountId: string, seed: Uint8Array): string {
  const id = fromBase64Url(accountId, 16);
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new CryptoError('bad-length', 'machine seed must be 32 bytes');
  const raw = concatBytes(id, seed);
  const token = MACHINE_TOKEN_PREFIX + toBase64Url(raw);
  zeroize(raw);
  return token;
}

/** A fresh machine token for `accountId` (base64url of 16 bytes). */
export function newMachineToken(accountId: string): string {
  const seed = randomBytes(32);
  const token = machineTokenFromSeed(accountId, seed);
  zeroize(seed);
  return token;
}

/**
 * Splits a machine token into account id and seed.
 * @throws CryptoError `bad-encoding` (never echoing the token) when it is malformed.
 */
export function parseMachineToken(token: string): { accountId: string; seed: Uint8Array } {
  const bad = (): CryptoError =>
    new CryptoError('bad-encoding', `not a latchkey machine token (expected "${MACHINE_TOKEN_PREFIX}" followed by 64 base64url characters); copy it again`);
  if (typeof token !== 'string') throw bad();
  const text = token.trim();
  if (!text.startsWith(MACHINE_TOKEN_PREFIX)) throw bad();
  let raw: Uint8Array;
  try {
    raw = fromBase64Url(text.slice(MACHINE_TOKEN_PREFIX.length), TOKEN_BYTES);
  } catch {
    throw bad();
  }
  const result = { accountId: toBase64Url(raw.subarray(0, 16)), seed: raw.slice(16) };
  zeroize(raw);
  return result;
}

/** Derives the machine's login key and both key pairs from its seed. */
export async function deriveMachineKeys(seed: Uint8Array): Promise<{ authKey: Uint8Array; keys: AccountKeys }> {
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new CryptoError('bad-length', 'machine seed must be 32 bytes');
  const authKey = hkdfSha256(seed, EMPTY, DOMAIN.machineAuth, 32);
  const signing = hkdfSha256(seed, EMPTY, DOMAIN.machineSigning, 32);
  const encryption = hkdfSha256(seed, EMPTY, DOMAIN.machineEncryption, 32);
  const keys = await accountKeysFromPrivate(signing, encryption);
  zeroize(signing, encryption);
  return { authKey, keys };
}
