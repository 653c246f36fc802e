/**
 * The account's age identities (age-encryption.org/v1), so backups open with
 * the stock `age` tool. Derived from the account's X25519 private key with
 * HKDF-SHA256 (RFC 5869) under their own labels, so the raw account key is
 * never used by another protocol and the age keys reveal nothing about it:
 *
 *   x25519 = HKDF-SHA256(IKM = encryption private key (32 bytes), salt = empty,
 *                        info = "latchkey/v1/age/x25519", L = 32)
 *   hybrid = HKDF-SHA256(IKM = encryption private key (32 bytes), salt = empty,
 *                        info = "latchkey/v1/age/mlkem768x25519", L = 32)
 *
 * `x25519` is the X25519 scalar of an `AGE-SECRET-KEY-1...` identity;
 * `hybrid` is the 32-byte seed of an `AGE-SECRET-KEY-PQ-1...` (ML-KEM-768 +
 * X25519) identity. Bech32 encoding is left to the age library's caller.
 */
import { assertLength } from './errors.ts';
import { DOMAIN } from './domains.ts';
import { hkdfSha256 } from './aead.ts';

const EMPTY = new Uint8Array(0);

/** The two 32-byte age identity secrets of an account (see the module header for the formulas). */
export function deriveAgeIdentityKeys(encryptionPrivateKey: Uint8Array): { x25519: Uint8Array; hybrid: Uint8Array } {
  assertLength(encryptionPrivateKey, 32, 'encryption private key');
  return {
    x25519: hkdfSha256(encryptionPrivateKey, EMPTY, DOMAIN.ageX25519, 32),
    hybrid: hkdfSha256(encryptionPrivateKey, EMPTY, DOMAIN.ageHybrid, 32),
  };
}
