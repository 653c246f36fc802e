/**
 * `latchkey serve`: the local server (the worker under Miniflare with D1 in
 * a folder), the same as `npm start`. Runs until Ctrl-C or SIGTERM.
 * @module
 */
import { resolve } from 'node:path';
import { flagString } from '../args.ts';
import type { CliContext } from '../context.ts';
import { CliError, EXIT_OK, UsageError } from '../errors.ts';
import { fetchClientIntegrity } from '../../client/bundle-integrity.ts';

/** `latchkey serve [--port N] [--host H] [--data DIR]` */
export async function serve(ctx: CliContext): Promise<number> {
  const portText = flagString(ctx.args, 'port') ?? ctx.env.PORT ?? '8787';
  const port = Number(portText);
  if (!/^[0-9]+$/.test(portText) || port > 65535) throw new UsageError(`"${portText}" is not a port`, 'use --port 0-65535 (0 picks a free one)');
  const host = flagString(ctx.args, 'host') ?? '127.0.0.1';
  const dataDir = resolve(ctx.cwd, flagString(ctx.args, 'data') ?? ctx.env.LATCHKEY_DATA ?? '.latchkey-data');
  const { packageRoot, startLocalServer } = await import('../../server-node/local.ts');
  // Miniflare resolves the bundle's module paths against the working folder and refuses
  // "../" escapes, so run from the package root (the data folder is already absolute).
  process.chdir(packageRoot());
  let server;
  try {
    server = await startLocalServer({ port, host, dataDir });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CliError(`could not start the server on ${host}:${port} (${detail})`, 'is the port taken? pick another with --port');
  }
  if (server.applied.length) ctx.out.info(`applied migrations: ${server.applied.join(', ')}`);
  ctx.out.info(`latchkey server listening on ${server.url}  (data: ${server.dataDir}; Ctrl-C to stop)`);
  // The code notebooks import from this server: its hashes, so users can pin it (docs/notebooks.md, "Pinning the client").
  const client = await fetchClientIntegrity(server.url).catch(() => null);
  if (client) ctx.out.info(`browser client ${client.url}\n  sha256 ${client.sha256}\n  integrity ${client.sri}`);
  ctx.out.info(`Next: latchkey signup HANDLE --server ${server.url}`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  ctx.out.info('stopping');
  await server.close();
  return EXIT_OK;
}
