import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { FINGERPRINT_WORDS } from './wordlist.ts';

test('the front-coded word list decodes to the frozen latchkey/v1 words', () => {
  expect(FINGERPRINT_WORDS).toHaveLength(256);
  expect(FINGERPRINT_WORDS.slice(0, 4)).toEqual(['able', 'acid', 'aged', 'also']);
  expect(FINGERPRINT_WORDS[128]).toBe('gray');
  expect(FINGERPRINT_WORDS.slice(-3)).toEqual(['rain', 'ramp', 'rice']);
  expect([...FINGERPRINT_WORDS].sort()).toEqual(FINGERPRINT_WORDS);
  // SHA-256 of the 256 words joined by single spaces: any changed, dropped or reordered word fails here.
  expect(createHash('sha256').update(FINGERPRINT_WORDS.join(' ')).digest('hex')).toBe(
    '8681962eeb8a64d65fc9d7d8d6b70df51e4e4ae15305aabb597920092a997b13',
  );
});
