/**
 * The dashboard script (dashboard + browser client): within its 80 KB gzip -9
 * budget, self-contained, and served by the real worker at / with the strict
 * headers; the API routes keep theirs. `wrangler deploy dist/worker.js`
 * (dry run) takes the page along, as Miniflare does. Its sources never build markup from
 * strings or set inline styles (the CSP would refuse them; text is text).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { WORKER_OUTFILE } from '../../scripts/build.mjs';
import { WEB_BUDGET_GZIP_BYTES, buildWebBundle } from '../../scripts/web-bundle.mjs';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const BUDGET_GZIP_BYTES = 80 * 1024;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

test('the dashboard script is one self-contained file within 80 KB gzip -9', async () => {
  const built = await buildWebBundle({ write: false });
  const text = new TextDecoder().decode(built.js);
  console.log(`dashboard script: ${built.bytes} bytes minified, ${built.gzipBytes} bytes gzip -9 (budget ${WEB_BUDGET_GZIP_BYTES})`);
  expect(WEB_BUDGET_GZIP_BYTES).toBe(BUDGET_GZIP_BYTES);
  expect(built.gzipBytes, `over the ${BUDGET_GZIP_BYTES}-byte budget`).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  expect(text).not.toMatch(/["']node:|\brequire\(|\bimport\s*\(/);
  expect(text).not.toMatch(/zxcvbn|adjacencyGraphs/);
  // Nothing from another origin in the page.
  expect(built.html).not.toMatch(/https?:\/\//);
  expect(built.html).not.toMatch(/\sstyle=|<script(?![^>]*\bsrc=)/);
});

test('no markup from strings and no inline styles in src/web', async () => {
  const dir = resolve(import.meta.dirname, '../../src/web');
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(5);
  for (const file of files) {
    const source = await readFile(join(dir, file), 'utf8');
    expect(source, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\.style\b|'style'|new Function|eval\(/);
  }
});

test('the worker serves the page, script and stylesheet with strict headers; the API keeps CORS and gets none of them', async () => {
  const built = await buildWebBundle({ write: false });
  for (const [path, type, body] of [['/', 'text/html', built.html], ['/app.js', 'text/javascript', new TextDecoder().decode(built.js)], ['/app.css', 'text/css', built.css]] as const) {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status, path).toBe(200);
    expect(res.headers.get('content-type'), path).toMatch(new RegExp(`^${type}`));
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp.split('; ')).toEqual(expect.arrayContaining(["default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]));
    expect(csp).not.toMatch(/unsafe-|\*|https?:/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text(), path).toBe(body);
  }
  const head = await fetch(`${server.url}/app.js`, { method: 'HEAD' });
  expect(head.status).toBe(200);
  expect((await head.arrayBuffer()).byteLength).toBe(0);
  const api = await fetch(`${server.url}/v1/health`, { headers: { Origin: 'http://localhost:5173' } });
  expect(api.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  expect(api.headers.get('content-security-policy')).toBeNull();
  expect(api.headers.get('referrer-policy')).toBeNull();
  await api.body?.cancel();
  const missing = await fetch(`${server.url}/nope.js`);
  expect(missing.status).toBe(404);
  expect(missing.headers.get('content-type')).toMatch(/json/);
  await missing.body?.cancel();
});

test('wrangler deploy of dist/worker.js bundles the dashboard module it imports', async () => {
  const root = resolve(import.meta.dirname, '../..');
  const worker = await readFile(WORKER_OUTFILE, 'utf8');
  expect(worker.split('\n').slice(0, 2)).toContain('import __LATCHKEY_WEB_ASSETS__ from "./worker.web.mjs";');
  const out = await mkdtemp(join(tmpdir(), 'latchkey-wrangler-dry-'));
  try {
    await promisify(execFile)(process.execPath, [join(root, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', WORKER_OUTFILE, '--dry-run', '--outdir', out], {
      cwd: root,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
      timeout: 120_000,
    });
    const uploaded = await readFile(join(out, 'worker.js'), 'utf8');
    expect(uploaded).toContain('Create an account');
    expect(uploaded).toContain("frame-ancestors 'none'");
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}, 120_000);
