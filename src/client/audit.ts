/**
 * The audit log: your own actions and those on what you own, newest first,
 * as the server records them (metadata only: who, what, which secret or
 * account, when). Paged by entry id.
 * @module
 */
import { AuditResponse, type AuditEntry } from '../protocol/index.ts';
import type { ClientState } from './client-state.ts';
import { BadInputError } from './errors.ts';

export type { AuditEntry } from '../protocol/index.ts';

/** Options of {@link auditLog}. */
export interface AuditOptions {
  /** Only entries older than this entry id (the `id` of the last entry of the previous page). */
  before?: number;
}

/** One page of the audit log (at most MAX_AUDIT entries), newest first. */
export async function auditLog(state: ClientState, options: AuditOptions = {}): Promise<AuditEntry[]> {
  state.me();
  const { before } = options;
  if (before !== undefined && (!Number.isSafeInteger(before) || before < 1)) {
    throw new BadInputError('before must be the id of an audit entry (an integer >= 1)');
  }
  const path = before === undefined ? '/v1/audit' : `/v1/audit?before=${before}`;
  const answer = await state.transport.request('GET', path, AuditResponse, { what: 'read the audit log' });
  return answer.entries;
}
