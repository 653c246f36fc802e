import type * as z from 'zod/mini';
import { ProtocolError } from './errors.ts';

interface RawIssue {
  code: string;
  path: PropertyKey[];
  expected?: string;
  format?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  keys?: string[];
  values?: unknown[];
  origin?: string;
  message?: string;
}

/** zod/mini ships no message locale, so issues are described here. */
function describeIssue(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${issue.expected ?? 'of another type'}`;
    case 'invalid_format':
      return issue.format === 'regex' ? 'has an invalid format' : `must be a valid ${issue.format ?? 'value'}`;
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `is too short (at least ${String(issue.minimum)})`
        : `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `is too long (at most ${String(issue.maximum)})`
        : `must be at most ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return `has unknown field(s): ${(issue.keys ?? []).join(', ')}`;
    case 'invalid_value':
      return `must be one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return 'matches none of the allowed shapes';
    case 'custom':
      return issue.message ?? 'is invalid';
    default:
      return 'is invalid';
  }
}

function fieldPath(path: PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map((p) => String(p)).join('.');
}

/**
 * Parses untrusted wire data with a schema; throws {@link ProtocolError} that
 * names the first bad field. `what` names the structure in the message.
 */
export function parseWire<S extends z.ZodMiniType>(schema: S, value: unknown, what = 'malformed message'): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data as z.infer<S>;
  const issues = (result.error.issues as unknown as RawIssue[]).map((issue) => ({
    field: fieldPath(issue.path),
    issue: describeIssue(issue),
  }));
  throw new ProtocolError(what, issues);
}
