/**
 * Size of the browser client (dist/browser/latchkey.min.js, served at
 * /v1/client.js) against its 40 KB gzip -9 budget, with the minified bytes
 * each package or source folder contributes, and the same build with zod
 * itself in place of src/protocol/zod-mini-subset.ts as the baseline (built
 * in the same run); then the dashboard script (the client plus src/web) against
 * its 80 KB budget. Run: `npx tsx bench/bundle.ts`.
 */
import { BROWSER_BUDGET_GZIP_BYTES, buildBrowserBundle } from '../scripts/browser-bundle.mjs';
import { WEB_BUDGET_GZIP_BYTES, buildWebBundle } from '../scripts/web-bundle.mjs';

function groupOf(path: string): string {
  if (path.endsWith('.browser.ts')) return 'browser variants (*.browser.ts, package.json "imports")';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  if (pkg) return pkg[1]!;
  if (path === 'src/protocol/zod-mini-subset.ts') return path;
  const src = /^src\/client\/(providers|store|cli)\//.exec(path);
  if (src) return `src/client/${src[1]}`;
  return /^(src\/[^/]+)/.exec(path)?.[1] ?? path;
}

const bundle = await buildBrowserBundle({ write: false, metafile: true });
const baseline = await buildBrowserBundle({ write: false, zodMini: 'npm' });
const inputs = Object.values(bundle.metafile!.outputs)[0]!.inputs;
const groups = new Map<string, number>();
for (const [path, info] of Object.entries(inputs)) groups.set(groupOf(path), (groups.get(groupOf(path)) ?? 0) + info.bytesInOutput);
const rows = [...groups].sort((a, b) => b[1] - a[1]);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const pct = (n: number) => `${((n / BROWSER_BUDGET_GZIP_BYTES) * 100).toFixed(0)}%`;
console.log('| part | minified | share |');
console.log('|---|---:|---:|');
for (const [name, bytes] of rows) console.log(`| ${name} | ${kb(bytes)} | ${((bytes / bundle.bytes) * 100).toFixed(0)}% |`);
console.log(`| **total** | ${kb(bundle.bytes)} | gzip -9 ${kb(bundle.gzipBytes)} (${bundle.gzipBytes} B) = ${pct(bundle.gzipBytes)} of the ${kb(BROWSER_BUDGET_GZIP_BYTES)} budget |`);
console.log('');
console.log('| build | minified | gzip -9 | vs baseline |');
console.log('|---|---:|---:|---:|');
console.log(`| baseline: zod/mini from npm | ${kb(baseline.bytes)} | ${kb(baseline.gzipBytes)} (${pct(baseline.gzipBytes)} of budget) | 1.00x |`);
console.log(`| shipped: zod-mini-subset | ${kb(bundle.bytes)} | ${kb(bundle.gzipBytes)} (${pct(bundle.gzipBytes)} of budget) | ${(bundle.gzipBytes / baseline.gzipBytes).toFixed(2)}x |`);
console.log(`\nsha256 ${bundle.sha256}\nintegrity ${bundle.sri}`);

// The dashboard script (dist/web/app.js, served at /app.js): the same browser build of the client plus src/web.
const web = await buildWebBundle({ write: false, metafile: true });
const webInputs = Object.values(web.metafile!.outputs)[0]!.inputs;
let dashboardOwn = 0;
for (const [path, info] of Object.entries(webInputs)) if (path.startsWith('src/web/')) dashboardOwn += info.bytesInOutput;
console.log('\n| dashboard script (/app.js) | minified | gzip -9 |');
console.log('|---|---:|---:|');
console.log(`| baseline: the browser client alone | ${kb(bundle.bytes)} | ${kb(bundle.gzipBytes)} |`);
console.log(`| src/web (pages, views) | ${kb(dashboardOwn)} | |`);
console.log(`| **dashboard + client** | ${kb(web.bytes)} | ${kb(web.gzipBytes)} (${web.gzipBytes} B) = ${((web.gzipBytes / WEB_BUDGET_GZIP_BYTES) * 100).toFixed(0)}% of the ${kb(WEB_BUDGET_GZIP_BYTES)} budget; +${kb(web.gzipBytes - bundle.gzipBytes)} over the client |`);
