/**
 * CORS for notebook and dashboard origins. Bearer tokens only (no cookies), so
 * the allow-list decides which pages may read responses, nothing more.
 */
import { cors } from 'hono/cors';
import type { MiddlewareHandler } from 'hono';
import { readConfig } from './config.ts';
import type { AppEnv } from './types.ts';

function escapeRegex(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Compiles a comma-separated allow-list into a predicate. `*` in a port
 * matches digits; elsewhere it matches one run of letters, digits and hyphens
 * (never a dot, so `https://*-colab.googleusercontent.com` cannot be stretched
 * over another domain). The literal `null` admits opaque (sandboxed) origins.
 */
export function compileOriginMatcher(list: string): (origin: string) => boolean {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const raw of list.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    if (entry === '*') {
      patterns.push(/^https?:\/\/[^/]+$/);
      continue;
    }
    if (!entry.includes('*')) {
      exact.add(entry.replace(/\/$/, ''));
      continue;
    }
    const source = entry
      .replace(/\/$/, '')
      .split(/(:\*$|\*)/)
      .map((part) => (part === ':*' ? ':[0-9]{1,5}' : part === '*' ? '[A-Za-z0-9-]+' : escapeRegex(part)))
      .join('');
    patterns.push(new RegExp(`^${source}$`));
  }
  return (origin) => exact.has(origin) || (origin !== 'null' && patterns.some((p) => p.test(origin)));
}

const matcherCache = new Map<string, (origin: string) => boolean>();

/** The CORS middleware, reading ALLOWED_ORIGINS per request (cached per distinct value). */
export function corsMiddleware(): MiddlewareHandler<AppEnv> {
  return cors({
    origin: (origin, c) => {
      const list = readConfig(c.env as AppEnv['Bindings']).allowedOrigins;
      let match = matcherCache.get(list);
      if (!match) {
        match = compileOriginMatcher(list);
        matcherCache.set(list, match);
      }
      return match(origin) ? origin : null;
    },
    allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
    allowHeaders: ['authorization', 'content-type'],
    exposeHeaders: ['Retry-After', 'ETag'],
    maxAge: 600,
    credentials: false,
  });
}
