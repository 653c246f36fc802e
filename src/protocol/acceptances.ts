import * as z from './wire-zod.ts';
import { Bytes32, Id, Signature, Timestamp } from './primitives.ts';
import { GrantRecord } from './secrets.ts';
import { MAX_RECORD_BYTES, capAnswer } from './limits.ts';

/** Most shares (and standing acceptances) one answer lists. */
export const MAX_SHARES = 5000;

/**
 * A grantee-signed acceptance of one share (crypto `signAcceptance`): the
 * secret, its owner, the grantee and the hash of the grant it accepts.
 */
export const AcceptanceRecord = z.strictObject({
  secret: Id,
  owner: Id,
  grantee: Id,
  grant: Bytes32,
  time: Timestamp,
  signature: Signature,
});

/** A grantee-signed standing acceptance of every share of one owner, bound to the owner's card hash. */
export const OwnerAcceptanceRecord = z.strictObject({
  owner: Id,
  grantee: Id,
  card: Bytes32,
  time: Timestamp,
  signature: Signature,
});

/** One secret shared with the caller: the owner's grant and the caller's acceptance, if any. */
export const ShareEntry = z.strictObject({ grant: GrantRecord, acceptance: z.nullable(AcceptanceRecord) });

/** `GET /v1/shares`: every grant to the caller and every standing acceptance the caller made. */
export const SharesResponse = capAnswer(z.strictObject({
  shares: z.array(ShareEntry).check(z.maxLength(MAX_SHARES)),
  owners: z.array(OwnerAcceptanceRecord).check(z.maxLength(MAX_SHARES)),
}), { bytes: MAX_SHARES * 3 * MAX_RECORD_BYTES, items: { field: 'shares', max: MAX_SHARES } });

export type AcceptanceRecord = z.infer<typeof AcceptanceRecord>;
export type OwnerAcceptanceRecord = z.infer<typeof OwnerAcceptanceRecord>;
export type ShareEntry = z.infer<typeof ShareEntry>;
export type SharesResponse = z.infer<typeof SharesResponse>;
