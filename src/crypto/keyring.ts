/**
 * The private keyring stored (encrypted) on the server:
 * nonce(24) || XChaCha20-Poly1305(unlockKey, nonce, canonical({v: 1, signing, encryption}),
 * AAD = "latchkey/v1/keyring" || accountId), private keys as base64url.
 */
import { CryptoError } from './errors.ts';
import { concatBytes, fromBase64Url, randomBytes, toBase64Url, utf8Decode, utf8Encode, zeroize } from './encoding.ts';
import { canonicalBytes } from './canonical.ts';
import { DOMAIN } from './domains.ts';
import { xchachaOpen, xchachaSeal } from './aead.ts';
import { accountKeysFromPrivate } from './keys.ts';
import type { AccountKeys } from './keys.ts';

const NONCE = 24;

function keyringAad(accountId: string): Uint8Array {
  if (typeof accountId !== 'string' || accountId.length === 0) throw new CryptoError('bad-input', 'account id must be a non-empty string');
  return concatBytes(DOMAIN.keyring, utf8Encode(accountId));
}

/** sealKeyring with an explicit nonce (frozen test vectors only). */
export function sealKeyringWithNonce(keys: AccountKeys, unlockKey: Uint8Array, accountId: string, nonce: Uint8Array): Uint8Array {
  const plain = canonicalBytes({ v: 1, signing: toBase64Url(keys.signing.privateKey), encryption: toBase64Url(keys.encryption.privateKey) });
  const sealed = xchachaSeal(unlockKey, nonce, plain, keyringAad(accountId));
  zeroize(plain);
  return concatBytes(nonce, sealed);
}

/** Encrypts both private keys under the unlock key, bound to the account id. */
export function sealKeyring(keys: AccountKeys, unlockKey: Uint8Array, accountId: string): Uint8Array {
  return sealKeyringWithNonce(keys, unlockKey, accountId, randomBytes(NONCE));
}

/**
 * Decrypts a keyring and recomputes both public keys from the private ones.
 * @throws CryptoError `decrypt-failed` on a wrong passphrase, another account's keyring or tampering.
 */
export async function openKeyring(sealed: Uint8Array, unlockKey: Uint8Array, accountId: string): Promise<AccountKeys> {
  const fail = (): CryptoError => new CryptoError('decrypt-failed', 'keyring does not open: wrong passphrase, wrong account, or the stored keyring was altered');
  if (!(sealed instanceof Uint8Array) || sealed.length < NONCE + 16) throw fail();
  const plain = xchachaOpen(unlockKey, sealed.subarray(0, NONCE), sealed.subarray(NONCE), keyringAad(accountId));
  if (!plain) throw fail();
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8Decode(plain));
  } catch {
    throw new CryptoError('bad-encoding', 'keyring contents are not valid JSON');
  } finally {
    zeroize(plain);
  }
  const p = parsed as { v?: unknown; signing?: unknown; encryption?: unknown };
  if (typeof p !== 'object' || p === null || p.v !== 1 || typeof p.signing !== 'string' || typeof p.encryption !== 'string') {
    throw new CryptoError('bad-encoding', 'keyring contents have an unknown format (expected v1)');
  }
  const signing = fromBase64Url(p.signing, 32);
  try {
    const encryption = fromBase64Url(p.encryption, 32);
    try {
      return await accountKeysFromPrivate(signing, encryption);
    } finally {
      zeroize(encryption);
    }
  } finally {
    zeroize(signing);
  }
}
