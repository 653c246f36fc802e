/**
 * The dashboard: GET / (the page), /app.js (dashboard + browser client) and
 * /app.css, same origin as the API so the page needs no CORS. Everything is
 * decrypted in the page; these are public files with no per-user content.
 *
 * Served from the worker's own modules, like /v1/client.js: the build writes
 * the three files as a module beside the worker (scripts/web-bundle.mjs)
 * and binds it to `__LATCHKEY_WEB_ASSETS__`, so Miniflare (`latchkey serve`)
 * and `wrangler deploy dist/worker.js` serve the same bytes with no assets
 * binding, and the worker alone sets the security headers below. A worker
 * built without them answers 503 with what to run.
 *
 * Headers on these answers only (the API's CORS is untouched): a strict CSP
 * (own origin only, no inline script or style, no framing, no base or form
 * redirection), no Referer, nosniff, no caching of the page.
 */
import { Hono } from 'hono';
import { errorResponse } from '../errors.ts';
import type { AppEnv } from '../types.ts';

declare const __LATCHKEY_WEB_ASSETS__: { html: string; css: string; js: string } | undefined;

/** The Content-Security-Policy of the dashboard. */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Security headers of every dashboard answer. */
export const DASHBOARD_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': DASHBOARD_CSP,
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** Routes serving the dashboard; mount with `app.route('/', dashboardRoutes)`. */
export const dashboardRoutes = new Hono<AppEnv>();

const FILES = [
  ['/', 'html', 'text/html; charset=utf-8'],
  ['/app.js', 'js', 'text/javascript; charset=utf-8'],
  ['/app.css', 'css', 'text/css; charset=utf-8'],
] as const;

for (const [path, key, type] of FILES) {
  dashboardRoutes.get(path, (c) => {
    if (typeof __LATCHKEY_WEB_ASSETS__ !== 'object') {
      return errorResponse(c, 503, 'internal', 'this server was built without the dashboard; run `npm run build` (or `npm start`) and restart', { ...DASHBOARD_HEADERS });
    }
    const body = c.req.method === 'HEAD' ? null : __LATCHKEY_WEB_ASSETS__[key];
    return new Response(body, { status: 200, headers: { ...DASHBOARD_HEADERS, 'Content-Type': type } });
  });
}
