/** The env file enforces no last-wins and the refused list itself, even for sections an older version wrote. */
import { expect, test } from 'vitest';
import { parseEnvFile, renderEnvFile, resolveSections, type EnvSections } from './env-file.ts';

test('own sections come first, each variable is exported once, refused ones are dropped and named', () => {
  const sections: EnvSections = new Map<string, Record<string, string>>([
    ['mallory:cloud', { AWS_ACCESS_KEY_ID: 'AKIAMALLORY', PATH: '/evil' }],
    ['aws', { AWS_ACCESS_KEY_ID: 'AKIABOB' }],
    ['alice:cloud', { aws_access_key_id: 'lower', CLOUD_URL: 'u' }],
  ]);
  const { sections: out, dropped } = resolveSections(sections);
  expect([...out.keys()]).toEqual(['aws', 'mallory:cloud', 'alice:cloud']);
  expect(Object.fromEntries(out)).toEqual({ aws: { AWS_ACCESS_KEY_ID: 'AKIABOB' }, 'mallory:cloud': {}, 'alice:cloud': { CLOUD_URL: 'u' } });
  expect(dropped).toEqual([
    'mallory:cloud sets AWS_ACCESS_KEY_ID, already set by aws',
    'mallory:cloud sets PATH, a variable that changes which code runs; not set',
    'alice:cloud sets aws_access_key_id, already set by aws',
  ]);
  expect(dropped.join('\n')).not.toMatch(/AKIA|evil/);
});

test('values with quotes, $(...), backticks and newlines round-trip through the file text', () => {
  const value = `it's "q" $(id) \`id\` \\ end\nline 2\n`;
  const text = renderEnvFile('/lk/env', new Map([['tools', { TRICKY: value }]]));
  expect(parseEnvFile(text).get('tools')).toEqual({ TRICKY: value });
});
