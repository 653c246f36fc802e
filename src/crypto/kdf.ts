/**
 * Account keys from two secrets (format v2; docs/secret-key.md):
 *   salt'     = SHA-256("latchkey/v2/kdf-salt\0" || handle || "\0" || salt)      salt: 16 random bytes the server stores
 *   P         = scrypt(NFKC(passphrase), salt', N, r, p, 32)                       RFC 7914
 *   S         = HKDF-SHA256(IKM = secretKey, salt = accountId, info = "latchkey/v2/secret-key", 32)   RFC 5869
 *   root      = P XOR S
 *   authKey   = HKDF-SHA256(root, salt = empty, "latchkey/v2/auth", 32)     sent to log in
 *   unlockKey = HKDF-SHA256(root, salt = empty, "latchkey/v2/unlock", 32)   opens the keyring, never leaves the client
 * S is uniform and unknown to whoever holds only the server's data, so root
 * (and both keys) stay uniform to them whatever passphrase they guess; P keeps
 * the passphrase necessary when the Secret Key leaks. salt' binds the scrypt
 * salt to the handle the user typed, so no server can make two accounts share one.
 * A passphrase change is signed by the account: Ed25519 over
 *   "latchkey/v2/kdf-change\0" || canonical({alg, N, p, r, salt, account, handle, v: 2}).
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { CryptoError } from './errors.ts';
import { concatBytes, randomBytes, sha256, toBase64Url, utf8Encode, zeroize } from './encoding.ts';
import { DOMAIN } from './domains.ts';
import { hkdfSha256 } from './aead.ts';
import { canonicalBytes } from './canonical.ts';
import { SECRET_KEY_BYTES } from './secret-key.ts';

/** scrypt parameters stored with an account. */
export interface KdfParams {
  alg: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: Uint8Array;
}

/** The minimum cost clients accept (N = 2^17, r = 8, p = 1: 128 MiB, ~0.3-1 s). */
export const MIN_KDF = { N: 131072, r: 8, p: 1 } as const satisfies { N: 131072; r: 8; p: 1 };
/** The largest N accepted, so a hostile server cannot make a client allocate unbounded memory. */
export const MAX_KDF_N = 1 << 20;
/** Length of the random scrypt salt. */
export const KDF_SALT_LENGTH = 16;
const EMPTY = new Uint8Array(0);

/** Fresh parameters at the minimum cost with a random 16-byte salt. */
export function newKdfParams(): KdfParams {
  return { alg: 'scrypt', N: MIN_KDF.N, r: MIN_KDF.r, p: MIN_KDF.p, salt: randomBytes(KDF_SALT_LENGTH) };
}

/** True for 1, 2, 4, 8, ...: scrypt's N must be one. */
export function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

/**
 * Throws CryptoError `weak-kdf` unless the parameters are scrypt with
 * 2^17 <= N <= 2^20 (a power of two), r = 8, p = 1 and a 16-byte salt.
 */
export function assertKdfParams(params: KdfParams): void {
  const { alg, N, r, p, salt } = params;
  if (alg !== 'scrypt' || !Number.isSafeInteger(N) || !isPowerOfTwo(N) || N < MIN_KDF.N || N > MAX_KDF_N || r !== MIN_KDF.r || p !== MIN_KDF.p) {
    throw new CryptoError(
      'weak-kdf',
      `refusing KDF parameters (need scrypt, N a power of two between 2^17 and 2^20, r = 8, p = 1); the server may be downgrading the key derivation`,
    );
  }
  if (!(salt instanceof Uint8Array) || salt.length !== KDF_SALT_LENGTH) {
    throw new CryptoError('weak-kdf', `KDF salt must be ${KDF_SALT_LENGTH} bytes`);
  }
}

/**
 * An scrypt implementation (RFC 7914): scrypt(password, salt, N, r, p) -> 32
 * bytes. The default is @noble/hashes'; a runtime with a native scrypt (Node's
 * OpenSSL) may pass its own to {@link derivePassphraseKeys}.
 */
export type Scrypt = (password: Uint8Array, salt: Uint8Array, N: number, r: number, p: number) => Promise<Uint8Array>;

const nobleScrypt: Scrypt = (password, salt, N, r, p) => scryptRaw(password, salt, N, r, p, 32);

/** What the derivation is bound to: the handle typed at login and the account id. */
export interface KdfAccount {
  handle: string;
  accountId: string;
}

/** salt' = SHA-256("latchkey/v2/kdf-salt\0" || handle || "\0" || salt): the salt scrypt actually uses. */
export function accountSalt(handle: string, salt: Uint8Array): Uint8Array {
  if (typeof handle !== 'string' || handle.length === 0) throw new CryptoError('bad-input', 'handle must be a non-empty string');
  return sha256(concatBytes(DOMAIN.kdfSalt, utf8Encode(handle), new Uint8Array(1), salt));
}

/** Raw scrypt without the minimum-cost check (RFC 7914 known answers only; use {@link derivePassphraseKeys}). */
export async function scryptRaw(password: Uint8Array, salt: Uint8Array, N: number, r: number, p: number, dkLen: number): Promise<Uint8Array> {
  return scryptAsync(password, salt, { N, r, p, dkLen, maxmem: 128 * r * (N + p + 2) + 1024 });
}

/** S = HKDF-SHA256(secretKey, salt = accountId, "latchkey/v2/secret-key", 32). */
export function secretKeyMask(secretKey: Uint8Array, accountId: string): Uint8Array {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== SECRET_KEY_BYTES) {
    throw new CryptoError('bad-input', `the Secret Key must be ${SECRET_KEY_BYTES} bytes`);
  }
  if (typeof accountId !== 'string' || accountId.length === 0) throw new CryptoError('bad-input', 'account id must be a non-empty string');
  return hkdfSha256(secretKey, utf8Encode(accountId), DOMAIN.secretKey, 32);
}

/** root = P XOR S, split into the login key and the keyring key. Zeroizes P. */
export function combineKeys(passphraseKey: Uint8Array, secretKey: Uint8Array, accountId: string): { authKey: Uint8Array; unlockKey: Uint8Array } {
  const mask = secretKeyMask(secretKey, accountId);
  const root = new Uint8Array(32);
  for (let i = 0; i < 32; i++) root[i] = passphraseKey[i]! ^ mask[i]!;
  const keys = {
    authKey: hkdfSha256(root, EMPTY, DOMAIN.auth, 32),
    unlockKey: hkdfSha256(root, EMPTY, DOMAIN.unlock, 32),
  };
  zeroize(passphraseKey, mask, root);
  return keys;
}

/** Checks the passphrase and returns its NFKC UTF-8 bytes. */
export function passphraseBytes(passphrase: string): Uint8Array {
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw new CryptoError('bad-input', 'passphrase must be a non-empty string');
  return utf8Encode(passphrase.normalize('NFKC'));
}

/**
 * Derives the login and keyring keys from passphrase (NFKC-normalised) and
 * Secret Key, with `scrypt` doing the scrypt step (same bytes whichever implementation).
 * @throws CryptoError `weak-kdf` when the parameters are below the minimum or absurdly large.
 */
export async function derivePassphraseKeys(
  passphrase: string,
  secretKey: Uint8Array,
  params: KdfParams,
  account: KdfAccount,
  scrypt: Scrypt = nobleScrypt,
): Promise<{ authKey: Uint8Array; unlockKey: Uint8Array }> {
  assertKdfParams(params);
  const password = passphraseBytes(passphrase);
  const salt = accountSalt(account.handle, params.salt);
  const p = await scrypt(password, salt, params.N, params.r, params.p);
  zeroize(password);
  return combineKeys(p, secretKey, account.accountId);
}

/** The bytes an account signs when it changes its KDF parameters (a passphrase change). */
export function kdfChangeBytes(params: KdfParams, account: KdfAccount): Uint8Array {
  assertKdfParams(params);
  return concatBytes(
    DOMAIN.kdfChange,
    canonicalBytes({
      v: 2, alg: params.alg, N: params.N, r: params.r, p: params.p, salt: toBase64Url(params.salt),
      account: account.accountId, handle: account.handle,
    }),
  );
}

/** SHA-256(authKey): the only thing about a passphrase the server stores. */
export function authVerifier(authKey: Uint8Array): Uint8Array {
  return sha256(authKey);
}
