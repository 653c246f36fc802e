/** What the dashboard says about a provider: its description and where its credentials go. */
import { isProvider, getProvider, providers } from '../client/browser.ts';

/** Names of the built-in providers, for the filter and the new-secret form. */
export const providerNames: readonly string[] = providers.map((p) => p.name);

/** Where a provider's credentials go: "env OPENAI_API_KEY · files ~/.aws/credentials" ('' when unknown). */
export function providerTargets(name: string | null): string {
  if (!name || !isProvider(name)) return '';
  const spec = getProvider(name);
  const env = spec.env.map((e) => e.names[0]).filter(Boolean);
  const files = spec.files.flatMap((f) => f.locations.flatMap((l) => ('home' in l ? [`~/${l.home}`] : []))).slice(0, 2);
  return [env.length ? `env ${env.join(', ')}` : '', files.length ? `files ${files.join(', ')}` : ''].filter(Boolean).join(' · ');
}

/** "OpenAI API key · env OPENAI_API_KEY · …", or the bare name of an unknown provider. */
export function providerWhere(name: string | null): string {
  if (!name) return '';
  if (!isProvider(name)) return `${name} (not a built-in provider)`;
  return [getProvider(name).description, providerTargets(name)].filter(Boolean).join(' · ');
}
