/**
 * The local server as a command: `latchkey serve` runs this, and `npm start`
 * runs `latchkey serve`, so both read the same flags and environment, print
 * the same lines and stop the same way.
 * @module
 */
import { resolve } from 'node:path';
import { fetchClientIntegrity } from '../client/bundle-integrity.ts';
import { startLocalServer, type LocalServer } from './local.ts';

/** Flag values as typed (each overrides its environment variable). */
export interface ServeFlags {
  port?: string | undefined;
  host?: string | undefined;
  data?: string | undefined;
}

/** What the server is started with. */
export interface ServeSettings {
  port: number;
  host: string;
  /** Absolute data folder. */
  dataDir: string;
  bench: boolean;
  allowedOrigins?: string;
}

/** Defaults, also shown by `latchkey serve --help`. */
export const SERVE_DEFAULTS = { port: '8787', host: '127.0.0.1', data: '.latchkey-data' } as const;

/** A port that is not a whole number from 0 to 65535. */
export class InvalidPortError extends Error {
  constructor(readonly text: string) {
    super(`"${text}" is not a port`);
    this.name = 'InvalidPortError';
  }
}

/**
 * Flags first, then the environment (PORT, HOST, LATCHKEY_DATA, ALLOWED_ORIGINS,
 * LATCHKEY_BENCH=1), then {@link SERVE_DEFAULTS}; the data folder is resolved against `cwd`.
 */
export function serveSettings(flags: ServeFlags, env: Record<string, string | undefined>, cwd: string): ServeSettings {
  const portText = flags.port ?? env.PORT ?? SERVE_DEFAULTS.port;
  if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) > 65535) throw new InvalidPortError(portText);
  return {
    port: Number(portText),
    host: flags.host ?? env.HOST ?? SERVE_DEFAULTS.host,
    dataDir: resolve(cwd, flags.data ?? env.LATCHKEY_DATA ?? SERVE_DEFAULTS.data),
    bench: env.LATCHKEY_BENCH === '1',
    ...(env.ALLOWED_ORIGINS ? { allowedOrigins: env.ALLOWED_ORIGINS } : {}),
  };
}

/**
 * Starts the server and reports, through `say`, the migrations it applied,
 * where it listens, the hashes of the browser client it serves (so users
 * can pin it; see docs on pinning the client) and the dashboard's address.
 */
export async function startAndReport(settings: ServeSettings, say: (line: string) => void): Promise<LocalServer> {
  const server = await startLocalServer(settings);
  if (server.applied.length) say(`applied migrations: ${server.applied.join(', ')}`);
  say(`latchkey server listening on ${server.url}  (data: ${server.dataDir}; Ctrl-C to stop)`);
  const client = await fetchClientIntegrity(server.url).catch(() => null);
  if (client) say(`browser client ${client.url}\n  sha256 ${client.sha256}\n  integrity ${client.sri}`);
  else say('browser client: not built (GET /v1/client.js answers 503); see `npm run build`');
  const dashboard = await fetch(`${server.url}/`, { method: 'HEAD' }).then((r) => r.ok, () => false);
  say(dashboard ? `dashboard ${server.url}/  (open it in a browser)` : 'dashboard: not built (GET / answers 503); see `npm run build`');
  return server;
}

/** Resolves with the first SIGINT or SIGTERM. */
export function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolvePromise) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolvePromise(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
