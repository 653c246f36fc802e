/**
 * `latchkey export`: secrets' environment variables as dotenv, json, shell
 * or a Kubernetes Secret manifest, on stdout (printing values is its purpose).
 * @module
 */
import { flagString, flagStrings, positionalList } from '../args.ts';
import type { CliContext } from '../context.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { EXPORT_FORMATS, formatExport, type ExportFormat, type ExportVar } from '../export-format.ts';
import { refuseAllowForShares, secretsEnv } from '../secret-env.ts';
import { connectLoggedIn } from '../session.ts';

/** `latchkey export NAME... [--format F] [--name K8S_NAME]` */
export async function exportCommand(ctx: CliContext): Promise<number> {
  const names = positionalList(ctx.args, 'NAME');
  const format = (flagString(ctx.args, 'format') ?? 'dotenv') as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) {
    throw new UsageError(`unknown format "${format}"`, `use one of: ${EXPORT_FORMATS.join(', ')}`);
  }
  const allow = flagStrings(ctx.args, 'allow-env');
  const client = await connectLoggedIn(ctx);
  const secrets = await Promise.all(names.map((name) => client.secret(name)));
  refuseAllowForShares(secrets, allow);
  const merged = secretsEnv(secrets, { allow });
  for (const entry of merged.entries) {
    if (Object.keys(entry.vars).length === 0) {
      ctx.out.warn(`${entry.address} has no environment variables (its credentials are files); use "latchkey run" or "latchkey pull"`);
    }
  }
  for (const line of merged.warnings) ctx.out.warn(`not exported: ${line}`);
  const vars: ExportVar[] = Object.entries(merged.vars).map(([name, value]) => ({ name, value }));
  const k8sName = flagString(ctx.args, 'name') ?? names[0]!;
  ctx.out.stdout.write(formatExport(format, vars, k8sName));
  return EXIT_OK;
}
