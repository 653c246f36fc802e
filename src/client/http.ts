/**
 * HTTP transport: JSON over fetch with bearer auth, mapping of the server's
 * `{ error: { code, message } }` answers to SDK errors, and validation of
 * every response body with the shared protocol schemas. A response that does
 * not match its schema is treated as tampering (IntegrityError). Every
 * exchange runs under the client's bounds (src/client/bounds.ts).
 * @module
 */
import type * as z from 'zod/mini';
import { ErrorResponse, ProtocolError, parseWire } from '../protocol/index.ts';
import { Deadline, capFor, checkItems, readAnswer, resolveLimits, type ClientLimits } from './bounds.ts';
import {
  AuthError, BadInputError, ConflictError, IntegrityError, LatchkeyError, NetworkError, NotFoundError,
  LimitError, RateLimitError, ServerError,
} from './errors.ts';

/** The fetch signature the transport needs (global fetch or a test double). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Options of one request. */
export interface RequestOptions {
  /** JSON request body. */
  body?: unknown;
  /** Send the session token (default true when one is set). */
  auth?: boolean;
  /** What the caller was doing, for error messages ("load secret openai"). */
  what?: string;
  /** Another session token to send instead of the client's (ending a throw-away session). */
  bearer?: string;
}

const DEFAULT_RETRY_AFTER = 30;
const MAX_SERVER_MESSAGE = 300;

/** Normalises a server base URL: must be http(s), no trailing slash, no credentials. */
export function normalizeServerUrl(server: string): string {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new BadInputError(`server "${server}" is not a URL; pass e.g. http://127.0.0.1:8787`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadInputError(`server URL must start with http:// or https://, got ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new BadInputError('server URL must not contain a user name or password');
  }
  if (url.search || url.hash) throw new BadInputError('server URL must not contain a query or fragment');
  return url.toString().replace(/\/+$/, '');
}

/** One path segment, percent-encoded. */
export function seg(value: string | number): string {
  return encodeURIComponent(String(value));
}

/** JSON-over-HTTP client for one latchkey server. */
export class Transport {
  /** Normalised base URL, e.g. `http://127.0.0.1:8787`. */
  readonly server: string;
  /** Size, time and look-up bounds of every exchange. */
  readonly limits: ClientLimits;
  private readonly fetchImpl: FetchLike;
  private token: string | null = null;

  /** @param server - base URL; @param fetchImpl - fetch to use (defaults to the global one); @param limits - bounds over the defaults. */
  constructor(server: string, fetchImpl?: FetchLike, limits?: Partial<ClientLimits>) {
    this.server = normalizeServerUrl(server);
    this.limits = resolveLimits(limits);
    const f = fetchImpl ?? (globalThis.fetch as FetchLike | undefined);
    if (!f) throw new BadInputError('no fetch() in this runtime; pass one with createClient({ fetch })');
    this.fetchImpl = fetchImpl ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** Sets (or clears) the bearer token sent with authenticated requests. */
  setToken(token: string | null): void {
    this.token = token;
  }

  /** True when a session token is set. */
  hasToken(): boolean {
    return this.token !== null;
  }

  /**
   * Sends a request and validates the JSON answer with `schema`
   * (`null` for answers without a body, e.g. 204).
   */
  async request<S extends z.ZodMiniType>(method: string, path: string, schema: S, opts?: RequestOptions): Promise<z.infer<S>>;
  async request(method: string, path: string, schema: null, opts?: RequestOptions): Promise<void>;
  async request(method: string, path: string, schema: z.ZodMiniType | null, opts: RequestOptions = {}): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const useAuth = opts.auth ?? true;
    if (useAuth) {
      const token = opts.bearer ?? this.token;
      if (token === null) throw new AuthError('not logged in; call login() (or run `latchkey login`) first');
      headers.authorization = `Bearer ${token}`;
    }
    const what = opts.what ?? `${method} ${path}`;
    const deadline = new Deadline(this.limits, what);
    const init: RequestInit = { method, headers, signal: deadline.signal };
    if (opts.body !== undefined) init.body = JSON.stringify(opts.body);
    let text: string;
    try {
      let response: Response;
      try {
        response = await deadline.race(this.fetchImpl(this.server + path, init));
      } catch (error) {
        if (error instanceof LimitError) throw error;
        throw new NetworkError(this.server, describeFetchFailure(error), { cause: error });
      }
      deadline.started();
      if (!response.ok) throw await errorFromResponse(response, what, (r) => readAnswer(r, capFor(ErrorResponse, this.limits), deadline, what));
      if (schema === null) {
        await response.body?.cancel().catch(() => undefined);
        return undefined;
      }
      text = await readAnswer(response, capFor(schema, this.limits), deadline, what).catch((error: unknown) => {
        if (error instanceof LatchkeyError) throw error;
        throw new IntegrityError(`the server's answer to ${what} is not valid UTF-8 text`, { cause: error });
      });
    } finally {
      deadline.done();
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new IntegrityError(`the server's answer to ${opts.what ?? path} is not valid JSON`, { cause: error });
    }
    checkItems(schema, json, what);
    try {
      return parseWire(schema, json, `the server's answer to ${opts.what ?? path}`);
    } catch (error) {
      if (error instanceof ProtocolError) {
        throw new IntegrityError(`${error.message}; refusing it (the server or the network may be tampering)`, {
          cause: error,
        });
      }
      throw error;
    }
  }
}

function describeFetchFailure(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: unknown } }).cause;
    const code = cause && typeof cause.code === 'string' ? cause.code : null;
    return code ?? error.message.slice(0, 120);
  }
  return 'fetch failed';
}

async function errorFromResponse(response: Response, what: string, read: (r: Response) => Promise<string>): Promise<LatchkeyError> {
  let code = '';
  let message = '';
  try {
    const body = parseWire(ErrorResponse, JSON.parse(await read(response)));
    code = body.error.code;
    // Control characters (terminal escapes) from a server never reach a user's screen.
    message = body.error.message.slice(0, MAX_SERVER_MESSAGE).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  } catch (error) {
    // A bound hit while reading it is reported as such; anything else we do not recognise
    // (a proxy page, an empty answer) leaves the status alone.
    if (error instanceof LimitError) throw error;
  }
  const said = message ? `: ${message}` : '';
  switch (response.status) {
    case 400:
    case 413:
    case 422:
      return new BadInputError(`the server refused ${what}${said}`);
    case 401:
      return new AuthError(
        /passphrase|credential|token/i.test(message)
          ? `login failed${said}`
          : `not logged in or the session expired (${what})${said}; log in again`,
      );
    case 403:
      return new AuthError(`not allowed: ${what}${said}`);
    case 404:
      return new NotFoundError(`not found: ${what}${said}`);
    case 409:
      return new ConflictError(`conflict on ${what}${said}`);
    case 429: {
      const header = Number(response.headers.get('retry-after'));
      const retryAfter = Number.isFinite(header) && header > 0 ? Math.ceil(header) : DEFAULT_RETRY_AFTER;
      return new RateLimitError(`too many attempts (${what})${said}`, retryAfter);
    }
    default:
      return new ServerError(response.status, `the server failed on ${what} (HTTP ${response.status}${code ? ` ${code}` : ''})${said}`);
  }
}
