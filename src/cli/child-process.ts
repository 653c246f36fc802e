/**
 * Running a command with secrets in its environment (`latchkey run`): files
 * go to a private 0700 temp folder that is removed when the command exits,
 * whatever the exit; SIGINT/SIGTERM/SIGHUP are forwarded; the command's exit
 * code is returned and a signal death is reproduced on this process.
 * @module
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError } from './errors.ts';

/** How the child ended. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Creates a private temp folder (mode 0700), passes it to `use`, and removes
 * it afterwards, also when `use` throws or the process exits early.
 */
export async function withPrivateTempDir<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-run-'));
  const lastResort = (): void => rmSync(dir, { recursive: true, force: true });
  process.on('exit', lastResort);
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
    process.removeListener('exit', lastResort);
  }
}

/** Spawns `command args` with `env`, stdio inherited, forwarding signals until it exits. */
export function runChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<ChildExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const handlers = FORWARDED.map((signal) => {
      const handler = (): void => forward(signal);
      process.on(signal, handler);
      return [signal, handler] as const;
    });
    const detach = (): void => {
      for (const [signal, handler] of handlers) process.removeListener(signal, handler);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      detach();
      if (error.code === 'ENOENT') {
        reject(new CliError(`command not found: ${command}`, 'check the name and your PATH', 127));
      } else if (error.code === 'EACCES') {
        reject(new CliError(`cannot execute ${command} (permission denied)`, 'make it executable', 126));
      } else {
        reject(error);
      }
    });
    child.once('exit', (code, signal) => {
      detach();
      resolve({ code, signal });
    });
  });
}

/** Exit status a shell would show for a signal death (128 + signal number). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/**
 * Ends this process the way the child ended: same exit code, or the same
 * signal re-raised (falling back to 128 + signal number if it is caught).
 */
export function exitLike(result: ChildExit): never | void {
  if (result.signal) {
    const code = signalExitCode(result.signal);
    process.removeAllListeners(result.signal);
    try {
      process.kill(process.pid, result.signal);
    } catch {
      process.exit(code);
    }
    setTimeout(() => process.exit(code), 200);
    return;
  }
  process.exit(result.code ?? 1);
}
