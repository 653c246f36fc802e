/**
 * Regenerates the provider table between `<!-- providers:start -->` and
 * `<!-- providers:end -->` in docs/providers.md. Run: `npm run docs` (or `npx tsx scripts/gen-provider-table.ts`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { TABLE_END, TABLE_START, replaceTable } from '../src/client/providers/table.ts';

const file = 'docs/providers.md';
const before = readFileSync(file, 'utf8');
const after = replaceTable(before);
if (after === null) throw new Error(`${file} lacks the ${TABLE_START} / ${TABLE_END} markers`);
if (after !== before) writeFileSync(file, after);
console.log(`${file}: ${after === before ? 'up to date' : 'updated'}`);
