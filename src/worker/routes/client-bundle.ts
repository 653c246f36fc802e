/**
 * GET /v1/client.js: the browser build of the client SDK, so a notebook on
 * any origin can `await import('<server>/v1/client.js')`.
 *
 * The file is public code (no secrets, no per-user content), so it is served
 * to every origin (`Access-Control-Allow-Origin: *`, CORP cross-origin for
 * COEP pages such as JupyterLite), with a content-hash ETag and a long cache.
 * The build (scripts/build.mjs) writes the bundle text as a module beside the
 * worker and binds it to `__LATCHKEY_CLIENT_BUNDLE__` with an import line at
 * the top of dist/worker.js; a worker built or run without it (wrangler dev
 * from sources, the workers test pool) answers 503 with what to run.
 */
import { Hono } from 'hono';
import { fileIntegrity } from '../../crypto/index.ts';
import { errorResponse } from '../errors.ts';
import type { AppEnv } from '../types.ts';

declare const __LATCHKEY_CLIENT_BUNDLE__: string | undefined;

/** The embedded bundle text, or null when this worker was built without it. */
function embeddedBundle(): string | null {
  return typeof __LATCHKEY_CLIENT_BUNDLE__ === 'string' ? __LATCHKEY_CLIENT_BUNDLE__ : null;
}

interface ServedBundle {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
  sri: string;
}

let served: Promise<ServedBundle> | null = null;

/** Encodes and hashes the bundle once per isolate. */
function servedBundle(text: string): Promise<ServedBundle> {
  served ??= (async () => {
    const body = new TextEncoder().encode(text);
    const { sha256, sri } = await fileIntegrity(body);
    return { body, etag: `"${sha256}"`, sri };
  })();
  return served;
}

/** Headers every answer of this route carries (also 304s). */
function bundleHeaders(bundle: ServedBundle): Record<string, string> {
  return {
    'Content-Type': 'text/javascript; charset=utf-8',
    'Cache-Control': 'public, max-age=31536000, immutable',
    ETag: bundle.etag,
    'X-Latchkey-Client-Integrity': bundle.sri,
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': 'ETag, X-Latchkey-Client-Integrity',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'X-Content-Type-Options': 'nosniff',
  };
}

/** Routes serving the client bundle; mount with `app.route('/v1', clientBundleRoutes)`. */
export const clientBundleRoutes = new Hono<AppEnv>();

clientBundleRoutes.get('/client.js', async (c) => {
  const text = embeddedBundle();
  if (text === null) {
    return errorResponse(c, 503, 'internal', 'this server was built without the browser client; run `npm run build` (or `npm start`) and restart');
  }
  const bundle = await servedBundle(text);
  const headers = bundleHeaders(bundle);
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bundle.etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(c.req.method === 'HEAD' ? null : bundle.body, { status: 200, headers });
});
