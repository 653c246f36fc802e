/**
 * Reading a provider's values from its files or env vars, and detection.
 */
import { loadCodec } from '#provider-codecs';
import type { Fields } from './codecs/index.ts';
import { ProviderError, ProviderFormatError } from './errors.ts';
import { nodeFiles } from './files.ts';
import { joinPaths } from './locate.ts';
import { fileTargets, fromFileFields } from './targets.ts';
import type { CodecName, LocateContext, PartOptions, ProviderSpec, ProviderValues } from './types.ts';

/** Where values were found. */
export interface Found {
  readonly values: ProviderValues;
  readonly source: 'file' | 'env';
  readonly location: string;
}

/** Values from env vars, when every required key has one set; else null. */
export function readEnv(spec: ProviderSpec, env: LocateContext['env']): Found | null {
  if (spec.env.length === 0) return null;
  const values: ProviderValues = {};
  const used: string[] = [];
  for (const e of spec.env) {
    const name = e.names.find((n) => env[n] !== undefined && env[n] !== '');
    if (name) {
      values[e.key] = env[name]!;
      used.push(name);
    }
  }
  const required = spec.required.filter((k) => spec.env.some((e) => e.key === k));
  if (required.length === 0 && used.length === 0) return null;
  if (!required.every((k) => values[k] !== undefined)) return null;
  return { values, source: 'env', location: used.join(', ') };
}

/** Values from the provider's files (primary file must hold the required keys); null when absent. */
export async function readFiles(spec: ProviderSpec, opts: PartOptions, ctx: LocateContext): Promise<Found | null> {
  if (spec.keyPair) return readKeyPair(spec, opts, ctx);
  if (spec.files.length === 0) return null;
  const nf = await nodeFiles();
  const targets = fileTargets(spec, opts, ctx);
  const primary = targets.find((t) => !t.file.optional)!;
  const values: ProviderValues = {};
  for (const t of [primary, ...targets.filter((x) => x !== primary)]) {
    const text = await nf.readTextFile(t.path);
    if (text === null) {
      if (t === primary) return null;
      continue;
    }
    const part = await readPart(t.file.codec, text, t.selector, t.path);
    if (part === null) {
      if (t === primary) return null;
      continue;
    }
    const got = fromFileFields(t.file, part);
    if (t === primary) {
      const needed = t.file.passthrough ? [] : spec.required.filter((k) => k in t.file.fields);
      if (!needed.every((k) => got[k] !== undefined && got[k] !== '')) return null;
      if (Object.keys(got).length === 0) return null;
    }
    for (const [k, v] of Object.entries(got)) if (values[k] === undefined) values[k] = v;
  }
  return { values, source: 'file', location: primary.selector ? `${primary.path} [${primary.selector}]` : primary.path };
}

/**
 * One part of a file through its codec. Any failure (a library error, a codec
 * that cannot load) becomes a ProviderFormatError naming the file, so callers
 * can report it and go on. Only the error's first line is kept: parsers
 * quote the offending text below it, and that text may be a secret.
 */
async function readPart(codecName: CodecName, text: string, selector: string | null, path: string): Promise<Fields | null> {
  try {
    return await (await loadCodec(codecName)).read(text, selector, path);
  } catch (e) {
    if (e instanceof ProviderError) throw e;
    const name = e instanceof Error ? e.name : 'Error';
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 160);
    throw new ProviderFormatError(path, null, `could not be read (${name}: ${first})`);
  }
}

/** ssh-style pair: the first candidate whose private key exists. */
async function readKeyPair(spec: ProviderSpec, opts: PartOptions, ctx: LocateContext): Promise<Found | null> {
  const nf = await nodeFiles();
  for (const priv of keyPairCandidates(spec, opts, ctx)) {
    const privateKey = await nf.readTextFile(priv);
    if (privateKey === null) continue;
    const publicKey = await nf.readTextFile(`${priv}.pub`);
    if (publicKey === null) continue;
    return { values: { private_key: privateKey, public_key: publicKey }, source: 'file', location: priv };
  }
  return null;
}

/** Private key paths to try, in order. */
export function keyPairCandidates(spec: ProviderSpec, opts: PartOptions & { path?: string }, ctx: LocateContext): string[] {
  const kp = spec.keyPair!;
  if (opts.path) return [opts.path];
  const names = opts.keyName ? [opts.keyName] : kp.names;
  return names.map((n) => joinPaths(joinPaths(ctx.home, kp.dir), n));
}

/** Everything a not-found error should list. */
export function lookedAt(spec: ProviderSpec, opts: PartOptions, ctx: LocateContext): string[] {
  const out: string[] = [];
  if (spec.keyPair) out.push(...keyPairCandidates(spec, opts, ctx));
  for (const t of fileTargets(spec, opts, ctx)) if (!t.file.optional) out.push(t.selector ? `${t.path} [${t.selector}]` : t.path);
  for (const e of spec.env) if (spec.required.includes(e.key)) out.push(`$${e.names.join(' or $')}`);
  return out;
}
