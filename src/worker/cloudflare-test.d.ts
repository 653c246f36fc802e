/**
 * The parts of @cloudflare/vitest-pool-workers' `cloudflare:test` module the
 * worker tests use, typed against this project's structural D1 types (the
 * package's own typings need the global workers types, which clash with DOM).
 */
declare module 'cloudflare:test' {
  import type { D1Database } from './types.ts';

  /** Bindings of the worker under test. */
  export const env: {
    DB: D1Database;
    TEST_MIGRATIONS: Array<{ name: string; queries: string[] }>;
  };
  /** The worker's default export, callable like fetch. */
  export const SELF: { fetch(input: string | Request, init?: RequestInit): Promise<Response> };
  /** Applies migrations not yet recorded in d1_migrations. */
  export function applyD1Migrations(db: D1Database, migrations: Array<{ name: string; queries: string[] }>, table?: string): Promise<void>;
}
