/**
 * Loads the Node file helpers on demand, with a clear error where there is no
 * Node (browsers, workers): values and env maps keep working there.
 */
import { ProviderUnsupportedError } from './errors.ts';

/** The Node-only file helpers. */
export type NodeFiles = typeof import('./node-files.ts');

let loaded: Promise<NodeFiles> | null = null;

/** The Node file helpers, or ProviderUnsupportedError outside Node (`scope` is for tests). */
export function nodeFiles(scope: object = globalThis): Promise<NodeFiles> {
  const proc = (scope as { process?: { versions?: { node?: string } } }).process;
  if (!proc?.versions?.node) return Promise.reject(new ProviderUnsupportedError());
  loaded ??= import('#node-files').catch(() => {
    loaded = null;
    throw new ProviderUnsupportedError();
  });
  return loaded;
}
