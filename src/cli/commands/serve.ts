/**
 * `latchkey serve`: the local server (the worker under Miniflare with D1 in
 * a folder); `npm start` runs this command. Runs until Ctrl-C or SIGTERM.
 * miniflare is an optional peer: without it this says what to install.
 * @module
 */
import { flagString } from '../args.ts';
import type { CliContext } from '../context.ts';
import { CliError, EXIT_OK, UsageError } from '../errors.ts';
import { ServerRuntimeMissingError } from '../../server-node/local.ts';
import { InvalidPortError, serveSettings, startAndReport, stopSignal } from '../../server-node/serve.ts';

/** `latchkey serve [--port N] [--host H] [--data DIR]` */
export async function serve(ctx: CliContext): Promise<number> {
  let settings;
  try {
    const flags = { port: flagString(ctx.args, 'port'), host: flagString(ctx.args, 'host'), data: flagString(ctx.args, 'data') };
    settings = serveSettings(flags, ctx.env, ctx.cwd);
  } catch (error) {
    if (error instanceof InvalidPortError) throw new UsageError(error.message, 'use --port 0-65535 (0 picks a free one)');
    throw error;
  }
  let server;
  try {
    server = await startAndReport(settings, (line) => ctx.out.info(line));
  } catch (error) {
    if (error instanceof ServerRuntimeMissingError) {
      throw new CliError('latchkey serve needs miniflare, an optional package that is not installed', `install it where latchkey is installed: ${error.install}`);
    }
    const detail = error instanceof Error ? error.message : String(error);
    throw new CliError(`could not start the server on ${settings.host}:${settings.port} (${detail})`, 'is the port taken? pick another with --port');
  }
  ctx.out.info(`Next: latchkey signup HANDLE --server ${server.url}`);
  const signal = await stopSignal();
  ctx.out.info(`${signal}: stopping`);
  await server.close();
  return EXIT_OK;
}
