/**
 * Which environment variables a secret becomes, for `latchkey run`, `export`,
 * the env file and the notebook helper (one rule, one home).
 *
 * - A registry provider's secret sets the names its provider declares
 *   (openai -> OPENAI_API_KEY).
 * - Your own custom secret keeps a key that already is an upper-case variable
 *   name (`API_TOKEN`); any other key becomes `SECRETNAME_KEY` (`db` + `url`
 *   -> `DB_URL`). A shared custom secret's keys always become
 *   `SECRETNAME_KEY`: another account names only its own variables.
 * - Whatever the mapping produced must pass {@link isRefusedEnv}; a refused
 *   name is reported, never set. `allow` lifts that for your own secrets only.
 * - When several secrets set one variable the first wins (see
 *   {@link byPrecedence}) and the others are reported by name: no last-wins.
 * @module
 */
import { isRefusedEnv, refusedReason } from './env-policy.ts';
import { declaredEnv } from './providers/env.ts';
import { isProvider } from './providers/registry.ts';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What a secret's variables are computed from. */
export interface EnvSource {
  /** `name` or `owner:name`. */
  readonly address: string;
  readonly provider: string | null;
  readonly values: Readonly<Record<string, string>>;
  /** True when another account owns the secret. */
  readonly shared: boolean;
}

/** A secret's variables and the names it was refused. */
export interface SecretEnv {
  readonly vars: Record<string, string>;
  /** Messages naming refused variables (never values). */
  readonly refused: string[];
}

/** Turns a secret address (`folder/name`, `owner:name`) into a variable prefix. */
export function envPrefix(address: string): string {
  const bare = address.includes(':') ? address.slice(address.indexOf(':') + 1) : address;
  const base = bare.split('/').pop() ?? bare;
  const cleaned = base.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

function mapped(source: EnvSource): Record<string, string> {
  if (source.provider && isProvider(source.provider)) return declaredEnv(source.provider, { ...source.values });
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(source.values)) {
    if (!source.shared && ENV_NAME.test(key) && key === key.toUpperCase()) {
      out[key] = value;
      continue;
    }
    const suffix = key.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
    const name = [envPrefix(source.address), suffix].filter((p) => p !== '').join('_');
    if (ENV_NAME.test(name)) out[name] = value;
  }
  return out;
}

/**
 * The variables of one secret after the refused-variable list. `allow`
 * (upper-case names) lifts the list for your own secrets; never for shared ones.
 */
export function secretEnv(source: EnvSource, allow: ReadonlySet<string> = new Set()): SecretEnv {
  const vars: Record<string, string> = {};
  const refused: string[] = [];
  for (const [name, value] of Object.entries(mapped(source))) {
    if (isRefusedEnv(name) && (source.shared || !allow.has(name.toUpperCase()))) refused.push(refusedReason(source.address, name));
    else vars[name] = value;
  }
  return { vars, refused };
}

/** One secret's variables, in precedence order, for {@link mergeEnv}. */
export interface EnvEntry {
  readonly address: string;
  readonly vars: Readonly<Record<string, string>>;
}

/** Merged variables, with a message for each variable a later secret could not set. */
export interface MergedEnv {
  readonly vars: Record<string, string>;
  readonly conflicts: string[];
}

/** Merges in order; the first secret to set a variable keeps it (names compared in any letter case). */
export function mergeEnv(entries: readonly EnvEntry[]): MergedEnv {
  const vars: Record<string, string> = {};
  const setBy = new Map<string, string>();
  const conflicts: string[] = [];
  for (const entry of entries) {
    for (const [name, value] of Object.entries(entry.vars)) {
      const winner = setBy.get(name.toUpperCase());
      if (winner !== undefined) {
        if (winner !== entry.address) conflicts.push(conflictReason(entry.address, name, winner));
        continue;
      }
      setBy.set(name.toUpperCase(), entry.address);
      vars[name] = value;
    }
  }
  return { vars, conflicts };
}

/** The message for a variable or file section a secret lost to an earlier one. */
export function conflictReason(loser: string, what: string, winner: string): string {
  return `${loser} sets ${what}, already set by ${winner}`;
}

/** What {@link byPrecedence} orders by. */
export interface Ranked {
  readonly shared: boolean;
  /** When the share was accepted (ms); null for your own secrets or pending shares. */
  readonly acceptedAt: number | null;
}

/** Your own secrets first (in the order given), then shares, earliest accepted first, pending ones last. */
export function byPrecedence<T extends Ranked>(items: readonly T[]): T[] {
  const rank = (x: Ranked) => (!x.shared ? -1 : (x.acceptedAt ?? Number.MAX_SAFE_INTEGER));
  return items.map((item, index) => ({ item, index })).sort((a, b) => rank(a.item) - rank(b.item) || a.index - b.index).map((x) => x.item);
}
