/**
 * What the wire schemas import as `z`: zod/mini to the type checker (schema
 * types, `z.infer`), the small subset in zod-mini-subset.ts at run time. So
 * no build that ships (npm package, CLI, worker, browser) loads zod, and
 * installing latchkey does not install zod's 6 MB. The subset accepts,
 * returns and rejects exactly as zod for every exported wire schema
 * (test/browser/zod-mini-subset.test.ts compares the two on each of them);
 * only the functions below exist, so a schema needing more of zod must add
 * it to the subset first.
 * @module
 */
import type * as zod from 'zod/mini';
import * as subset from './zod-mini-subset.ts';

export type { infer } from 'zod/mini';

const as = <T>(implementation: unknown): T => implementation as T;

export const string = as<typeof zod.string>(subset.string);
export const boolean = as<typeof zod.boolean>(subset.boolean);
export const int = as<typeof zod.int>(subset.int);
const enumOf = as<typeof zod.enum>(subset.enum);
export { enumOf as enum };
export const literal = as<typeof zod.literal>(subset.literal);
export const nullable = as<typeof zod.nullable>(subset.nullable);
export const array = as<typeof zod.array>(subset.array);
export const strictObject = as<typeof zod.strictObject>(subset.strictObject);
export const union = as<typeof zod.union>(subset.union);
export const length = as<typeof zod.length>(subset.length);
export const minLength = as<typeof zod.minLength>(subset.minLength);
export const maxLength = as<typeof zod.maxLength>(subset.maxLength);
export const minimum = as<typeof zod.minimum>(subset.minimum);
export const maximum = as<typeof zod.maximum>(subset.maximum);
export const regex = as<typeof zod.regex>(subset.regex);
export const refine = as<typeof zod.refine>(subset.refine);
