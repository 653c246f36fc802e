/**
 * latchkey crypto core: the only public surface of src/crypto.
 * Pure functions over bytes (Web APIs + @noble/*), no Node imports, no I/O;
 * runs in Node, browsers, Deno and Cloudflare Workers. Formats: docs/format-v1.md.
 */
export { CryptoError } from './errors.ts';
export type { CryptoErrorCode } from './errors.ts';
export {
  toBase64Url,
  fromBase64Url,
  utf8Encode,
  utf8Decode,
  constantTimeEqual,
  zeroize,
  concatBytes,
  randomBytes,
  sha256,
} from './encoding.ts';
export { canonicalBytes, canonicalString } from './canonical.ts';
export type { CanonicalValue } from './canonical.ts';
export { DOMAIN } from './domains.ts';
export {
  generateAccountKeys,
  accountKeysFromPrivate,
  createSigner,
  createDecrypter,
  verifySignature,
} from './keys.ts';
export type { KeyPair, AccountKeys, Signer, Decrypter } from './keys.ts';
export { setCryptoBackend, getCryptoBackend, useWebCrypto, x25519Derive } from './backend.ts';
export type { CryptoBackend } from './backend.ts';
export {
  createKeyCard,
  verifyKeyCard,
  keyCardHash,
  keyCardSigningBytes,
  isWellFormedCardBody,
  isBase64UrlOf,
  newAccountId,
  HANDLE_PATTERN,
} from './card.ts';
export type { AccountKind, KeyCardBody, KeyCard } from './card.ts';
export { fingerprint, formatFingerprint, fingerprintWords, parseFingerprint } from './fingerprint.ts';
export { FINGERPRINT_WORDS } from './wordlist.ts';
export { encodeContext, generateDataKey, sealValue, openValue, sealValueWithNonce } from './envelope.ts';
export type { SecretContext } from './envelope.ts';
export { WRAP_LENGTH, wrapDataKey, unwrapDataKey, wrapDataKeyWithEphemeral } from './wrap.ts';
export { versionHash, signVersion, verifyVersion, grantHash, signGrant, verifyGrant } from './sign.ts';
export type { VersionStatement, GrantStatement } from './sign.ts';
export {
  MIN_KDF,
  MAX_KDF_N,
  newKdfParams,
  assertKdfParams,
  derivePassphraseKeys,
  authVerifier,
  scryptRaw,
  splitRootKey,
} from './kdf.ts';
export type { KdfParams } from './kdf.ts';
export { sealKeyring, openKeyring, sealKeyringWithNonce } from './keyring.ts';
export { MACHINE_TOKEN_PREFIX, newMachineToken, parseMachineToken, deriveMachineKeys, machineTokenFromSeed } from './machine.ts';
export { chachaSeal, chachaOpen, xchachaSeal, xchachaOpen, hkdfSha256, hkdf32WithSalt, hmacSha256 } from './aead.ts';
export { deriveAgeIdentityKeys } from './age-identity.ts';
