/**
 * Env-var side of providers: the env map of a secret, setting and unsetting
 * variables on an env object, and materialising files for `latchkey run`.
 */
import { isRefusedEnv } from '../env-policy.ts';
import { loadCodec } from '#provider-codecs';
import { refuseExecFields } from './exec-fields.ts';
import { nodeFiles } from './files.ts';
import { selectorName } from './locate.ts';
import { getProvider } from './registry.ts';
import { fileTargets, toFileFields, valueKeysIn } from './targets.ts';
import type { EnvWriteRecord, LocationRule, ProviderSpec, ProviderValues } from './types.ts';

type EnvMap = Record<string, string | undefined>;

function specOf(nameOrSecret: string | { spec: ProviderSpec }): ProviderSpec {
  return typeof nameOrSecret === 'string' ? getProvider(nameOrSecret) : nameOrSecret.spec;
}

/**
 * Every variable the provider declares for the values given, before the
 * refused-variable list (for callers that report what they refuse).
 */
export function declaredEnv(nameOrSecret: string | { spec: ProviderSpec }, values: ProviderValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of specOf(nameOrSecret).env) {
    const v = values[e.key];
    if (v === undefined) continue;
    for (const name of e.exportAll ? e.names : e.names.slice(0, 1)) out[name] = v;
  }
  return out;
}

/**
 * The env vars for a secret's values (the first name of each mapping, or all
 * of them where tools disagree), e.g. `envFor('openai', { api_key })` ->
 * `{ OPENAI_API_KEY }`. A variable that changes which code runs (PATH,
 * LD_PRELOAD, ...; see env-policy.ts) is never returned: `onRefused` gets its
 * name (default: a console warning naming it, never its value).
 */
export function envFor(
  nameOrSecret: string | { spec: ProviderSpec },
  values: ProviderValues,
  onRefused: (name: string) => void = (name) => console.warn(`latchkey: not setting ${name}: it changes which code runs`),
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(declaredEnv(nameOrSecret, values))) {
    if (isRefusedEnv(name)) onRefused(name);
    else out[name] = value;
  }
  return out;
}

/** Sets the secret's env vars on `target`: unset ones always, set-but-different ones only with `overwrite`. */
export function writeEnv(spec: ProviderSpec, values: ProviderValues, target: EnvMap, overwrite: boolean): EnvWriteRecord {
  const set: string[] = [];
  const skipped: string[] = [];
  const unchanged: string[] = [];
  for (const [name, value] of Object.entries(envFor({ spec }, values))) {
    const current = target[name];
    if (current === value) unchanged.push(name);
    else if (current !== undefined && current !== '' && !overwrite) skipped.push(name);
    else {
      target[name] = value;
      set.push(name);
    }
  }
  return { set, skipped, unchanged };
}

/** Unsets the variables a write set (on the env object given). */
export function removeEnv(record: EnvWriteRecord, target: EnvMap): { unset: string[]; left: string[] } {
  const unset: string[] = [];
  for (const name of record.set) {
    if (name in target) {
      delete target[name];
      unset.push(name);
    }
  }
  return { unset, left: [...record.skipped] };
}

/** What `materialize` produced. */
export interface Materialized {
  /** Env vars to pass to the child: the value vars plus pointers at the files. */
  readonly env: Record<string, string>;
  /** Files written (mode 0600), to delete after the child exits. */
  readonly files: string[];
}

/**
 * Writes a secret's files into `dir` (a fresh private folder) and returns
 * env vars pointing tools at them (GOOGLE_APPLICATION_CREDENTIALS, KUBECONFIG,
 * AWS_SHARED_CREDENTIALS_FILE, DOCKER_CONFIG, GH_CONFIG_DIR, NETRC, ...).
 * Key-pair providers (ssh, sky) are not materialised. `shared` (a secret of
 * another account) refuses, before writing anything, files that would make a
 * tool run a command ({@link refuseExecFields}).
 */
export async function materialize(
  nameOrSecret: string | { spec: ProviderSpec; options?: { profile?: string; host?: string; context?: string } },
  values: ProviderValues,
  dir: string,
  placement: { readonly shared?: boolean } = {},
): Promise<Materialized> {
  const spec = specOf(nameOrSecret);
  const opts = typeof nameOrSecret === 'string' ? {} : (nameOrSecret.options ?? {});
  const env = envFor({ spec }, values);
  const files: string[] = [];
  if (spec.files.length === 0) return { env, files };
  const nf = await nodeFiles();
  const ctx = { env: {}, home: dir };
  // home-relative rules land inside `dir`; explicit paths (custom secrets) keep only their file name
  const inDir = (l: LocationRule): LocationRule | null => ('home' in l ? l : 'path' in l ? { home: l.path.split(/[/\\]/).pop() || 'secret' } : null);
  const specFiles = spec.files.map((f) => ({ ...f, locations: f.locations.map(inDir).filter((l): l is LocationRule => l !== null) }));
  const targets = fileTargets({ ...spec, files: specFiles }, opts, ctx, values);
  if (placement.shared) await refuseExecFields(spec.name, targets, values);
  for (const t of targets) {
    if (valueKeysIn(t.file, values).length === 0) continue;
    const codec = await loadCodec(t.file.codec);
    const text = await codec.write(null, t.selector, { ...toFileFields(t.file, values), ...(t.file.constants ?? {}) }, [], t.path);
    await nf.writeFileAtomic(t.path, text, t.file.mode);
    const path = nf.resolvePath(t.path);
    files.push(path);
    if (t.file.pointer) env[t.file.pointer.env] = t.file.pointer.target === 'file' ? path : nf.dirOf(path);
    const sel = t.file.selector;
    if (sel?.env && sel.default !== undefined) {
      const chosen = selectorName({ ...sel, format: undefined }, opts, ctx, values);
      if (chosen !== null && chosen !== sel.default) env[sel.env] = chosen;
    }
  }
  return { env, files };
}
