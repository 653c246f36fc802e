/** Locates and loads Wycheproof vector files (shared checkout beside the repo). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const candidates = [
  join(process.cwd(), '..', 'shared', 'vectors', 'wycheproof'),
  fileURLToPath(new URL('../../../shared/vectors/wycheproof', import.meta.url)),
];

/** The Wycheproof folder, or null when it is not present on this machine. */
export const wycheproofDir: string | null = candidates.find((d) => existsSync(join(d, 'x25519_test.json'))) ?? null;

/** One Wycheproof test case (fields vary by schema). */
export type WycheTest = Record<string, unknown> & { tcId: number; result: 'valid' | 'invalid' | 'acceptable'; flags: string[] };
/** One group of cases with its shared parameters. */
export type WycheGroup = Record<string, unknown> & { tests: WycheTest[] };

/** Loads `<name>_test.json` and returns its groups. */
export function loadGroups(name: string): WycheGroup[] {
  const file = join(wycheproofDir!, `${name}_test.json`);
  return (JSON.parse(readFileSync(file, 'utf8')) as { testGroups: WycheGroup[] }).testGroups;
}

/** Hex to bytes. */
export function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'hex'));
}
