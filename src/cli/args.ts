/**
 * Command lines, split by node:util parseArgs: long flags (`--name value`,
 * `--name=value`), boolean flags with `--no-name`, short aliases (`-y`),
 * repeatable string flags, positionals, and `--` after which everything is
 * passed through. Errors are {@link UsageError}s (exit 2) naming the bad
 * token, never a value.
 * @module
 */
import { parseArgs as parseArgsTokens, type ParseArgsConfig } from 'node:util';
import type { Handler } from './context.ts';
import { UsageError } from './errors.ts';

/** How one flag takes its value. */
export type FlagType = 'boolean' | 'string' | 'strings';

/** One flag a command accepts. */
export interface FlagSpec {
  readonly type: FlagType;
  /** Single-letter alias, without the dash. */
  readonly short?: string;
  /** One line for --help. */
  readonly description: string;
  /** Placeholder shown in --help for string flags (`URL`, `N`). */
  readonly value?: string;
}

/** The positional arguments a command accepts. */
export interface PositionalSpec {
  /** Name shown in usage and in "missing NAME" errors. */
  readonly name: string;
  readonly required: boolean;
  /** Takes every remaining positional (must be last). */
  readonly variadic?: boolean;
}

/** The static description of one command: enough for parsing and --help without loading it. */
export interface CommandSpec {
  /** Full name, e.g. `machine create`. */
  readonly name: string;
  readonly summary: string;
  /** Longer help text (paragraphs). */
  readonly details?: string;
  readonly positionals: readonly PositionalSpec[];
  readonly flags: Readonly<Record<string, FlagSpec>>;
  /** Accepts `-- CMD ARGS...`. */
  readonly passthrough?: boolean;
  /** At least one example command line. */
  readonly examples: readonly string[];
  /** Loads the handler (a dynamic import, so only the running command's code loads). */
  readonly run: () => Promise<Handler>;
  /** Talks to a server: takes the shared `--server` flag. */
  readonly server?: boolean;
}

/** The result of parsing one command line. */
export interface ParsedArgs {
  /** Positional values by spec name (variadic ones as arrays). */
  readonly positionals: Readonly<Record<string, string | string[] | undefined>>;
  readonly flags: Readonly<Record<string, boolean | string | string[] | undefined>>;
  /** Everything after `--`. */
  readonly rest: readonly string[];
  /** `--help` or `-h` was given (nothing else is checked then). */
  readonly help: boolean;
}

function helpHint(spec: CommandSpec): string {
  return `see "latchkey ${spec.name} --help"`;
}

/**
 * How node:util parseArgs should split `argv` for `spec`: every flag with its
 * type and short alias. `--help`, `-h` and `--no-x` are read from its tokens.
 */
function tokenOptions(spec: CommandSpec): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, flag] of Object.entries(spec.flags)) {
    options[name] = { type: flag.type === 'boolean' ? 'boolean' : 'string', ...(flag.short ? { short: flag.short } : {}) };
  }
  return options;
}

/**
 * Parses `argv` (the words after the command name) against `spec`. node:util
 * parseArgs splits it into tokens (non-strict, so it never throws); the checks
 * here keep latchkey's own errors, which never echo a value.
 */
export function parseArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const flags: Record<string, boolean | string | string[] | undefined> = {};
  const words: string[] = [];
  let rest: string[] = [];
  let help = false;
  const { tokens } = parseArgsTokens({ args: [...argv], options: tokenOptions(spec), strict: false, allowPositionals: true, tokens: true });

  for (const t of tokens) {
    if (t.kind === 'option-terminator') {
      rest = argv.slice(t.index + 1);
      break;
    }
    if (t.kind === 'positional') {
      words.push(t.value);
      continue;
    }
    const token = argv[t.index]!;
    if (token === '--help' || token === '-h') {
      help = true;
      continue;
    }
    // The name as typed (parseArgs reads `--=v` as an option named "=v": never show a value).
    const eq = token.indexOf('=');
    const name = !token.startsWith('--') ? t.name : eq === -1 ? token.slice(2) : token.slice(2, eq);
    if (!token.startsWith('--')) {
      // -abc (grouped) or -sVALUE: a longer word starting with "-" may be a value typed in the wrong place: name only its first letter.
      const shown = token.length === 2 ? token : `${token.slice(0, 2)}... (${token.length} characters, not shown)`;
      if (token.length !== 2 || !spec.flags[name]?.short) throw new UsageError(`unknown option ${shown} for "latchkey ${spec.name}"`, helpHint(spec));
    }
    const inline = token.startsWith('--') && eq !== -1 ? token.slice(eq + 1) : undefined;
    const flag = spec.flags[name];
    if (!flag && name.startsWith('no-') && spec.flags[name.slice(3)]?.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`, helpHint(spec));
      flags[name.slice(3)] = false;
      continue;
    }
    if (!flag) throw new UsageError(`unknown option --${name} for "latchkey ${spec.name}"`, helpHint(spec));
    if (flag.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`, helpHint(spec));
      flags[name] = true;
      continue;
    }
    const value = t.value;
    if (value === undefined || (inline === undefined && value === '--')) {
      throw new UsageError(`--${name} needs a value (${flag.value ?? 'VALUE'})`, helpHint(spec));
    }
    if (flag.type === 'strings') {
      const list = (flags[name] as string[] | undefined) ?? [];
      list.push(value);
      flags[name] = list;
    } else {
      flags[name] = value;
    }
  }

  if (help) return { positionals: {}, flags, rest, help };
  if (rest.length > 0 && !spec.passthrough) {
    throw new UsageError(`"latchkey ${spec.name}" takes nothing after "--" (what follows is not shown: it may be a secret)`, helpHint(spec));
  }

  const positionals: Record<string, string | string[] | undefined> = {};
  let index = 0;
  for (const p of spec.positionals) {
    if (p.variadic) {
      const values = words.slice(index);
      index = words.length;
      if (p.required && values.length === 0) {
        throw new UsageError(`missing ${p.name} for "latchkey ${spec.name}"`, helpHint(spec));
      }
      positionals[p.name] = values;
      continue;
    }
    const value = words[index];
    if (value === undefined) {
      if (p.required) throw new UsageError(`missing ${p.name} for "latchkey ${spec.name}"`, helpHint(spec));
      continue;
    }
    positionals[p.name] = value;
    index++;
  }
  if (index < words.length) {
    // Not echoed: the usual extra word is a passphrase or token typed after the handle.
    throw new UsageError(
      `"latchkey ${spec.name}" takes ${index} argument${index === 1 ? '' : 's'}, got ${words.length} (the extra one is not shown: it may be a secret)`,
      helpHint(spec),
    );
  }
  return { positionals, flags, rest, help };
}

/** Reads a string positional. */
export function positional(args: ParsedArgs, name: string): string | undefined {
  const value = args.positionals[name];
  return typeof value === 'string' ? value : undefined;
}

/** Reads a variadic positional. */
export function positionalList(args: ParsedArgs, name: string): string[] {
  const value = args.positionals[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

/** Reads a boolean flag: true, false (`--no-x`) or undefined (not given). */
export function flagBool(args: ParsedArgs, name: string): boolean | undefined {
  const value = args.flags[name];
  return typeof value === 'boolean' ? value : undefined;
}

/** Reads a string flag. */
export function flagString(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
}

/** Reads a repeatable string flag. */
export function flagStrings(args: ParsedArgs, name: string): string[] {
  const value = args.flags[name];
  return Array.isArray(value) ? value : [];
}

/** Renders `--help` for one command. */
export function renderHelp(spec: CommandSpec): string {
  const usage = spec.positionals
    .map((p) => {
      const word = p.variadic ? `${p.name}...` : p.name;
      return p.required ? word : `[${word}]`;
    })
    .join(' ');
  const lines = [
    `Usage: latchkey ${spec.name}${usage ? ` ${usage}` : ''}${Object.keys(spec.flags).length ? ' [options]' : ''}${spec.passthrough ? ' -- CMD [ARGS...]' : ''}`,
    '',
    spec.summary,
  ];
  if (spec.details) lines.push('', spec.details);
  const flagNames = Object.keys(spec.flags);
  const left = flagNames.map((name) => {
    const f = spec.flags[name]!;
    const short = f.short ? `-${f.short}, ` : '    ';
    const value = f.type === 'boolean' ? '' : ` ${f.value ?? 'VALUE'}`;
    return `  ${short}--${name}${value}`;
  });
  const helpLeft = '  -h, --help';
  const width = Math.max(helpLeft.length, ...left.map((l) => l.length)) + 2;
  lines.push('', 'Options:');
  flagNames.forEach((name, i) => {
    const f = spec.flags[name]!;
    const repeat = f.type === 'strings' ? ' (repeatable)' : '';
    lines.push(`${left[i]!.padEnd(width)}${f.description}${repeat}`);
  });
  lines.push(`${helpLeft.padEnd(width)}show this help`);
  lines.push('', spec.examples.length > 1 ? 'Examples:' : 'Example:');
  for (const example of spec.examples) lines.push(`  ${example}`);
  return `${lines.join('\n')}\n`;
}
