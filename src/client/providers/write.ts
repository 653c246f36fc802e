/**
 * `write`: puts a secret's values into its files and/or an env object, and
 * returns a JSON-serialisable record of exactly what changed (for `remove`).
 * All files are planned (read, parsed, conflict-checked) before any is
 * written, so a refusal or parse error leaves the disk untouched.
 */
import { loadCodec } from '#provider-codecs';
import { ProviderConflictError, ProviderValueError } from './errors.ts';
import { nodeFiles, type NodeFiles } from './files.ts';
import { writeEnv } from './env.ts';
import { refuseExecFields } from './exec-fields.ts';
import { writeKeyPair } from './key-pair.ts';
import { locateContextOf, providerSecret, type EnvMap, type LatchkeySecret, type ProviderSecretOptions } from './secret.ts';
import { canonicalFields, compareKeysOf, fileTargets, managedKeysOf, pick, toFileFields, valueKeysIn, type FileTarget } from './targets.ts';
import type { FileWriteRecord, ProviderValues, WriteRecord } from './types.ts';

/** Options of `write`. */
export interface WriteOptions {
  /** Write the provider's file(s): default true when it has any; a string writes the primary file there. */
  readonly file?: boolean | string;
  /** Set env vars on this object (e.g. process.env); only unset ones unless `overwrite`. */
  readonly env?: EnvMap;
  /** Replace different values already there (a backup is kept). Never replaces ssh keys. */
  readonly overwrite?: boolean;
  /**
   * The secret belongs to another account: refuse (and write nothing) when its
   * files would hold a field that makes a tool run a command ({@link EXEC_FIELDS}).
   */
  readonly shared?: boolean;
}

interface Plan {
  target: FileTarget;
  before: string | null;
  /** Mode of the existing file, or null when there is none. */
  beforeMode: number | null;
  after: string;
  action: FileWriteRecord['action'];
  compareKeys: string[];
  managed: string[];
  partSha256: string;
}

async function planFile(nf: NodeFiles, t: FileTarget, values: ProviderValues, overwrite: boolean, owner: string): Promise<Plan> {
  const codec = await loadCodec(t.file.codec);
  const before = await nf.readTextFile(t.path);
  const beforeMode = before === null ? null : await nf.fileMode(t.path);
  const fields = { ...toFileFields(t.file, values), ...(t.file.constants ?? {}) };
  const wanted = pick(fields, compareKeysOf(t.file, values));
  const compareKeys = Object.keys(wanted);
  const written = Object.keys(fields);
  let action: FileWriteRecord['action'] = 'created';
  // merges only set our keys; a replace also drops managed keys we no longer have (a stale session token)
  let drop: string[] = [];
  if (before !== null) {
    const current = await codec.read(before, t.selector, t.path);
    const ours = current ? pick(current, compareKeysOf(t.file, values)) : {};
    const present = pick(ours, compareKeys);
    if (Object.keys(ours).length === 0) action = 'merged';
    else {
      const agree = codec.same ? await codec.same(present, wanted, t.selector) : Object.keys(present).every((k) => present[k] === wanted[k]);
      const complete = compareKeys.every((k) => present[k] !== undefined);
      if (agree && complete) {
        return { target: t, before, beforeMode, after: before, action: 'unchanged', compareKeys, managed: written, partSha256: nf.sha256Hex(canonicalFields(present)) };
      }
      if (agree) action = 'merged';
      else if (!overwrite) {
        const where = t.selector ? ` (${t.selectorKind} "${t.selector}")` : '';
        throw new ProviderConflictError(t.path, `${t.path}${where} already holds different ${owner} credentials; nothing was changed. Pass overwrite to replace them (a backup is kept).`);
      } else {
        action = 'replaced';
        drop = managedKeysOf(t.file, values);
      }
    }
  }
  const after = await codec.write(before, t.selector, fields, drop, t.path);
  if (new TextEncoder().encode(after).length > nf.MAX_FILE_BYTES) {
    throw new ProviderValueError(`The values would make ${t.path} larger than ${nf.MAX_FILE_BYTES} bytes, the limit for credentials files.`);
  }
  const part = await codec.read(after, t.selector, t.path);
  return { target: t, before, beforeMode, after, action, compareKeys, managed: written, partSha256: nf.sha256Hex(canonicalFields(pick(part ?? {}, compareKeys))) };
}

/**
 * Mode to write an existing file with: its own mode when that grants nothing
 * beyond the provider's (e.g. 0400 or 0600 for a 0600 provider), otherwise the
 * provider's mode, so credentials never stay group- or world-readable.
 */
export function mergedFileMode(existing: number | null, wanted: number): number {
  if (existing === null) return wanted;
  return (existing & ~wanted) === 0 ? existing : wanted;
}

/** A provider name with values, as an alternative to a secret object. */
export type ProviderValuesInput = { readonly provider: string; readonly values: ProviderValues } & Omit<ProviderSecretOptions, 'values'>;

/**
 * Writes a secret's values (a secret object, or `{ provider, values }`); see
 * WriteOptions (`shared` for a secret of another account). Returns the record `remove` needs.
 */
export async function write(input: LatchkeySecret | ProviderValuesInput, opts: WriteOptions = {}): Promise<WriteRecord> {
  const secret = 'read' in input ? input : providerSecret(input.provider, input);
  const values = await secret.read();
  const spec = secret.spec;
  const wantFile = opts.file === undefined ? spec.files.length > 0 || spec.keyPair !== undefined : opts.file !== false;
  if (wantFile && spec.files.length === 0 && !spec.keyPair) throw new ProviderValueError(`${secret.name} has no credentials file; write it to env instead.`);
  if (!wantFile && !opts.env) throw new ProviderValueError('Nothing to write: pass file and/or env.');
  const owner = secret.name;
  const files: FileWriteRecord[] = [];
  if (wantFile) {
    const ctx = await locateContextOf(secret);
    const nf = await nodeFiles();
    const pathOverride = typeof opts.file === 'string' ? opts.file : undefined;
    if (spec.keyPair) {
      files.push(await writeKeyPair(nf, spec, { ...secret.options, path: pathOverride ?? secret.options.path }, ctx, values));
    } else {
      let targets = fileTargets(spec, secret.options, ctx, values);
      if (pathOverride) targets = targets.map((t) => (t.file.optional ? t : { ...t, path: pathOverride }));
      targets = targets.filter((t) => !t.file.optional || valueKeysIn(t.file, values).length > 0);
      if (opts.shared) await refuseExecFields(owner, targets, values);
      const plans: Plan[] = [];
      for (const t of targets) plans.push(await planFile(nf, t, values, opts.overwrite === true, owner));
      files.push(...(await commit(nf, plans)));
    }
  }
  const env = opts.env ? writeEnv(spec, values, opts.env, opts.overwrite === true) : null;
  return { v: 1, provider: secret.kind === 'custom' ? `custom:${secret.name}` : secret.name, at: Date.now(), files, env };
}

/** Executes plans in order; if one fails, undoes the ones already done. */
async function commit(nf: NodeFiles, plans: Plan[]): Promise<FileWriteRecord[]> {
  const done: FileWriteRecord[] = [];
  try {
    for (const p of plans) {
      const base = {
        path: nf.resolvePath(p.target.path),
        codec: p.target.file.codec,
        selector: p.target.selector === null ? null : { kind: p.target.selectorKind!, name: p.target.selector },
        fileKeys: p.managed,
        compareKeys: p.compareKeys,
        mode: mergedFileMode(p.beforeMode, p.target.file.mode),
        originalMode: p.beforeMode,
      };
      if (p.action === 'unchanged') {
        done.push({ ...base, action: 'unchanged', created: false, createdDirs: [], backup: null, writtenSha256: null, partSha256: p.partSha256 });
        continue;
      }
      const backup = p.before === null ? null : await nf.backupFile(base.path);
      let createdDirs: string[];
      try {
        ({ createdDirs } = await nf.writeFileAtomic(base.path, p.after, base.mode));
      } catch (e) {
        if (backup) await nf.removeFile(backup);
        throw e;
      }
      done.push({ ...base, action: p.action, created: p.before === null, createdDirs, backup, writtenSha256: nf.sha256Hex(p.after), partSha256: p.partSha256 });
    }
  } catch (e) {
    for (const r of done.reverse()) {
      if (r.action === 'unchanged') continue;
      if (r.backup) await nf.restoreBackup(r.backup, r.path, r.originalMode);
      else {
        await nf.removeFile(r.path);
        await nf.removeEmptyDirs(r.createdDirs);
      }
    }
    throw e;
  }
  return done;
}
