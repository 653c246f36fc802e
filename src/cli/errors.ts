/**
 * CLI failures and how they are printed. Every error line reads
 * `latchkey: error: <what> (<what to do>)`; usage mistakes exit 2, everything
 * else 1. Messages never contain a secret value, passphrase or token.
 * @module
 */

/** Exit status of a successful run. */
export const EXIT_OK = 0;
/** Exit status of a failed run (network, auth, not found, ...). */
export const EXIT_FAILURE = 1;
/** Exit status of a command line that could not be understood. */
export const EXIT_USAGE = 2;

/** A failure the CLI reports on purpose: what went wrong and what to do about it. */
export class CliError extends Error {
  /** What to do next, shown in parentheses. */
  readonly hint: string;
  /** Process exit status. */
  readonly exitCode: number;

  /** @param what - what went wrong; @param hint - what to do; @param exitCode - defaults to 1. */
  constructor(what: string, hint: string, exitCode: number = EXIT_FAILURE) {
    super(what);
    this.name = 'CliError';
    this.hint = hint;
    this.exitCode = exitCode;
  }
}

/** The command line itself is wrong (unknown command or flag, missing argument): exit 2. */
export class UsageError extends CliError {
  /** @param what - what was wrong; @param hint - usually "see latchkey CMD --help". */
  constructor(what: string, hint: string) {
    super(what, hint, EXIT_USAGE);
    this.name = 'UsageError';
  }
}

/** The user stopped the program (Ctrl-C at a prompt): exit 130 like a shell. */
export class InterruptedError extends CliError {
  constructor() {
    super('interrupted', 'nothing more was done', 130);
    this.name = 'InterruptedError';
  }
}

/** Shape of the SDK's errors, matched structurally so this file loads without the SDK. */
interface CodedError {
  code: string;
  message: string;
  server?: string;
  retryAfter?: number;
}

function isCoded(error: unknown): error is CodedError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string';
}

const HINTS: Record<string, string> = {
  network: 'start it with "latchkey serve" (or npm start), or pass --server URL / set LATCHKEY_SERVER',
  'not-found': 'check the name with "latchkey ls"',
  conflict: 'someone changed it first; run the command again',
  integrity: 'the server answered something that does not verify; nothing was used. Check "latchkey verify HANDLE" and report it',
  'bad-input': 'fix the argument and try again; see --help',
  'rate-limited': 'wait, then try again',
  limit: 'the server sent too much, too slowly, or too many unknown accounts; nothing was used. Check the server, then try again',
  server: 'the server failed; try again later or look at its log',
  'unknown-provider': 'run "latchkey providers" for the list',
  format: 'fix or move the file, then retry',
  'unsafe-file': 'move the file out of the way, then retry',
  'bad-value': 'check the values with --help',
  'bad-name': 'use letters, digits, - _ . and /',
  unsupported: 'this needs Node with a file system',
};

/** Drops a trailing sentence the SDK adds after a semicolon when we print our own hint. */
function firstClause(message: string): string {
  return message.replace(/\s+$/, '').replace(/\.$/, '');
}

/** Hints for the providers module's errors, whose codes overlap the SDK's. */
const PROVIDER_HINTS: Record<string, string> = {
  'not-found': 'put the credentials in one of those places, or save them with "latchkey set NAME key=value --provider P"',
  conflict: 'run "latchkey pull --overwrite NAME" to replace it (a backup is kept), or move the file away',
};

function hintFor(error: CodedError & { name?: string }): string {
  if (typeof error.name === 'string' && error.name.startsWith('Provider') && PROVIDER_HINTS[error.code]) {
    return PROVIDER_HINTS[error.code]!;
  }
  if (error.code === 'auth') {
    if (/^login failed/.test(error.message)) return 'check the handle and passphrase (or token) and try again; repeated failures are rate limited';
    if (/not logged in|session|expired/i.test(error.message)) return 'run "latchkey login HANDLE" and try again';
    return 'this needs access you do not have; ask the owner';
  }
  return HINTS[error.code] ?? 'see latchkey --help';
}

/** Local wall-clock time `seconds` from now, as HH:MM:SS. */
function retryClock(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toTimeString().slice(0, 8);
}

/** Turns any thrown value into the one-line message and exit status. */
export function describeError(error: unknown): { line: string; exitCode: number } {
  if (error instanceof CliError) {
    return { line: `latchkey: error: ${error.message} (${error.hint})`, exitCode: error.exitCode };
  }
  if (isCoded(error)) {
    if (error.code === 'network' && typeof error.server === 'string') {
      return {
        line: `latchkey: error: cannot reach the latchkey server at ${error.server} (${HINTS.network})`,
        exitCode: EXIT_FAILURE,
      };
    }
    if (error.code === 'rate-limited' && typeof error.retryAfter === 'number') {
      const what = firstClause(error.message.split(';')[0]!);
      return {
        line: `latchkey: error: ${what} (wait ${error.retryAfter} s, until ${retryClock(error.retryAfter)}, then try again)`,
        exitCode: EXIT_FAILURE,
      };
    }
    const hint = hintFor(error);
    return { line: `latchkey: error: ${firstClause(error.message)} (${hint})`, exitCode: EXIT_FAILURE };
  }
  const text = error instanceof Error ? error.message : String(error);
  return {
    line: `latchkey: error: ${firstClause(text)} (this looks like a bug; run again with LATCHKEY_DEBUG=1 and report it)`,
    exitCode: EXIT_FAILURE,
  };
}
