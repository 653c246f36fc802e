/**
 * The Node-vs-browser variants of package.json "imports" (scripts/conditions.mjs):
 * no Node built-in and no Node variant is reachable from the browser bundle's
 * input graph (where it reaches a module with variants it takes the
 * stand-in); every `#name` has the same shape (source and published branches),
 * its targets exist and ship in the package, and both variants export the
 * same names; tsconfig.json and .npmrc pass the source condition.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { buildBrowserBundle } from '../../scripts/browser-bundle.mjs';
import { SLIM_CONDITION, SOURCE_CONDITION } from '../../scripts/conditions.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { imports: Record<string, Record<string, unknown>>; files: string[] };
const entries = Object.entries(pkg.imports);

/** `{ <variant condition>: './src/....ts', default: './src/....ts' }` of one entry, checked for shape. */
function sourceBranch(name: string, entry: Record<string, unknown>): { chosenBy: string; variant: string; fallback: string } {
  const keys = Object.keys(entry);
  expect(keys, `${name}: the source branch first, then the published one`).toEqual([SOURCE_CONDITION, keys[1], 'default']);
  const chosenBy = keys[1]!;
  expect(['node', SLIM_CONDITION], `${name} is chosen by node or ${SLIM_CONDITION}`).toContain(chosenBy);
  const source = entry[SOURCE_CONDITION] as Record<string, string>;
  expect(Object.keys(source)).toEqual([chosenBy, 'default']);
  // The published branch is the source branch compiled by tsc (src/x.ts -> dist/lib/x.js).
  const published = (path: string) => path.replace(/^\.\/src\//, './dist/lib/').replace(/\.ts$/, '.js');
  expect(entry[chosenBy]).toBe(published(source[chosenBy]!));
  expect(entry.default).toBe(published(source.default!));
  return { chosenBy, variant: source[chosenBy]!, fallback: source.default! };
}

/** The Node module and its browser stand-in of an entry. */
function pair(name: string, entry: Record<string, unknown>): { full: string; browser: string } {
  const { chosenBy, variant, fallback } = sourceBranch(name, entry);
  const [full, browser] = chosenBy === 'node' ? [variant, fallback] : [fallback, variant];
  expect(browser, `${name}: the stand-in sits beside its module as *.browser.ts`).toBe(full.replace(/\.ts$/, '.browser.ts'));
  return { full, browser };
}

test('no Node built-in and no Node-only variant is reachable from the browser bundle', async () => {
  const { metafile } = await buildBrowserBundle({ write: false, metafile: true });
  const inputs = metafile!.inputs;
  const reached = Object.keys(inputs);
  expect(reached).toContain('src/client/browser.ts');
  const builtins = Object.entries(inputs).flatMap(([file, input]) => input.imports.filter((i) => i.path.startsWith('node:')).map((i) => `${file} -> ${i.path}`));
  expect(builtins).toEqual([]);
  expect(reached.filter((f) => f.startsWith('node:'))).toEqual([]);
  // Where the bundle reaches a module with variants, it took the stand-in (a relative import would bypass it).
  for (const [name, entry] of entries) {
    const { full } = pair(name, entry);
    expect(reached, `${name}: the browser bundle took ${full}`).not.toContain(full.slice(2));
  }
  // And every stand-in it took is one of those variants (none imported by path).
  const standIns = new Set(entries.map(([name, entry]) => pair(name, entry).browser.slice(2)));
  const taken = reached.filter((f) => f.endsWith('.browser.ts'));
  expect(taken.length).toBeGreaterThan(0);
  expect(taken.filter((f) => !standIns.has(f))).toEqual([]);
});

test('every "imports" entry: targets exist, ship in the package, and both variants export the same names', async () => {
  expect(entries.length).toBeGreaterThan(0);
  for (const [name, entry] of entries) {
    const { full, browser } = pair(name, entry);
    for (const target of [full, browser]) {
      expect(existsSync(join(ROOT, target)), `${name}: ${target} exists`).toBe(true);
      const shipped = target.replace(/^\.\/src\//, 'dist/lib/');
      expect(pkg.files.some((f) => shipped.startsWith(`${f}/`)), `${name}: package.json "files" ships ${shipped}`).toBe(true);
    }
    const [fullExports, browserExports] = await Promise.all([full, browser].map(async (t) => Object.keys(await import(pathToFileURL(join(ROOT, t)).href)).sort()));
    expect(browserExports, `${name}: ${browser} exports what ${full} does`).toEqual(fullExports);
  }
});

test('tsc and npm (tsx, benches) pass the source condition', () => {
  const tsconfig = readFileSync(join(ROOT, 'tsconfig.json'), 'utf8');
  expect(tsconfig).toMatch(new RegExp(`"customConditions":\\s*\\["${SOURCE_CONDITION}"\\]`));
  expect(readFileSync(join(ROOT, '.npmrc'), 'utf8')).toMatch(new RegExp(`^node-options=--conditions=${SOURCE_CONDITION}$`, 'm'));
});
