/**
 * `#node-scrypt` where the `node` condition is absent (see "imports" in
 * package.json): kdf.ts uses the portable @noble scrypt there and never calls
 * this; a call anyway fails loudly instead of deriving differently.
 * @module
 */
import { LatchkeyError } from './errors.ts';
import type * as NodeVariant from './kdf-node.ts';

export const nodeScrypt: typeof NodeVariant.nodeScrypt = async () => {
  throw new LatchkeyError('bad-input', "Node's scrypt is not in this build of latchkey; it derives keys with the portable scrypt instead");
};
