/**
 * The documentation cannot go stale unnoticed: every relative link in the
 * repository's Markdown (README, CONTRIBUTING, docs/, bench/, examples/,
 * test/vectors/) points at a file that exists and, with a #fragment, at a
 * heading that exists; the generated API reference in docs/api/ matches the
 * TSDoc; the README stays a short front page.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { API_DIR, renderApiDocs, slug } from '../../scripts/api-docs.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '.wrangler', '.latchkey-data', 'coverage']);

/**
 * Pages that other branches of issue 12's follow-ups add (install, sharing,
 * backups, secret key). Links to them are allowed while they are missing;
 * once a page exists it is checked like any other. Empty this list when they
 * have all landed.
 */
const PENDING_PAGES = new Set(['docs/install.md', 'docs/sharing.md', 'docs/backups.md', 'docs/secret-key.md']);

function markdownFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIP_DIRS.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...markdownFiles(path));
    else if (name.endsWith('.md')) out.push(path);
  }
  return out;
}

/** Markdown with fenced code blocks, inline code spans and HTML comments blanked out (links there are not links), lines kept. */
function prose(text: string): string {
  const keepLines = (block: string): string => block.replace(/[^\n]/g, '');
  return text
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, keepLines)
    .replace(/<!--[\s\S]*?-->/g, keepLines)
    .replace(/`[^`\n]*`/g, 'code');
}

/** The anchors GitHub gives a page's headings, with -1, -2 ... for repeats. */
function anchorsIn(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const text = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const m of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1]!.replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'));
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

const anchorsOf = (file: string): Set<string> => anchorsIn(readFileSync(file, 'utf8'));

function linksIn(markdown: string): { target: string; line: number }[] {
  const text = prose(markdown);
  const out: { target: string; line: number }[] = [];
  for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    out.push({ target: m[1]!, line: text.slice(0, m.index).split('\n').length });
  }
  return out;
}

const links = (file: string): { target: string; line: number }[] => linksIn(readFileSync(file, 'utf8'));

test('every relative link in the Markdown resolves to a file, and every #anchor to a heading', () => {
  const files = markdownFiles();
  expect(files.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/format-v1.md', 'docs/api/latchkey.md']));
  const broken: string[] = [];
  let checked = 0;
  for (const file of files) {
    for (const { target, line } of links(file)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: ...
      checked++;
      const [path, fragment] = target.split('#') as [string, string | undefined];
      const dest = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
      const where = `${relative(ROOT, file)}:${line} -> ${target}`;
      if (!dest.startsWith(ROOT)) broken.push(`${where} (outside the repository)`);
      else if (!existsSync(dest)) {
        if (!PENDING_PAGES.has(relative(ROOT, dest))) broken.push(`${where} (no such file)`);
      } else if (fragment !== undefined) {
        if (!dest.endsWith('.md')) broken.push(`${where} (an anchor into a file that is not Markdown)`);
        else if (!anchorsOf(dest).has(fragment)) broken.push(`${where} (no heading with that anchor)`);
      }
    }
  }
  expect(broken).toEqual([]);
  expect(checked).toBeGreaterThan(100);
});

test('the link checker refuses what it should', () => {
  const dir = join(ROOT, 'docs');
  const anchors = anchorsOf(join(dir, 'notebooks.md'));
  expect(anchors.has('trusting-v1clientjs')).toBe(true);
  expect(anchors.has('pinning-the-client')).toBe(true);
  expect(anchors.has('no-such-heading')).toBe(false);
  expect(links(join(ROOT, 'README.md')).map((l) => l.target)).toContain('docs/cli.md');
  // Code is not prose: a link inside a code span or fence is not checked; a link with a title is.
  expect(linksIn('see `[x](missing.md)` and [z](a.md#b "title")\n```md\n[y](gone.md)\n```\n')).toEqual([{ target: 'a.md#b', line: 1 }]);
  // Repeated headings get GitHub's -1, -2 suffixes; code and punctuation leave the anchor.
  expect([...anchorsIn('# Tests\n## Tests\n### Tests\n```\n# not a heading\n```\n## Trusting `/v1/client.js`\n')]).toEqual([
    'tests',
    'tests-1',
    'tests-2',
    'trusting-v1clientjs',
  ]);
});

test('docs/api/ is what `npm run docs` generates from the current TSDoc', () => {
  const pages = renderApiDocs();
  const dir = join(ROOT, API_DIR);
  expect(readdirSync(dir).sort(), `${API_DIR} has extra or missing pages: run npm run docs`).toEqual([...pages.keys()].sort());
  for (const [name, text] of pages) {
    expect(readFileSync(join(dir, name), 'utf8'), `${API_DIR}/${name} is stale: run npm run docs`).toBe(text);
  }
  // Each entry point documents its main exports.
  expect(pages.get('latchkey.md')).toMatch(/^### createClient$/m);
  expect(pages.get('crypto.md')).toMatch(/^### wrapDataKey$/m);
  expect(pages.get('protocol.md')).toMatch(/^### parseWire$/m);
  expect(pages.get('browser.md')).toContain('(latchkey.md#notebooklogin)');
}, 60_000);

test('the README stays a front page of at most 12 KB that indexes every page in docs/', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(12 * 1024);
  const linked = new Set(links(join(ROOT, 'README.md')).map((l) => l.target.split('#')[0]));
  const pages = readdirSync(join(ROOT, 'docs')).filter((n) => n.endsWith('.md'));
  expect(pages.filter((n) => !linked.has(`docs/${n}`))).toEqual([]);
});
