/** Types for scripts/build.mjs (imported by tests, benchmarks and test helpers). */
export declare const WORKER_ENTRY: string;
export declare const WORKER_OUTFILE: string;
export declare const WORKER_BUDGET_GZIP_BYTES: number;
export declare function buildWorker(opts?: {
  outfile?: string;
  define?: Record<string, string>;
  minify?: boolean;
}): Promise<{ outfile: string; bytes: number; gzipBytes: number }>;
/** Builds dist/worker.js unless it is newer than its sources; returns its path. */
export declare function ensureWorker(): Promise<string>;
export declare const TARGETS: Array<{
  name: string;
  build: () => Promise<{ outfile: string; bytes: number; gzipBytes: number; budget?: number; note?: string }>;
}>;
export declare const CLI_ENTRY: string;
export declare const CLI_OUTDIR: string;
/** Bundles the CLI into `outdir` (default dist/cli); `outfile` is the entry, gzipBytes its size. */
/** `packages`: the packages the bundle loads from node_modules at run time. */
export declare function buildCli(opts?: { outdir?: string; minify?: boolean }): Promise<{ outfile: string; bytes: number; gzipBytes: number; packages: string[] }>;
