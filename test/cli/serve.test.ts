/**
 * `latchkey serve` starts the same local server as `npm start`, answers
 * /v1/health with the package.json version, and stops on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { buildTestCli, tempBase, type BuiltCli, setUp } from './helpers.ts';

let cli: BuiltCli;
let base: string;

beforeAll(async () => {
  [cli, base] = await setUp([buildTestCli(), tempBase()]);
});

afterAll(async () => {
  await Promise.all([cli?.remove(), base && rm(base, { recursive: true, force: true })]);
});

test('serve listens from any folder, answers health, and stops on SIGTERM', async () => {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: base, LATCHKEY_HOME: join(base, 'lk'), NO_COLOR: '1' };
  const proc = spawn(process.execPath, [cli.entry, 'serve', '--port', '0', '--data', join(base, 'data')], { env, cwd: base });
  let out = '';
  proc.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening" line; output:\n${out}`)), 60_000);
      proc.stderr.on('data', () => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      proc.on('close', () => reject(new Error(`serve exited early:\n${out}`)));
    });
    const health = (await (await fetch(`${url}/v1/health`)).json()) as { ok: boolean; service: string };
    expect(health).toEqual({ ok: true, service: 'latchkey', version: pkg.version });
  } finally {
    proc.kill('SIGTERM');
  }
  // Miniflare's own exit hook ends the process with 128 + 15 on SIGTERM, like a shell would report.
  expect([0, 143]).toContain(await exited);
});

test('--version prints the package.json version', async () => {
  const proc = spawn(process.execPath, [cli.entry, '--version'], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: base }, cwd: base });
  let out = '';
  proc.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  expect(await new Promise((resolve) => proc.on('close', resolve))).toBe(0);
  expect(out).toBe(`latchkey ${pkg.version}\n`);
});
