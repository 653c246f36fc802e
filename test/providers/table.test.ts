/**
 * The committed provider table matches the registry (README.md when it has
 * the markers, else docs/readme/providers.md). Fix: `npx tsx scripts/gen-provider-table.ts`.
 */
import { expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { providerTable, replaceTable, TABLE_END, TABLE_START } from '../../src/client/providers/table.ts';
import { providers } from '../../src/client/providers/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function committedDoc(): { file: string; text: string } {
  const readme = `${root}README.md`;
  if (existsSync(readme)) {
    const text = readFileSync(readme, 'utf8');
    if (text.includes(TABLE_START) && text.includes(TABLE_END)) return { file: 'README.md', text };
  }
  return { file: 'docs/readme/providers.md', text: readFileSync(`${root}docs/readme/providers.md`, 'utf8') };
}

test('the committed provider table is up to date', () => {
  const { file, text } = committedDoc();
  const fresh = replaceTable(text);
  expect(fresh, `${file} lacks the provider markers`).not.toBeNull();
  expect(text, `${file} is stale: run npx tsx scripts/gen-provider-table.ts`).toBe(fresh);
});

test('the table has one row per provider', () => {
  const rows = providerTable().split('\n').filter((l) => l.startsWith('| `'));
  expect(rows.map((r) => /^\| `([^`]+)`/.exec(r)![1])).toEqual(providers.map((p) => p.name));
});
