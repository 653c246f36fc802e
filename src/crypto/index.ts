/**
 * latchkey crypto core: the only public surface of src/crypto (published as
 * `latchkey/crypto`): the documented API and what protocol, client and worker
 * use. Test vectors and benchmarks import lower-level pieces (raw AEAD, HKDF,
 * scrypt, fixed-nonce seals, backend switches) from their own modules.
 * Pure functions over bytes (Web APIs + @noble/*), no Node imports, no I/O;
 * runs in Node, browsers, Deno and Cloudflare Workers. Formats: docs/format-v1.md.
 */
export { CryptoError } from './errors.ts';
export type { CryptoErrorCode } from './errors.ts';
export {
  toBase64Url,
  fromBase64Url,
  toHex,
  toBase64,
  utf8Encode,
  utf8Decode,
  constantTimeEqual,
  zeroize,
  concatBytes,
  randomBytes,
  sha256,
} from './encoding.ts';
export { canonicalBytes } from './canonical.ts';
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
export { setCryptoBackend } from './backend.ts';
export {
  createKeyCard,
  verifyKeyCard,
  keyCardHash,
  isWellFormedCardBody,
  newAccountId,
  newSecretId,
  HANDLE_PATTERN,
  ACCOUNT_KINDS,
  ID_LENGTH,
} from './card.ts';
export type { AccountKind, KeyCardBody, KeyCard } from './card.ts';
export { fingerprint, formatFingerprint, fingerprintWords, parseFingerprint } from './fingerprint.ts';
export { encodeContext, generateDataKey, sealValue, openValue } from './envelope.ts';
export type { SecretContext } from './envelope.ts';
export { WRAP_LENGTH, wrapDataKey, unwrapDataKey } from './wrap.ts';
export { versionHash, versionHashOf, signVersion, verifyVersion, grantHash, signGrant, verifyGrant } from './sign.ts';
export { accessListHash, signAccessList, verifyAccessList } from './access-list.ts';
export type { AccessListEntry, AccessListStatement } from './access-list.ts';
export { pinListHash, signPinList, verifyPinList } from './pin-list.ts';
export type { PinListEntry, PinListStatement } from './pin-list.ts';
export type { VersionStatement, GrantStatement } from './sign.ts';
export {
  acceptanceHash, signAcceptance, verifyAcceptance, ownerAcceptanceHash, signOwnerAcceptance, verifyOwnerAcceptance,
} from './acceptance.ts';
export type { AcceptanceStatement, OwnerAcceptanceStatement } from './acceptance.ts';
export { MIN_KDF, MAX_KDF_N, KDF_SALT_LENGTH, isPowerOfTwo, newKdfParams, assertKdfParams, derivePassphraseKeys, authVerifier } from './kdf.ts';
export { accountSalt, secretKeyMask, combineKeys, passphraseBytes, kdfChangeBytes } from './kdf.ts';
export type { KdfParams, KdfAccount, Scrypt } from './kdf.ts';
export { SECRET_KEY_BYTES, newSecretKey, formatSecretKey, parseSecretKey } from './secret-key.ts';
export { sealKeyring, openKeyring } from './keyring.ts';
export { generateDeviceKey, importDeviceKey, sealWithDeviceKey, openWithDeviceKey } from './device-seal.ts';
export { newMachineToken, parseMachineToken, deriveMachineKeys } from './machine.ts';
export type { MachineCreator } from './machine.ts';
export { hmacSha256 } from './aead.ts';
export { fileIntegrity } from './integrity.ts';
export { deriveAgeIdentityKeys } from './age-identity.ts';
export {
  GROUP_ROLES, MAX_GROUP_MEMBERS, groupKeysFromSeed, groupSeedContext, membershipListHash, signMembershipList,
  verifyMembershipSignature, verifyGroupLinkSignature,
} from './group.ts';
export type { GroupRole, GroupMemberEntry, MembershipListBody, MembershipList } from './group.ts';
export { verifyMembershipChain } from './group-chain.ts';
export { MAX_CARD_CHAIN, cardFollows, cardLinkSigningBytes, signCardLink, verifyCardChain, verifyCardLink } from './card-chain.ts';
export type { CardLink } from './card-chain.ts';
export type { GroupHead } from './group-chain.ts';
