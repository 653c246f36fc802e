/**
 * The `toml` codec edits profile files line by line (so comments and layout
 * survive); a maintained TOML parser (smol-toml) checks that what it writes
 * is TOML that means what we wrote, and that it reads what TOML means.
 */
import fc from 'fast-check';
import { parse } from 'smol-toml';
import { expect, test } from 'vitest';
import { tomlCodec } from './ini.ts';

const bareKey = fc.stringMatching(/^[a-z_][a-z0-9_]{0,15}$/);
// Anything a value may hold except a line break (refused by the codec) and lone surrogates (not text),
// with the characters TOML strings treat specially drawn often.
const special = fc.constantFrom('"', '\\', "'", '\t', '\u0000', '\u001f', '\u007f', '\u0085', '\u2028', '#', '=', '[', ']', 'é', '😀', ' ');
const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
const value = fc
  .array(fc.oneof(special, anyChar), { maxLength: 30 })
  .map((chars) => chars.join(''))
  .filter((s) => !/[\r\n]/.test(s) && !/\p{Cs}/u.test(s));
const profile = fc.oneof(bareKey, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => !/[\r\n\]"\\]/.test(s) && s.trim() === s));

const EXISTING = '# Modal config\n[other]\ntoken_id = "keep-me"\nactive = true\n';

test('what the toml codec writes parses as TOML to exactly the values written, other profiles kept', async () => {
  await fc.assert(
    fc.asyncProperty(profile, fc.dictionary(bareKey, value, { minKeys: 1, maxKeys: 4 }), async (name, fields) => {
      fc.pre(name !== 'other');
      const out = await tomlCodec.write(EXISTING, name, fields, Object.keys(fields), 'f');
      const doc = parse(out) as Record<string, Record<string, unknown>>;
      expect(doc[name]).toEqual(fields);
      expect(doc.other).toEqual({ token_id: 'keep-me', active: true });
      expect(await tomlCodec.read(out, name, 'f')).toEqual(fields);
    }),
    { numRuns: 300 },
  );
});

test('the toml codec reads basic, literal and bare values as a TOML parser does', async () => {
  const text = '[p]\na = "x\\ty \\u00e9 \\"q\\""\nb = \'lit\\eral\'\nc = "\\\\server\\\\share"\n';
  const doc = parse(text) as { p: Record<string, string> };
  expect(await tomlCodec.read(text, 'p', 'f')).toEqual(doc.p);
});
