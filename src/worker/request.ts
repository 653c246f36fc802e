/** Reading untrusted request input: JSON bodies against protocol schemas, and path parameters. */
import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { fromBase64Url } from '../crypto/index.ts';
import { Handle, Id, ProtocolError, VersionNumber, parseWire } from '../protocol/index.ts';
import { ApiError, badRequest } from './errors.ts';
import { MAX_BODY_BYTES } from './config.ts';

/**
 * Reads the body as JSON (at most {@link MAX_BODY_BYTES}) and validates it
 * with `schema`; every failure is a 4xx naming what was wrong. Any
 * Content-Type is accepted (bearer auth, no cookies: nothing to forge), so
 * simple `text/plain` requests from notebooks avoid a CORS preflight.
 */
export async function readBody<S extends z.ZodMiniType>(c: Context, schema: S, what: string): Promise<z.infer<S>> {
  return parseInput(schema, await readJson(c), what);
}

/** The body as JSON (at most {@link MAX_BODY_BYTES}), not yet validated: for checks that come before the schema. */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.length > MAX_BODY_BYTES) throw tooLarge();
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'bad-json', 'the request body is not valid JSON');
  }
}

/** The 413 answer for bodies over the limit. */
export function tooLarge(): ApiError {
  return new ApiError(413, 'too-large', `request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB`);
}

/** Validates an already-decoded value, mapping protocol errors to 400. */
export function parseInput<S extends z.ZodMiniType>(schema: S, value: unknown, what: string): z.infer<S> {
  try {
    return parseWire(schema, value, what);
  } catch (err) {
    if (err instanceof ProtocolError) throw badRequest(err.message);
    throw err;
  }
}

/** An account or secret id from the path (16 bytes base64url). Malformed ids are simply not found. */
export function idParam(c: Context, name: string): string {
  const value = c.req.param(name);
  if (!Id.safeParse(value).success) throw new ApiError(404, 'not-found', `no such ${name === 'id' ? 'secret' : 'account'}`);
  return value as string;
}

/** A handle from the path. */
export function handleParam(c: Context): string {
  const value = c.req.param('handle');
  if (!Handle.safeParse(value).success) {
    throw badRequest('handles are 2-63 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  return value as string;
}

/** A version number from the path. */
export function versionParam(c: Context): number {
  const raw = c.req.param('n') ?? '';
  const n = /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : NaN;
  if (!VersionNumber.safeParse(n).success) throw badRequest('the version number in the path must be a positive integer');
  return n;
}

/**
 * Decodes a base64url field of a request, as a 400 naming the field when it
 * is not canonical. The schemas check only alphabet and length, and a value
 * the server later decodes must not become a 500 (or be stored and break
 * every later request that decodes it).
 */
export function decodeBase64Url(text: string, field: string, length?: number): Uint8Array {
  try {
    return fromBase64Url(text, length);
  } catch {
    throw badRequest(`${field} is not canonical base64url (unpadded, unused trailing bits zero)`);
  }
}
