/**
 * Wire protocol: zod schemas for every request and response body and for the
 * signed structures, shared by the client and the worker. Binary fields are
 * unpadded base64url; lengths are checked on the text. Routes: docs/http-api.md.
 * @module
 */
export { ProtocolError } from './errors.ts';
export { parseWire } from './parse.ts';
export {
  Access, AccountKind, Bytes32, HANDLE_PATTERN, Handle, Id, MAX_CIPHERTEXT_BYTES, MAX_KEYRING_BYTES, PROVIDER_NAME_PATTERN, ProviderName,
  MAX_SECRET_NAME_LENGTH, SECRET_NAME_PATTERN, SecretName, Signature, Timestamp, canonicalInt, VersionNumber, WrapBytes, base64urlOf, base64urlUpTo,
} from './primitives.ts';
export { AccountInfo, KeyCard, KeyCardBody } from './card.ts';
export type { KeyCardWire } from './card.ts';
export {
  AccountResponse, CardResponse, ChangeCredentialsRequest, CreateMachineRequest, ErrorResponse, HealthResponse, KdfResponse, LoginRequest,
  LoginResponse, MACHINE_NAME_PATTERN, MachineEntry, MachineListResponse, MachineName, MeResponse, SessionToken, SignupRequest, WireKdfParams,
} from './accounts.ts';
export {
  AccessListRecord, PutAccessListRequest, BulkResponse, CreateSecretRequest, CreateSecretsRequest, GrantEntry, GrantListResponse, GrantRecord, HistoryResponse, MAX_RECIPIENTS, accessListStatement, grantStatement,
  PutGrantRequest, PutVersionRequest, SecretListResponse, SecretSummariesResponse, SecretSummary, SecretSummaryResponse, SecretVersionResponse,
  VersionHeader, VersionRecord, WrapRecord,
} from './secrets.ts';
export { PinListRecord, PinListResponse, PutPinListRequest, pinListStatement } from './pins.ts';
export { AcceptanceRecord, MAX_SHARES, OwnerAcceptanceRecord, ShareEntry, SharesResponse } from './acceptances.ts';
export { AuditAction, AuditEntry, AuditResponse } from './audit.ts';
export {
  MAX_AUDIT, MAX_AUDIT_ANSWER_BYTES, MAX_BULK_ANSWER_BYTES, MAX_GRANTS_ANSWER_BYTES, MAX_GRANTS_PER_SECRET, MAX_LIST,
  MAX_LIST_ANSWER_BYTES, MAX_MACHINES, MAX_MACHINES_ANSWER_BYTES, MAX_RECORD_BYTES, MAX_VERSION_ANSWER_BYTES, SMALL_ANSWER_BYTES,
  answerBoundsOf, MAX_PINS, MAX_PIN_LIST_BYTES, MAX_BATCH_ANSWER_BYTES, MAX_BATCH_BODY_BYTES, MAX_BATCH_CREATE,
} from './limits.ts';
export type { AnswerBounds } from './limits.ts';
export { BACKUP_FORMAT, BACKUP_VERSION, BackupFile, BackupSecretEntry, BackupVersionEntry } from './backup.ts';
export {
  CreateGroupRequest, GroupChangeRequest, GroupEntry, GroupMemberEntry, GroupResponse, GroupRole, GroupsResponse, MAX_GROUP_LISTS, MAX_GROUPS,
  MembershipList, Rewrap, SeedWrap,
} from './groups.ts';
export type { MembershipListWire } from './groups.ts';
export { CardChainResponse, CardLinkWire, RotateCardRequest } from './cards.ts';
