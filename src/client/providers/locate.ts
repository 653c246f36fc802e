/**
 * Pure path and selector resolution (no Node imports): which file a provider
 * uses given an environment and a home folder, and which part of it is ours.
 */
import type { FileSpec, LocateContext, LocationRule, PartOptions, ProviderValues, SelectorSpec } from './types.ts';

/** Joins path parts with `/` (Node accepts it on every platform). */
export function joinPaths(base: string, rel: string): string {
  return `${base.replace(/[/\\]+$/, '')}/${rel.replace(/^[/\\]+/, '')}`;
}

function set(env: LocateContext['env'], name: string): string | null {
  const v = env[name];
  return v === undefined || v === '' ? null : v;
}

/** The path a location rule gives, or null when its env var is unset. */
export function ruleToPath(rule: LocationRule, ctx: LocateContext): string | null {
  if ('env' in rule) {
    const v = set(ctx.env, rule.env);
    if (v === null) return null;
    return rule.list ? (v.split(/[:;]/).find((p) => p !== '') ?? null) : v;
  }
  if ('envDir' in rule) {
    const v = set(ctx.env, rule.envDir);
    return v === null ? null : joinPaths(v, rule.path);
  }
  if ('home' in rule) return joinPaths(ctx.home, rule.home);
  return rule.path.startsWith('~/') ? joinPaths(ctx.home, rule.path.slice(2)) : rule.path;
}

/** The path of a provider file: the first rule that applies. */
export function locateFile(file: FileSpec, ctx: LocateContext): string {
  for (const rule of file.locations) {
    const p = ruleToPath(rule, ctx);
    if (p !== null) return p;
  }
  throw new Error(`No location for ${file.id}`);
}

/** Human-readable description of where a file is looked for (docs/providers.md table, not-found errors). */
export function describeLocations(file: FileSpec): string {
  return file.locations
    .map((r) => ('env' in r ? `$${r.env}` : 'envDir' in r ? `$${r.envDir}/${r.path}` : 'home' in r ? `~/${r.home}` : r.path))
    .join(' or ');
}

/** The on-disk name of our part of a shared file, or null for whole-file codecs. */
export function selectorName(sel: SelectorSpec | undefined, opts: PartOptions, ctx: LocateContext, values?: ProviderValues): string | null {
  if (!sel) return null;
  let name: string | undefined;
  if (sel.fromValue && values?.[sel.fromValue]) name = values[sel.fromValue];
  if (name === undefined && sel.option) name = opts[sel.option];
  if (name === undefined && sel.env) name = set(ctx.env, sel.env) ?? undefined;
  name ??= sel.default;
  if (name === undefined) return null;
  return sel.format ? sel.format(name) : name;
}
