/**
 * Provider file operations against a plain `fs.writeFile` of the same file
 * (the baseline, measured in the same run, alternating rounds). Shows what
 * atomicity (temp + fsync + rename), parsing, backups and detection cost.
 * Run: npx tsx bench/providers.ts   (BENCH_RUNS=200 by default)
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../src/client/providers/node-files.ts';
import { detectProviders, providerSecret, remove, write } from '../src/client/providers/index.ts';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 200);
const home = await mkdtemp(join(tmpdir(), 'latchkey-bench-prov-'));
const creds = '[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = s\n\n[prod]\naws_access_key_id = AKIAPROD\naws_secret_access_key = p\n'.repeat(4);
await mkdir(join(home, '.aws'), { recursive: true });
await writeFile(join(home, '.aws/credentials'), creds, { mode: 0o600 });
await mkdir(join(home, '.cache/huggingface'), { recursive: true });
await writeFile(join(home, '.cache/huggingface/token'), 'hf_x\n');
await mkdir(join(home, '.config/gh'), { recursive: true });
await writeFile(join(home, '.config/gh/hosts.yml'), 'github.com:\n    oauth_token: gho_x\n');
await writeFile(join(home, '.netrc'), 'machine api.wandb.ai login user password k\n');
const env = { OPENAI_API_KEY: 'x', ANTHROPIC_API_KEY: 'y' };
const plain = join(home, 'plain');
const atomic = join(home, 'atomic');

const cases: Record<string, () => Promise<unknown>> = {
  'fs.writeFile (baseline)': () => writeFile(plain, creds, { mode: 0o600 }),
  'writeFileAtomic (temp+fsync+rename)': () => writeFileAtomic(atomic, creds, 0o600),
  'read aws profile (lstat+read+parse)': () => providerSecret('aws', { profile: 'prod', env: {}, home }).read(),
  'write aws profile + remove (merge, backup, 2 atomic writes)': async () => {
    const rec = await write(providerSecret('aws', { values: { access_key: 'A', secret_key: 'B' }, profile: 'bench', env: {}, home }));
    await remove(rec);
  },
  'detectProviders (28 providers, 4 files present)': () => detectProviders({ env, home }),
};

const times = new Map<string, number[]>(Object.keys(cases).map((k) => [k, []]));
for (const fn of Object.values(cases)) await fn();
for (let i = 0; i < RUNS; i++) {
  for (const [name, fn] of Object.entries(cases)) {
    const t = performance.now();
    await fn();
    times.get(name)!.push(performance.now() - t);
  }
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;
const base = median(times.get('fs.writeFile (baseline)')!);
console.log(`runs: ${RUNS}, file: ${creds.length} bytes`);
console.log('| operation | median ms | p90 ms | vs baseline |');
console.log('|---|---:|---:|---:|');
for (const [name, xs] of times) console.log(`| ${name} | ${median(xs).toFixed(3)} | ${p90(xs).toFixed(3)} | ${(median(xs) / base).toFixed(1)}x |`);
await rm(home, { recursive: true, force: true });
