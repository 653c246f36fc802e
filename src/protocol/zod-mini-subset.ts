/**
 * The part of `zod/mini` that the wire schemas of this folder use: they run
 * on it in every build (wire-zod.ts gives them zod's types), which keeps zod
 * out of the installed package and the browser bundle under 40 KB (zod
 * itself costs ~23 KB minified).
 *
 * It accepts exactly what zod 4 accepts for these schemas and returns the
 * same data; its issues carry the fields {@link parseWire} reads (code, path,
 * expected, format, origin, minimum, maximum, keys, values), so the error
 * messages match too. test/browser/zod-mini-subset.test.ts checks all of this
 * against zod on every exported wire schema. Mirrored zod rules: a failed
 * type check stops a schema's checks, a failed `int()` stops later checks,
 * length checks count code points and run on anything with a `length`,
 * missing keys are read through `in`, unknown keys come from `for...in`,
 * a union returns the first option that parses cleanly, an array longer
 * than a leading maximum-length check fails that check alone (no element is
 * parsed, and the issue stops later checks).
 * @module
 */

type Path = PropertyKey[];

/** One problem found in a value, in zod's issue shape (the fields parseWire reads). */
export interface Issue {
  code: string;
  path: Path;
  /** `false` stops the checks that follow; `true` lets them run (as zod's `continue`). */
  continue?: boolean;
  [field: string]: unknown;
}

interface Payload {
  value: unknown;
  issues: Issue[];
}

/**
 * A check attached with `.check()`; `when` makes it run after a type failure
 * (length checks). `cap` marks a length check: the longest length it allows,
 * or null when it sets no maximum.
 */
interface Check {
  run(payload: Payload): void;
  when?: (value: unknown) => boolean;
  cap?: number | null;
}

/** The result of {@link Schema.safeParse}. */
export type SafeParseResult = { success: true; data: unknown } | { success: false; error: { issues: Issue[] } };

const isAborted = (issues: Issue[], from = 0) => issues.slice(from).some((i) => i.continue !== true);

/** A schema: parses a value, collecting issues. */
export class Schema {
  #checks: Check[] = [];
  /**
   * @param parse type check and conversion of the value (adds issues with `continue` unset on failure).
   * @param size for containers: the value's size, or -1 when it is not one (zod's size caps).
   */
  constructor(readonly parse: (payload: Payload) => Payload, readonly size?: (value: unknown) => number) {}

  /** Adds checks that run after the type check (zod's `.check()`). */
  check(...checks: Check[]): Schema {
    const schema = new Schema(this.parse, this.size);
    schema.#checks = [...this.#checks, ...checks];
    return schema;
  }

  /** Type check, then checks. */
  run(payload: Payload): Payload {
    if (this.size && this.#failsSizeCap(payload)) return payload;
    const result = this.parse(payload);
    let aborted = isAborted(result.issues);
    for (const check of this.#checks) {
      if (check.when ? result.issues.some((i) => i.continue === false) || !check.when(result.value) : aborted) continue;
      const before = result.issues.length;
      check.run(result);
      aborted ||= isAborted(result.issues, before);
    }
    return result;
  }

  // zod refuses an oversized container with its first exceeded leading maximum before parsing any element.
  #failsSizeCap(payload: Payload): boolean {
    const n = this.size!(payload.value);
    for (const check of this.#checks) {
      if (check.cap === undefined) return false;
      if (check.cap === null || n <= check.cap) continue;
      const start = payload.issues.length;
      check.run(payload);
      payload.issues[start]!.continue = false;
      return true;
    }
    return false;
  }

  /** Parses without throwing. */
  safeParse(value: unknown): SafeParseResult {
    const { value: data, issues } = this.run({ value, issues: [] });
    return issues.length ? { success: false, error: { issues } } : { success: true, data };
  }
}

const issue = (payload: Payload, fields: Record<string, unknown> & { code: string }) => {
  payload.issues.push({ path: [], ...fields } as Issue);
  return payload;
};

const typed = (expected: string, test: (v: unknown) => boolean) =>
  new Schema((p) => (test(p.value) ? p : issue(p, { code: 'invalid_type', expected })));

const withPrefix = (issues: Issue[], key: PropertyKey) => issues.map((i) => ({ ...i, path: [key, ...i.path] }));

/** Any string. */
export const string = () => typed('string', (v) => typeof v === 'string');
/** `true` or `false`. */
export const boolean = () => typed('boolean', (v) => typeof v === 'boolean');

/** A safe integer (zod's `int()`). */
export const int = () =>
  typed('number', (v) => typeof v === 'number' && Number.isFinite(v)).check({
    run(p) {
      const v = p.value as number;
      if (!Number.isInteger(v)) issue(p, { code: 'invalid_type', expected: 'int', format: 'safeint', continue: false });
      else if (!Number.isSafeInteger(v)) {
        issue(p, v > 0
          ? { code: 'too_big', origin: 'int', maximum: Number.MAX_SAFE_INTEGER, continue: true }
          : { code: 'too_small', origin: 'int', minimum: Number.MIN_SAFE_INTEGER, continue: true });
      }
    },
  });

const one = (values: unknown[]) => new Schema((p) => (values.includes(p.value) ? p : issue(p, { code: 'invalid_value', values })));
/** One of the given strings (exported as `enum`). */
const enumOf = (values: readonly string[]) => one([...values]);
export { enumOf as enum };
/** Exactly this value. */
export const literal = (value: unknown) => one([value]);

/** The inner schema, or `null`. */
export const nullable = (inner: Schema) => new Schema((p) => (p.value === null ? p : inner.run(p)));

/** An array whose items all parse with `item`; the result is a new array. */
export const array = (item: Schema) =>
  new Schema((p) => {
    const input = p.value;
    if (!Array.isArray(input)) return issue(p, { code: 'invalid_type', expected: 'array' });
    p.value = Array.from(input, (element, index) => {
      const r = item.run({ value: element, issues: [] });
      p.issues.push(...withPrefix(r.issues, index));
      return r.value;
    });
    return p;
  }, (v) => (Array.isArray(v) ? v.length : -1));

/** An object with exactly these keys (unknown keys are an issue); the result is a new object. */
export const strictObject = (shape: Record<string, Schema>) =>
  new Schema((p) => {
    const input = p.value as Record<string, unknown>;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return issue(p, { code: 'invalid_type', expected: 'object' });
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) {
      if (key === '__proto__') continue;
      const r = shape[key]!.run({ value: input[key], issues: [] });
      p.issues.push(...withPrefix(r.issues, key));
      if (!(key in input)) {
        if (!r.issues.length) p.issues.push({ code: 'invalid_type', expected: 'nonoptional', path: [key] });
      } else out[key] = r.value;
    }
    const keys: string[] = [];
    for (const key in input) if (!Object.hasOwn(shape, key)) keys.push(key);
    if (keys.length) issue(p, { code: 'unrecognized_keys', keys, continue: true });
    p.value = out;
    return p;
  });

/** The first option that parses without issues; else the only option whose issues do not abort; else `invalid_union`. */
export const union = (options: Schema[]) =>
  new Schema((p) => {
    const results = options.map((o) => o.run({ value: p.value, issues: [] }));
    const clean = results.find((r) => !r.issues.length);
    if (clean) return clean;
    const soft = results.filter((r) => !isAborted(r.issues));
    return soft.length === 1 ? soft[0]! : issue(p, { code: 'invalid_union' });
  });

const codePoints = (v: unknown) => (typeof v === 'string' ? [...v].length : (v as { length: number }).length);
const origin = (v: unknown) => (Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : 'unknown');
const lengthCheck = (
  cap: number | null,
  test: (n: number) => boolean,
  fields: (n: number) => Record<string, unknown> & { code: string },
): Check => ({
  cap,
  when: (v) => v != null && (v as { length?: unknown }).length !== undefined,
  run(p) {
    const n = codePoints(p.value);
    if (!test(n)) issue(p, { origin: origin(p.value), ...fields(n), continue: true });
  },
});

/** Exactly `n` long (code points for strings). */
export const length = (n: number) =>
  lengthCheck(n, (l) => l === n, (l) => (l > n ? { code: 'too_big', maximum: n } : { code: 'too_small', minimum: n }));
/** At least `n` long. */
export const minLength = (n: number) => lengthCheck(null, (l) => l >= n, () => ({ code: 'too_small', minimum: n }));
/** At most `n` long. */
export const maxLength = (n: number) => lengthCheck(n, (l) => l <= n, () => ({ code: 'too_big', maximum: n }));

const numberCheck = (test: (v: number) => boolean, fields: Record<string, unknown> & { code: string }): Check => ({
  run: (p) => void (test(p.value as number) || issue(p, { origin: 'number', ...fields, continue: true })),
});
/** `>= n`. */
export const minimum = (n: number) => numberCheck((v) => v >= n, { code: 'too_small', minimum: n });
/** `<= n`. */
export const maximum = (n: number) => numberCheck((v) => v <= n, { code: 'too_big', maximum: n });

/** Matches `pattern`. */
export const regex = (pattern: RegExp): Check => ({
  run(p) {
    pattern.lastIndex = 0;
    if (!pattern.test(p.value as string)) issue(p, { code: 'invalid_format', origin: 'string', format: 'regex', continue: true });
  },
});

/** `test(value)` is truthy. */
export const refine = (test: (value: never) => unknown, message?: string): Check => ({
  run: (p) => void (test(p.value as never) || issue(p, { code: 'custom', message, continue: true })),
});
