/**
 * Dashboard latency in Chromium against the local server (the built worker
 * under Miniflare), beside the CLI doing the same in the same run:
 * - first load to an interactive list of N secrets (a new tab with the
 *   stored session: page, script, session restore, GET /v1/secrets, N rows
 *   drawn) vs `latchkey ls` (a fresh process);
 * - reveal: open a secret's page (fetch, verify, decrypt, history, signer
 *   card) and press Reveal until the value is on screen vs `latchkey get`.
 * Rounds alternate page and CLI so background load hits both; medians.
 * Run: npx tsx bench/dashboard.ts   (BENCH_SECRETS=1000 BENCH_RUNS=7)
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli, ensureWorker } from '../scripts/build.mjs';
import { createClient } from '../src/client/index.ts';
import { clientStateOf } from '../src/client/client.ts';
import { createSecrets } from '../src/client/create-many.ts';
import { startLocalServer } from '../src/server-node/local.ts';
import { launchChromium } from '../test/browser/chromium.ts';

const N = Number(process.env.BENCH_SECRETS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PASS = 'dashboard bench passphrase words';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const work = await mkdtemp(join(tmpdir(), 'latchkey-bench-dashboard-'));
const outdir = join(root, 'dist', `.cli-bench-dashboard-${process.pid}`);
await ensureWorker();
const server = await startLocalServer({ port: 0, dataDir: join(work, 'data') });
const browser = await launchChromium();
try {
  const sdk = createClient({ server: server.url, store: 'memory', notice: () => undefined });
  const { secretKey } = await sdk.signup('bencher', PASS);
  const inputs = Array.from({ length: N }, (_, i) => ({ name: `svc-${String(i).padStart(4, '0')}`, values: { token: `value-${i}` } }));
  await createSecrets(await clientStateOf(sdk), inputs);
  const target = inputs[Math.floor(N / 2)]!;

  const { outfile } = await buildCli({ outdir });
  await mkdir(join(work, 'home'), { recursive: true });
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: join(work, 'home'), LATCHKEY_HOME: join(work, 'latchkey'),
    LATCHKEY_SERVER: server.url, LATCHKEY_PASSPHRASE: PASS, LATCHKEY_SECRET_KEY: secretKey, NO_COLOR: '1',
  };
  const cli = (args: string[]): number => {
    const start = performance.now();
    const r = spawnSync(process.execPath, [outfile, ...args], { env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`latchkey ${args.join(' ')} failed: ${r.stderr}`);
    return performance.now() - start;
  };
  cli(['login', 'bencher', '--no-pull', '--no-push']);

  const context = await browser.newContext();
  const login = await context.newPage();
  await login.goto(`${server.url}/`);
  await login.getByLabel('Handle', { exact: true }).fill('bencher');
  await login.getByLabel('Passphrase', { exact: true }).fill(PASS);
  await login.getByLabel('Secret Key', { exact: true }).fill(secretKey);
  await login.getByRole('button', { name: 'Log in', exact: true }).click();
  await login.locator('table.secrets').waitFor({ timeout: 120_000 });
  await login.close();

  const listLoad = async (): Promise<number> => {
    const page = await context.newPage();
    const start = performance.now();
    await page.goto(`${server.url}/#/`);
    await page.locator(`table.secrets tbody tr:nth-child(${N})`).waitFor({ timeout: 120_000 });
    const ms = performance.now() - start;
    await page.close();
    return ms;
  };
  const reveal = async (): Promise<number> => {
    const page = await context.newPage();
    await page.goto(`${server.url}/#/account`);
    await page.getByRole('heading', { name: 'Account' }).waitFor();
    const start = performance.now();
    await page.evaluate((name) => { location.hash = `#/secret/${name}`; }, target.name);
    await page.getByRole('button', { name: 'Reveal token', exact: true }).click();
    await page.locator('[data-value-of="token"]').getByText(target.values.token, { exact: true }).waitFor();
    const ms = performance.now() - start;
    await page.close();
    return ms;
  };
  const cases: Array<[string, () => Promise<number> | number]> = [
    [`dashboard: first load to list of ${N}`, listLoad],
    [`latchkey ls (${N} secrets)`, () => cli(['ls'])],
    ['dashboard: open secret + reveal', reveal],
    [`latchkey get ${target.name} token`, () => cli(['get', target.name, 'token'])],
  ];
  const times = new Map(cases.map(([name]) => [name, [] as number[]]));
  for (let round = 0; round < RUNS + 1; round++) {
    for (const [name, run] of cases) {
      const ms = await run();
      if (round > 0) times.get(name)!.push(ms); // round 0 warms caches
    }
  }
  console.log(`dashboard vs CLI, ${RUNS} alternating rounds after 1 warm-up (wall ms, medians; load average ${loadavg()[0]!.toFixed(1)})\n`);
  console.log('| measurement | median ms | min ms | vs CLI |');
  console.log('|---|---:|---:|---:|');
  for (let i = 0; i < cases.length; i++) {
    const [name] = cases[i]!;
    const xs = times.get(name)!;
    const cliName = i % 2 === 0 ? cases[i + 1]![0] : name;
    const ratio = median(xs) / median(times.get(cliName)!);
    console.log(`| ${name} | ${median(xs).toFixed(0)} | ${Math.min(...xs).toFixed(0)} | ${ratio.toFixed(2)}x |`);
  }
} finally {
  await browser.close();
  await server.close();
  await rm(outdir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
}
