/**
 * `latchkey run`: the command runs with its secrets' variables set. Files
 * (gcp, aws, kubernetes ...) are materialised in a private temp folder that
 * is removed when the command exits; exit code and signals pass through.
 * No credential of the account (CREDENTIAL_VARIABLES) is passed on.
 * @module
 */
import { join } from 'node:path';
import { flagStrings } from '../args.ts';
import { exitLike, runChild, withPrivateTempDir } from '../child-process.ts';
import type { CliContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { findProjectConfig, PROJECT_FILE } from '../project-config.ts';
import type { Secret } from '../../client/index.ts';
import { refuseAllowForShares, secretsEnv } from '../secret-env.ts';
import { connectLoggedIn } from '../session.ts';

/**
 * Variables the CLI reads credentials from. Each unlocks the whole account (or
 * a backup), so the command gets none of them: only the secrets asked for.
 */
const CREDENTIAL_VARIABLES = [
  'LATCHKEY_PASSPHRASE', 'LATCHKEY_TOKEN', 'LATCHKEY_SECRET_KEY', 'LATCHKEY_NEW_PASSPHRASE', 'LATCHKEY_BACKUP_PASSPHRASE',
] as const;

/** `latchkey run [--secret NAME]... -- CMD ARGS...` */
export async function run(ctx: CliContext): Promise<number> {
  const command = ctx.args.rest;
  if (command.length === 0) {
    throw new UsageError('missing the command to run after --', 'e.g. latchkey run --secret openai -- python train.py');
  }
  let names = flagStrings(ctx.args, 'secret');
  if (names.length === 0) {
    const project = await findProjectConfig(ctx.cwd);
    if (!project) {
      throw new UsageError(
        'no secrets named',
        `pass --secret NAME, or write a ${PROJECT_FILE} like { "secrets": ["openai"] } in this or a parent folder`,
      );
    }
    names = [...project.secrets];
  }
  const allow = flagStrings(ctx.args, 'allow-env');
  const client = await connectLoggedIn(ctx);
  const secrets = await Promise.all(names.map((name) => client.secret(name)));
  refuseAllowForShares(secrets, allow);
  const providers = await import('../../client/providers/index.ts');

  const result = await withPrivateTempDir(async (dir) => {
    const env: NodeJS.ProcessEnv = { ...ctx.env };
    for (const name of CREDENTIAL_VARIABLES) delete env[name];
    const files = new Map<Secret, Record<string, string>>();
    const placed: Secret[] = [];
    let index = 0;
    for (const secret of secrets) {
      const providerName = secret.provider?.name ?? null;
      if (providerName && providers.isProvider(providerName)) {
        const spec = providers.getProvider(providerName);
        if (spec.files.length > 0) {
          const shared = secret.access !== 'owner';
          try {
            const made = await providers.materialize({ spec, options: secret.provider?.config ?? {} }, secret.values, join(dir, `${index++}-${providerName}`), { shared });
            files.set(secret, made.env);
          } catch (error) {
            // A share that would make a tool run a command gives the command nothing, its variables included.
            if (!(error instanceof providers.ProviderExecFieldError)) throw error;
            ctx.out.warn(`not set: ${secret.address}: ${error.message}`);
            continue;
          }
        }
      }
      placed.push(secret);
    }
    const merged = secretsEnv(placed, { allow, files });
    for (const line of merged.warnings) ctx.out.warn(`not set: ${line}`);
    Object.assign(env, merged.vars);
    return runChild(command[0]!, command.slice(1), env);
  });
  exitLike(result);
  // Only reached while a re-raised signal is being delivered.
  return new Promise<number>(() => {});
}
