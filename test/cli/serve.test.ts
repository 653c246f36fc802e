/**
 * `latchkey serve` (which `npm start` runs) starts the local server, answers
 * /v1/health with the package.json version and the CORS list from
 * ALLOWED_ORIGINS, and stops on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { buildTestCli, serverUrl, tempBase, type BuiltCli, setUp } from './helpers.ts';

let cli: BuiltCli;
let base: string;

beforeAll(async () => {
  [cli, base] = await setUp([buildTestCli(), tempBase()]);
});

afterAll(async () => {
  await Promise.all([cli?.remove(), base && rm(base, { recursive: true, force: true })]);
});

test('serve listens from any folder, answers health, takes ALLOWED_ORIGINS like npm start, and stops on SIGTERM', async () => {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: base, LATCHKEY_HOME: join(base, 'lk'), NO_COLOR: '1', ALLOWED_ORIGINS: 'https://lab.example' };
  const proc = spawn(process.execPath, [cli.entry, 'serve', '--port', '0', '--data', join(base, 'data')], { env, cwd: base });
  const exited = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  const server = serverUrl(proc);
  try {
    const url = await server.url;
    const res = await fetch(`${url}/v1/health`, { headers: { origin: 'https://lab.example' } });
    expect(await res.json()).toEqual({ ok: true, service: 'latchkey', version: pkg.version });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://lab.example');
    const local = await fetch(`${url}/v1/health`, { headers: { origin: 'http://localhost:3000' } });
    expect(local.headers.get('access-control-allow-origin')).toBeNull();
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
