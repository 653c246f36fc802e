/**
 * Custom secrets: any file (JSON object or raw text) and/or any env-var map,
 * both at once allowed, under a validated name.
 */
import { MAX_SECRET_NAME_LENGTH, SECRET_NAME_PATTERN } from '../../protocol/index.ts';
import { ProviderNameError, ProviderValueError } from './errors.ts';
import { makeSecret, type EnvMap, type LatchkeySecret } from './secret.ts';
import type { FileSpec, ProviderSpec, ProviderValues } from './types.ts';

/** Longest allowed secret name. */
export const MAX_NAME_LENGTH = MAX_SECRET_NAME_LENGTH;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Throws ProviderNameError unless `name` is a valid secret name ({@link SECRET_NAME_PATTERN}). */
export function checkSecretName(name: string): void {
  if (typeof name === 'string' && SECRET_NAME_PATTERN.test(name)) return;
  throw new ProviderNameError(invalidNameReason(name));
}

/** Which part of the rule a refused name breaks, for the message (the pattern decides). */
function invalidNameReason(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) return 'A secret name cannot be empty.';
  if (name.length > MAX_NAME_LENGTH) return `A secret name is at most ${MAX_NAME_LENGTH} characters (got ${name.length}).`;
  if (name.startsWith('/') || name.endsWith('/')) return 'A secret name cannot start or end with "/" (use folder/name).';
  for (const seg of name.split('/')) {
    if (seg === '') return 'A secret name cannot contain "//".';
    if (seg === '.' || seg === '..') return 'A secret name cannot contain "." or ".." folders.';
    if (/[^A-Za-z0-9_.-]/.test(seg)) break;
  }
  return 'A secret name may only use letters, digits, "-", "_", "." and "/" for folders.';
}

/** Options of `customSecret`. */
export interface CustomSecretOptions {
  readonly name: string;
  /** A file holding the values: `json` (an object of strings, merged by key) or `raw` (the whole text as `value`). */
  readonly file?: { readonly path: string; readonly format: 'json' | 'raw' };
  /** value key -> env var name. */
  readonly envVars?: Readonly<Record<string, string>>;
  /** Explicit values (otherwise read from the file, then the env vars). */
  readonly values?: ProviderValues;
  readonly env?: EnvMap;
  readonly home?: string;
}

/** A custom secret; works with `write`, `remove`, `envFor` and `materialize` like a provider. */
export function customSecret(opts: CustomSecretOptions): LatchkeySecret {
  checkSecretName(opts.name);
  if (!opts.file && !opts.envVars) throw new ProviderValueError('A custom secret needs a file, envVars, or both.');
  const envVars = opts.envVars ?? {};
  for (const [key, envName] of Object.entries(envVars)) {
    if (!ENV_NAME.test(envName)) throw new ProviderValueError(`"${envName}" (for "${key}") is not a valid env var name.`);
  }
  const files: FileSpec[] = [];
  if (opts.file) {
    if (typeof opts.file.path !== 'string' || opts.file.path === '') throw new ProviderValueError('A custom secret file needs a path.');
    files.push(
      opts.file.format === 'raw'
        ? { id: 'file', locations: [{ path: opts.file.path }], codec: 'raw', fields: { value: '*' }, mode: 0o600 }
        : { id: 'file', locations: [{ path: opts.file.path }], codec: 'json-keys', fields: {}, passthrough: true, mode: 0o600 },
    );
  }
  const envKeys = Object.keys(envVars);
  const spec: ProviderSpec = {
    name: opts.name,
    description: 'custom secret',
    valueKeys: opts.file?.format === 'raw' ? ['value', ...envKeys.filter((k) => k !== 'value')] : envKeys,
    required: envKeys,
    env: Object.entries(envVars).map(([key, name]) => ({ key, names: [name] })),
    files,
  };
  return makeSecret('custom', opts.name, spec, { values: opts.values, env: opts.env, home: opts.home });
}
