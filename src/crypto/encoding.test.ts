import { expect, test } from 'vitest';
import { toBase64, toHex, utf8Encode } from './encoding.ts';

test('toBase64 gives the RFC 4648 §10 test vectors (padded, standard alphabet)', () => {
  const vectors: Array<[string, string]> = [['', ''], ['f', 'Zg=='], ['fo', 'Zm8='], ['foo', 'Zm9v'], ['foob', 'Zm9vYg=='], ['fooba', 'Zm9vYmE='], ['foobar', 'Zm9vYmFy']];
  for (const [plain, encoded] of vectors) expect(toBase64(utf8Encode(plain))).toBe(encoded);
  expect(toBase64(new Uint8Array([0xfb, 0xff]))).toBe('+/8=');
});

test('toHex is lower-case, two digits a byte', () => {
  expect(toHex(new Uint8Array([0, 1, 15, 16, 171, 255]))).toBe('00010f10abff');
  expect(toHex(new Uint8Array(0))).toBe('');
});
