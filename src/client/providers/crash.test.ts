/**
 * Crash safety: a writer SIGKILLed mid-loop leaves the target exactly old or
 * new, never partial.
 */
import { afterEach, expect, test } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanup, tempHome } from '../../../test/helpers/provider-home.ts';

const child = fileURLToPath(new URL('../../../test/helpers/atomic-writer-child.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');
const running = new Set<ChildProcess>();
const dirs: string[] = [];

afterEach(() => {
  for (const c of running) c.kill('SIGKILL');
  running.clear();
  for (const d of dirs.splice(0)) cleanup(d);
});

function startWriter(target: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, ['--import', tsx, child, target, 'old-', 'NEW!'], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env['PATH'] ?? '' } });
  running.add(proc);
  return new Promise((resolve, reject) => {
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(proc);
    });
    proc.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${err.slice(0, 500)}`)));
  });
}

function kill(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    proc.once('exit', () => {
      running.delete(proc);
      resolve();
    });
    proc.kill('SIGKILL');
  });
}

test('SIGKILL during atomic writes never leaves a partial file', async () => {
  const dir = tempHome('latchkey-crash-');
  dirs.push(dir);
  const target = join(dir, 'credentials');
  const old = 'old-'.repeat(300_000 / 4);
  const fresh = 'NEW!'.repeat(600_000 / 4);
  for (let round = 0; round < 4; round++) {
    const proc = await startWriter(target);
    await new Promise((r) => setTimeout(r, 15 + round * 23));
    await kill(proc);
    const text = readFileSync(target, 'utf8');
    expect(text === old || text === fresh, `round ${round}: ${text.length} bytes`).toBe(true);
    const temps = readdirSync(dir).filter((n) => n.includes('.latchkey-tmp-'));
    expect(temps.length).toBeLessThanOrEqual(1);
    for (const t of temps) rmSync(join(dir, t));
  }
  expect(readdirSync(dir)).toEqual(['credentials']);
}, 60_000);
