/**
 * Turns a secret (spec + options + environment) into concrete file targets,
 * and maps value keys to and from the keys stored in a file.
 */
import { locateFile, selectorName } from './locate.ts';
import type { Fields } from './codecs/types.ts';
import type { FileSpec, LocateContext, PartOptions, ProviderSpec, ProviderValues, SelectorSpec } from './types.ts';

/** One file of a secret, resolved to a path and the part that is ours. */
export interface FileTarget {
  readonly file: FileSpec;
  readonly path: string;
  readonly selector: string | null;
  readonly selectorKind: SelectorSpec['kind'] | null;
}

/** The file targets of `spec` in `ctx` (values pick the part for docker-style selectors). */
export function fileTargets(spec: ProviderSpec, opts: PartOptions, ctx: LocateContext, values?: ProviderValues): FileTarget[] {
  return spec.files.map((file) => ({
    file,
    path: locateFile(file, ctx),
    selector: selectorName(file.selector, opts, ctx, values),
    selectorKind: file.selector?.kind ?? null,
  }));
}

/** File keys holding our values (compared for conflicts). */
export function compareKeysOf(file: FileSpec, values?: ProviderValues): string[] {
  if (file.passthrough) return Object.keys(values ?? {});
  return Object.values(file.fields);
}

/** File keys we own in the part (values + constants). */
export function managedKeysOf(file: FileSpec, values?: ProviderValues): string[] {
  return [...compareKeysOf(file, values), ...Object.keys(file.constants ?? {})];
}

/** Value keys of `values` that this file stores. */
export function valueKeysIn(file: FileSpec, values: ProviderValues): string[] {
  return file.passthrough ? Object.keys(values) : Object.keys(file.fields).filter((k) => values[k] !== undefined);
}

/** Values -> file fields (without constants). */
export function toFileFields(file: FileSpec, values: ProviderValues): Fields {
  if (file.passthrough) return { ...values };
  const out: Fields = {};
  for (const [valueKey, fileKey] of Object.entries(file.fields)) if (values[valueKey] !== undefined) out[fileKey] = values[valueKey];
  return out;
}

/** File fields -> values. */
export function fromFileFields(file: FileSpec, fields: Fields): ProviderValues {
  if (file.passthrough) return { ...fields };
  const out: ProviderValues = {};
  for (const [valueKey, fileKey] of Object.entries(file.fields)) if (fields[fileKey] !== undefined) out[valueKey] = fields[fileKey];
  return out;
}

/** Only the given keys of `fields`. */
export function pick(fields: Fields, keys: readonly string[]): Fields {
  const out: Fields = {};
  for (const k of keys) if (fields[k] !== undefined) out[k] = fields[k];
  return out;
}

/** Deterministic JSON of a field map (sorted keys), for hashing. */
export function canonicalFields(fields: Fields): string {
  return JSON.stringify(Object.keys(fields).sort().map((k) => [k, fields[k]]));
}
