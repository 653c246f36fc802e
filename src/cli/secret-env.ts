/**
 * Which environment variables a secret becomes (for run, export and the env
 * file). Registry providers use their own names (openai -> OPENAI_API_KEY);
 * for other secrets a key that already looks like a variable name
 * (`API_TOKEN`) is used as is, any other key becomes `SECRETNAME_KEY`
 * (`db` + `url` -> `DB_URL`).
 * @module
 */
import { isEnvName } from './export-format.ts';

/** Turns a secret name (may contain `/`, `.`, `-`, an `owner:` prefix) into a variable prefix. */
export function envPrefix(name: string): string {
  const bare = name.includes(':') ? name.slice(name.indexOf(':') + 1) : name;
  const base = bare.split('/').pop() ?? bare;
  const cleaned = base.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[0-9]/.test(cleaned) ? `_${cleaned}` : cleaned;
}

/** Env vars for a secret with no provider mapping. */
export function genericEnv(name: string, values: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (isEnvName(key) && key === key.toUpperCase()) out[key] = value;
    else {
      const suffix = key.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
      const name2 = [envPrefix(name), suffix].filter((p) => p !== '').join('_');
      if (isEnvName(name2)) out[name2] = value;
    }
  }
  return out;
}

/** Env vars of a secret: the provider's own names for registry providers, else {@link genericEnv}. */
export async function secretEnvVars(name: string, providerName: string | null, values: Readonly<Record<string, string>>): Promise<Record<string, string>> {
  if (providerName) {
    const providers = await import('../client/providers/index.ts');
    if (providers.isProvider(providerName)) return providers.envFor(providerName, { ...values });
  }
  return genericEnv(name, values);
}
