/**
 * Regenerates the provider table between `<!-- providers:start -->` and
 * `<!-- providers:end -->` in README.md. Run: `npx tsx scripts/gen-provider-table.ts`.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { replaceTable } from '../src/client/providers/table.ts';

for (const file of ['README.md']) {
  if (!existsSync(file)) continue;
  const before = readFileSync(file, 'utf8');
  const after = replaceTable(before);
  if (after === null) continue;
  if (after !== before) writeFileSync(file, after);
  console.log(`${file}: ${after === before ? 'up to date' : 'updated'}`);
}
