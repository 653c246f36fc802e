/**
 * Real Jupyter for the notebook tests: Debian's `jupyter nbconvert --execute`
 * with the Deno kernel from the `deno` npm package, installed into a
 * temporary HOME (`deno jupyter --install` ignores JUPYTER_DATA_DIR).
 */
import { existsSync } from 'node:fs';
import { copyFile, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { toolsRequired } from '../browser/chromium.ts';
import { DENO_BIN, isolatedEnv, runProcess } from '../runtimes/deno.ts';
import type { Notebook } from './notebook-files.ts';

/** Debian's Jupyter launcher. */
export const JUPYTER_BIN = process.env.LATCHKEY_JUPYTER ?? '/usr/bin/jupyter';

/** Whether Jupyter (with nbconvert) is installed; prints a skip line or throws in CI when it is not. */
export function jupyterAvailable(suite: string): boolean {
  if (existsSync(JUPYTER_BIN) && nbconvertInstalled()) return true;
  const why = `${JUPYTER_BIN} with nbconvert not found (apt-get install -y jupyter-nbconvert python3-ipykernel jupyter-client)`;
  if (toolsRequired()) throw new Error(`${suite}: ${why}; required because CI/LATCHKEY_REQUIRE_BROWSER is set`);
  console.log(`SKIP ${suite}: ${why}`);
  return false;
}

function nbconvertInstalled(): boolean {
  return ['/usr/bin/jupyter-nbconvert', '/usr/local/bin/jupyter-nbconvert'].some((p) => existsSync(p));
}

/** Installs the Deno kernelspec under `home` (a temporary folder). */
export async function installDenoKernel(home: string): Promise<void> {
  const out = await runProcess(DENO_BIN, ['jupyter', '--install'], { cwd: home, env: isolatedEnv(home), timeoutMs: 60_000 });
  const spec = join(home, '.local/share/jupyter/kernels/deno/kernel.json');
  if (out.code !== 0 || !existsSync(spec)) {
    throw new Error(`deno jupyter --install failed (${out.code}): ${out.stderr}`);
  }
}

/**
 * Executes a copy of `notebook` in `home` with `jupyter nbconvert --execute`
 * (the env is all the kernel sees) and returns the executed notebook.
 */
export async function executeNotebook(notebook: string, home: string, env: Record<string, string>, timeoutMs = 120_000): Promise<Notebook> {
  const input = join(home, basename(notebook));
  await copyFile(notebook, input);
  const args = [
    'nbconvert', '--to', 'notebook', '--execute', '--output', 'executed', '--output-dir', home,
    `--ExecutePreprocessor.timeout=${Math.round(timeoutMs / 1000)}`, input,
  ];
  const out = await runProcess(JUPYTER_BIN, args, {
    cwd: home,
    env: isolatedEnv(home, { PYDEVD_DISABLE_FILE_VALIDATION: '1', JUPYTER_PLATFORM_DIRS: '1', ...env }),
    timeoutMs: timeoutMs + 30_000,
  });
  if (out.code !== 0) throw new Error(`jupyter nbconvert exited with ${out.code}:\n${out.stderr.slice(-4000)}`);
  return JSON.parse(await readFile(join(home, 'executed.ipynb'), 'utf8')) as Notebook;
}
