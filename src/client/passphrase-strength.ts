/**
 * The rule for new passphrases (signup, passphrase change): at least
 * MIN_PASSPHRASE characters (passphrase-rules.ts), and a zxcvbn score of at least
 * {@link MIN_SCORE} (of 4: "safely unguessable", about 10^8 guesses or more)
 * with the handle counted as a known word. Passphrases typed to log in are
 * never judged, only chosen ones.
 * @module
 */
import { BadInputError } from './errors.ts';
import { MIN_SCORE, NO_ESTIMATOR_NOTICE, assertLengthFloor } from './passphrase-rules.ts';

/** What an estimator reports (zxcvbn's shape). */
export interface PassphraseEstimate {
  score: number;
  feedback: { warning: string | null; suggestions: string[] };
}

/** Scores a passphrase; `userInputs` are words an attacker would try first (the handle). */
export type PassphraseEstimator = (passphrase: string, userInputs: string[]) => PassphraseEstimate;

/**
 * Throws BadInputError with the estimator's feedback when a new passphrase is
 * too short or too guessable. Where no estimator is bundled (the browser
 * build), only the length floor applies and `notice` is told so.
 */
export async function assertStrongPassphrase(passphrase: unknown, handle: string, notice?: (line: string) => void): Promise<string> {
  assertLengthFloor(passphrase);
  const { loadZxcvbn } = await import('./zxcvbn-loader.ts');
  const estimate = await loadZxcvbn();
  if (!estimate) {
    notice?.(NO_ESTIMATOR_NOTICE);
    return passphrase;
  }
  const { score, feedback } = estimate(passphrase, [handle, 'latchkey']);
  if (score < MIN_SCORE) {
    const advice = [feedback.warning, ...feedback.suggestions].filter((s): s is string => typeof s === 'string' && s !== '');
    throw new BadInputError(
      `that passphrase is too easy to guess (strength ${score} of 4; at least ${MIN_SCORE} is needed)` +
        (advice.length > 0 ? `: ${advice.join(' ')}` : '') +
        ' Four or more random words, or a password manager\'s suggestion, pass.',
    );
  }
  return passphrase;
}
