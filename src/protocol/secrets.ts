import * as z from './wire-zod.ts';
import { fromBase64Url, type AccessListStatement, type GrantStatement } from '../crypto/index.ts';
import { AccountInfo, KeyCard } from './card.ts';
import {
  Access, Bytes32, Id, MAX_CIPHERTEXT_BYTES, canonicalInt, ProviderName, SecretName, Signature, Timestamp, VersionNumber,
  WrapBytes, base64urlUpTo,
} from './primitives.ts';
import {
  MAX_BATCH_ANSWER_BYTES, MAX_BATCH_CREATE, MAX_BULK_ANSWER_BYTES, MAX_GRANTS_ANSWER_BYTES, MAX_GRANTS_PER_SECRET, MAX_LIST, MAX_LIST_ANSWER_BYTES, MAX_VERSION_ANSWER_BYTES, UNLIMITED_ANSWER_BYTES, capAnswer,
} from './limits.ts';

/** Most recipients one version may be wrapped to (owner + grantees, with room for grants being replaced). */
export const MAX_RECIPIENTS = 200;

/**
 * An owner-signed grant (crypto `signGrant`, format v2: it binds the
 * grantee's key-card hash). Writers wrap new versions only to grantees whose
 * grant verifies; readers accept a non-owner author only with a verifying
 * write grant, under the card that grant names.
 */
export const GrantRecord = z.strictObject({
  v: z.literal(2),
  secret: Id,
  owner: Id,
  grantee: Id,
  /** keyCardHash of the grantee's card as the owner checked it. */
  card: Bytes32,
  access: Access,
  time: Timestamp,
  signature: Signature,
});

/** Access-list counters: 0 (no list yet) up to this. */
const ListCounter = canonicalInt(0, 1_000_000_000);

/**
 * The owner-signed list of every grantee of a secret (crypto
 * `signAccessList`), counter strictly increasing. Writers wrap only to the
 * latest list they verified.
 */
export const AccessListRecord = z.strictObject({
  v: z.literal(2),
  secret: Id,
  owner: Id,
  counter: canonicalInt(1, 1_000_000_000),
  /** Counter of the latest list that removed a grantee (0: none). */
  revoked: ListCounter,
  grantees: z.array(z.strictObject({ id: Id, card: Bytes32, access: Access })).check(z.maxLength(MAX_GRANTS_PER_SECRET)),
  time: Timestamp,
  signature: Signature,
});

const versionFields = {
  v: z.literal(2),
  secret: Id,
  version: VersionNumber,
  author: Id,
  time: Timestamp,
  /** versionHash of the previous version; null only for version 1. */
  prev: z.nullable(Bytes32),
  signature: Signature,
  /** Counter of the access list the version was wrapped under (0: none). */
  list: ListCounter,
  /** The author's write grant when the author is not the owner. */
  authorGrant: z.nullable(GrantRecord),
};

/** One version as stored: sealed values and the author's signature. */
export const VersionRecord = z.strictObject({
  ...versionFields,
  ciphertext: base64urlUpTo(MAX_CIPHERTEXT_BYTES),
});

/** A version without its ciphertext, for history and chain checks. */
export const VersionHeader = z.strictObject({
  ...versionFields,
  ciphertextHash: Bytes32,
});

/** The data key of one version wrapped to one recipient. */
export const WrapRecord = z.strictObject({
  recipient: Id,
  wrap: WrapBytes,
});

/** What the caller may know about a secret it can read. */
export const SecretSummary = z.strictObject({
  id: Id,
  name: SecretName,
  provider: z.nullable(ProviderName),
  owner: AccountInfo,
  version: VersionNumber,
  access: z.enum(['owner', 'read', 'write']),
  /** Set when a grantee was removed: the upstream credential should be rotated. */
  rotate: z.boolean(),
  updatedAt: Timestamp,
});

const Wraps = z.array(WrapRecord).check(z.minLength(1), z.maxLength(MAX_RECIPIENTS));

/** `POST /v1/secrets` */
export const CreateSecretRequest = z.strictObject({
  id: Id,
  name: SecretName,
  provider: z.nullable(ProviderName),
  version: VersionRecord,
  wraps: Wraps,
});

/** `POST /v1/secrets-batch`: several new secrets, created all or none. */
export const CreateSecretsRequest = z.strictObject({
  secrets: z.array(CreateSecretRequest).check(z.minLength(1), z.maxLength(MAX_BATCH_CREATE)),
});

/** `PUT /v1/secrets/:id/versions/:n` */
export const PutVersionRequest = z.strictObject({
  version: VersionRecord,
  wraps: Wraps,
});

/** `GET /v1/secrets`. */
export const SecretListResponse = capAnswer(z.strictObject({ secrets: z.array(SecretSummary) }), {
  bytes: MAX_LIST_ANSWER_BYTES,
  items: { field: 'secrets', max: MAX_LIST },
});
/** The answer to create / put. */
export const SecretSummaryResponse = z.strictObject({ secret: SecretSummary });
/** The answer to a batch create: one summary per secret, in request order. */
export const SecretSummariesResponse = capAnswer(z.strictObject({ secrets: z.array(SecretSummary) }), {
  bytes: MAX_BATCH_ANSWER_BYTES,
  items: { field: 'secrets', max: MAX_BATCH_CREATE },
});

/** `GET /v1/secrets/:id` and `GET /v1/secrets/:id/versions/:n`, with the secret's latest access list. */
export const SecretVersionResponse = capAnswer(
  z.strictObject({ secret: SecretSummary, version: VersionRecord, wrap: WrapRecord, list: z.nullable(AccessListRecord) }),
  { bytes: MAX_VERSION_ANSWER_BYTES },
);

/** `GET /v1/secrets-bulk`: every readable secret's latest version and the caller's wrap. */
export const BulkResponse = capAnswer(z.strictObject({ secrets: z.array(SecretVersionResponse) }), {
  bytes: MAX_BULK_ANSWER_BYTES,
  items: { field: 'secrets', max: MAX_LIST },
});

/** `GET /v1/secrets/:id/versions` (oldest first). */
export const HistoryResponse = capAnswer(z.strictObject({ versions: z.array(VersionHeader) }), { bytes: UNLIMITED_ANSWER_BYTES });

/** `PUT /v1/secrets/:id/grants/:accountId` */
export const PutGrantRequest = z.strictObject({ grant: GrantRecord, wrap: WrapRecord });

/** A grant with the grantee's key card. */
export const GrantEntry = z.strictObject({ grant: GrantRecord, card: KeyCard });

/** `GET /v1/secrets/:id/grants`: the grants and the latest access list (null before the first share). */
export const GrantListResponse = capAnswer(z.strictObject({ grants: z.array(GrantEntry), list: z.nullable(AccessListRecord) }), {
  bytes: MAX_GRANTS_ANSWER_BYTES,
  items: { field: 'grants', max: MAX_GRANTS_PER_SECRET + 1 },
});

/** `PUT /v1/secrets/:id/access-list`: the next list (counter = stored counter + 1). */
export const PutAccessListRequest = z.strictObject({ list: AccessListRecord });

export type AccessListRecord = z.infer<typeof AccessListRecord>;
export type PutAccessListRequest = z.infer<typeof PutAccessListRequest>;
export type GrantRecord = z.infer<typeof GrantRecord>;

/** The signed statement of an access-list record (crypto `accessListHash` input); the record was parsed. */
export function accessListStatement(l: AccessListRecord): AccessListStatement {
  return {
    secret: l.secret, owner: l.owner, counter: l.counter, revoked: l.revoked, time: l.time,
    grantees: l.grantees.map((g) => ({ id: g.id, card: fromBase64Url(g.card, 32), access: g.access })),
  };
}

/** The signed statement of a grant record (crypto `grantHash` input); the record was parsed, so its fields are well formed. */
export function grantStatement(g: GrantRecord): GrantStatement {
  return { secret: g.secret, owner: g.owner, grantee: g.grantee, card: fromBase64Url(g.card, 32), access: g.access, time: g.time };
}
export type VersionRecord = z.infer<typeof VersionRecord>;
export type VersionHeader = z.infer<typeof VersionHeader>;
export type WrapRecord = z.infer<typeof WrapRecord>;
export type SecretSummary = z.infer<typeof SecretSummary>;
export type CreateSecretRequest = z.infer<typeof CreateSecretRequest>;
export type CreateSecretsRequest = z.infer<typeof CreateSecretsRequest>;
export type PutVersionRequest = z.infer<typeof PutVersionRequest>;
export type SecretListResponse = z.infer<typeof SecretListResponse>;
export type SecretSummaryResponse = z.infer<typeof SecretSummaryResponse>;
export type SecretVersionResponse = z.infer<typeof SecretVersionResponse>;
export type BulkResponse = z.infer<typeof BulkResponse>;
export type HistoryResponse = z.infer<typeof HistoryResponse>;
export type PutGrantRequest = z.infer<typeof PutGrantRequest>;
export type GrantEntry = z.infer<typeof GrantEntry>;
export type GrantListResponse = z.infer<typeof GrantListResponse>;
