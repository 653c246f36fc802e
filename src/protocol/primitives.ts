import * as z from './wire-zod.ts';
import { ACCOUNT_KINDS, HANDLE_PATTERN, ID_LENGTH, WRAP_LENGTH } from '../crypto/index.ts';

/** Unpadded base64url text of exactly `bytes` bytes (length checked on the text). */
export function base64urlOf(bytes: number) {
  const chars = Math.ceil((bytes * 4) / 3);
  return z.string().check(z.length(chars), z.regex(/^[A-Za-z0-9_-]*$/));
}

/** Unpadded base64url text of at most `maxBytes` bytes (at least one byte). */
export function base64urlUpTo(maxBytes: number) {
  return z.string().check(z.minLength(2), z.maxLength(Math.ceil((maxBytes * 4) / 3)), z.regex(/^[A-Za-z0-9_-]+$/));
}

/** Account and secret ids: 16 random bytes, base64url. */
export const Id = base64urlOf(ID_LENGTH);
/** SHA-256 output or another 32-byte value. */
export const Bytes32 = base64urlOf(32);
/** An Ed25519 signature. */
export const Signature = base64urlOf(64);
/** A data key wrapped to one recipient: ephemeral public key (32) + sealed key (48). */
export const WrapBytes = base64urlOf(WRAP_LENGTH);

export { HANDLE_PATTERN };
/** A handle as sent on the wire: the pattern key cards are signed with ({@link HANDLE_PATTERN}). */
export const Handle = z.string().check(z.regex(HANDLE_PATTERN));

/** Longest secret name. */
export const MAX_SECRET_NAME_LENGTH = 200;
/**
 * Secret names: letters, digits, `-`, `_`, `.` and `/` for folders, up to
 * {@link MAX_SECRET_NAME_LENGTH} characters; no empty, `.` or `..` segment,
 * no leading or trailing `/`.
 */
export const SECRET_NAME_PATTERN = new RegExp(
  `^(?!\\/)(?!.*\\/\\/)(?!.*\\/$)(?!(?:.*\\/)?\\.{1,2}(?:\\/|$))[A-Za-z0-9._\\/-]{1,${MAX_SECRET_NAME_LENGTH}}$`,
);
/** A secret name ({@link SECRET_NAME_PATTERN}). */
export const SecretName = z.string().check(z.regex(SECRET_NAME_PATTERN));

/** Provider names are registry keys such as `aws` or `custom`: lower-case letters, digits, `_`, `-`, up to 40. */
export const PROVIDER_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;
/** A provider name ({@link PROVIDER_NAME_PATTERN}). */
export const ProviderName = z.string().check(z.regex(PROVIDER_NAME_PATTERN));

/**
 * An integer in [min, max] as canonical JSON writes it: -0 passes a range
 * check but has no canonical encoding, so a signed structure carrying it
 * could never verify; it is refused here, as malformed input.
 */
export function canonicalInt(min: number, max: number) {
  return z.int().check(z.minimum(min), z.maximum(max), z.refine((n) => !Object.is(n, -0), 'must not be -0'));
}
/** Milliseconds since the epoch. */
export const Timestamp = canonicalInt(0, Number.MAX_SAFE_INTEGER);
/** A version number: 1, 2, ... */
export const VersionNumber = canonicalInt(1, 1_000_000_000);

/** What an account is: a person, a machine or a group. */
export const AccountKind = z.enum(ACCOUNT_KINDS);
/** What a grant allows: reading, or reading and writing new versions. */
export const Access = z.enum(['read', 'write']);

export { MAX_CIPHERTEXT_BYTES, MAX_KEYRING_BYTES } from './limits.ts';
