/**
 * Documented size limits of the protocol and the byte caps of the answers
 * derived from them. The server enforces the count limits; clients refuse an
 * answer larger than its cap while it streams in, so a hostile server cannot
 * make a client buffer (or wait for) more than an honest answer could hold.
 * Every cap is a worst case of well-formed JSON as the server writes it (no
 * whitespace; every string field is pattern-checked, so nothing is escaped).
 * @module
 */
import type * as z from 'zod/mini';

/** Largest sealed value a version may carry (nonce + ciphertext + tag). */
export const MAX_CIPHERTEXT_BYTES = 192 * 1024;
/** Largest sealed keyring. */
export const MAX_KEYRING_BYTES = 1024;
/** Most secrets returned by the list and bulk calls. */
export const MAX_LIST = 5000;
/** Most grantees per secret (each version carries one wrap per recipient). */
export const MAX_GRANTS_PER_SECRET = 100;
/** Most machines per person. */
export const MAX_MACHINES = 200;
/** Most audit entries returned by one call. */
export const MAX_AUDIT = 500;

/**
 * JSON text of any one fixed-size record: a key card, a grant, a secret
 * summary, a version header, a wrap, an error body. The largest (a summary
 * with a 200-character name, or a version header carrying its author's
 * grant) is under 1.5 KiB; 4 KiB leaves room without letting a record grow.
 */
export const MAX_RECORD_BYTES = 4 * 1024;
/** base64url text of the largest ciphertext. */
const MAX_CIPHERTEXT_TEXT = Math.ceil((MAX_CIPHERTEXT_BYTES * 4) / 3);

/**
 * JSON text of a signed access list: {@link MAX_GRANTS_PER_SECRET} entries
 * (id, card hash, access: about 110 bytes each) plus its fixed fields.
 */
export const MAX_ACCESS_LIST_BYTES = MAX_RECORD_BYTES + MAX_GRANTS_PER_SECRET * 160;

/** Most pins in an account's signed pin list. */
export const MAX_PINS = 2000;
/** JSON text of a signed pin list: {@link MAX_PINS} entries (id, card hash: about 75 bytes each) plus its fixed fields. */
export const MAX_PIN_LIST_BYTES = MAX_RECORD_BYTES + MAX_PINS * 80;

/** Cap of every answer not listed below (cards, sessions, KDF parameters, errors, ...). */
export const SMALL_ANSWER_BYTES = 4 * MAX_RECORD_BYTES;
/** One secret's version: summary + version record (with the largest ciphertext) + wrap + access list. */
export const MAX_VERSION_ANSWER_BYTES = MAX_CIPHERTEXT_TEXT + 3 * MAX_RECORD_BYTES + MAX_ACCESS_LIST_BYTES;
/** `GET /v1/secrets-bulk`: {@link MAX_LIST} versions (about 1.3 GB; the client's own ceiling is far lower). */
export const MAX_BULK_ANSWER_BYTES = MAX_LIST * MAX_VERSION_ANSWER_BYTES;
/** Most secrets one `POST /v1/secrets-batch` creates. */
export const MAX_BATCH_CREATE = 100;
/** Largest body a client sends to `POST /v1/secrets-batch` (below the server's general body limit). */
export const MAX_BATCH_BODY_BYTES = 256 * 1024;
/** `POST /v1/secrets-batch`: one summary per created secret. */
export const MAX_BATCH_ANSWER_BYTES = MAX_BATCH_CREATE * MAX_RECORD_BYTES;
/** `GET /v1/secrets`: {@link MAX_LIST} summaries. */
export const MAX_LIST_ANSWER_BYTES = MAX_LIST * MAX_RECORD_BYTES;
/** `GET /v1/secrets/:id/grants`: one more than {@link MAX_GRANTS_PER_SECRET} grants, each with a card, and the access list. */
export const MAX_GRANTS_ANSWER_BYTES = (MAX_GRANTS_PER_SECRET + 1) * 2 * MAX_RECORD_BYTES + MAX_ACCESS_LIST_BYTES;
/** `GET /v1/machines`: {@link MAX_MACHINES} machines, each with account and card. */
export const MAX_MACHINES_ANSWER_BYTES = MAX_MACHINES * 2 * MAX_RECORD_BYTES;
/** `GET /v1/audit`: {@link MAX_AUDIT} entries. */
export const MAX_AUDIT_ANSWER_BYTES = MAX_AUDIT * MAX_RECORD_BYTES;
/**
 * `GET /v1/secrets/:id/versions` has no count limit (a secret may have any
 * number of versions), so only the client's overall ceiling bounds it.
 */
export const UNLIMITED_ANSWER_BYTES = Number.POSITIVE_INFINITY;

/** The bounds of one kind of answer: its size, and for a list, the most entries it may hold. */
export interface AnswerBounds {
  bytes: number;
  /** The top-level array field and its count limit, checked before any entry is validated. */
  items?: { field: string; max: number };
}

const caps = new WeakMap<object, AnswerBounds>();

/** Registers the bounds of the answers a schema describes; returns the schema. */
export function capAnswer<S extends z.ZodMiniType>(schema: S, bounds: AnswerBounds): S {
  caps.set(schema, bounds);
  return schema;
}

/** The bounds of an answer parsed with `schema` ({@link SMALL_ANSWER_BYTES} unless registered). */
export function answerBoundsOf(schema: z.ZodMiniType | null): AnswerBounds {
  return (schema && caps.get(schema)) ?? { bytes: SMALL_ANSWER_BYTES };
}
