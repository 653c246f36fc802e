/**
 * Domain-separation prefixes. Every signature, hash and derived key starts
 * from a distinct label, so bytes made for one purpose can never be accepted
 * for another (a card signature is not a version signature, a wrap key is not
 * a keyring key, ...). Frozen: changing one breaks stored data. Retired v1
 * labels: "latchkey/v1/auth" and "latchkey/v1/unlock" (format v2 derives
 * login and keyring keys from passphrase and Secret Key), "latchkey/v1/grant"
 * and "latchkey/v1/version" (v2 grants bind the grantee's card, v2 versions
 * name their access list).
 */
import { utf8Encode } from './encoding.ts';

/** Labels, as UTF-8 bytes. Signed prefixes end in NUL so no label is a prefix of another's payload. */
export const DOMAIN = {
  card: utf8Encode('latchkey/v1/card\0'),
  cardLink: utf8Encode('latchkey/v2/card/link\0'),
  version: utf8Encode('latchkey/v2/version\0'),
  grant: utf8Encode('latchkey/v2/grant\0'),
  accessList: utf8Encode('latchkey/v2/access-list\0'),
  pins: utf8Encode('latchkey/v2/pins\0'),
  acceptance: utf8Encode('latchkey/v1/acceptance\0'),
  ownerAcceptance: utf8Encode('latchkey/v1/owner-acceptance\0'),
  wrap: utf8Encode('latchkey/v1/wrap'),
  auth: utf8Encode('latchkey/v2/auth'),
  unlock: utf8Encode('latchkey/v2/unlock'),
  kdfSalt: utf8Encode('latchkey/v2/kdf-salt\0'),
  kdfChange: utf8Encode('latchkey/v2/kdf-change\0'),
  secretKey: utf8Encode('latchkey/v2/secret-key'),
  secretKeyCheck: utf8Encode('latchkey/v2/secret-key/check\0'),
  keyring: utf8Encode('latchkey/v1/keyring'),
  machineAuth: utf8Encode('latchkey/v1/machine/auth'),
  machineSigning: utf8Encode('latchkey/v1/machine/signing'),
  machineEncryption: utf8Encode('latchkey/v1/machine/encryption'),
  ageX25519: utf8Encode('latchkey/v1/age/x25519'),
  ageHybrid: utf8Encode('latchkey/v1/age/mlkem768x25519'),
  groupList: utf8Encode('latchkey/v2/group/list\0'),
  groupLink: utf8Encode('latchkey/v2/group/link\0'),
  groupSeed: utf8Encode('latchkey/v2/group/seed\0'),
  groupSigning: utf8Encode('latchkey/v2/group/signing'),
  groupEncryption: utf8Encode('latchkey/v2/group/encryption'),
} as const;
