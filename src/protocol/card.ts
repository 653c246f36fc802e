import * as z from './wire-zod.ts';
import type { KeyCard as SignedKeyCard } from '../crypto/index.ts';
import { AccountKind, Bytes32, Handle, Id, Signature, Timestamp } from './primitives.ts';

/**
 * The signed body of a key card as it travels. The shape is crypto/card.ts's
 * (`isWellFormedCardBody`, the pattern, kinds and lengths imported from
 * there); this schema adds which field was wrong to the error, and the type
 * check below fails the build if the two ever name different fields.
 */
export const KeyCardBody = z.strictObject({
  v: z.literal(1),
  id: Id,
  handle: Handle,
  kind: AccountKind,
  signingKey: Bytes32,
  encryptionKey: Bytes32,
  created: Timestamp,
  prev: z.nullable(Bytes32),
});

/** An account's public key card: body + Ed25519 self-signature. */
export const KeyCard = z.strictObject({
  body: KeyCardBody,
  signature: Signature,
});

/** Public facts about an account as the server reports them. */
export const AccountInfo = z.strictObject({
  id: Id,
  handle: Handle,
  kind: AccountKind,
});

export type KeyCardWire = z.infer<typeof KeyCard>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<KeyCardWire, SignedKeyCard> = true;
void sameShape;
export type AccountInfo = z.infer<typeof AccountInfo>;
