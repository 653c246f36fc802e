/**
 * Loads the zxcvbn-ts estimator with the common and English dictionaries
 * (about 1.5 MB of word lists), only when a passphrase is being chosen. The
 * browser build never reaches it (it takes passphrase-strength.browser.ts),
 * so that bundle never carries the lists.
 * @module
 */
import type { PassphraseEstimator } from './passphrase-strength.ts';

let loaded: Promise<PassphraseEstimator> | null = null;

/** A named export; the packages are CommonJS for Node resolvers, so a bundler may put it under `default`. */
function pick<T>(mod: unknown, name: string): T {
  const m = mod as Record<string, unknown> & { default?: Record<string, unknown> };
  const value = m[name] ?? m.default?.[name];
  if (value === undefined) throw new Error(`the passphrase strength estimator is missing "${name}"; reinstall latchkey`);
  return value as T;
}

/** The estimator, built once per process. */
export function loadZxcvbn(): Promise<PassphraseEstimator | null> {
  loaded ??= (async () => {
    const [core, common, en] = await Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      import('@zxcvbn-ts/language-en'),
    ]);
    const Factory = pick<typeof import('@zxcvbn-ts/core').ZxcvbnFactory>(core, 'ZxcvbnFactory');
    const factory = new Factory({
      dictionary: { ...pick<object>(common, 'dictionary'), ...pick<object>(en, 'dictionary') },
      graphs: pick(common, 'adjacencyGraphs'),
      translations: pick(en, 'translations'),
    });
    return (passphrase: string, userInputs: string[]) => {
      const result = factory.check(passphrase, userInputs);
      return { score: result.score, feedback: { warning: result.feedback.warning, suggestions: result.feedback.suggestions } };
    };
  })();
  loaded.catch(() => {
    loaded = null;
  });
  return loaded;
}
