/**
 * Passphrase keys: root = scrypt(NFKC(passphrase), salt, N, r, p, 32);
 * authKey = HKDF-SHA256(root, salt = empty, "latchkey/v1/auth", 32) is sent to log in,
 * unlockKey = HKDF-SHA256(root, salt = empty, "latchkey/v1/unlock", 32) never leaves the client.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { CryptoError } from './errors.ts';
import { randomBytes, sha256, utf8Encode, zeroize } from './encoding.ts';
import { DOMAIN } from './domains.ts';
import { hkdfSha256 } from './aead.ts';

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

/** Raw scrypt without the minimum-cost check (RFC 7914 known answers only; use {@link derivePassphraseKeys}). */
export async function scryptRaw(password: Uint8Array, salt: Uint8Array, N: number, r: number, p: number, dkLen: number): Promise<Uint8Array> {
  return scryptAsync(password, salt, { N, r, p, dkLen, maxmem: 128 * r * (N + p + 2) + 1024 });
}

/** Splits a 32-byte root key into the login key and the keyring key. */
export function splitRootKey(root: Uint8Array): { authKey: Uint8Array; unlockKey: Uint8Array } {
  return {
    authKey: hkdfSha256(root, EMPTY, DOMAIN.auth, 32),
    unlockKey: hkdfSha256(root, EMPTY, DOMAIN.unlock, 32),
  };
}

/**
 * Derives the login and keyring keys from a passphrase (NFKC-normalised),
 * with `scrypt` doing the scrypt step (same bytes whichever implementation).
 * @throws CryptoError `weak-kdf` when the parameters are below the minimum or absurdly large.
 */
export async function derivePassphraseKeys(
  passphrase: string,
  params: KdfParams,
  scrypt: Scrypt = nobleScrypt,
): Promise<{ authKey: Uint8Array; unlockKey: Uint8Array }> {
  assertKdfParams(params);
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw new CryptoError('bad-input', 'passphrase must be a non-empty string');
  const password = utf8Encode(passphrase.normalize('NFKC'));
  const root = await scrypt(password, params.salt, params.N, params.r, params.p);
  const keys = splitRootKey(root);
  zeroize(password, root);
  return keys;
}

/** SHA-256(authKey): the only thing about a passphrase the server stores. */
export function authVerifier(authKey: Uint8Array): Uint8Array {
  return sha256(authKey);
}
