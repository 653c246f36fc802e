#!/usr/bin/env node
// `npm start`: runs the worker under Miniflare on 127.0.0.1:8787 with D1 kept
// in LATCHKEY_DATA (default ./.latchkey-data). Options: --port N (or PORT),
// --host H, --data DIR. Stops cleanly on Ctrl-C / SIGTERM; data survives.
import { register } from 'tsx/esm/api';

register();
const { startLocalServer } = await import('../src/server-node/local.ts');

function option(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const portText = option('port') ?? process.env.PORT ?? '8787';
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`latchkey: invalid port "${portText}"; use --port 0-65535`);
  process.exit(2);
}

let server;
try {
  server = await startLocalServer({
    port,
    host: option('host') ?? process.env.HOST ?? '127.0.0.1',
    dataDir: option('data') ?? process.env.LATCHKEY_DATA ?? '.latchkey-data',
    bench: process.env.LATCHKEY_BENCH === '1',
    ...(process.env.ALLOWED_ORIGINS ? { allowedOrigins: process.env.ALLOWED_ORIGINS } : {}),
  });
} catch (err) {
  console.error(`latchkey: could not start the server: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
if (server.applied.length) console.log(`applied migrations: ${server.applied.join(', ')}`);
console.log(`latchkey server listening on ${server.url}  (data: ${server.dataDir}; Ctrl-C to stop)`);
{
  // What a notebook imports from this server: print its hashes so users can pin it.
  const { fetchClientIntegrity } = await import('../src/client/bundle-integrity.ts');
  const client = await fetchClientIntegrity(server.url).catch(() => null);
  if (client) console.log(`browser client ${client.url}\n  sha256 ${client.sha256}\n  integrity ${client.sri}`);
  else console.log('browser client: not built (GET /v1/client.js answers 503); see `npm run build`');
}

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping`);
  await server.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
