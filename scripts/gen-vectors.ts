/**
 * Writes test/vectors/latchkey-v1.json (frozen format vectors). Run once per
 * deliberate format change: `npx tsx scripts/gen-vectors.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildVectors } from '../test/crypto/format-vectors.ts';

const out = new URL('../test/vectors/latchkey-v1.json', import.meta.url);
mkdirSync(new URL('.', out), { recursive: true });
writeFileSync(out, JSON.stringify(await buildVectors(), null, 2) + '\n');
console.log(`wrote ${out.pathname}`);
