/**
 * The rule for new passphrases (signup, passphrase change): at least
 * {@link MIN_PASSPHRASE} characters, and a zxcvbn score of at least
 * {@link MIN_SCORE} (of 4: "safely unguessable", about 10^8 guesses or more)
 * with the handle counted as a known word. Passphrases typed to log in are
 * never judged, only chosen ones.
 * @module
 */
import { BadInputError } from './errors.ts';

/** Shortest accepted passphrase (a floor under the strength rule, not the rule). */
export const MIN_PASSPHRASE = 8;
/** Lowest accepted zxcvbn score. */
export const MIN_SCORE = 3;

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
  if (typeof passphrase !== 'string' || passphrase.normalize('NFKC').length < MIN_PASSPHRASE) {
    throw new BadInputError(`a passphrase must be at least ${MIN_PASSPHRASE} characters; four or more random words work well`);
  }
  const { loadZxcvbn } = await import('./zxcvbn-loader.ts');
  const estimate = await loadZxcvbn();
  if (!estimate) {
    notice?.('latchkey: this build has no passphrase strength estimator; only the length was checked. Choose a long random passphrase.');
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
