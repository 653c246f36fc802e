/**
 * Size of the browser client (dist/browser/latchkey.min.js, served at
 * /v1/client.js) against its 40 KB gzip -9 budget, with the minified bytes
 * each package or source folder contributes. Run: `npx tsx bench/bundle.ts`.
 */
import { BROWSER_BUDGET_GZIP_BYTES, buildBrowserBundle } from '../scripts/browser-bundle.mjs';

function groupOf(path: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  if (pkg) return pkg[1]!;
  const src = /^src\/client\/(providers|store|cli)\//.exec(path);
  if (src) return `src/client/${src[1]}`;
  return /^(src\/[^/]+)/.exec(path)?.[1] ?? path;
}

const bundle = await buildBrowserBundle({ write: false, metafile: true });
const inputs = Object.values(bundle.metafile!.outputs)[0]!.inputs;
const groups = new Map<string, number>();
for (const [path, info] of Object.entries(inputs)) groups.set(groupOf(path), (groups.get(groupOf(path)) ?? 0) + info.bytesInOutput);
const rows = [...groups].sort((a, b) => b[1] - a[1]);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log('| part | minified | share |');
console.log('|---|---:|---:|');
for (const [name, bytes] of rows) console.log(`| ${name} | ${kb(bytes)} | ${((bytes / bundle.bytes) * 100).toFixed(0)}% |`);
console.log(`| **total** | ${kb(bundle.bytes)} | gzip -9 ${kb(bundle.gzipBytes)} = ${((bundle.gzipBytes / BROWSER_BUDGET_GZIP_BYTES) * 100).toFixed(0)}% of the ${kb(BROWSER_BUDGET_GZIP_BYTES)} budget |`);
console.log(`sha256 ${bundle.sha256}\nintegrity ${bundle.sri}`);
