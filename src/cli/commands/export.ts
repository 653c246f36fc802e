/**
 * `latchkey export`: secrets' environment variables as dotenv, json, shell
 * or a Kubernetes Secret manifest, on stdout (printing values is its purpose).
 * @module
 */
import { flagString, positionalList } from '../args.ts';
import type { CliContext } from '../context.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { EXPORT_FORMATS, formatExport, type ExportFormat, type ExportVar } from '../export-format.ts';
import { secretEnvVars } from '../secret-env.ts';
import { connectLoggedIn } from '../session.ts';

/** `latchkey export NAME... [--format F] [--name K8S_NAME]` */
export async function exportCommand(ctx: CliContext): Promise<number> {
  const names = positionalList(ctx.args, 'NAME');
  const format = (flagString(ctx.args, 'format') ?? 'dotenv') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) {
    throw new UsageError(`unknown format "${format}"`, `use one of: ${EXPORT_FORMATS.join(', ')}`);
  }
  const client = await connectLoggedIn(ctx);
  const secrets = await Promise.all(names.map((name) => client.secret(name)));
  const vars = new Map<string, ExportVar>();
  for (const secret of secrets) {
    const env = await secretEnvVars(secret.address, secret.provider?.name ?? null, secret.values);
    if (Object.keys(env).length === 0) {
      ctx.out.warn(`${secret.address} has no environment variables (its credentials are files); use "latchkey run" or "latchkey pull"`);
    }
    for (const [name, value] of Object.entries(env)) {
      if (vars.has(name)) ctx.out.warn(`${name} is set by more than one secret; the value from ${secret.address} wins`);
      vars.set(name, { name, value });
    }
  }
  const k8sName = flagString(ctx.args, 'name') ?? names[0]!;
  ctx.out.stdout.write(formatExport(format, [...vars.values()], k8sName));
  return EXIT_OK;
}
