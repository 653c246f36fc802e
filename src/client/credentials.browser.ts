/**
 * `#credentials` in the browser build (the `latchkey-slim` condition; see
 * "imports" in package.json): changing, rotating or showing the passphrase
 * and Secret Key, and rotating the account keys, chooses and displays secrets, which the latchkey command or
 * the npm package does; here it says so.
 * @module
 */
import { BadInputError } from './errors.ts';
import type * as FullVariant from './credentials.ts';

async function notInThisBuild(): Promise<never> {
  throw new BadInputError(
    'changing the passphrase, Secret Key or keys is not in the browser build of latchkey; use the latchkey command or the npm package',
  );
}

export const changeCredentials: typeof FullVariant.changeCredentials = notInThisBuild;
export const revealSecretKey: typeof FullVariant.revealSecretKey = notInThisBuild;
export const rotateKeys: typeof FullVariant.rotateKeys = notInThisBuild;
export type { KeyRotationResult } from './key-rotation.ts';
