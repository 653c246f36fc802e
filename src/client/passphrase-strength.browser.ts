/**
 * `#passphrase-strength` in the browser build (the `latchkey-slim` condition;
 * see "imports" in package.json): the estimator's dictionaries (~1.5 MB) are
 * far over the bundle's budget, so only the shared length floor is checked and
 * `notice` says that is all that was.
 * @module
 */
import { NO_ESTIMATOR_NOTICE, assertLengthFloor } from './passphrase-rules.ts';
import type * as FullVariant from './passphrase-strength.ts';

export const assertStrongPassphrase: typeof FullVariant.assertStrongPassphrase = async (passphrase, _handle, notice) => {
  assertLengthFloor(passphrase);
  notice?.(NO_ESTIMATOR_NOTICE);
  return passphrase;
};
