/**
 * Pin lists: an account's own signed list of the key cards it trusts
 * (account id -> keyCardHash), with a counter that only goes up. Every device
 * of the account (and every machine it created) merges the list at login, so
 * a fresh device trusts the people its account already checked, and a server
 * that serves a forged card for one of them is refused from the first request.
 *
 * pin-list signature = Ed25519 over SHA-256(DOMAIN.pins || canonical({v: 2,
 *   owner, counter, pins: [{id, card: b64u(keyCardHash)}] sorted by id,
 *   time})), DOMAIN.pins = "latchkey/v2/pins\0". Ed25519 as RFC 8032
 *   (keys.ts), SHA-256 as FIPS 180-4, canonical JSON as canonical.ts.
 * @module
 */
import { canonicalBytes } from './canonical.ts';
import { DOMAIN } from './domains.ts';
import { concatBytes, sha256, toBase64Url } from './encoding.ts';
import { CryptoError, assertCount, assertLength } from './errors.ts';
import { verifySignature, type Signer } from './keys.ts';

/** One pin: an account and the hash of the key card pinned for it. */
export interface PinListEntry {
  id: string;
  /** keyCardHash of the pinned card (32 bytes). */
  card: Uint8Array;
}

/** What a pin-list signature covers. */
export interface PinListStatement {
  /** The account whose pins these are (and whose key signs them). */
  owner: string;
  /** 1, 2, ...: every new list of the account has a higher counter. */
  counter: number;
  pins: PinListEntry[];
  time: number;
}

/** The 32-byte hash a pin-list signature covers. Refuses duplicate accounts. */
export function pinListHash(s: PinListStatement): Uint8Array {
  if (typeof s.owner !== 'string') throw new CryptoError('bad-input', 'pin list owner must be a string');
  assertCount(s.counter, 'pin list counter', 1);
  assertCount(s.time, 'time', 0);
  const seen = new Set<string>();
  const pins = [...s.pins].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((p) => {
    if (typeof p.id !== 'string' || seen.has(p.id)) throw new CryptoError('bad-input', 'pin list entries must be distinct account ids');
    seen.add(p.id);
    assertLength(p.card, 32, 'pinned card hash');
    return { id: p.id, card: toBase64Url(p.card) };
  });
  return sha256(concatBytes(DOMAIN.pins, canonicalBytes({ v: 2, owner: s.owner, counter: s.counter, pins, time: s.time })));
}

/** Signs a pin list with its owner's key; returns the 64-byte signature. */
export async function signPinList(s: PinListStatement, signer: Signer): Promise<Uint8Array> {
  return signer.sign(pinListHash(s));
}

/** True when `signature` is the owner's valid signature over the list. */
export async function verifyPinList(s: PinListStatement, signature: Uint8Array, ownerSigningKey: Uint8Array): Promise<boolean> {
  return verifySignature(ownerSigningKey, pinListHash(s), signature);
}
