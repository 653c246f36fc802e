/**
 * Entry point of the `latchkey` command: finds the command, parses its flags,
 * prints help, loads the handler lazily (so `--help` and simple commands stay
 * fast), and turns every failure into one `latchkey: error:` line and an exit
 * status (0 ok, 1 failure, 2 usage).
 * @module
 */
import { parseArgs, renderHelp } from './args.ts';
import { resolveFolders, type CliContext } from './context.ts';
import { describeError, EXIT_OK, EXIT_USAGE, UsageError } from './errors.ts';
import { Output } from './output.ts';
import { Prompter, type InputStream } from './prompt.ts';
import { COMMANDS, findCommand, GROUPS } from './specs.ts';
import { VERSION } from '../version.ts';


/** The process streams main works with (replaceable in tests). */
export interface CliStreams {
  /** stdin, or a function that opens it on first use. */
  readonly stdin: InputStream | (() => InputStream);
  /** Whether stdin is a terminal, when known without opening it. */
  readonly stdinIsTTY?: boolean;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Top-level help: every command with its one-line summary. */
export function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  const lines = [
    'latchkey: end-to-end encrypted secrets for AI work',
    '',
    'Usage: latchkey COMMAND [ARGS...] [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Environment: LATCHKEY_SERVER, LATCHKEY_HOME (default ~/.latchkey), LATCHKEY_PASSPHRASE, LATCHKEY_TOKEN, NO_COLOR',
    'Run "latchkey COMMAND --help" for a command\'s options and an example.',
  ];
  return `${lines.join('\n')}\n`;
}

function closest(word: string, names: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const next = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = row[j]!;
        row[j] = next;
      }
    }
    return row[b.length]!;
  };
  const best = names.map((n) => [n, distance(word, n)] as const).sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= 2 ? best[0] : undefined;
}

/** Splits argv into a command name and its arguments. */
function pickCommand(argv: readonly string[]): { name: string; rest: readonly string[] } {
  const [first, second] = argv;
  if (first !== undefined && GROUPS.has(first)) {
    const subs = COMMANDS.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name.slice(first.length + 1));
    if (second === undefined || second.startsWith('-')) {
      throw new UsageError(`"latchkey ${first}" needs a subcommand: ${subs.join(', ')}`, `e.g. latchkey ${first} ${subs[0]} --help`);
    }
    if (!subs.includes(second)) {
      const guess = closest(second, subs);
      throw new UsageError(
        `unknown command "latchkey ${first} ${second}"`,
        guess ? `did you mean "latchkey ${first} ${guess}"?` : `use one of: ${subs.join(', ')}`,
      );
    }
    return { name: `${first} ${second}`, rest: argv.slice(2) };
  }
  return { name: first ?? '', rest: argv.slice(1) };
}

/** Runs one command line; resolves to the exit status (except `run`, which exits like its child). */
export async function main(argv: readonly string[], streams: CliStreams, env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const out = new Output(streams.stdout, streams.stderr, env);
  const prompt = new Prompter(streams.stdin, streams.stderr, streams.stdinIsTTY);
  try {
    const [first] = argv;
    if (first === undefined) {
      streams.stderr.write(overview());
      return EXIT_USAGE;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      const topic = argv.slice(1).join(' ');
      const spec = topic ? findCommand(topic) : undefined;
      if (topic && !spec) throw new UsageError(`unknown command "${topic}"`, 'run "latchkey --help" for the list');
      streams.stdout.write(spec ? renderHelp(spec) : overview());
      return EXIT_OK;
    }
    if (first === '--version' || first === '-V') {
      streams.stdout.write(`latchkey ${VERSION}\n`);
      return EXIT_OK;
    }
    const { name, rest } = pickCommand(argv);
    const spec = findCommand(name);
    if (!spec) {
      const guess = closest(name, [...COMMANDS.map((c) => c.name), ...GROUPS]);
      throw new UsageError(`unknown command "${name}"`, guess ? `did you mean "latchkey ${guess}"?` : 'run "latchkey --help" for the list');
    }
    const args = parseArgs(spec, rest);
    if (args.help) {
      streams.stdout.write(renderHelp(spec));
      return EXIT_OK;
    }
    const ctx: CliContext = { env, cwd: process.cwd(), ...resolveFolders(env), out, prompt, args };
    const handler = await spec.run();
    return await handler(ctx);
  } catch (error) {
    out.clearProgress();
    const { line, exitCode } = describeError(error);
    streams.stderr.write(`${line}\n`);
    if (env.LATCHKEY_DEBUG && error instanceof Error && error.stack) streams.stderr.write(`${error.stack}\n`);
    return exitCode;
  } finally {
    prompt.close();
  }
}
