/**
 * The bounds the client puts on every exchange with a server, so a hostile
 * server (or network) can neither exhaust its memory nor hang it: byte caps
 * enforced while an answer streams in (the per-route cap from src/protocol,
 * under an overall ceiling), a connect and a total timeout, and, for answers
 * that make the client look things up (key cards of a bulk answer), a cap on
 * how many and how many at once. Both fetch paths (the global fetch and the
 * CLI's node:http one) go through {@link readAnswer} via the Transport.
 * @module
 */
import { IntegrityError } from './errors.ts';
import { concatBytes } from '../crypto/index.ts';
import { answerBoundsOf } from '../protocol/index.ts';
import type * as z from 'zod/mini';
import { BadInputError, LimitError } from './errors.ts';

/** Bounds of one client; every field can be set in `createClient({ limits })`. */
export interface ClientLimits {
  /** Time until the server's answer starts (status and headers), ms. */
  connectTimeoutMs: number;
  /** Time for a whole exchange, including reading the answer, ms. */
  totalTimeoutMs: number;
  /** Ceiling on any one answer's size (each route also has its own cap, derived from the protocol limits), bytes. */
  maxAnswerBytes: number;
  /**
   * Most look-ups one bulk answer may make the client do: key cards of
   * distinct accounts not pinned on this device, plus checks of claimed
   * write access (one grant list each).
   */
  maxBulkLookups: number;
  /** Most key-card and grant look-ups in flight at once. */
  concurrency: number;
}

/** Defaults: generous for an honest server on a slow link, small enough that an attack ends quickly. */
export const DEFAULT_LIMITS: Readonly<ClientLimits> = Object.freeze({
  connectTimeoutMs: 20_000,
  totalTimeoutMs: 120_000,
  maxAnswerBytes: 64 * 1024 * 1024,
  maxBulkLookups: 256,
  concurrency: 8,
});

/** Defaults overridden by `options`; BadInputError on a bound that is not a positive integer. */
export function resolveLimits(options: Partial<ClientLimits> = {}): ClientLimits {
  if (typeof options !== 'object' || options === null) throw new BadInputError('limits must be an object, e.g. { totalTimeoutMs: 30000 }');
  const out: ClientLimits = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(options)) {
    if (!(key in DEFAULT_LIMITS)) {
      throw new BadInputError(`unknown limit "${key}"; the limits are ${Object.keys(DEFAULT_LIMITS).join(', ')}`);
    }
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || (value as number) < 1) throw new BadInputError(`limits.${key} must be a positive integer, got ${String(value)}`);
    out[key as keyof ClientLimits] = value as number;
  }
  return out;
}

const MB = 1024 * 1024;
const size = (bytes: number): string => (bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

/** The byte cap of an answer: the route's own (from src/protocol) under the client's ceiling. */
export function capFor(schema: z.ZodMiniType | null, limits: ClientLimits): { bytes: number; bound: 'answerBytes' | 'maxAnswerBytes' } {
  const route = answerBoundsOf(schema).bytes;
  return route <= limits.maxAnswerBytes ? { bytes: route, bound: 'answerBytes' } : { bytes: limits.maxAnswerBytes, bound: 'maxAnswerBytes' };
}

function tooLarge(what: string, cap: { bytes: number; bound: 'answerBytes' | 'maxAnswerBytes' }): LimitError {
  return cap.bound === 'answerBytes'
    ? new LimitError('answerBytes', `the server's answer to ${what} is larger than any honest answer can be (${size(cap.bytes)}, from the protocol's limits); refused it unread (the server or the network may be tampering)`)
    : new LimitError('maxAnswerBytes', `the server's answer to ${what} is larger than ${size(cap.bytes)} (limits.maxAnswerBytes); refused it unread. If the server is yours and holds that much, raise it: createClient({ limits: { maxAnswerBytes } })`);
}

/**
 * Refuses a list answer holding more entries than the protocol allows, before
 * any entry is validated (so a flood of entries costs no per-entry work).
 */
export function checkItems(schema: z.ZodMiniType, json: unknown, what: string): void {
  const items = answerBoundsOf(schema).items;
  if (!items || typeof json !== 'object' || json === null) return;
  const list = (json as Record<string, unknown>)[items.field];
  if (Array.isArray(list) && list.length > items.max) {
    throw new IntegrityError(
      `the server's answer to ${what} holds ${list.length} ${items.field}, more than the ${items.max} the protocol allows; ` +
        'refusing it (the server or the network may be tampering)',
    );
  }
}

/** One exchange's deadlines: an AbortSignal that fires at the first one passed, with a LimitError as its reason. */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #timers: Array<ReturnType<typeof setTimeout>>;
  readonly #connect: ReturnType<typeof setTimeout>;

  /** @param what - the exchange, for messages. */
  constructor(limits: ClientLimits, what: string) {
    const fire = (bound: 'connectTimeoutMs' | 'totalTimeoutMs', ms: number, phase: string) =>
      setTimeout(() => this.#controller.abort(new LimitError(bound,
        `the server did not ${phase} ${what} within ${ms / 1000} s (limits.${bound}); check the server and the network, ` +
          `or raise it: createClient({ limits: { ${bound} } })`)), ms);
    this.#connect = fire('connectTimeoutMs', limits.connectTimeoutMs, 'start answering');
    this.#timers = [this.#connect, fire('totalTimeoutMs', limits.totalTimeoutMs, 'finish answering')];
  }

  /** Fires at the first deadline passed. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The answer started: only the total timeout still runs. */
  started(): void {
    clearTimeout(this.#connect);
  }

  /** The exchange is over. */
  done(): void {
    for (const t of this.#timers) clearTimeout(t);
  }

  /** `work`, or the deadline's LimitError if that comes first (even when the fetch in use ignores the signal). */
  race<T>(work: Promise<T>): Promise<T> {
    const signal = this.#controller.signal;
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(signal.reason as Error);
      signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => { signal.removeEventListener('abort', onAbort); resolve(value); },
        (error: unknown) => { signal.removeEventListener('abort', onAbort); reject(signal.aborted ? (signal.reason as Error) : error); },
      );
    });
  }
}

/**
 * Reads an answer body as UTF-8 text, refusing it as soon as it passes
 * `cap` (a declared Content-Length above the cap is refused before reading).
 */
export async function readAnswer(
  response: Response,
  cap: { bytes: number; bound: 'answerBytes' | 'maxAnswerBytes' },
  deadline: Deadline,
  what: string,
): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  const body = response.body;
  if (Number.isFinite(declared) && declared > cap.bytes) {
    await body?.cancel().catch(() => undefined);
    throw tooLarge(what, cap);
  }
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await deadline.race(reader.read());
      if (done) break;
      total += value.byteLength;
      if (total > cap.bytes) throw tooLarge(what, cap);
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
  const bytes = chunks.length === 1 ? chunks[0]! : concatBytes(...chunks);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** Runs at most `n` of the functions given to it at once. */
export function limiter(n: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    // A finishing call hands its slot straight to the next waiter, so no newcomer can slip in between.
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
