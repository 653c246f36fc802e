/**
 * Test-only: calls the worker's fetch handler directly inside workerd with
 * the real D1 binding. (SELF.fetch of vitest-pool-workers 0.15.1 slows down
 * with every request made in a file, so tests call the handler instead.)
 */
import { env } from 'cloudflare:test';
import app from './index.ts';
import type { FetchLike } from './test-fixtures.ts';
import type { Env } from './types.ts';

/** The worker's bindings in the test runtime (real D1). */
export const testEnv = env as Env;

const ctx = { waitUntil: (_p: Promise<unknown>) => {}, passThroughOnException: () => {}, props: {} };

/** `(path, init) => Response` against the worker under test. */
export const workerFetch: FetchLike = async (path, init) =>
  app.fetch(new Request(`http://latchkey.test${path}`, init), testEnv, ctx as never);
