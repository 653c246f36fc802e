/**
 * The built-in provider registry: lookup by name over the data entries.
 */
import { aiProviders } from './registry-ai.ts';
import { cloudProviders } from './registry-cloud.ts';
import { UnknownProviderError } from './errors.ts';
import type { ProviderSpec } from './types.ts';

/** Every built-in provider, sorted by name. */
export const providers: readonly ProviderSpec[] = Object.freeze(
  [...cloudProviders, ...aiProviders].sort((a, b) => a.name.localeCompare(b.name)),
);

const byName = new Map(providers.map((p) => [p.name, p]));

/** The provider called `name`; throws UnknownProviderError otherwise. */
export function getProvider(name: string): ProviderSpec {
  const spec = byName.get(name);
  if (!spec) throw new UnknownProviderError(name);
  return spec;
}

/** True when `name` is a built-in provider. */
export function isProvider(name: string): boolean {
  return byName.has(name);
}
