/**
 * CLI startup and command latency, hyperfine-style: each command runs as a
 * fresh `node dist/.../latchkey.js` process, N times after warm-up runs, in
 * alternating rounds with the baseline (`node -e ""`, bare Node startup) so
 * background load hits both. The budget: `latchkey get NAME KEY` with a live
 * session <= 300 ms wall (median).
 * Run: npx tsx bench/cli.ts   (BENCH_RUNS=20 by default)
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli, ensureWorker } from '../scripts/build.mjs';
import { startLocalServer } from '../src/server-node/local.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const WARMUP = 2;
const BUDGET_MS = 300;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const work = await mkdtemp(join(tmpdir(), 'latchkey-bench-cli-'));
const outdir = join(root, 'dist', `.cli-bench-${process.pid}`);
await ensureWorker();
const server = await startLocalServer({ port: 0, dataDir: join(work, 'data') });
try {
  const { outfile, bytes } = await buildCli({ outdir });
  const home = join(work, 'home');
  await mkdir(home, { recursive: true });
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LATCHKEY_HOME: join(work, 'latchkey'),
    LATCHKEY_SERVER: server.url,
    LATCHKEY_PASSPHRASE: 'bench passphrase words',
    NO_COLOR: '1',
  };
  const cli = (args: string[], input = ''): string => {
    const r = spawnSync(process.execPath, [outfile, ...args], { env, input, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`latchkey ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  cli(['signup', 'bencher', '--no-pull', '--no-push']);
  cli(['set', 'openai', 'api_key=sk-bench', '--provider', 'openai']);
  for (let i = 0; i < 20; i++) cli(['set', `svc-${i}`, `token=t${i}`]);

  const cases: { name: string; argv: string[] }[] = [
    { name: 'node -e "" (baseline)', argv: ['-e', ''] },
    { name: 'latchkey --help', argv: [outfile, '--help'] },
    { name: 'latchkey get openai api_key', argv: [outfile, 'get', 'openai', 'api_key'] },
    { name: 'latchkey ls (21 secrets)', argv: [outfile, 'ls'] },
    { name: 'latchkey export openai', argv: [outfile, 'export', 'openai'] },
    { name: 'latchkey run -- node -e ""', argv: [outfile, 'run', '--secret', 'openai', '--', process.execPath, '-e', ''] },
  ];
  const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  const once = (argv: string[]): number => {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, argv, { env, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`);
    return ms;
  };
  for (let round = 0; round < WARMUP + RUNS; round++) {
    for (const c of cases) {
      const ms = once(c.argv);
      if (round >= WARMUP) times.get(c.name)!.push(ms);
    }
  }

  const stat = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
    return { median: q(0.5), p95: q(0.95), min: s[0]!, mean: s.reduce((a, b) => a + b, 0) / s.length };
  };
  const baseline = stat(times.get(cases[0]!.name)!).median;
  console.log(`CLI latency, ${RUNS} runs each after ${WARMUP} warm-up (wall ms, fresh process per run; bundle ${(bytes / 1024).toFixed(0)} KB)`);
  console.log(`${'command'.padEnd(32)}${'median'.padStart(8)}${'mean'.padStart(8)}${'p95'.padStart(8)}${'min'.padStart(8)}${'x node'.padStart(8)}${'- node'.padStart(8)}`);
  for (const c of cases) {
    const s = stat(times.get(c.name)!);
    console.log(
      `${c.name.padEnd(32)}${s.median.toFixed(0).padStart(8)}${s.mean.toFixed(0).padStart(8)}${s.p95.toFixed(0).padStart(8)}${s.min.toFixed(0).padStart(8)}` +
        `${(s.median / baseline).toFixed(2).padStart(8)}${(s.median - baseline).toFixed(0).padStart(8)}`,
    );
  }
  const get = stat(times.get('latchkey get openai api_key')!).median;
  console.log(`budget: latchkey get <= ${BUDGET_MS} ms median: ${get.toFixed(0)} ms ${get <= BUDGET_MS ? 'OK' : 'OVER'} (bare node here: ${baseline.toFixed(0)} ms; load average ${loadavg()[0]!.toFixed(1)})`);
} finally {
  await server.close();
  await rm(outdir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
}
