/** Loads the Wycheproof vector files vendored in test/vectors/wycheproof (see its README for source and licence). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The vendored Wycheproof folder. */
export const wycheproofDir: string = fileURLToPath(new URL('../vectors/wycheproof/', import.meta.url));

/** One Wycheproof test case (fields vary by schema). */
export type WycheTest = Record<string, unknown> & { tcId: number; result: 'valid' | 'invalid' | 'acceptable'; flags: string[] };
/** One group of cases with its shared parameters. */
export type WycheGroup = Record<string, unknown> & { tests: WycheTest[] };

/** Loads `<name>_test.json` and returns its groups. */
export function loadGroups(name: string): WycheGroup[] {
  const file = join(wycheproofDir, `${name}_test.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { testGroups: WycheGroup[] }).testGroups;
}

/** Hex to bytes. */
export function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'hex'));
}
