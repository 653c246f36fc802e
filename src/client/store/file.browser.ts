/**
 * `#file-store` where the `node` condition is absent (browsers, workerd, the
 * browser build; see "imports" in package.json): there is no file system, so
 * opening the file store says which store to use instead.
 * @module
 */
import { BadInputError } from '../errors.ts';
import type * as NodeVariant from './file.ts';

async function needsNode(): Promise<never> {
  throw new BadInputError('the file store needs Node; use store: "indexeddb" or "memory" here');
}

export const resolveHome: typeof NodeVariant.resolveHome = needsNode;
export const openFileStore: typeof NodeVariant.openFileStore = needsNode;
