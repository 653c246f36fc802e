/** Server configuration read from environment bindings, with defaults. */
import type { Env } from './types.ts';

/** Largest accepted request body (bytes). A 192 KiB ciphertext is 256 KiB as base64url, plus the envelope. */
export const MAX_BODY_BYTES = 320 * 1024;
/** Count limits are part of the protocol: clients derive their answer caps from them. */
export { MAX_AUDIT, MAX_GRANTS_PER_SECRET, MAX_LIST, MAX_MACHINES } from '../protocol/index.ts';

/** Origins allowed when ALLOWED_ORIGINS is unset: Colab output frames and local pages. */
export const DEFAULT_ALLOWED_ORIGINS = 'https://*-colab.googleusercontent.com,http://localhost:*,http://127.0.0.1:*';

function positiveInt(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
}

/** Resolved configuration. */
export interface Config {
  sessionTtlMs: number;
  machineSessionTtlMs: number;
  loginLimitPerHandle: number;
  loginLimitPerAddress: number;
  loginWindowMs: number;
  bench: boolean;
  allowedOrigins: string;
}

/** Reads {@link Config} from the bindings. */
export function readConfig(env: Env): Config {
  return {
    sessionTtlMs: positiveInt(env.SESSION_TTL_SECONDS, 30 * 24 * 3600) * 1000,
    machineSessionTtlMs: positiveInt(env.MACHINE_SESSION_TTL_SECONDS, 7 * 24 * 3600) * 1000,
    loginLimitPerHandle: positiveInt(env.LOGIN_LIMIT_PER_HANDLE, 5),
    loginLimitPerAddress: positiveInt(env.LOGIN_LIMIT_PER_ADDRESS, 20),
    loginWindowMs: positiveInt(env.LOGIN_WINDOW_SECONDS, 300) * 1000,
    bench: env.LATCHKEY_BENCH === '1',
    allowedOrigins: env.ALLOWED_ORIGINS ?? DEFAULT_ALLOWED_ORIGINS,
  };
}
