/**
 * What every command handler gets: the environment, folders, output, prompts
 * and the parsed command line. Built once per invocation by main.
 * @module
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ParsedArgs } from './args.ts';
import type { Output } from './output.ts';
import type { Prompter } from './prompt.ts';

/** The server used when nothing else names one. */
export const DEFAULT_SERVER = 'http://127.0.0.1:8787';

/** Per-invocation state passed to command handlers. */
export interface CliContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** The user's home folder (HOME), where provider files live. */
  readonly home: string;
  /** LATCHKEY_HOME (default ~/.latchkey): session, pins, ledger, env file. */
  readonly latchkeyHome: string;
  readonly out: Output;
  readonly prompt: Prompter;
  readonly args: ParsedArgs;
}

/** A command handler; returns the exit status. */
export type Handler = (ctx: CliContext) => Promise<number>;

/** Resolves HOME and LATCHKEY_HOME from the environment. */
export function resolveFolders(env: Readonly<Record<string, string | undefined>>): { home: string; latchkeyHome: string } {
  const home = resolve(env.HOME && env.HOME !== '' ? env.HOME : homedir());
  const latchkeyHome = resolve(env.LATCHKEY_HOME && env.LATCHKEY_HOME !== '' ? env.LATCHKEY_HOME : join(home, '.latchkey'));
  return { home, latchkeyHome };
}

/** Path of the env file that login/pull write (`source` it from a shell profile). */
export function envFilePath(latchkeyHome: string): string {
  return join(latchkeyHome, 'env');
}
