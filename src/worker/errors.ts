/**
 * The one error shape of the API: `{ error: { code, message } }`. Expected
 * failures throw {@link ApiError}; anything else becomes a generic 500 that
 * reveals nothing about the request or the stack.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Stable machine-readable error codes. */
export type ErrorCode =
  | 'bad-request'
  | 'bad-json'
  | 'too-large'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'handle-taken'
  | 'rate-limited'
  | 'unsupported-media-type'
  | 'method-not-allowed'
  | 'internal';

/** An expected failure with a status, a code and a message safe to show. */
export class ApiError extends HTTPException {
  /** Stable code clients can branch on. */
  readonly code: ErrorCode;
  /** Extra response headers (e.g. Retry-After). */
  readonly headers: Record<string, string>;

  /** @param status - HTTP status; @param code - error code; @param message - what was wrong and what to do. */
  constructor(status: ContentfulStatusCode, code: ErrorCode, message: string, headers: Record<string, string> = {}) {
    super(status, { message });
    this.code = code;
    this.headers = headers;
  }
}

/** 400 for a request that does not match the protocol. */
export function badRequest(message: string): ApiError {
  return new ApiError(400, 'bad-request', message);
}

/** 404 used both for missing things and for things the caller may not see. */
export function notFound(what = 'not found'): ApiError {
  return new ApiError(404, 'not-found', what);
}

/** 409 for compare-and-swap losers and uniqueness clashes. */
export function conflict(message: string, code: ErrorCode = 'conflict'): ApiError {
  return new ApiError(409, code, message);
}

/** Renders an error body. */
export function errorResponse(c: Context, status: ContentfulStatusCode, code: ErrorCode, message: string, headers: Record<string, string> = {}): Response {
  return c.json({ error: { code, message } }, status, headers);
}

const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  409: 'conflict',
  413: 'too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
};

/** `app.onError`: known errors keep their status; unknown ones become an opaque 500. */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof ApiError) return errorResponse(c, err.status, err.code, err.message, err.headers);
  if (err instanceof HTTPException && err.status < 500) {
    return errorResponse(c, err.status, STATUS_CODES[err.status] ?? 'bad-request', err.message || 'bad request');
  }
  // Log only the error class: messages of unexpected errors may quote request data.
  console.error('latchkey worker: unexpected error', err?.name ?? typeof err);
  return errorResponse(c, 500, 'internal', 'internal error; the request was not applied, try again later');
}

/** True when a D1 error is a UNIQUE/PRIMARY KEY violation. */
export function isConstraintError(err: unknown): boolean {
  return err instanceof Error && /UNIQUE constraint failed|PRIMARY KEY constraint failed|SQLITE_CONSTRAINT/i.test(err.message);
}
