/** The rule for chosen passphrases: a length floor, then zxcvbn score 3 of 4 with the handle as a known word. */
import { expect, test } from 'vitest';
import { BadInputError } from './errors.ts';
import { MIN_SCORE } from './passphrase-rules.ts';
import { assertStrongPassphrase } from './passphrase-strength.ts';
import { loadZxcvbn } from './zxcvbn-loader.ts';

test('weak passphrases are refused with the estimator\'s feedback', async () => {
  const weak: Array<[string, RegExp]> = [
    ['sunflower', /strength [0-2] of 4/], // one dictionary word
    ['password123', /commonly used password/],
    ['qwertyuiop', /frequently used password|keyboard/],
    ['1qaz2wsx3edc', /keyboard|too easy/], // a keyboard walk down the columns
    ['zorblatt-quix', /too easy to guess/], // the handle itself, decorated
  ];
  for (const [passphrase, feedback] of weak) {
    const error = await assertStrongPassphrase(passphrase, 'zorblatt-quix').catch((e: unknown) => e);
    expect(error, passphrase).toBeInstanceOf(BadInputError);
    expect((error as Error).message, passphrase).toMatch(/too easy to guess/);
    expect((error as Error).message, passphrase).toMatch(feedback);
    expect((error as Error).message, passphrase).not.toContain(passphrase);
  }
  await expect(assertStrongPassphrase('Tr0ub4', 'alice')).rejects.toThrow(/at least 8 characters/);
  await expect(assertStrongPassphrase(undefined, 'alice')).rejects.toBeInstanceOf(BadInputError);
});

test('long random passphrases pass; the same word list judged without the handle scores it high', async () => {
  for (const passphrase of ['Tq7!vR2#pLm9xZ4w-kite', 'lantern orbit velvet quarry mosaic', crypto.randomUUID()]) {
    expect(await assertStrongPassphrase(passphrase, 'alice')).toBe(passphrase);
  }
  const estimate = (await loadZxcvbn())!;
  // The handle is what makes "zorblatt-quix" weak: without it as a known word it would pass.
  expect(estimate('zorblatt-quix', []).score).toBeGreaterThanOrEqual(MIN_SCORE);
  expect(estimate('zorblatt-quix', ['zorblatt-quix']).score).toBeLessThan(MIN_SCORE);
});
