/**
 * The plaintext inside every ciphertext: canonical JSON
 * `{ values: Record<string, string>, provider: { name, config? } | null }`,
 * and the checks on names and values callers pass in.
 * @module
 */
import { canonicalBytes, utf8Decode } from '../crypto/index.ts';
import type { CanonicalValue } from '../crypto/index.ts';
import { PROVIDER_NAME_PATTERN, SECRET_NAME_PATTERN } from '../protocol/index.ts';
import { BadInputError, IntegrityError } from './errors.ts';

/** A provider reference kept inside the ciphertext (config holds paths, env maps, options). */
export interface ProviderRef {
  name: string;
  config?: { [key: string]: CanonicalValue };
}

/** What a version encrypts. */
export interface SecretPayload {
  values: Record<string, string>;
  provider: ProviderRef | null;
}

const MAX_VALUE_KEYS = 1000;

/** Throws BadInputError unless `name` is a valid secret name. */
export function assertSecretName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !SECRET_NAME_PATTERN.test(name)) {
    throw new BadInputError(
      'a secret name must be 1-200 characters of letters, digits, ".", "_", "-" and "/" for folders ' +
        '(no empty, "." or ".." folder, no leading or trailing "/")',
    );
  }
}

/** Checks and copies caller-supplied values (a plain object of strings). */
export function checkPayloadValues(values: unknown, what = 'values'): Record<string, string> {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new BadInputError(`${what} must be a plain object of strings, e.g. { api_key: "..." }`);
  }
  const out: Record<string, string> = {};
  const entries = Object.entries(values as Record<string, unknown>);
  if (entries.length > MAX_VALUE_KEYS) throw new BadInputError(`${what} may hold at most ${MAX_VALUE_KEYS} keys`);
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > 200) throw new BadInputError(`${what}: keys must be 1-200 characters`);
    if (typeof value !== 'string') throw new BadInputError(`${what}.${key} must be a string (got ${value === null ? 'null' : typeof value})`);
    out[key] = value;
  }
  return out;
}

/** Checks and copies a caller-supplied provider reference. */
export function checkProvider(provider: unknown): ProviderRef | null {
  if (provider === undefined || provider === null) return null;
  if (typeof provider === 'string') provider = { name: provider };
  const p = provider as { name?: unknown; config?: unknown };
  if (typeof p !== 'object' || typeof p.name !== 'string' || !PROVIDER_NAME_PATTERN.test(p.name)) {
    throw new BadInputError('provider must be { name, config? } with a name like "openai" or "aws" (lower-case letters, digits, "-", "_")');
  }
  if (p.config === undefined) return { name: p.name };
  if (typeof p.config !== 'object' || p.config === null || Array.isArray(p.config)) {
    throw new BadInputError('provider.config must be a plain object');
  }
  try {
    canonicalBytes(p.config as CanonicalValue);
  } catch {
    throw new BadInputError('provider.config may hold only strings, integers, booleans, null, arrays and plain objects');
  }
  return { name: p.name, config: JSON.parse(JSON.stringify(p.config)) as ProviderRef['config'] };
}

/** Canonical plaintext bytes of a payload. */
export function encodePayload(payload: SecretPayload): Uint8Array {
  const provider: CanonicalValue = payload.provider
    ? payload.provider.config
      ? { name: payload.provider.name, config: payload.provider.config }
      : { name: payload.provider.name }
    : null;
  return canonicalBytes({ values: payload.values, provider });
}

/**
 * Parses decrypted plaintext. It was authenticated, so a malformed payload
 * means a faulty or malicious author: IntegrityError.
 */
export function decodePayload(plain: Uint8Array, expectedProvider: string | null, what: string): SecretPayload {
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8Decode(plain));
  } catch {
    throw new IntegrityError(`${what}: decrypted contents are not valid JSON`);
  }
  const p = parsed as { values?: unknown; provider?: unknown };
  if (typeof p !== 'object' || p === null || Array.isArray(p) || Object.keys(p).some((k) => k !== 'values' && k !== 'provider')) {
    throw new IntegrityError(`${what}: decrypted contents have an unknown shape`);
  }
  let values: Record<string, string>;
  let provider: ProviderRef | null;
  try {
    values = checkPayloadValues(p.values);
    provider = checkProvider(p.provider ?? null);
  } catch (error) {
    throw new IntegrityError(`${what}: decrypted contents are malformed (${(error as Error).message})`);
  }
  if ((provider?.name ?? null) !== expectedProvider) {
    throw new IntegrityError(`${what}: the provider inside the ciphertext does not match the secret's provider metadata`);
  }
  return { values, provider };
}
