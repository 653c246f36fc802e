import * as z from './wire-zod.ts';
import { KDF_SALT_LENGTH, MAX_KDF_N, MIN_KDF, isPowerOfTwo } from '../crypto/index.ts';
import { AccountInfo, KeyCard } from './card.ts';
import { MAX_MACHINES, MAX_MACHINES_ANSWER_BYTES, capAnswer } from './limits.ts';
import { Bytes32, Handle, Id, MAX_KEYRING_BYTES, Timestamp, base64urlOf, base64urlUpTo } from './primitives.ts';

/**
 * scrypt parameters as stored with an account: the bounds clients derive
 * with (src/crypto/kdf.ts), so the server never stores an account no client
 * could log in to. The ceiling keeps a hostile server from making a client
 * burn minutes of CPU.
 */
export const WireKdfParams = z.strictObject({
  alg: z.literal('scrypt'),
  N: z.int().check(z.minimum(MIN_KDF.N), z.maximum(MAX_KDF_N), z.refine(isPowerOfTwo, 'must be a power of two')),
  r: z.literal(MIN_KDF.r),
  p: z.literal(MIN_KDF.p),
  salt: base64urlOf(KDF_SALT_LENGTH),
});

/** `POST /v1/accounts`: sign up a person. */
export const SignupRequest = z.strictObject({
  card: KeyCard,
  kdf: WireKdfParams,
  keyring: base64urlUpTo(MAX_KEYRING_BYTES),
  authHash: Bytes32,
});

/** `GET /v1/kdf/:handle` */
export const KdfResponse = z.strictObject({ kdf: WireKdfParams });

/** `POST /v1/sessions`: a person logs in by handle, a machine by account id. */
export const LoginRequest = z.union([
  z.strictObject({ handle: Handle, authKey: Bytes32 }),
  z.strictObject({ accountId: Id, authKey: Bytes32 }),
]);

/** Session tokens are 32 random bytes; the server keeps only their SHA-256. */
export const SessionToken = Bytes32;

/** The answer to `POST /v1/sessions`. */
export const LoginResponse = z.strictObject({
  token: SessionToken,
  expiresAt: Timestamp,
  account: AccountInfo,
  /** The sealed private keyring (persons); machines derive keys from their token. */
  keyring: z.nullable(base64urlUpTo(MAX_KEYRING_BYTES)),
});

/** `POST /v1/accounts` answer and parts of others. */
export const AccountResponse = z.strictObject({ account: AccountInfo });

/** `GET /v1/me` */
export const MeResponse = z.strictObject({ account: AccountInfo, card: KeyCard });

/** `GET /v1/cards/...` */
export const CardResponse = z.strictObject({ card: KeyCard });

/** A machine's label, unique per owner: lower-case letters, digits, `.`, `_`, `-`, up to 40. */
export const MACHINE_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,39}$/;
/** A machine name ({@link MACHINE_NAME_PATTERN}). */
export const MachineName = z.string().check(z.regex(MACHINE_NAME_PATTERN));

/** `POST /v1/machines`: a person registers a machine account it owns. */
export const CreateMachineRequest = z.strictObject({
  name: MachineName,
  card: KeyCard,
  authHash: Bytes32,
});

/** One machine account a person owns. */
export const MachineEntry = z.strictObject({
  name: MachineName,
  account: AccountInfo,
  card: KeyCard,
  created: Timestamp,
});

/** `GET /v1/machines` */
export const MachineListResponse = capAnswer(z.strictObject({ machines: z.array(MachineEntry) }), {
  bytes: MAX_MACHINES_ANSWER_BYTES,
  items: { field: 'machines', max: MAX_MACHINES },
});

/** `GET /v1/health` */
export const HealthResponse = z.strictObject({
  ok: z.literal(true),
  service: z.literal('latchkey'),
  version: z.string(),
});

/** Every error answer: `{ error: { code, message } }`. */
export const ErrorResponse = z.strictObject({
  error: z.strictObject({ code: z.string(), message: z.string() }),
});

export type WireKdfParams = z.infer<typeof WireKdfParams>;
export type SignupRequest = z.infer<typeof SignupRequest>;
export type KdfResponse = z.infer<typeof KdfResponse>;
export type LoginRequest = z.infer<typeof LoginRequest>;
export type LoginResponse = z.infer<typeof LoginResponse>;
export type AccountResponse = z.infer<typeof AccountResponse>;
export type MeResponse = z.infer<typeof MeResponse>;
export type CardResponse = z.infer<typeof CardResponse>;
export type CreateMachineRequest = z.infer<typeof CreateMachineRequest>;
export type MachineEntry = z.infer<typeof MachineEntry>;
export type MachineListResponse = z.infer<typeof MachineListResponse>;
export type HealthResponse = z.infer<typeof HealthResponse>;
export type ErrorResponse = z.infer<typeof ErrorResponse>;
