/**
 * Every failure the SDK reports is a {@link LatchkeyError} subclass with a
 * stable `code`. Messages say what happened and what to do next; they never
 * contain a secret value, a key, a token or a passphrase.
 * @module
 */

import { CryptoError } from '../crypto/index.ts';

/** Stable machine-readable failure kinds. */
export type LatchkeyErrorCode =
  | 'network'
  | 'auth'
  | 'not-found'
  | 'conflict'
  | 'integrity'
  | 'bad-input'
  | 'rate-limited'
  | 'limit'
  | 'server';

/** Base class of every error the SDK throws on purpose. */
export class LatchkeyError extends Error {
  /** Stable reason callers can branch on. */
  readonly code: LatchkeyErrorCode;

  /** @param code - failure kind; @param message - actionable, secret-free text. */
  constructor(code: LatchkeyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LatchkeyError';
    this.code = code;
  }
}

/** The server could not be reached (DNS, refused connection, TLS, offline). */
export class NetworkError extends LatchkeyError {
  /** The server URL that was tried. */
  readonly server: string;

  /** @param server - base URL that was tried; @param detail - low-level reason (no secrets). */
  constructor(server: string, detail: string, options?: { cause?: unknown }) {
    super(
      'network',
      `could not reach the latchkey server at ${server} (${detail}); check that it is running ` +
        `(for a local server: npm start) and that the server URL is right`,
      options,
    );
    this.name = 'NetworkError';
    this.server = server;
  }
}

/** Not logged in, session expired, or wrong passphrase / token. */
export class AuthError extends LatchkeyError {
  /** @param message - what failed and how to log in again. */
  constructor(message: string) {
    super('auth', message);
    this.name = 'AuthError';
  }
}

/** The secret, account or version does not exist or is not visible to the caller. */
export class NotFoundError extends LatchkeyError {
  /** @param message - what was looked for. */
  constructor(message: string) {
    super('not-found', message);
    this.name = 'NotFoundError';
  }
}

/** Someone else changed the thing first (compare-and-swap lost) or a name is taken. */
export class ConflictError extends LatchkeyError {
  /** @param message - what conflicted and that the caller should reload. */
  constructor(message: string) {
    super('conflict', message);
    this.name = 'ConflictError';
  }
}

/**
 * Tampering or corruption was detected: a signature, key card, chain link,
 * wrap or ciphertext failed verification. Never retried silently.
 */
export class IntegrityError extends LatchkeyError {
  /** @param message - which check failed, for which account or secret. */
  constructor(message: string, options?: { cause?: unknown }) {
    super('integrity', message, options);
    this.name = 'IntegrityError';
  }
}

/** The caller passed something unusable (bad name, empty passphrase, ...). */
export class BadInputError extends LatchkeyError {
  /** @param message - what was wrong and what is accepted. */
  constructor(message: string) {
    super('bad-input', message);
    this.name = 'BadInputError';
  }
}

/** Too many attempts; retry after `retryAfter` seconds. */
export class RateLimitError extends LatchkeyError {
  /** Seconds to wait before retrying (the server's hint, or a default). */
  readonly retryAfter: number;

  /** @param message - what was limited; @param retryAfter - seconds to wait. */
  constructor(message: string, retryAfter: number) {
    super('rate-limited', `${message}; try again in ${retryAfter} s`);
    this.name = 'RateLimitError';
    this.retryAfter = retryAfter;
  }
}

/** The server failed (5xx) or answered something unexpected but not tamper-looking. */
export class ServerError extends LatchkeyError {
  /** HTTP status of the failed response. */
  readonly status: number;

  /** @param status - HTTP status; @param message - what failed. */
  constructor(status: number, message: string) {
    super('server', message);
    this.name = 'ServerError';
    this.status = status;
  }
}

/** Which client bound an answer hit (the `limits` option of createClient names them). */
export type BoundName = 'answerBytes' | 'maxAnswerBytes' | 'connectTimeoutMs' | 'totalTimeoutMs' | 'maxBulkLookups';

/**
 * An answer went past a bound the client sets on every exchange (size, time,
 * or look-ups it would cause) and was refused before it could exhaust memory
 * or hang the caller. `bound` names which one.
 */
export class LimitError extends LatchkeyError {
  /** The bound that was hit. */
  readonly bound: BoundName;

  /** @param bound - which bound; @param message - what was refused and what to do. */
  constructor(bound: BoundName, message: string) {
    super('limit', message);
    this.name = 'LimitError';
    this.bound = bound;
  }
}

/**
 * Runs a crypto check over untrusted data; a structure the crypto layer
 * cannot even encode (a -0, a float, a wrong length) is tampering too, so its
 * CryptoError becomes an IntegrityError naming `what`.
 */
export async function refuseMalformed<T>(what: string, check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof CryptoError) throw new IntegrityError(`${what} is malformed (${error.message}); refusing it`, { cause: error });
    throw error;
  }
}
