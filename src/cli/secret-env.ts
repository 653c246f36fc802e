/**
 * The CLI side of turning secrets into variables (run, export, the env
 * file): the rules live in the client's secret-env.ts; this orders the
 * secrets, applies `--allow-env` to your own ones and collects the warnings.
 * @module
 */
import type { Secret } from '../client/index.ts';
import { UsageError } from './errors.ts';
import { isRefusedEnv, refusedReason } from '../client/env-policy.ts';
import { byPrecedence, mergeEnv, secretEnv, type EnvEntry } from '../client/secret-env.ts';

/** Variables of several secrets merged without last-wins, and what was not set. */
export interface SecretsEnv {
  readonly vars: Record<string, string>;
  /** One entry per secret, in precedence order (for callers that group by secret). */
  readonly entries: EnvEntry[];
  /** Refused variables and lost conflicts, as messages naming variables (never values). */
  readonly warnings: string[];
}

/**
 * The variables of `secrets`: own first, then shares by acceptance. `allow`
 * lifts the refused list for own secrets; `files` adds the variables pointing
 * at a secret's materialised files (KUBECONFIG ...), checked like the rest.
 */
export function secretsEnv(
  secrets: readonly Secret[],
  options: { allow?: readonly string[]; files?: ReadonlyMap<Secret, Readonly<Record<string, string>>> } = {},
): SecretsEnv {
  const allow = options.allow ?? [];
  const allowed = new Set(allow.map((n) => n.toUpperCase()));
  const warnings: string[] = [];
  const entries: EnvEntry[] = [];
  for (const secret of byPrecedence(secrets.map((s) => ({ secret: s, shared: s.access !== 'owner', acceptedAt: s.acceptedAt })))) {
    const s = secret.secret;
    const source = { address: s.address, provider: s.provider?.name ?? null, values: s.values, shared: secret.shared };
    const { vars, refused } = secretEnv(source, allowed);
    for (const [name, value] of Object.entries(options.files?.get(s) ?? {})) {
      if (name in vars) continue;
      if (isRefusedEnv(name)) refused.push(refusedReason(s.address, name));
      else vars[name] = value;
    }
    warnings.push(...refused);
    entries.push({ address: s.address, vars });
  }
  const merged = mergeEnv(entries);
  warnings.push(...merged.conflicts);
  return { vars: merged.vars, entries, warnings };
}

/** `--allow-env` is for your own secrets: refuses it when any secret named is a share. */
export function refuseAllowForShares(secrets: readonly Secret[], allow: readonly string[]): void {
  if (allow.length === 0) return;
  const shared = secrets.filter((s) => s.access !== 'owner').map((s) => s.address);
  if (shared.length > 0) {
    throw new UsageError(
      `--allow-env applies to your own secrets only, and ${shared.join(', ')} ${shared.length === 1 ? 'is' : 'are'} shared with you`,
      'leave out --allow-env, or name only your own secrets',
    );
  }
}
