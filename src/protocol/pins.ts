/** Wire form of an account's signed pin list (crypto `signPinList`; docs/format-v1.md, "Pin lists"). */
import * as z from './wire-zod.ts';
import { fromBase64Url, type PinListStatement } from '../crypto/index.ts';
import { Bytes32, Id, Signature, Timestamp, canonicalInt } from './primitives.ts';
import { MAX_PINS, MAX_PIN_LIST_BYTES, capAnswer } from './limits.ts';

/** An account's pins (account id -> keyCardHash), signed by the account, counter strictly increasing. */
export const PinListRecord = z.strictObject({
  v: z.literal(2),
  owner: Id,
  counter: canonicalInt(1, 1_000_000_000),
  pins: z.array(z.strictObject({ id: Id, card: Bytes32 })).check(z.maxLength(MAX_PINS)),
  time: Timestamp,
  signature: Signature,
});

/** `GET /v1/me/pins`: the stored list (null before the first). */
export const PinListResponse = capAnswer(z.strictObject({ list: z.nullable(PinListRecord) }), { bytes: MAX_PIN_LIST_BYTES + 64 });

/** `PUT /v1/me/pins`: the next list (counter above the stored one). */
export const PutPinListRequest = z.strictObject({ list: PinListRecord });

export type PinListRecord = z.infer<typeof PinListRecord>;

/** The signed statement of a pin-list record (crypto `pinListHash` input); the record was parsed. */
export function pinListStatement(l: PinListRecord): PinListStatement {
  return { owner: l.owner, counter: l.counter, time: l.time, pins: l.pins.map((p) => ({ id: p.id, card: fromBase64Url(p.card, 32) })) };
}
