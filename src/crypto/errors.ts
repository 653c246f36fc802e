/** Machine-readable reason carried by every {@link CryptoError}. */
export type CryptoErrorCode =
  | 'bad-length'
  | 'bad-encoding'
  | 'bad-key'
  | 'decrypt-failed'
  | 'bad-signature'
  | 'weak-kdf'
  | 'bad-input';

/**
 * The only error type thrown by src/crypto. Messages say what was wrong and
 * what to do, and never contain key material, plaintext or passphrases.
 */
export class CryptoError extends Error {
  /** Stable code callers can branch on. */
  readonly code: CryptoErrorCode;

  /** @param code - stable reason; @param message - human-readable explanation without secrets. */
  constructor(code: CryptoErrorCode, message: string) {
    super(message);
    this.name = 'CryptoError';
    this.code = code;
  }
}

/** Throws `bad-input` unless `n` is a safe integer >= `min` (counters and times in signed statements). */
export function assertCount(n: number, what: string, min: number): void {
  if (!Number.isSafeInteger(n) || n < min) throw new CryptoError('bad-input', `${what} must be an integer >= ${min}`);
}

/** Throws `bad-length` unless `bytes` is a Uint8Array of exactly `length` bytes. */
export function assertLength(bytes: Uint8Array, length: number, what: string): void {
  if (!(bytes instanceof Uint8Array)) {
    throw new CryptoError('bad-input', `${what} must be a Uint8Array`);
  }
  if (bytes.length !== length) {
    throw new CryptoError('bad-length', `${what} must be ${length} bytes, got ${bytes.length}`);
  }
}
