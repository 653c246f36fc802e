/**
 * Machine tokens, shown once: "lk_machine_" + base64url(accountId(16) ||
 * seed(32) || creatorId(16) || keyCardHash(creator's card)(32)); the older
 * form without the creator (48 bytes) still parses. The seed derives
 * everything: HKDF-SHA256(seed, salt = empty, info) with
 * "latchkey/v1/machine/auth", ".../signing" and ".../encryption" (RFC 5869).
 * The creator part lets a fresh machine pin its creator's card from its
 * first request instead of trusting whatever card the server presents.
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
const TOKEN_WITH_CREATOR_BYTES = 96;

/** Who made a machine: account id and the keyCardHash of their card when they did. */
export interface MachineCreator {
  id: string;
  cardHash: Uint8Array;
}
const EMPTY = new Uint8Array(0);

/** Builds a token from an account id and seed (frozen vectors and {@link newMachineToken}). */
export function machineTokenFromSeed(accountId: string, seed: Uint8Array, creator?: MachineCreator): string {
  const id = fromBase64Url(accountId, 16);
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new CryptoError('bad-length', 'machine seed must be 32 bytes');
  if (creator && (!(creator.cardHash instanceof Uint8Array) || creator.cardHash.length !== 32)) {
    throw new CryptoError('bad-length', "the creator's card hash must be 32 bytes");
  }
  const raw = creator ? concatBytes(id, seed, fromBase64Url(creator.id, 16), creator.cardHash) : concatBytes(id, seed);
  const token = MACHINE_TOKEN_PREFIX + toBase64Url(raw);
  zeroize(raw);
  return token;
}

/** A fresh machine token for `accountId` (base64url of 16 bytes), naming its creator when given. */
export function newMachineToken(accountId: string, creator?: MachineCreator): string {
  const seed = randomBytes(32);
  const token = machineTokenFromSeed(accountId, seed, creator);
  zeroize(seed);
  return token;
}

/**
 * Splits a machine token into account id and seed.
 * @throws CryptoError `bad-encoding` (never echoing the token) when it is malformed.
 */
export function parseMachineToken(token: string): { accountId: string; seed: Uint8Array; creator: MachineCreator | null } {
  const bad = (): CryptoError =>
    new CryptoError(
      'bad-encoding',
      `not a latchkey machine token (expected "${MACHINE_TOKEN_PREFIX}" followed by 128 (or 64) base64url characters); copy it again`,
    );
  if (typeof token !== 'string') throw bad();
  const text = token.trim();
  if (!text.startsWith(MACHINE_TOKEN_PREFIX)) throw bad();
  const body = text.slice(MACHINE_TOKEN_PREFIX.length);
  let raw: Uint8Array;
  try {
    raw = fromBase64Url(body, body.length > 64 ? TOKEN_WITH_CREATOR_BYTES : TOKEN_BYTES);
  } catch {
    throw bad();
  }
  const creator = raw.length === TOKEN_WITH_CREATOR_BYTES ? { id: toBase64Url(raw.subarray(48, 64)), cardHash: raw.slice(64) } : null;
  const result = { accountId: toBase64Url(raw.subarray(0, 16)), seed: raw.slice(16, 48), creator };
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
