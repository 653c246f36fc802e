/** Assembles the Hono app: CORS, body limit, routes, JSON errors. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_BODY_BYTES } from './config.ts';
import { corsMiddleware } from './cors.ts';
import { errorResponse, handleError } from './errors.ts';
import { tooLarge } from './request.ts';
import { acceptanceRoutes } from './routes/acceptances.ts';
import { accountRoutes } from './routes/accounts.ts';
import { auditRoutes } from './routes/audit.ts';
import { cardRoutes } from './routes/cards.ts';
import { clientBundleRoutes } from './routes/client-bundle.ts';
import { dashboardRoutes } from './routes/dashboard.ts';
import { grantRoutes } from './routes/grants.ts';
import { groupRoutes } from './routes/groups.ts';
import { healthRoutes } from './routes/health.ts';
import { machineRoutes } from './routes/machines.ts';
import { pinRoutes } from './routes/pins.ts';
import { secretRoutes } from './routes/secrets.ts';
import { versionRoutes } from './routes/versions.ts';
import type { AppEnv } from './types.ts';

/** Builds a fresh app (tests may build several). */
export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', corsMiddleware());
  // Before the no-store middleware below: the client bundle and the dashboard set their own cache and security headers.
  app.route('/v1', clientBundleRoutes);
  app.route('/', dashboardRoutes);
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw tooLarge();
      },
    }),
  );
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
  });
  const v1 = new Hono<AppEnv>();
  v1.route('/', healthRoutes);
  v1.route('/', accountRoutes);
  v1.route('/', cardRoutes);
  v1.route('/machines', machineRoutes);
  v1.route('/', secretRoutes);
  v1.route('/', versionRoutes);
  v1.route('/', grantRoutes);
  v1.route('/', acceptanceRoutes);
  v1.route('/', pinRoutes);
  v1.route('/', auditRoutes);
  v1.route('/groups', groupRoutes);
  app.route('/v1', v1);
  app.notFound((c) => errorResponse(c, 404, 'not-found', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`));
  app.onError(handleError);
  return app;
}
