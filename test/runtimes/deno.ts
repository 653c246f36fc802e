/**
 * Runs a scenario module under Deno (the `deno` npm package's binary) with
 * only network access to 127.0.0.1 and remote imports from the API host, in a
 * temporary folder with its own DENO_DIR and HOME.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The Deno binary installed by npm. */
export const DENO_BIN = resolve(import.meta.dirname, '../../node_modules/.bin/deno');

/** Result of a finished child process. */
export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command with a timeout, collecting its output; kills it on timeout. */
export function runProcess(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** Environment for child tools: no real HOME, no colour, nothing inherited that could leak. */
export function isolatedEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    DENO_DIR: join(home, 'deno-dir'),
    NO_COLOR: '1',
    DENO_NO_UPDATE_CHECK: '1',
    DENO_NO_PROMPT: '1',
    ...extra,
  };
}

const RESULT_MARK = '@@latchkey-result@@';

/**
 * Imports `clientUrl` (remote, e.g. `<api>/v1/client.js`) and the scenario
 * JavaScript in Deno and returns what `run(client, input)` resolved to.
 */
export async function runInDeno(opts: { clientUrl: string; scenarioJs: string; input: unknown; timeoutMs?: number }): Promise<unknown> {
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-deno-'));
  try {
    const api = new URL(opts.clientUrl);
    await writeFile(join(dir, 'scenario.js'), opts.scenarioJs);
    await writeFile(
      join(dir, 'main.js'),
      `import * as client from ${JSON.stringify(opts.clientUrl)};\n` +
        `import { run } from './scenario.js';\n` +
        `const result = await run(client, ${JSON.stringify(opts.input)});\n` +
        `console.log(${JSON.stringify(RESULT_MARK)} + JSON.stringify(result));\n`,
    );
    const args = ['run', '--no-prompt', '--no-config', `--allow-net=${api.hostname}`, `--allow-import=${api.host}`, 'main.js'];
    const out = await runProcess(DENO_BIN, args, { cwd: dir, env: isolatedEnv(dir), timeoutMs: opts.timeoutMs ?? 60_000 });
    const line = out.stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
    if (out.code !== 0 || !line) {
      throw new Error(`deno exited with ${out.code}\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`);
    }
    return JSON.parse(line.slice(RESULT_MARK.length));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
