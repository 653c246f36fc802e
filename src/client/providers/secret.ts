/**
 * Secret objects: a provider (or custom) spec bound to options, an
 * environment and a home folder, with lazily read values.
 */
import { ProviderError, ProviderNotFoundError, ProviderUnsupportedError, ProviderValueError } from './errors.ts';
import { nodeFiles } from './files.ts';
import { lookedAt, readEnv, readFiles, type Found } from './read.ts';
import { getProvider, providers } from './registry.ts';
import type { EnvVarSpec, LocateContext, PartOptions, ProviderSpec, ProviderValues } from './types.ts';

/** An environment: variable name -> value. */
export type EnvMap = Record<string, string | undefined>;

/** Options of `providerSecret`. */
export interface ProviderSecretOptions extends PartOptions {
  /** Use these values (no detection). */
  readonly values?: ProviderValues;
  /** Read and write this file instead of the provider's usual one. */
  readonly path?: string;
  /** Read these env vars instead of the provider's: value key -> env var name. */
  readonly envVars?: Readonly<Record<string, string>>;
  /** Environment to read (default: process.env in Node, {} elsewhere). */
  readonly env?: EnvMap;
  /** Home folder (default: os.homedir() in Node). */
  readonly home?: string;
}

/** A provider or custom secret; values are read lazily by `read()`. */
export interface LatchkeySecret {
  readonly kind: 'provider' | 'custom';
  /** Provider name, or the custom secret's name. */
  readonly name: string;
  /** The effective spec (path and env overrides applied). */
  readonly spec: ProviderSpec;
  readonly options: PartOptions & { readonly path?: string };
  /** Explicit values, if any were given. */
  readonly values: ProviderValues | null;
  readonly env: EnvMap;
  readonly home: string | undefined;
  /** Where the values come from; `auto` detects file first, then env. */
  readonly source: 'values' | 'file' | 'env' | 'auto';
  /** Reads the values now (files and env are read at each call). */
  read(): Promise<ProviderValues>;
  /** Reads the values and says where they came from. */
  locate(): Promise<{ values: ProviderValues; source: 'values' | 'file' | 'env'; location: string }>;
}

/** process.env where there is one, else an empty map. */
export function defaultEnv(): EnvMap {
  return (globalThis as { process?: { env?: EnvMap } }).process?.env ?? {};
}

/** Resolves the home folder (Node only when not given). */
export async function locateContextOf(secret: Pick<LatchkeySecret, 'env' | 'home'>): Promise<LocateContext> {
  return { env: secret.env, home: secret.home ?? (await nodeFiles()).homeDir() };
}

/** Applies `path` and `envVars` overrides to a spec. */
export function withOverrides(spec: ProviderSpec, path?: string, envVars?: Readonly<Record<string, string>>): ProviderSpec {
  let out = spec;
  if (path !== undefined && spec.files.length > 0) {
    const primary = spec.files.findIndex((f) => !f.optional);
    out = { ...out, files: out.files.map((f, i) => (i === primary ? { ...f, locations: [{ path }] } : f)) };
  }
  if (envVars) {
    const env: EnvVarSpec[] = Object.entries(envVars).map(([key, name]) => ({ key, names: [name] }));
    out = { ...out, env };
  }
  return out;
}

/** Builds a secret object from a spec (shared by providers and custom secrets). */
export function makeSecret(kind: LatchkeySecret['kind'], name: string, spec: ProviderSpec, opts: ProviderSecretOptions): LatchkeySecret {
  const values = opts.values ? { ...opts.values } : null;
  const explicitFile = opts.path !== undefined;
  const explicitEnv = opts.envVars !== undefined;
  const source: LatchkeySecret['source'] = values ? 'values' : explicitFile && !explicitEnv ? 'file' : explicitEnv && !explicitFile ? 'env' : 'auto';
  const part: PartOptions & { path?: string } = { profile: opts.profile, host: opts.host, context: opts.context, keyName: opts.keyName, path: opts.path };
  const secret: LatchkeySecret = {
    kind,
    name,
    spec,
    options: part,
    values,
    env: opts.env ?? defaultEnv(),
    home: opts.home,
    source,
    async read() {
      return (await secret.locate()).values;
    },
    async locate() {
      if (values) return { values: { ...values }, source: 'values', location: 'values' };
      let found: Found | null = null;
      if (source !== 'env' && (spec.files.length > 0 || spec.keyPair)) {
        try {
          found = await readFiles(spec, part, await locateContextOf(secret));
        } catch (e) {
          // without Node (browsers) detection falls through to env vars
          if (!(e instanceof ProviderUnsupportedError) || source === 'file') throw e;
        }
      }
      if (found && spec.envSupplements) {
        const extra = { ...found.values };
        for (const e of spec.env) {
          const name = e.names.find((n) => secret.env[n]);
          if (spec.envSupplements.includes(e.key) && extra[e.key] === undefined && name) extra[e.key] = secret.env[name]!;
        }
        found = { ...found, values: extra };
      }
      if (!found && source !== 'file') found = readEnv(spec, secret.env);
      if (!found) {
        const ctx = spec.files.length > 0 || spec.keyPair ? await locateContextOf(secret).catch(() => ({ env: secret.env, home: '~' })) : { env: secret.env, home: '~' };
        throw new ProviderNotFoundError(name, lookedAt(source === 'env' ? { ...spec, files: [], keyPair: undefined } : source === 'file' ? { ...spec, env: [] } : spec, part, ctx));
      }
      return found;
    },
  };
  return secret;
}

/**
 * A built-in provider's secret. With `values` it holds them; with `path` or
 * `envVars` it reads only there; otherwise it detects (file first, then env).
 */
export function providerSecret(name: string, opts: ProviderSecretOptions = {}): LatchkeySecret {
  const spec = withOverrides(getProvider(name), opts.path, opts.envVars);
  if (opts.values) checkValues(spec, opts.values);
  return makeSecret('provider', name, spec, opts);
}

/** Throws ProviderValueError when required keys are missing or a value is not a string. */
export function checkValues(spec: ProviderSpec, values: ProviderValues): void {
  for (const [k, v] of Object.entries(values)) if (typeof v !== 'string') throw new ProviderValueError(`The value "${k}" of ${spec.name} must be a string.`);
  const missing = spec.required.filter((k) => values[k] === undefined || values[k] === '');
  if (missing.length) throw new ProviderValueError(`${spec.name} needs ${missing.map((k) => `"${k}"`).join(', ')}; known keys: ${spec.valueKeys.join(', ')}.`);
}

/** One provider configured on this machine. */
export interface Detection {
  readonly provider: string;
  readonly source: 'file' | 'env';
  readonly location: string;
}

/** A provider whose files could not be read during detection. */
export interface DetectionProblem {
  readonly provider: string;
  /** The file that failed, or every file looked at when the error names none. */
  readonly paths: readonly string[];
  readonly error: unknown;
}

/**
 * Which built-in providers are configured here (file first, then env). A file
 * that cannot be read (malformed, symlink, too large, no Node, a library
 * error) is skipped; env vars are still used. With `onProblem` every such
 * failure is reported there and detection goes on; without it, errors that
 * are not ProviderErrors are rethrown.
 */
export async function detectProviders(
  opts: { env?: EnvMap; home?: string; onProblem?: (problem: DetectionProblem) => void } = {},
): Promise<Detection[]> {
  const out: Detection[] = [];
  for (const spec of providers) {
    const secret = makeSecret('provider', spec.name, spec, { env: opts.env, home: opts.home });
    try {
      const found = await secret.locate();
      if (found.source !== 'values') out.push({ provider: spec.name, source: found.source, location: found.location });
    } catch (e) {
      if (e instanceof ProviderNotFoundError) continue;
      if (!opts.onProblem && !(e instanceof ProviderError)) throw e;
      if (opts.onProblem && !(e instanceof ProviderUnsupportedError)) opts.onProblem({ provider: spec.name, paths: await problemPaths(secret, e), error: e });
      // an unreadable file (or no Node) does not hide env vars
      const env = readEnv(spec, secret.env);
      if (env) out.push({ provider: spec.name, source: 'env', location: env.location });
    }
  }
  return out;
}

async function problemPaths(secret: LatchkeySecret, error: unknown): Promise<string[]> {
  const path = (error as { path?: unknown }).path;
  if (typeof path === 'string') return [path];
  const ctx = await locateContextOf(secret).catch(() => ({ env: secret.env, home: '~' }));
  return lookedAt({ ...secret.spec, env: [] }, secret.options, ctx);
}
