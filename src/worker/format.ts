/**
 * Format v2 on the write path: signed statements (grants, versions, access
 * lists) made by a format v1 client are refused with a message that says
 * what to do, before the schema would report a bare missing field.
 */
import { badRequest } from './errors.ts';

/** The protocol format this server accepts for signed statements. */
export const FORMAT_VERSION = 2;

/** Refuses `body` when the signed record at `path` (e.g. ['grant']) is present but not format v2. */
export function refuseRetiredFormat(body: unknown, path: readonly string[], what: string): void {
  let record: unknown = body;
  for (const key of path) {
    if (typeof record !== 'object' || record === null) return;
    record = (record as Record<string, unknown>)[key];
  }
  if (typeof record !== 'object' || record === null) return;
  if ((record as { v?: unknown }).v !== FORMAT_VERSION) {
    throw badRequest(
      `${what} is in a retired format (v1); this server accepts format v${FORMAT_VERSION} only ` +
        '(grants bind the grantee\'s key card, versions name their access list): upgrade latchkey and try again',
    );
  }
}
