/**
 * Picks a store for the runtime: Node -> files under LATCHKEY_HOME, a browser
 * with working IndexedDB -> IndexedDB, anything else -> memory (with a
 * one-line notice). Runtime-specific modules are loaded dynamically so a
 * bundle for one runtime never evaluates another's code.
 * @module
 */
import { BadInputError } from '../errors.ts';
import { MemoryStore } from './memory.ts';
import type { KeyStore } from './types.ts';

/** What `createClient({ store })` accepts. */
export type StoreChoice = KeyStore | 'auto' | 'file' | 'indexeddb' | 'memory' | { home: string };

/** Which runtime family the SDK is running in. */
export type RuntimeKind = 'node' | 'deno' | 'workerd' | 'browser' | 'other';

/** Detects the runtime from globals only (no imports). */
export function detectRuntime(): RuntimeKind {
  const g = globalThis as {
    Deno?: unknown;
    process?: { versions?: { node?: string } };
    navigator?: { userAgent?: string };
    document?: unknown;
    WorkerGlobalScope?: unknown;
  };
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return 'workerd';
  if (typeof g.Deno !== 'undefined') return 'deno';
  if (typeof g.process?.versions?.node === 'string') return 'node';
  if (typeof g.document !== 'undefined' || typeof g.WorkerGlobalScope !== 'undefined') return 'browser';
  return 'other';
}

/** Resolves a {@link StoreChoice} to an open store. */
export async function openStore(choice: StoreChoice = 'auto', notice: (line: string) => void = defaultNotice): Promise<KeyStore> {
  if (typeof choice === 'object' && 'get' in choice) return choice;
  if (typeof choice === 'object') {
    const { openFileStore } = await import('#file-store');
    return openFileStore({ home: choice.home });
  }
  switch (choice) {
    case 'memory':
      return new MemoryStore();
    case 'file': {
      const { openFileStore } = await import('#file-store');
      return openFileStore();
    }
    case 'indexeddb': {
      const { indexedDbAvailable, openIndexedDbStore } = await import('./indexeddb.ts');
      if (!(await indexedDbAvailable())) {
        throw new BadInputError('IndexedDB is not usable here (absent, or blocked in a sandboxed iframe); use store: "memory"');
      }
      return openIndexedDbStore();
    }
    case 'auto':
      return openAutoStore(notice);
    default:
      throw new BadInputError(`unknown store "${String(choice)}"; use "auto", "file", "indexeddb", "memory" or { home }`);
  }
}

async function openAutoStore(notice: (line: string) => void): Promise<KeyStore> {
  const runtime = detectRuntime();
  if (runtime === 'node') {
    const { openFileStore } = await import('#file-store');
    return openFileStore();
  }
  if (runtime === 'browser') {
    const { indexedDbAvailable, openIndexedDbStore } = await import('./indexeddb.ts');
    if (await indexedDbAvailable()) return openIndexedDbStore();
    notice('latchkey: IndexedDB is unavailable here (e.g. a sandboxed iframe); the session is kept in memory only and ends with this page.');
    return new MemoryStore();
  }
  notice(`latchkey: no persistent store in this runtime (${runtime}); the session is kept in memory only.`);
  return new MemoryStore();
}

function defaultNotice(line: string): void {
  console.info(line);
}
