/**
 * The env file (`LATCHKEY_HOME/env`, mode 0600) that login and pull write:
 * one `export NAME='value'` line per variable, grouped under a
 * `# secret: ADDRESS` line per secret, for `source ~/.latchkey/env` in a
 * shell profile. Only latchkey writes it, so it is parsed back exactly.
 * Sourcing runs top to bottom, so the file itself enforces "no last-wins":
 * your own secrets' sections come first, a variable is exported once (by
 * the first section that sets it) and no refused variable is written, even
 * if an older file had one.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { isRefusedEnv, refusedReason } from '../client/env-policy.ts';
import { conflictReason } from '../client/secret-env.ts';
import { shellQuote } from './export-format.ts';
import { writeFileAtomic } from './files.ts';

/** Variables by secret address, in file order. */
export type EnvSections = Map<string, Record<string, string>>;

const HEADER = '# Written by latchkey login/pull; removed by latchkey logout. Load it with: source ';
const SECTION = '# secret: ';

/** Renders sections as the env file text. */
export function renderEnvFile(path: string, sections: EnvSections): string {
  const lines = [`${HEADER}${path}`];
  for (const [secret, vars] of sections) {
    lines.push(`${SECTION}${secret}`);
    for (const [name, value] of Object.entries(vars)) lines.push(`export ${name}=${shellQuote(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Undoes {@link shellQuote} for the forms it produces (bare words and '...' with '\'' joins). */
export function shellUnquote(text: string): string | null {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return null;
      out += text.slice(i + 1, end);
      i = end + 1;
    } else if (text[i] === '\\' && i + 1 < text.length) {
      out += text[i + 1];
      i += 2;
    } else if (/[A-Za-z0-9_./:@%+,=-]/.test(text[i]!)) {
      out += text[i];
      i++;
    } else {
      return null;
    }
  }
  return out;
}

/** Parses env file text; lines it does not recognise are dropped (the file is ours). */
export function parseEnvFile(text: string): EnvSections {
  const sections: EnvSections = new Map();
  let current: Record<string, string> | null = null;
  // Values may span lines inside single quotes, so read statement by statement.
  const statements = text.split('\n');
  for (let i = 0; i < statements.length; i++) {
    let line = statements[i]!;
    if (line.startsWith(SECTION)) {
      current = {};
      sections.set(line.slice(SECTION.length), current);
      continue;
    }
    const match = /^export ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match || !current) continue;
    let raw = match[2]!;
    let value = shellUnquote(raw);
    while (value === null && i + 1 < statements.length) {
      line = statements[++i]!;
      raw += `\n${line}`;
      value = shellUnquote(raw);
    }
    if (value !== null) current[match[1]!] = value;
  }
  return sections;
}

/** Reads the env file; empty when absent. */
export async function readEnvFile(path: string): Promise<EnvSections> {
  try {
    return parseEnvFile(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
}

/**
 * Own sections (addresses without an owner) first, each variable kept by the
 * first section that sets it, refused variables dropped; returns what was
 * dropped, naming secrets and variables (never values).
 */
export function resolveSections(sections: EnvSections): { sections: EnvSections; dropped: string[] } {
  const ordered = [...sections].sort((a, b) => Number(a[0].includes(':')) - Number(b[0].includes(':')));
  const out: EnvSections = new Map();
  const setBy = new Map<string, string>();
  const dropped: string[] = [];
  for (const [secret, vars] of ordered) {
    const kept: Record<string, string> = {};
    for (const [name, value] of Object.entries(vars)) {
      const winner = setBy.get(name.toUpperCase());
      if (isRefusedEnv(name)) dropped.push(refusedReason(secret, name));
      else if (winner !== undefined) dropped.push(conflictReason(secret, name, winner));
      else {
        setBy.set(name.toUpperCase(), secret);
        kept[name] = value;
      }
    }
    out.set(secret, kept);
  }
  return { sections: out, dropped };
}

/**
 * Sets (replaces) the variables of some secrets in the env file and saves it
 * atomically (0600); sections for which `drop` says true are removed first.
 * Returns the variables left out (see {@link resolveSections}).
 */
export async function updateEnvFile(
  path: string,
  updates: ReadonlyMap<string, Record<string, string>>,
  drop: (address: string) => boolean = () => false,
): Promise<string[]> {
  const current = await readEnvFile(path);
  for (const address of [...current.keys()]) if (drop(address)) current.delete(address);
  for (const [secret, vars] of updates) current.set(secret, vars);
  const { sections, dropped } = resolveSections(current);
  await writeFileAtomic(path, renderEnvFile(path, sections), 0o600);
  return dropped;
}
