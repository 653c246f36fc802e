/**
 * Writes test/vectors/latchkey-v1.json and latchkey-v2.json (frozen format
 * vectors). Run once per deliberate format change: `npx tsx scripts/gen-vectors.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildVectors } from '../test/crypto/format-vectors.ts';
import { buildVectorsV2 } from '../test/crypto/format-vectors-v2.ts';

for (const [name, build] of [['latchkey-v1.json', buildVectors], ['latchkey-v2.json', buildVectorsV2]] as const) {
  const out = new URL(`../test/vectors/${name}`, import.meta.url);
  mkdirSync(new URL('.', out), { recursive: true });
  writeFileSync(out, JSON.stringify(await build(), null, 2) + '\n');
  console.log(`wrote ${out.pathname}`);
}
