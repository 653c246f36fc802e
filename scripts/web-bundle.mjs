// The `web` build target: the dashboard (src/web) as one minified ESM file
// that includes the browser client (built exactly as the `browser` target,
// same import conditions), plus its page and stylesheet, and the module
// the worker build embeds so the worker serves them at /, /app.js, /app.css.
// Plain .mjs so `node scripts/build.mjs` (npm start) needs no TypeScript loader.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildBrowserBundle, writeAtomic } from './browser-bundle.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Entry of the dashboard script. */
export const WEB_ENTRY = join(root, 'src/web/main.ts');
/** Where the dashboard script is written (the page and stylesheet are copied beside it). */
export const WEB_OUTFILE = join(root, 'dist/web/app.js');
/** Budget from issue 16: the dashboard's JS including the client, minified + gzip -9. */
export const WEB_BUDGET_GZIP_BYTES = 80 * 1024;
/** Name of the module-level binding the worker reads the dashboard files from (see scripts/build.mjs). */
export const WEB_ASSETS_DEFINE = '__LATCHKEY_WEB_ASSETS__';

/**
 * Builds the dashboard: `js` (bytes), `html`, `css` (text), and the sizes of
 * the script. Writes dist/web/{app.js,index.html,app.css} unless `write: false`.
 * @param {{ write?: boolean, metafile?: boolean }} [opts]
 */
export async function buildWebBundle(opts = {}) {
  const script = await buildBrowserBundle({ entry: WEB_ENTRY, outfile: WEB_OUTFILE, write: opts.write, metafile: opts.metafile });
  const [html, css] = await Promise.all([readFile(join(root, 'src/web/index.html'), 'utf8'), readFile(join(root, 'src/web/style.css'), 'utf8')]);
  if (opts.write !== false) {
    await writeAtomic(join(dirname(WEB_OUTFILE), 'index.html'), html);
    await writeAtomic(join(dirname(WEB_OUTFILE), 'app.css'), css);
  }
  return {
    outfile: WEB_OUTFILE,
    js: script.code,
    html,
    css,
    bytes: script.code.length,
    gzipBytes: gzipSync(script.code, { level: 9 }).length,
    ...(script.metafile ? { metafile: script.metafile } : {}),
  };
}

/**
 * Builds the dashboard and writes it as a module beside the worker
 * (`<worker>.web.mjs`, `export default { html, css, js }`), returning the
 * import line for the worker's banner (as the client bundle is embedded).
 * A dashboard that does not build leaves `/` answering 503, not a broken worker.
 * @param {string} workerOutfile
 * @returns {Promise<string>} the banner line, or '' without a dashboard
 */
export async function webAssetsBanner(workerOutfile) {
  try {
    const { js, html, css } = await buildWebBundle();
    const file = workerOutfile.replace(/\.js$/, '') + '.web.mjs';
    await writeAtomic(file, `export default ${JSON.stringify({ html, css, js: new TextDecoder().decode(js) })};\n`);
    return `import ${WEB_ASSETS_DEFINE} from ${JSON.stringify(`./${basename(file)}`)};`;
  } catch (err) {
    const errors = err && Array.isArray(err.errors) ? err.errors.map((e) => e.text).join('; ') : String(err);
    console.warn(`latchkey build: dashboard not embedded in the worker (/ will answer 503): ${errors}`);
    return '';
  }
}
