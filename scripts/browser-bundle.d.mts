/** Types of scripts/browser-bundle.mjs (the `browser` build target). */

/** Integrity and size of a built bundle. */
export interface BundleIntegrity {
  /** SHA-256, lowercase hex (the ETag of /v1/client.js). */
  sha256: string;
  /** Subresource Integrity string, `sha384-<base64>`. */
  sri: string;
  /** Minified size in bytes. */
  bytes: number;
  /** Size after gzip -9. */
  gzipBytes: number;
}

/** A built browser bundle. */
export interface BuiltBundle extends BundleIntegrity {
  outfile: string;
  code: Uint8Array;
  /** esbuild metafile, when asked for (bench/bundle.ts, test/browser/variants.test.ts). */
  metafile?: {
    inputs: Record<string, { imports: { path: string; external?: boolean }[] }>;
    outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
  };
}

/** Default entry: the client SDK minus credential-file I/O (src/client/browser.ts). */
export const BROWSER_ENTRY: string;
/** esbuild plugin: the wire schemas get zod itself instead of the subset (src/protocol/wire-zod.ts). */
export const realZod: import('esbuild').Plugin;
/** dist/browser/latchkey.min.js */
export const BROWSER_OUTFILE: string;
/** 40 KB: budget for the gzip -9 size. */
export const BROWSER_BUDGET_GZIP_BYTES: number;
/** esbuild `conditions` of a single-file browser bundle of the sources (package.json "imports" variants). */
export const BROWSER_CONDITIONS: readonly string[];
/** esbuild plugin of a single-file browser bundle: dynamic imports of our modules made static, any `node:` import a build error. */
export function browserSingleFile(): import('esbuild').Plugin;
/** Name of the module-level binding the worker reads the bundle text from. */
export const CLIENT_BUNDLE_DEFINE: string;
/** Builds the bundle (writes it unless `write: false`); `zodMini: 'npm'` bundles zod itself instead of the subset. */
export function buildBrowserBundle(opts?: {
  entry?: string;
  outfile?: string;
  write?: boolean;
  metafile?: boolean;
  zodMini?: 'subset' | 'npm';
}): Promise<BuiltBundle>;
/** Hashes and sizes of bundle bytes. */
export function bundleIntegrity(code: Uint8Array): BundleIntegrity;
/** Integrity of the built file on disk. */
export function clientBundleIntegrity(file?: string): Promise<BundleIntegrity>;
/** Writes a build output atomically (temporary file + rename). */
export function writeAtomic(file: string, data: string | Uint8Array): Promise<void>;
