/**
 * Backup and restore of 1,000 secrets through the built CLI against the local
 * server (the real worker under Miniflare), beside the stock `age` binary
 * decrypting the same file (the baseline: what reading the file costs at all).
 * Each command is a fresh process; rows alternate per round so background load
 * hits all of them alike. Restore runs into a fresh account each round (1,000
 * new secrets, with -i the exported identity), and again into the same account
 * (everything unchanged: decrypt + verify + compare, nothing written).
 * Targets: backup and restore <= 2 s each.
 * Run: npx tsx bench/backup.ts   (BENCH_SECRETS=1000 BENCH_RUNS=5)
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli } from '../scripts/build.mjs';
import { startLocalServer } from '../src/server-node/local.ts';
import { createClient } from '../src/client/index.ts';

const SECRETS = Number(process.env.BENCH_SECRETS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = 2000;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = await mkdtemp(join(tmpdir(), 'latchkey-bench-backup-'));
const outdir = join(root, 'dist', `.backup-bench-${process.pid}`);
const server = await startLocalServer({ port: 0, dataDir: join(work, 'data') });
try {
  const { outfile } = await buildCli({ outdir });
  const userEnv = async (name: string): Promise<Record<string, string>> => {
    const home = join(work, name);
    await mkdir(home, { recursive: true });
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LATCHKEY_HOME: join(home, '.latchkey'), LATCHKEY_SERVER: server.url,
      LATCHKEY_PASSPHRASE: 'bench passphrase words', NO_COLOR: '1',
    };
  };
  const run = (cmd: string, args: string[], env: Record<string, string>): number => {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { env, cwd: env.HOME, encoding: 'utf8', maxBuffer: 1 << 30 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    return ms;
  };
  const owner = await userEnv('owner');
  const client = createClient({ server: server.url, store: { home: owner.LATCHKEY_HOME! } });
  await client.signup('owner', owner.LATCHKEY_PASSPHRASE!);
  const started = Date.now();
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    for (let i = next++; i < SECRETS; i = next++) {
      await (await client.secret({ name: `svc/s${i}`, values: { token: `t-${i}-${'x'.repeat(40)}`, user: `u${i}` } })).save();
    }
  }));
  const populated = Date.now() - started;
  const identity = spawnSync(process.execPath, [outfile, 'keys', 'export-age'], { env: owner, encoding: 'utf8' }).stdout;
  await writeFile(join(owner.HOME!, 'identity.txt'), identity, { mode: 0o600 });
  run(process.execPath, [outfile, 'backup', '-o', 'b.age'], owner);
  const size = (await stat(join(owner.HOME!, 'b.age'))).size;

  const rows = ['age -d -i identity.txt (baseline)', `latchkey backup (${SECRETS} secrets)`, 'latchkey restore, fresh account', 'latchkey restore, all unchanged'];
  const times = new Map<string, number[]>(rows.map((r) => [r, []]));
  for (let round = 0; round < RUNS; round++) {
    times.get(rows[0]!)!.push(run('age', ['-d', '-i', 'identity.txt', '-o', '/dev/null', 'b.age'], owner));
    times.get(rows[1]!)!.push(run(process.execPath, [outfile, 'backup', '-o', 'b.age', '--force'], owner));
    const fresh = await userEnv(`fresh${round}`);
    run(process.execPath, [outfile, 'signup', `fresh${round}`, '--no-pull', '--no-push'], fresh);
    await writeFile(join(fresh.HOME!, 'identity.txt'), identity, { mode: 0o600 });
    await writeFile(join(fresh.HOME!, 'b.age'), await import('node:fs/promises').then((fs) => fs.readFile(join(owner.HOME!, 'b.age'))));
    times.get(rows[2]!)!.push(run(process.execPath, [outfile, 'restore', 'b.age', '-i', 'identity.txt', '--yes'], fresh));
    times.get(rows[3]!)!.push(run(process.execPath, [outfile, 'restore', 'b.age', '--yes'], owner));
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const base = median(times.get(rows[0]!)!);
  console.log(`backup bench: ${SECRETS} secrets (populated in ${(populated / 1000).toFixed(1)} s), file ${(size / 1024).toFixed(0)} KiB, ${RUNS} runs, load average ${loadavg()[0]!.toFixed(1)}`);
  console.log(`${'command'.padEnd(40)}  median ms     min ms     max ms   x age`);
  for (const r of rows) {
    const xs = times.get(r)!;
    console.log(`${r.padEnd(40)}  ${median(xs).toFixed(0).padStart(9)}  ${Math.min(...xs).toFixed(0).padStart(9)}  ${Math.max(...xs).toFixed(0).padStart(9)}  ${(median(xs) / base).toFixed(1).padStart(6)}`);
  }
  for (const r of rows.slice(1, 3)) {
    const m = median(times.get(r)!);
    console.log(`target ${r} <= ${TARGET_MS} ms: ${m.toFixed(0)} ms ${m <= TARGET_MS ? 'OK' : 'OVER'}`);
  }
} finally {
  await server.close();
  await rm(outdir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
}
