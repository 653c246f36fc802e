/**
 * The parts of @cloudflare/vitest-pool-workers' `cloudflare:test` module the
 * worker tests use. The package's own typings need the global workers types,
 * which clash with the DOM lib; typed bindings come from ./test-worker.ts.
 */
declare module 'cloudflare:test' {
  /** Bindings of the worker under test (typed in test-worker.ts). */
  export const env: unknown;
  /** The worker's default export, callable like fetch. */
  export const SELF: { fetch(input: string | Request, init?: RequestInit): Promise<Response> };
  /** Applies migrations not yet recorded in d1_migrations. */
  export function applyD1Migrations(db: unknown, migrations: unknown, table?: string): Promise<void>;
}
