/**
 * The slice of the Workers/D1 API the worker uses, declared structurally so the
 * project's DOM-based tsconfig does not need the global workers typings.
 */

/** Metadata D1 returns with every statement result. */
export interface D1Meta {
  changes: number;
  last_row_id: number;
  duration: number;
  [key: string]: unknown;
}

/** Result of `all()` / `run()` and of each statement in `batch()`. */
export interface D1Result<T = Record<string, unknown>> {
  results: T[];
  success: boolean;
  meta: D1Meta;
}

/** A prepared, bindable SQL statement. */
export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  first<T = Record<string, unknown>>(column?: string): Promise<T | null>;
  all<T = Record<string, unknown>>(): Promise<D1Result<T>>;
  run<T = Record<string, unknown>>(): Promise<D1Result<T>>;
}

/** The D1 binding. `batch()` runs its statements as one atomic transaction. */
export interface D1Database {
  prepare(query: string): D1PreparedStatement;
  batch<T = Record<string, unknown>>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]>;
}

/** Bindings and variables the worker reads (wrangler.toml `[vars]`, secrets, Miniflare bindings). */
export interface Env {
  DB: D1Database;
  /** Comma-separated CORS allow-list; `*` wildcards; `null` admits opaque origins. */
  ALLOWED_ORIGINS?: string;
  /** Person session lifetime in seconds (default 30 days). */
  SESSION_TTL_SECONDS?: string;
  /** Machine session lifetime in seconds (default 7 days). */
  MACHINE_SESSION_TTL_SECONDS?: string;
  /** HMAC key for fake salts of unknown handles; generated and stored in D1 when absent. */
  KDF_SALT_SECRET?: string;
  /** Failed logins allowed per handle per window (default 5). */
  LOGIN_LIMIT_PER_HANDLE?: string;
  /** Failed logins allowed per client address per window (default 20). */
  LOGIN_LIMIT_PER_ADDRESS?: string;
  /** Failed-login window in seconds (default 300). */
  LOGIN_WINDOW_SECONDS?: string;
  /** "1" enables GET /v1/bench/row (benchmarks only). */
  LATCHKEY_BENCH?: string;
}

/** The authenticated account of a request. */
export interface Caller {
  id: string;
  handle: string;
  kind: 'person' | 'machine' | 'group';
}

/** Hono generics for this app. */
export interface AppEnv {
  Bindings: Env;
  Variables: { caller: Caller; tokenHash: string };
}
