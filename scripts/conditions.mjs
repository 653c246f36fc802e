// The custom conditions of the package.json "imports" variants (#file-store,
// #noble-backend, ...). package.json maps each `#name` under `node` to the
// Node module and otherwise to its `*.browser.ts` neighbour; under
// SLIM_CONDITION to the stand-in the single-file browser bundle takes to stay
// within budget; under SOURCE_CONDITION to src/ instead of dist/lib. Whatever
// runs or bundles the TypeScript sources passes SOURCE_CONDITION: tsconfig.json
// (customConditions), vitest.config.ts, the esbuild builds in this folder and
// tsx (`tsx --conditions=latchkey-source`). Node and bundlers of the installed
// package pass neither and get dist/lib.

/** Resolve `#name` to the TypeScript sources under src/. */
export const SOURCE_CONDITION = 'latchkey-source';
/** Take the browser bundle's stand-ins (no @noble fallback, estimator, file codecs or credential change). */
export const SLIM_CONDITION = 'latchkey-slim';
