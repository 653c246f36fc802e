import * as z from './wire-zod.ts';
import { AccountKind, Bytes32, Handle, Id, Signature, Timestamp } from './primitives.ts';

/** The signed body of a key card (see src/crypto card.ts for how it is signed). */
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
export type AccountInfo = z.infer<typeof AccountInfo>;
