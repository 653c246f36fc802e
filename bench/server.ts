/**
 * Server benchmark (issue 3): the real worker under Miniflare on 127.0.0.1,
 * 16 keep-alive connections for 10 s per route, in one run:
 *   (a) GET /v1/bench/row     one-row D1 read, no auth (baseline)
 *   (b) GET /v1/secrets/:id   authenticated latest version + caller's wrap
 *   (c) GET /v1/secrets-bulk  every readable secret (1,000) in one response
 * Prints requests/s, p50, p99 and (b)/(a); plus the worker bundle's gzip size.
 *   npx tsx bench/server.ts            BENCH_SECONDS=10 BENCH_CONNECTIONS=16 BENCH_SECRETS=1000
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureWorker } from '../scripts/build.mjs';
import { startLocalServer } from '../src/server-node/local.ts';
import { bearer, createSecret, signUp, urlFetcher } from '../src/worker/test-fixtures.ts';
import type { TestSecret } from '../src/worker/test-fixtures.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SECRETS = Number(process.env.BENCH_SECRETS ?? 1000);

interface Result {
  name: string;
  connections: number;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Raw samples of one route, accumulated over rounds. */
interface Samples {
  latencies: number[];
  errors: number;
  seconds: number;
}

/** Runs `connections` loops issuing the request back to back for `seconds`, adding to `into`. */
async function load(into: Samples, url: string, init: RequestInit, connections: number, seconds: number): Promise<number> {
  const { latencies } = into;
  const before = latencies.length;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const res = await fetch(url, init);
        await res.arrayBuffer();
        if (res.status !== 200) into.errors++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  into.seconds += elapsed;
  return (latencies.length - before) / elapsed;
}

function summarise(name: string, connections: number, s: Samples): Result {
  const sorted = [...s.latencies].sort((x, y) => x - y);
  return { name, connections, requests: sorted.length, perSecond: sorted.length / s.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99), errors: s.errors };
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[sorted.length >> 1]!;
}

const ROUNDS = 5;

async function main(): Promise<void> {
  const bundle = await ensureWorker();
  const gzip = gzipSync(await readFile(bundle), { level: 9 }).length;
  const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-bench-'));
  const server = await startLocalServer({ port: 0, dataDir, bench: true });
  try {
    const f = urlFetcher(server.url);
    const owner = await signUp(f, 'bench');
    const t0 = performance.now();
    const secrets: TestSecret[] = [];
    for (let i = 0; i < SECRETS; i += 16) {
      const batch = Array.from({ length: Math.min(16, SECRETS - i) }, (_, j) => createSecret(f, owner, `bench/secret-${String(i + j).padStart(5, '0')}`, `value-${i + j}`, 'custom'));
      secrets.push(...(await Promise.all(batch)));
    }
    const populate = (performance.now() - t0) / 1000;
    const auth = bearer(owner.token);
    // Warm up each route once (JIT, statement cache).
    for (const path of ['/v1/bench/row', `/v1/secrets/${secrets[0]!.id}`, '/v1/secrets-bulk']) {
      const res = await fetch(`${server.url}${path}`, auth);
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    }
    const bulkRes = await fetch(`${server.url}/v1/secrets-bulk`, auth);
    const bulkEncoding = bulkRes.headers.get('content-encoding') ?? 'none';
    const bulkBytes = (await bulkRes.arrayBuffer()).byteLength;
    // (a) and (b) alternate in short rounds so machine noise hits both alike; the ratio is the median per-round ratio.
    const sa: Samples = { latencies: [], errors: 0, seconds: 0 };
    const sb: Samples = { latencies: [], errors: 0, seconds: 0 };
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const ra = await load(sa, `${server.url}/v1/bench/row`, {}, CONNECTIONS, SECONDS / ROUNDS);
      const rb = await load(sb, `${server.url}/v1/secrets/${secrets[SECRETS >> 1]!.id}`, auth, CONNECTIONS, SECONDS / ROUNDS);
      ratios.push(rb / ra);
    }
    const sc: Samples = { latencies: [], errors: 0, seconds: 0 };
    await load(sc, `${server.url}/v1/secrets-bulk`, auth, CONNECTIONS, SECONDS);
    const sc1: Samples = { latencies: [], errors: 0, seconds: 0 };
    await load(sc1, `${server.url}/v1/secrets-bulk`, auth, 1, Math.min(SECONDS, 5));
    const a = summarise('(a) GET /v1/bench/row (baseline)', CONNECTIONS, sa);
    const b = summarise('(b) GET /v1/secrets/:id (auth)', CONNECTIONS, sb);
    const c = summarise(`(c) GET /v1/secrets-bulk (${SECRETS})`, CONNECTIONS, sc);
    const c1 = summarise('(c) same, 1 connection', 1, sc1);
    const rows = [a, b, c, c1];
    const pad = (s: string, n: number) => s.padEnd(n);
    console.log(`\nlatchkey server bench: Miniflare ${server.url}, ${SECONDS} s per route, ${SECRETS} secrets (populated in ${populate.toFixed(1)} s), bulk response ${bulkBytes} bytes (${(bulkBytes / 1024).toFixed(0)} KiB, content-encoding ${bulkEncoding})`);
    console.log(`${pad('route', 38)} ${pad('conns', 6)} ${pad('requests', 9)} ${pad('req/s', 8)} ${pad('p50 ms', 8)} ${pad('p99 ms', 8)} ${pad('errors', 7)} vs (a)`);
    for (const r of rows) {
      console.log(
        `${pad(r.name, 38)} ${pad(String(r.connections), 6)} ${pad(String(r.requests), 9)} ${pad(r.perSecond.toFixed(0), 8)} ${pad(r.p50.toFixed(1), 8)} ${pad(r.p99.toFixed(1), 8)} ${pad(String(r.errors), 7)} ${(r.perSecond / a.perSecond * 100).toFixed(0)}%`,
      );
    }
    console.log(`\n(b)/(a) requests/s, median of ${ROUNDS} alternating rounds: ${(median(ratios) * 100).toFixed(0)}% (target >= 50%)`);
    console.log(`(c) p50 at ${CONNECTIONS} connections: ${c.p50.toFixed(0)} ms; alone: ${c1.p50.toFixed(0)} ms (target <= 300 ms)`);
    console.log(`worker bundle: ${(gzip / 1024).toFixed(1)} KB gzip -9 (target <= 80 KB)`);
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
