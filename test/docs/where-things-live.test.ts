/**
 * CONTRIBUTING.md and docs/http-api.md name where every route, command and
 * provider lives and what every test suite covers; these tests read the code
 * (the worker's route tables, the CLI's command table, the provider registry,
 * the test files) and fail when a table misses one or points at the wrong file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { createApp } from '../../src/worker/app.ts';
import { COMMANDS } from '../../src/cli/specs.ts';
import { providers } from '../../src/client/providers/registry.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
const contributing = read('CONTRIBUTING.md');

/** The table row (one line) of `doc` whose first cell starts with `first`. */
function rowStartingWith(doc: string, first: string): string | undefined {
  return doc.split('\n').find((line) => line.startsWith(`| ${first}`));
}

function routesOf(app: { routes: { method: string; path: string }[] }): string[] {
  return [...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))].sort();
}

test('docs/http-api.md has one row for every route the worker serves, and no other', () => {
  const served = routesOf(createApp());
  expect(served.length).toBeGreaterThan(20);
  const documented = [...read('docs/http-api.md').matchAll(/^\| (GET|POST|PUT|DELETE) \| (\/\S*) \|/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
  expect(documented).toEqual(served);
});

test('CONTRIBUTING.md names the file of every route', async () => {
  const dir = join(ROOT, 'src/worker/routes');
  const served = routesOf(createApp());
  const placed = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    const mod = (await import(join(dir, file))) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      const routes = (value as { routes?: { method: string; path: string }[] }).routes;
      if (!Array.isArray(routes)) continue;
      const row = rowStartingWith(contributing, `\`routes/${file}\``);
      expect(row, `CONTRIBUTING.md has no row for routes/${file}`).toBeDefined();
      for (const path of routesOf({ routes })) {
        // Route files hold paths relative to their mount point: find the served path ending in it.
        const [method, rel] = path.split(' ') as [string, string];
        const suffix = rel === '/' ? '' : rel;
        const full = served.find((s) => s.startsWith(`${method} /`) && s.endsWith(suffix) && row!.includes(`\`${s}\``));
        expect(full, `CONTRIBUTING.md's row for routes/${file} lacks ${method} ...${rel}`).toBeDefined();
        placed.add(full!);
      }
    }
  }
  expect(served.filter((s) => !placed.has(s))).toEqual([]);
});

test('CONTRIBUTING.md names the handler file of every CLI command, and docs/cli.md documents it', () => {
  const specs = read('src/cli/specs.ts');
  const handlers = [...specs.matchAll(/name: '([^']+)',\s*run: \(\) => import\('\.\/commands\/([^']+)'\)/g)].map((m) => ({ name: m[1]!, file: m[2]! }));
  expect(handlers.map((h) => h.name), 'src/cli/specs.ts changed shape: update this test').toEqual(COMMANDS.map((c) => c.name));
  const cli = read('docs/cli.md');
  for (const { name, file } of handlers) {
    const row = contributing.split('\n').find((line) => line.startsWith('| ') && line.includes(`\`src/cli/commands/${file}\``) && line.split('|')[1]!.includes(`\`${name}\``));
    expect(row, `CONTRIBUTING.md does not say that \`${name}\` lives in src/cli/commands/${file}`).toBeDefined();
    expect(cli, `docs/cli.md does not document latchkey ${name}`).toContain(`latchkey ${name}`);
  }
  for (const file of readdirSync(join(ROOT, 'src/cli/commands')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
    expect(contributing, `CONTRIBUTING.md never mentions src/cli/commands/${file}`).toContain(`src/cli/commands/${file}`);
  }
});

test('CONTRIBUTING.md names the registry file of every provider', () => {
  const dir = join(ROOT, 'src/client/providers');
  const registries = readdirSync(dir).filter((f) => /^registry-.+\.ts$/.test(f));
  expect(registries.length).toBeGreaterThan(1);
  for (const p of providers) {
    const homes = registries.filter((f) => new RegExp(`['"]${p.name}['"]`).test(read(`src/client/providers/${f}`)));
    expect(homes, `provider ${p.name} is defined in exactly one registry file`).toHaveLength(1);
    const row = contributing.split('\n').find((line) => line.startsWith('| ') && line.endsWith(`\`src/client/providers/${basename(homes[0]!)}\` |`));
    expect(row, `CONTRIBUTING.md has no provider row for ${homes[0]}`).toBeDefined();
    expect(row!.split('|')[1], `CONTRIBUTING.md does not list ${p.name} under ${homes[0]}`).toContain(`\`${p.name}\``);
  }
});

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...testFiles(path));
    else if (entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

test('the test map of CONTRIBUTING.md covers every test file (by its folder, an enclosing folder, or by name)', () => {
  const files = [...testFiles('src'), ...testFiles('test')];
  expect(files.length).toBeGreaterThan(50);
  const rows = contributing.split('\n').filter((line) => line.startsWith('| '));
  const unmapped = files.filter((file) => {
    const parts = file.split('/');
    const dir = `${parts.slice(0, -1).join('/')}/`;
    const name = parts.at(-1)!;
    // A row for the file's folder or any enclosing folder below the top level (`src/client/` covers src/client/store/).
    const folders = parts.slice(2, -1).map((_, i) => `${parts.slice(0, i + 2).join('/')}/`);
    return !rows.some((row) => [...folders, dir].some((f) => row.includes(`\`${f}\``)) || (row.includes(dir) && row.includes(`${name}\``)));
  });
  expect(unmapped).toEqual([]);
});
