/** Types of scripts/conditions.mjs (the custom conditions of package.json "imports"). */

/** Resolve `#name` to the TypeScript sources under src/. */
export const SOURCE_CONDITION: 'latchkey-source';
/** Take the browser bundle's stand-ins. */
export const SLIM_CONDITION: 'latchkey-slim';
