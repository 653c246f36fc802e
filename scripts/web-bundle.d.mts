/** Types of scripts/web-bundle.mjs (the `web` build target: the dashboard). */
import type { BuiltBundle } from './browser-bundle.mjs';

/** The built dashboard: its script and page. */
export interface BuiltDashboard {
  outfile: string;
  /** The script (dashboard + browser client). */
  js: Uint8Array;
  html: string;
  css: string;
  /** Minified size of the script. */
  bytes: number;
  /** Size of the script after gzip -9. */
  gzipBytes: number;
  metafile?: BuiltBundle['metafile'];
}

/** src/web/main.ts */
export const WEB_ENTRY: string;
/** dist/web/app.js */
export const WEB_OUTFILE: string;
/** 80 KB: budget for the script's gzip -9 size. */
export const WEB_BUDGET_GZIP_BYTES: number;
/** `__LATCHKEY_WEB_ASSETS__` */
export const WEB_ASSETS_DEFINE: string;
/** Builds the dashboard (and writes dist/web unless `write: false`). */
export function buildWebBundle(opts?: { write?: boolean; metafile?: boolean }): Promise<BuiltDashboard>;
/** Writes `<worker>.web.mjs` and returns the worker banner line importing it ('' when the build failed). */
export function webAssetsBanner(workerOutfile: string): Promise<string>;
