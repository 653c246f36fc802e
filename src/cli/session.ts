/**
 * Connecting to the server as the saved session: which server (flag,
 * LATCHKEY_SERVER, the one saved at login, or the default), creating the SDK
 * client with its file store in LATCHKEY_HOME, and the CLI's own small state
 * file (`cli.json`: server URL and last handle; nothing secret).
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LatchkeyClient } from '../client/index.ts';
import { flagString } from './args.ts';
import { DEFAULT_SERVER, type CliContext } from './context.ts';
import { CliError } from './errors.ts';
import { writeFileAtomic } from './files.ts';

/** What the CLI remembers between runs. */
export interface CliState {
  server?: string;
  handle?: string;
}

function statePath(latchkeyHome: string): string {
  return join(latchkeyHome, 'cli.json');
}

/** Reads `cli.json` (empty when absent or unreadable). */
export async function readCliState(latchkeyHome: string): Promise<CliState> {
  try {
    const value = JSON.parse(await readFile(statePath(latchkeyHome), 'utf8')) as unknown;
    if (typeof value !== 'object' || value === null) return {};
    const { server, handle } = value as Record<string, unknown>;
    return { ...(typeof server === 'string' ? { server } : {}), ...(typeof handle === 'string' ? { handle } : {}) };
  } catch {
    return {};
  }
}

/** Saves `cli.json` (0600, atomic). */
export async function writeCliState(latchkeyHome: string, state: CliState): Promise<void> {
  await writeFileAtomic(statePath(latchkeyHome), `${JSON.stringify(state, null, 2)}\n`);
}

/** The server to talk to: --server, LATCHKEY_SERVER, the saved one, or the default. */
export async function resolveServer(ctx: CliContext): Promise<string> {
  const flag = flagString(ctx.args, 'server');
  if (flag) return flag;
  if (ctx.env.LATCHKEY_SERVER) return ctx.env.LATCHKEY_SERVER;
  return (await readCliState(ctx.latchkeyHome)).server ?? DEFAULT_SERVER;
}

/** Creates the SDK client for the resolved server with the file store in LATCHKEY_HOME. */
export async function connect(ctx: CliContext): Promise<LatchkeyClient> {
  const server = await resolveServer(ctx);
  const [{ createClient }, { httpFetch }] = await Promise.all([import('../client/index.ts'), import('./http-fetch.ts')]);
  return createClient({ server, store: { home: ctx.latchkeyHome }, fetch: httpFetch });
}

/** Like {@link connect}, but fails with a clear message when there is no live session. */
export async function connectLoggedIn(ctx: CliContext): Promise<LatchkeyClient> {
  const client = await connect(ctx);
  if (!(await client.isLoggedIn())) {
    throw new CliError(`not logged in to ${client.server}`, 'run "latchkey login HANDLE" (or "latchkey login --token TOKEN" on a machine)');
  }
  return client;
}
