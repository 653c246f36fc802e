/**
 * Test helpers for the CLI: builds the CLI bundle once per file into a
 * private folder under dist/, runs it as a subprocess with a temporary HOME
 * and LATCHKEY_HOME (never the real ones), and drives it through a
 * pseudo-terminal with util-linux `script` for interactive prompts.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../../scripts/build.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** A built CLI: the entry file and a cleanup. */
export interface BuiltCli {
  entry: string;
  remove(): Promise<void>;
}

/** Bundles the CLI exactly like `npm run build` does, into dist/.cli-test-* (removed by `remove`). */
export async function buildTestCli(): Promise<BuiltCli> {
  const outdir = join(root, 'dist', `.cli-test-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(dirname(outdir), { recursive: true });
  const { outfile } = await buildCli({ outdir });
  return { entry: outfile, remove: () => rm(outdir, { recursive: true, force: true }) };
}

/** What one CLI run produced. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A person on a fresh machine: own HOME and LATCHKEY_HOME in a temp folder. */
export interface TestUser {
  handle: string;
  passphrase: string;
  home: string;
  latchkeyHome: string;
  env: Record<string, string>;
}

/** Creates a user with empty temp folders; `env` points the CLI at them and at `server`. */
export async function makeUser(base: string, handle: string, server: string): Promise<TestUser> {
  const dir = await mkdtemp(join(base, `${handle}-`));
  const home = join(dir, 'home');
  const latchkeyHome = join(dir, 'latchkey');
  await mkdir(home, { recursive: true });
  const passphrase = `${handle}-correct horse battery`;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LATCHKEY_HOME: latchkeyHome,
    LATCHKEY_SERVER: server,
    TMPDIR: join(dir, 'tmp'),
    NO_COLOR: '1',
    LANG: 'C.UTF-8',
  };
  await mkdir(env.TMPDIR!, { recursive: true });
  return { handle, passphrase, home, latchkeyHome, env };
}

/** Runs the built CLI with `args`; `input` is written to stdin (then closed). */
export function runCli(
  cli: BuiltCli,
  args: readonly string[],
  options: { env: Record<string, string>; input?: string; cwd?: string; timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli.entry, ...args], {
      env: options.env,
      cwd: options.cwd ?? options.env.HOME,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
    // A command that exits without reading stdin (--help, usage errors) closes the pipe first: EPIPE is not a failure.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin.end(options.input ?? '');
  });
}

/** One step of a terminal conversation: wait for `expect` in the output, then type `send`. */
export interface PtyStep {
  expect: RegExp;
  send: string;
}

/**
 * Runs the CLI on a pseudo-terminal (`script -qfec CMD /dev/null`), answering
 * prompts in order. Returns everything the terminal showed (including echo).
 */
export function runInPty(
  cli: BuiltCli,
  args: readonly string[],
  options: { env: Record<string, string>; steps: readonly PtyStep[]; timeoutMs?: number },
): Promise<{ code: number | null; screen: string }> {
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, cli.entry, ...args].map(quote).join(' ');
  return new Promise((resolvePromise, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env: options.env, cwd: options.env.HOME, stdio: ['pipe', 'pipe', 'pipe'] });
    let screen = '';
    let step = 0;
    let consumed = 0;
    const advance = (): void => {
      while (step < options.steps.length) {
        const { expect, send } = options.steps[step]!;
        const match = expect.exec(screen.slice(consumed));
        if (!match) return;
        consumed += match.index + match[0].length;
        step++;
        // Give the CLI a moment to switch the terminal mode after printing the prompt.
        setTimeout(() => child.stdin.write(send), 50);
      }
    };
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      screen += d;
      advance();
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (screen += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      child.stdin.destroy();
      if (step < options.steps.length) {
        reject(new Error(`the CLI ended before prompt ${options.steps[step]!.expect} appeared; screen:\n${screen}`));
      } else resolvePromise({ code, screen });
    });
  });
}

/** Every file under `dir` with its bytes and mode, for byte-for-byte comparisons. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string): Promise<void> => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      const rel = relative(dir, path);
      if (entry.isDirectory()) {
        out[`${rel}/`] = 'dir';
        await walk(path);
      } else {
        const mode = ((await stat(path)).mode & 0o777).toString(8);
        out[rel] = `${mode} ${(await readFile(path)).toString('base64')}`;
      }
    }
  };
  await walk(dir);
  return out;
}

/** A fresh temp folder for a test file. */
export function tempBase(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'latchkey-cli-test-'));
}

/**
 * Awaits set-up steps in parallel. If any fails, the ones that succeeded are
 * torn down (close(), remove(), or a temp folder path removed) before the
 * error is rethrown, so a failed beforeAll leaks no server, build or folder.
 */
export async function setUp<T extends readonly unknown[]>(steps: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(steps as readonly Promise<unknown>[]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!failed) return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
  for (const r of results) {
    if (r.status !== 'fulfilled') continue;
    const value = r.value as { close?: () => Promise<void>; remove?: () => Promise<void> } | string;
    if (typeof value === 'string') await rm(value, { recursive: true, force: true });
    else if (value?.close) await value.close();
    else if (value?.remove) await value.remove();
  }
  throw failed.reason;
}

/**
 * Waits until a started `latchkey serve` prints its "listening on" line and
 * returns the URL; rejects with its output if it exits first or stays silent
 * for `timeoutMs`. `output()` is all it wrote to stderr so far.
 */
export function serverUrl(proc: ChildProcessWithoutNullStreams, timeoutMs = 60_000): { url: Promise<string>; output(): string } {
  let out = '';
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const url = new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line; output:\n${out}`)), timeoutMs);
    proc.stderr.on('data', () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]!);
      }
    });
    proc.on('close', () => {
      clearTimeout(timer);
      reject(new Error(`serve exited early:\n${out}`));
    });
  });
  return { url, output: () => out };
}
