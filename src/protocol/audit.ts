import * as z from './wire-zod.ts';
import { AccountInfo } from './card.ts';
import { MAX_AUDIT, MAX_AUDIT_ANSWER_BYTES, capAnswer } from './limits.ts';
import { Id, Timestamp } from './primitives.ts';

/** Things the audit log records; one entry per mutation. */
export const AuditAction = z.enum([
  'account.create',
  'account.credentials',
  'account.keys',
  'session.create',
  'session.delete',
  'machine.create',
  'machine.delete',
  'secret.create',
  'secret.version',
  'secret.delete',
  'grant.put',
  'grant.delete',
  'grant.accept',
  'group.create',
  'group.change',
  'group.delete',
]);

/** One audit log entry. */
export const AuditEntry = z.strictObject({
  id: z.int().check(z.minimum(1)),
  actor: AccountInfo,
  action: AuditAction,
  secret: z.nullable(Id),
  /** The other account concerned (a grantee, a machine), if any. */
  subject: z.nullable(Id),
  at: Timestamp,
});

/** `GET /v1/audit` (newest first). */
export const AuditResponse = capAnswer(z.strictObject({ entries: z.array(AuditEntry) }), {
  bytes: MAX_AUDIT_ANSWER_BYTES,
  items: { field: 'entries', max: MAX_AUDIT },
});

export type AuditAction = z.infer<typeof AuditAction>;
export type AuditEntry = z.infer<typeof AuditEntry>;
export type AuditResponse = z.infer<typeof AuditResponse>;
