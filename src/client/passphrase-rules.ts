/**
 * The bounds of the passphrase rule (length floor, strength score) and the
 * notice where no strength estimator is bundled. The browser build's
 * passphrase-strength.browser.ts keeps only the length floor.
 * @module
 */
import { BadInputError } from './errors.ts';

/** Shortest accepted passphrase (a floor under the strength rule, not the rule). */
export const MIN_PASSPHRASE = 8;

/** Lowest accepted zxcvbn score of a new passphrase (of 4; see passphrase-strength.ts). */
export const MIN_SCORE = 3;

/** Told through the client's notice where only the length could be checked. */
export const NO_ESTIMATOR_NOTICE =
  'latchkey: this build has no passphrase strength estimator; only the length was checked. Choose a long random passphrase.';

/** Throws BadInputError unless the passphrase is a string of at least {@link MIN_PASSPHRASE} characters (NFKC). */
export function assertLengthFloor(passphrase: unknown): asserts passphrase is string {
  if (typeof passphrase !== 'string' || passphrase.normalize('NFKC').length < MIN_PASSPHRASE) {
    throw new BadInputError(`a passphrase must be at least ${MIN_PASSPHRASE} characters; four or more random words work well`);
  }
}
