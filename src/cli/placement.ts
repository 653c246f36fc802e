/**
 * Putting secrets in place (pull) and taking local credentials up (push),
 * shared by `login`, `pull` and `push`. Every file written is recorded in
 * the ledger right after it is written, so logout can undo even a pull that
 * stopped half way.
 * @module
 */
import type { Secret } from '../client/index.ts';
import type { Detection, WriteRecord } from '../client/providers/index.ts';
import type { CliContext } from './context.ts';
import { envFilePath } from './context.ts';
import { readEnvFile, updateEnvFile } from './env-file.ts';
import { readLedger, recordInLedger } from './ledger.ts';
import { byPrecedence, secretEnv } from '../client/secret-env.ts';

/** What a pull did, for the summary line. */
export interface PullSummary {
  /** Files written or merged, as `path (secret)`. */
  readonly files: string[];
  /** Secrets whose variables went to the env file. */
  readonly envSecrets: string[];
  /** Secrets that could not be placed, with the reason. */
  readonly problems: string[];
}

/** Shortens a path under HOME to `~/...` for messages. */
export function tildify(ctx: CliContext, path: string): string {
  return path === ctx.home || path.startsWith(`${ctx.home}/`) ? `~${path.slice(ctx.home.length)}` : path;
}

/**
 * Writes each secret's files (registry providers) and env vars (env file),
 * recording everything in the ledger. Pending shares are never placed. Own
 * secrets go first, then shares in the order they were accepted, so the
 * first to claim a variable or file section keeps it; a share never
 * overwrites (`overwrite` applies to your own secrets only). `pruneShares`
 * (a pull of everything) drops env-file sections of shares not placed now.
 */
export async function placeSecrets(
  ctx: CliContext,
  all: readonly Secret[],
  options: { overwrite?: boolean; pruneShares?: boolean } = {},
): Promise<PullSummary> {
  // A damaged ledger must stop us before the first write, or that write would go unrecorded.
  await readLedger(ctx.latchkeyHome);
  const providers = await import('../client/providers/index.ts');
  const summary: PullSummary = { files: [], envSecrets: [], problems: [] };
  const ranked = byPrecedence(all.map((secret) => ({ secret, shared: secret.access !== 'owner', acceptedAt: secret.acceptedAt })));
  for (const r of ranked) if (r.secret.pending) summary.problems.push(`${r.secret.address}: a pending share; accept it first (latchkey accept ${r.secret.address})`);
  const secrets = ranked.filter((r) => !r.secret.pending).map((r) => r.secret);
  const envUpdates = new Map<string, Record<string, string>>();
  let done = 0;
  for (const secret of secrets) {
    ctx.out.progress('Placing secrets', done, secrets.length);
    const providerName = secret.provider?.name ?? null;
    const values = secret.values;
    const shared = secret.access !== 'owner';
    if (providerName && providers.isProvider(providerName)) {
      const spec = providers.getProvider(providerName);
      if (spec.files.length > 0 || spec.keyPair) {
        try {
          const handle = providers.providerSecret(providerName, { values, home: ctx.home, env: { ...ctx.env }, ...partOptions(secret) });
          const record: WriteRecord = await providers.write(handle, { file: true, overwrite: options.overwrite === true && !shared, shared });
          await recordInLedger(ctx.latchkeyHome, [{ kind: 'provider', secret: secret.address, record }]);
          for (const f of record.files) {
            if (f.action !== 'unchanged') summary.files.push(`${tildify(ctx, f.path)} (${secret.address})`);
          }
        } catch (error) {
          summary.problems.push(`${secret.address}: ${error instanceof Error ? error.message : String(error)}`);
          // A share that would run a command places nothing, its variables included.
          if (shared && error instanceof providers.ProviderExecFieldError) {
            done++;
            continue;
          }
        }
      }
    }
    const { vars, refused } = secretEnv({ address: secret.address, provider: providerName, values, shared });
    summary.problems.push(...refused);
    if (Object.keys(vars).length > 0) {
      envUpdates.set(secret.address, vars);
      summary.envSecrets.push(secret.address);
    }
    done++;
  }
  ctx.out.progress('Placing secrets', done, secrets.length);
  // A full pull also removes env-file sections of shares no longer accepted (declined, unshared, or written before consent existed).
  const stale = (address: string) => options.pruneShares === true && address.includes(':') && !envUpdates.has(address);
  const path = envFilePath(ctx.latchkeyHome);
  if (envUpdates.size > 0 || (options.pruneShares === true && [...(await readEnvFile(path)).keys()].some(stale))) {
    // Record first: if writing fails half way, logout still knows the file is ours.
    await recordInLedger(ctx.latchkeyHome, [{ kind: 'env-file', path, secrets: [...envUpdates.keys()] }]);
    summary.problems.push(...(await updateEnvFile(path, envUpdates, stale)));
  }
  return summary;
}

/** Provider part options kept in the secret's provider config (aws profile, kube context ...). */
function partOptions(secret: Secret): { profile?: string; host?: string; context?: string } {
  const config = secret.provider?.config ?? {};
  const out: { profile?: string; host?: string; context?: string } = {};
  for (const key of ['profile', 'host', 'context'] as const) {
    const value = config[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/** Prints what a pull did. */
export function reportPull(ctx: CliContext, summary: PullSummary): void {
  for (const file of summary.files) ctx.out.info(`  wrote ${file}`);
  if (summary.envSecrets.length > 0) {
    const path = tildify(ctx, envFilePath(ctx.latchkeyHome));
    ctx.out.info(`  env file ${path}: variables of ${summary.envSecrets.join(', ')}`);
    ctx.out.info(`  load them in a shell with: source ${path}   (or use "latchkey run -- CMD")`);
  }
  for (const problem of summary.problems) ctx.out.warn(`not placed: ${problem}`);
  if (summary.problems.some((p) => /already|different|overwrite/i.test(p))) {
    ctx.out.info('  to replace what is there (a backup is kept): latchkey pull --overwrite NAME');
  }
}

/**
 * Providers configured on this machine. A provider whose file cannot be read
 * becomes one warning naming it and the file; detection goes on. Returns the
 * detections and the names of the providers that failed.
 */
export async function detectOrWarn(ctx: CliContext): Promise<{ found: Detection[]; unreadable: Set<string> }> {
  const { detectProviders } = await import('../client/providers/index.ts');
  const unreadable = new Set<string>();
  const found = await detectProviders({
    env: { ...ctx.env },
    home: ctx.home,
    onProblem: ({ provider, paths, error }) => {
      unreadable.add(provider);
      let detail = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      // Format errors start with their file, which the warning already names.
      if (paths.length === 1 && detail.startsWith(`${paths[0]}:`)) detail = detail.slice(paths[0]!.length + 1).trim();
      ctx.out.warn(`${provider}: skipped ${paths.map((p) => tildify(ctx, p)).join(' or ')}: ${detail}`);
    },
  });
  return { found, unreadable };
}

/** Providers configured on this machine that the account has no secret for (by provider name). */
export async function detectNew(ctx: CliContext, existingNames: ReadonlySet<string>): Promise<Detection[]> {
  const { found } = await detectOrWarn(ctx);
  return found.filter((d) => !existingNames.has(d.provider));
}
