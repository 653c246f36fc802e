/**
 * set, get, ls, rm, history, rollback. Only `get` prints values (its purpose);
 * everything else shows names, versions and keys.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { flagBool, flagString, positional, positionalList } from '../args.ts';
import type { CliContext } from '../context.ts';
import { CliError, EXIT_OK, UsageError } from '../errors.ts';
import { formatTime } from '../output.ts';
import type { SecretInfo } from '../../client/index.ts';
import { connectLoggedIn } from '../session.ts';

const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Parses `KEY=VALUE` words; `-` reads stdin (one trailing newline dropped), `@path` reads a file as is. */
export async function parseAssignments(ctx: CliContext, words: readonly string[]): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  let stdinUsed = false;
  for (const [index, word] of words.entries()) {
    const eq = word.indexOf('=');
    const key = eq === -1 ? '' : word.slice(0, eq);
    if (eq <= 0 || !KEY.test(key)) {
      // Never echo the word: a forgotten "key=" would put the value itself in the message.
      const what = eq === -1 ? 'has no "="' : eq === 0 ? 'has an empty key' : `has a bad key (${JSON.stringify(key.slice(0, 40))})`;
      throw new UsageError(
        `argument ${index + 1} after NAME is not KEY=VALUE: it ${what}`,
        'write each value as key=value (key: letters, digits, _ . -), e.g. latchkey set openai api_key=-',
      );
    }
    if (key in values) throw new UsageError(`key "${key}" is given twice`, 'give each key once');
    let value = word.slice(eq + 1);
    if (value === '-') {
      if (stdinUsed) throw new UsageError('only one value can come from stdin ("-")', 'read the others from files with @path');
      stdinUsed = true;
      value = ctx.prompt.interactive
        ? await ctx.prompt.hidden(`Value of ${key} (hidden; paste it, then Enter): `)
        : (await ctx.prompt.readAll()).replace(/\r?\n$/, '');
    } else if (value.startsWith('@') && value.length > 1) {
      const path = resolve(ctx.cwd, value.slice(1));
      try {
        value = await readFile(path, 'utf8');
      } catch {
        throw new CliError(`cannot read ${path} for key "${key}"`, 'check the path; use @path for a file, - for stdin');
      }
    }
    values[key] = value;
  }
  return values;
}

/** `latchkey set NAME KEY=VALUE... [--provider P] [--replace]` */
export async function set(ctx: CliContext): Promise<number> {
  const name = positional(ctx.args, 'NAME')!;
  const values = await parseAssignments(ctx, positionalList(ctx.args, 'KEY=VALUE'));
  const provider = flagString(ctx.args, 'provider');
  const client = await connectLoggedIn(ctx);
  const existing = await client.secret(name).catch((error: unknown) => {
    if ((error as { code?: string }).code === 'not-found') return null;
    throw error;
  });
  if (existing) {
    const current = existing.provider?.name ?? null;
    if (provider !== undefined && provider !== current) {
      throw new CliError(`${name} already exists with provider ${current ?? 'none'}`, `leave out --provider, or "latchkey rm ${name}" first`);
    }
    if (flagBool(ctx.args, 'replace')) existing.set(values);
    else existing.update(values);
    await existing.save();
    ctx.out.info(`Saved ${existing.address} version ${existing.currentVersion} (keys: ${Object.keys(existing.values).join(', ')}).`);
    return EXIT_OK;
  }
  if (provider !== undefined) {
    const { isProvider } = await import('../../client/providers/index.ts');
    if (!isProvider(provider)) throw new CliError(`unknown provider "${provider}"`, 'run "latchkey providers" for the list, or leave out --provider');
  }
  const created = await client.secret({ name, values, provider: provider ?? null });
  await created.save();
  ctx.out.info(`Created ${created.address} version 1 (keys: ${Object.keys(values).join(', ')}).`);
  return EXIT_OK;
}

/** `latchkey get NAME [KEY] [--json] [--version N]` */
export async function get(ctx: CliContext): Promise<number> {
  const name = positional(ctx.args, 'NAME')!;
  const key = positional(ctx.args, 'KEY');
  const versionText = flagString(ctx.args, 'version');
  const version = versionText === undefined ? undefined : parseVersion(versionText);
  const client = await connectLoggedIn(ctx);
  const secret = await client.secret(name);
  const loaded = version === undefined
    ? { values: secret.values, version: secret.currentVersion }
    : await secret.version(version);
  const values = loaded.values;
  if (key !== undefined) {
    if (!(key in values)) {
      throw new CliError(`${secret.address} has no key "${key}"`, `its keys are: ${Object.keys(values).join(', ') || '(none)'}`);
    }
    if (flagBool(ctx.args, 'json')) ctx.out.json(values[key]);
    else ctx.out.line(values[key]);
    return EXIT_OK;
  }
  if (flagBool(ctx.args, 'json')) {
    ctx.out.json({ name: secret.address, provider: secret.provider?.name ?? null, version: loaded.version, values });
    return EXIT_OK;
  }
  const rows = Object.entries(values).map(([k, v]) => ({ k, v }));
  ctx.out.table(rows, [{ header: 'KEY', value: (r) => r.k }, { header: 'VALUE', value: (r) => r.v }]);
  return EXIT_OK;
}

function parseVersion(text: string): number {
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`"${text}" is not a version number`, 'versions are whole numbers from 1; see "latchkey history NAME"');
  }
  return n;
}

/** `latchkey ls [--json]` */
export async function ls(ctx: CliContext): Promise<number> {
  const client = await connectLoggedIn(ctx);
  const rows = await client.secrets();
  if (flagBool(ctx.args, 'json')) {
    ctx.out.json(rows.map((s) => ({
      name: s.address, provider: s.provider, version: s.version, access: s.access, owner: s.owner.handle, rotate: s.rotate, updatedAt: s.updatedAt,
      accepted: s.accepted, via: s.via ?? null,
    })));
    return EXIT_OK;
  }
  ctx.out.table(rows, [
    { header: 'NAME', value: (s) => s.address },
    { header: 'PROVIDER', value: (s) => s.provider ?? '-' },
    { header: 'VERSION', value: (s) => String(s.version) },
    { header: 'ACCESS', value: (s) => s.access },
    { header: 'OWNER', value: (s) => s.owner.handle },
    { header: 'UPDATED', value: (s) => formatTime(s.updatedAt) },
    { header: 'NOTE', value: (s) => note(ctx, s) },
  ], 'No secrets yet. Add one: latchkey set NAME key=value');
  return EXIT_OK;
}

function note(ctx: CliContext, s: SecretInfo): string {
  const notes: string[] = [];
  if (s.via !== undefined) notes.push(`via group ${s.via}`);
  if (!s.accepted) notes.push(ctx.out.style('yellow', `pending: latchkey accept ${s.via === undefined ? s.address : `--from ${s.owner.handle}`}`));
  if (s.rotate) notes.push(ctx.out.style('yellow', 'unshared: rotate upstream'));
  return notes.join('; ');
}

/** `latchkey rm NAME [--yes]` */
export async function rm(ctx: CliContext): Promise<number> {
  const name = positional(ctx.args, 'NAME')!;
  const client = await connectLoggedIn(ctx);
  const secret = await client.secret(name);
  const assume = flagBool(ctx.args, 'yes') ? true : undefined;
  if (!(await ctx.prompt.confirm(`Delete ${secret.address} and all ${secret.currentVersion} version(s)?`, { assume }))) {
    ctx.out.info('Nothing deleted.');
    return EXIT_OK;
  }
  await secret.delete();
  ctx.out.info(`Deleted ${secret.address}.`);
  return EXIT_OK;
}

/** `latchkey history NAME [--json]` */
export async function history(ctx: CliContext): Promise<number> {
  const name = positional(ctx.args, 'NAME')!;
  const client = await connectLoggedIn(ctx);
  const secret = await client.secret(name);
  const versions = await secret.history();
  if (flagBool(ctx.args, 'json')) {
    ctx.out.json(versions);
    return EXIT_OK;
  }
  ctx.out.table(versions, [
    { header: 'VERSION', value: (v) => String(v.version) },
    { header: 'AUTHOR', value: (v) => v.author.handle },
    { header: 'TIME', value: (v) => formatTime(v.time) },
    { header: 'HASH', value: (v) => v.hash.slice(0, 12) },
  ]);
  return EXIT_OK;
}

/** `latchkey rollback NAME VERSION` */
export async function rollback(ctx: CliContext): Promise<number> {
  const name = positional(ctx.args, 'NAME')!;
  const version = parseVersion(positional(ctx.args, 'VERSION')!);
  const client = await connectLoggedIn(ctx);
  const secret = await client.secret(name);
  await secret.rollback(version);
  ctx.out.info(`Saved the values of version ${version} as ${secret.address} version ${secret.currentVersion}.`);
  return EXIT_OK;
}
