/** SQL fragments for secret reads and the mapping of their rows to wire shapes. */
import type { AccessListRecord, AccountInfo, GrantRecord, SecretSummary, VersionHeader, VersionRecord, WrapRecord } from '../../protocol/index.ts';

/**
 * Summary columns; `caller` is an SQL expression for the caller's account id
 * (a bound parameter or the session subquery).
 */
export function summaryColumns(caller: string): string {
  return `s.id AS s_id, s.name AS s_name, s.provider AS s_provider, s.owner_id AS s_owner, o.handle AS o_handle,
    o.kind AS o_kind, s.version AS s_version, s.rotate AS s_rotate, s.updated_at AS s_updated, s.list AS s_list,
    CASE WHEN s.owner_id = ${caller} THEN 'owner' ELSE g.access END AS s_access`;
}

/** FROM clause joining the owner and the caller's grant. */
export function summaryFrom(caller: string): string {
  return `secrets s JOIN accounts o ON o.id = s.owner_id LEFT JOIN grants g ON g.secret_id = s.id AND g.grantee_id = ${caller}`;
}

/** Condition: the caller owns the secret or holds a grant on it. */
export function readableBy(caller: string): string {
  return `(s.owner_id = ${caller} OR g.grantee_id IS NOT NULL)`;
}

/** Ids of every secret the caller may read (index-driven, no table scan). */
export function readableIds(caller: string): string {
  return `SELECT id FROM secrets WHERE owner_id = ${caller} UNION ALL SELECT secret_id FROM grants WHERE grantee_id = ${caller}`;
}

/** Version columns of alias `v` (without ciphertext). */
export const VERSION_HEADER_COLUMNS = `v.version AS v_version, v.author_id AS v_author, v.time AS v_time, v.prev AS v_prev,
  v.signature AS v_signature, v.list AS v_list, v.author_grant AS v_grant`;

/** Version columns of alias `v` including the ciphertext. */
export const VERSION_COLUMNS = `${VERSION_HEADER_COLUMNS}, v.ciphertext AS v_ciphertext`;

/** A row carrying summary columns. */
export interface SummaryRow {
  s_id: string;
  s_name: string;
  s_provider: string | null;
  s_owner: string;
  o_handle: string;
  o_kind: AccountInfo['kind'];
  s_version: number;
  s_rotate: number;
  s_updated: number;
  s_access: SecretSummary['access'];
  /** The secret's latest access list (JSON), if any. */
  s_list: string | null;
}

/** A row carrying version header columns. */
export interface VersionHeaderRow {
  v_version: number;
  v_author: string;
  v_time: number;
  v_prev: string | null;
  v_signature: string;
  v_list: number;
  v_grant: string | null;
}

/** A row carrying version columns and a wrap. */
export interface VersionRow extends VersionHeaderRow {
  v_ciphertext: string;
}

/** A summary + latest version + the caller's wrap. */
export interface SecretVersionRow extends SummaryRow, VersionRow {
  w_recipient: string;
  w_wrap: string;
}

/** Maps summary columns to a SecretSummary. */
export function toSummary(r: SummaryRow): SecretSummary {
  return {
    id: r.s_id,
    name: r.s_name,
    provider: r.s_provider,
    owner: { id: r.s_owner, handle: r.o_handle, kind: r.o_kind },
    version: r.s_version,
    access: r.s_access,
    rotate: r.s_rotate !== 0,
    updatedAt: r.s_updated,
  };
}

/** Maps version columns to a VersionRecord. */
export function toVersion(secretId: string, r: VersionRow): VersionRecord {
  return {
    v: 2,
    secret: secretId,
    version: r.v_version,
    ciphertext: r.v_ciphertext,
    author: r.v_author,
    time: r.v_time,
    prev: r.v_prev,
    signature: r.v_signature,
    list: r.v_list,
    authorGrant: r.v_grant === null ? null : (JSON.parse(r.v_grant) as GrantRecord),
  };
}

/** Maps header columns (+ stored ciphertext hash) to a VersionHeader. */
export function toHeader(secretId: string, r: VersionHeaderRow & { v_hash: string }): VersionHeader {
  return {
    v: 2,
    secret: secretId,
    version: r.v_version,
    author: r.v_author,
    time: r.v_time,
    prev: r.v_prev,
    signature: r.v_signature,
    list: r.v_list,
    authorGrant: r.v_grant === null ? null : (JSON.parse(r.v_grant) as GrantRecord),
    ciphertextHash: r.v_hash,
  };
}

/** Maps a full row to the `{ secret, version, wrap, list }` answer. */
export function toSecretVersion(r: SecretVersionRow): { secret: SecretSummary; version: VersionRecord; wrap: WrapRecord; list: AccessListRecord | null } {
  return {
    secret: toSummary(r), version: toVersion(r.s_id, r), wrap: { recipient: r.w_recipient, wrap: r.w_wrap },
    list: r.s_list === null ? null : (JSON.parse(r.s_list) as AccessListRecord),
  };
}
