/**
 * Writes the API reference (docs/api/*.md) from the TSDoc of the public entry
 * points. Run: `npm run docs`.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_DIR, renderApiDocs } from './api-docs.ts';

const pages = renderApiDocs();
mkdirSync(API_DIR, { recursive: true });
for (const stale of readdirSync(API_DIR)) {
  if (!pages.has(stale)) rmSync(join(API_DIR, stale));
}
for (const [name, text] of pages) {
  const file = join(API_DIR, name);
  let before = '';
  try {
    before = readFileSync(file, 'utf8');
  } catch {
    // a new page
  }
  if (before !== text) writeFileSync(file, text);
  console.log(`${file}: ${before === text ? 'up to date' : 'updated'}`);
}
