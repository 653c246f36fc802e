/**
 * Domain-separation prefixes. Every signature, hash and derived key in
 * latchkey/v1 starts from a distinct label, so bytes made for one purpose can
 * never be accepted for another (a card signature is not a version signature,
 * a wrap key is not a keyring key, ...). Frozen: changing one breaks v1 data.
 */
import { utf8Encode } from './encoding.ts';

/** Labels, as UTF-8 bytes. Signed prefixes end in NUL so no label is a prefix of another's payload. */
export const DOMAIN = {
  card: utf8Encode('latchkey/v1/card\0'),
  version: utf8Encode('latchkey/v1/version\0'),
  grant: utf8Encode('latchkey/v1/grant\0'),
  wrap: utf8Encode('latchkey/v1/wrap'),
  auth: utf8Encode('latchkey/v1/auth'),
  unlock: utf8Encode('latchkey/v1/unlock'),
  keyring: utf8Encode('latchkey/v1/keyring'),
  machineAuth: utf8Encode('latchkey/v1/machine/auth'),
  machineSigning: utf8Encode('latchkey/v1/machine/signing'),
  machineEncryption: utf8Encode('latchkey/v1/machine/encryption'),
  ageX25519: utf8Encode('latchkey/v1/age/x25519'),
  ageHybrid: utf8Encode('latchkey/v1/age/mlkem768x25519'),
} as const;
