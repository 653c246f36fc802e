/**
 * The provider table committed in docs/providers.md matches the registry. Fix: `npm run docs`.
 */
import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { providerTable, replaceTable } from '../../src/client/providers/table.ts';
import { providers } from '../../src/client/providers/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

function committedDoc(): { file: string; text: string } {
  return { file: 'docs/providers.md', text: readFileSync(`${root}docs/providers.md`, 'utf8') };
}

test('the committed provider table is up to date', () => {
  const { file, text } = committedDoc();
  const fresh = replaceTable(text);
  expect(fresh, `${file} lacks the provider markers`).not.toBeNull();
  expect(text, `${file} is stale: run npm run docs`).toBe(fresh);
});

test('the table has one row per provider', () => {
  const rows = providerTable().split('\n').filter((l) => l.startsWith('| `'));
  expect(rows.map((r) => /^\| `([^`]+)`/.exec(r)![1])).toEqual(providers.map((p) => p.name));
});
