/**
 * providers (what is configured here), push (local credentials up as
 * secrets named after their provider) and pull (secrets down into place).
 * @module
 */
import type { LatchkeyClient } from '../../client/index.ts';
import { flagBool, positionalList } from '../args.ts';
import type { CliContext } from '../context.ts';
import { CliError, EXIT_FAILURE, EXIT_OK } from '../errors.ts';
import { detectOrWarn, placeSecrets, reportPull, tildify } from '../placement.ts';
import { connectLoggedIn } from '../session.ts';

/** `latchkey providers [--json]` */
export async function providers(ctx: CliContext): Promise<number> {
  const registry = await import('../../client/providers/index.ts');
  const { found, unreadable } = await detectOrWarn(ctx);
  const byName = new Map(found.map((d) => [d.provider, d]));
  const rows = registry.providers.map((p) => {
    const hit = byName.get(p.name);
    const usual = [
      ...p.files.filter((f) => !f.optional).map((f) => registry.describeLocations(f)),
      ...(p.keyPair ? [`~/${p.keyPair.dir}/${p.keyPair.names[0]}`] : []),
      ...(p.env[0]?.names[0] ? [`$${p.env[0].names[0]}`] : []),
    ].join(', ');
    const where = hit ? tildify(ctx, hit.location) : usual;
    return { provider: p.name, detected: hit !== undefined, source: hit?.source ?? null, unreadable: unreadable.has(p.name), where, description: p.description };
  });
  if (flagBool(ctx.args, 'json')) {
    ctx.out.json(rows);
    return EXIT_OK;
  }
  ctx.out.table(rows, [
    { header: 'PROVIDER', value: (r) => r.provider },
    { header: 'DETECTED', value: (r) => (r.detected ? ctx.out.style('green', `yes (${r.source})`) : r.unreadable ? ctx.out.style('yellow', 'unreadable') : 'no') },
    { header: 'WHERE', value: (r) => (r.detected ? r.where : ctx.out.style('dim', r.where)) },
  ]);
  return EXIT_OK;
}

/**
 * Reads each provider's credentials from this machine and saves them as the
 * secret named after the provider (a new version only when values changed).
 * Returns how many failed.
 */
export async function pushProviders(ctx: CliContext, client: LatchkeyClient, names: readonly string[]): Promise<number> {
  const registry = await import('../../client/providers/index.ts');
  let failed = 0;
  let done = 0;
  for (const name of names) {
    ctx.out.progress('Uploading', done++, names.length);
    try {
      if (!registry.isProvider(name)) throw new CliError(`unknown provider "${name}"`, 'run "latchkey providers" for the list');
      const found = await registry.providerSecret(name, { env: { ...ctx.env }, home: ctx.home }).locate();
      const existing = await client.secret(name).catch((error: unknown) => {
        if ((error as { code?: string }).code === 'not-found') return null;
        throw error;
      });
      const where = tildify(ctx, found.location);
      if (existing) {
        if ((existing.provider?.name ?? null) !== name) {
          throw new CliError(`you already have a secret "${name}" that is not a ${name} provider secret`, `rename or remove it first ("latchkey rm ${name}")`);
        }
        if (sameValues(existing.values, found.values)) {
          ctx.out.info(`${name}: already up to date (version ${existing.currentVersion}).`);
          continue;
        }
        existing.set(found.values);
        await existing.save();
        ctx.out.info(`${name}: saved version ${existing.currentVersion} from ${where}.`);
      } else {
        const secret = await client.secret({ name, values: found.values, provider: name });
        await secret.save();
        ctx.out.info(`${name}: saved from ${where}.`);
      }
    } catch (error) {
      failed++;
      const { describeError } = await import('../errors.ts');
      ctx.out.info(describeError(error).line.replace('latchkey: error: ', `latchkey: error: ${name}: `));
    }
  }
  ctx.out.progress('Uploading', names.length, names.length);
  return failed;
}

function sameValues(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
}

/** `latchkey push PROVIDER...` */
export async function push(ctx: CliContext): Promise<number> {
  const names = positionalList(ctx.args, 'PROVIDER');
  const client = await connectLoggedIn(ctx);
  const failed = await pushProviders(ctx, client, names);
  return failed === 0 ? EXIT_OK : EXIT_FAILURE;
}

/** `latchkey pull [NAME...] [--overwrite]` */
export async function pull(ctx: CliContext): Promise<number> {
  const names = positionalList(ctx.args, 'NAME');
  const client = await connectLoggedIn(ctx);
  const secrets = names.length === 0 ? await client.pullAll() : await Promise.all(names.map((n) => client.secret(n)));
  if (secrets.length === 0) {
    ctx.out.info('No secrets to pull. Add one with "latchkey set" or "latchkey push".');
    return EXIT_OK;
  }
  const summary = await placeSecrets(ctx, secrets, { overwrite: flagBool(ctx.args, 'overwrite') === true });
  ctx.out.info(`Pulled ${secrets.length} secret(s):`);
  reportPull(ctx, summary);
  return summary.problems.length === 0 ? EXIT_OK : EXIT_FAILURE;
}
