/**
 * The wire schemas run on src/protocol/zod-mini-subset.ts (through
 * wire-zod.ts) in every build, so latchkey installs without zod.
 * Differential check: every exported wire schema, as shipped (the subset) and
 * built once with zod itself, must accept the same values, return the same data and
 * (through parseWire) give the same error messages: on a valid sample of each
 * schema, on systematic edits of every field, and on random JSON at random
 * places.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as subsetProtocol from '../../src/protocol/index.ts';
import { realZod } from '../../scripts/browser-bundle.mjs';

type Parser = { safeParse(value: unknown): unknown };
type ZodDef = { type: string; [k: string]: unknown };
const defOf = (schema: unknown) => (schema as { _zod: { def: ZodDef } })._zod.def;
const isSchema = (v: unknown): v is Parser => typeof (v as Parser | null)?.safeParse === 'function';

let dir = '';
let zodProtocol = {} as typeof subsetProtocol;

beforeAll(async () => {
  const result = await esbuild.build({
    entryPoints: [join(import.meta.dirname, '../../src/protocol/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
    logLevel: 'silent',
    plugins: [realZod],
  });
  const code = result.outputFiles[0]!.text;
  expect(code).toMatch(/node_modules[\\/]zod[\\/]/);
  dir = await mkdtemp(join(tmpdir(), 'latchkey-zod-subset-'));
  const file = join(dir, 'protocol.mjs');
  await writeFile(file, code);
  zodProtocol = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as typeof subsetProtocol;
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const schemaNames = Object.keys(subsetProtocol).filter((name) => isSchema((subsetProtocol as Record<string, unknown>)[name]));

/** A valid value for a zod schema, found by trying candidates against zod itself. */
function sample(schema: unknown): unknown {
  const def = defOf(schema);
  const pick = (candidates: unknown[]) => {
    const found = candidates.find((c) => (schema as { safeParse(v: unknown): { success: boolean } }).safeParse(c).success);
    if (found === undefined) throw new Error(`no sample for a ${def.type} schema`);
    return found;
  };
  switch (def.type) {
    case 'object':
      return Object.fromEntries(Object.entries(def['shape'] as Record<string, unknown>).map(([k, v]) => [k, sample(v)]));
    case 'array':
      return [sample(def['element'])];
    case 'nullable':
      return sample(def['innerType']);
    case 'union':
      return sample((def['options'] as unknown[])[0]);
    case 'enum':
      return Object.values(def['entries'] as Record<string, unknown>)[0];
    case 'literal':
      return (def['values'] as unknown[])[0];
    case 'boolean':
      return true;
    case 'number':
      return pick([1, 8, 2 ** 17, 1_700_000_000_000]);
    case 'string':
      return pick(['alice', 'ci-box', 'openai', 'team/openai', ...[22, 43, 86, 107].map((n) => 'A'.repeat(n)), 'x']);
    default:
      throw new Error(`sample: unhandled zod type ${def.type}`);
  }
}

type Outcome = { ok: true; data: unknown } | { ok: false; message: string; issues: unknown };

function outcome(schema: unknown, value: unknown): Outcome {
  try {
    return { ok: true, data: zodProtocol.parseWire(schema as never, value, 'test') };
  } catch (error) {
    if (!(error instanceof zodProtocol.ProtocolError)) throw error;
    return { ok: false, message: error.message, issues: error.issues };
  }
}

function expectSame(name: string, value: unknown, what: string) {
  const real = outcome((zodProtocol as Record<string, unknown>)[name], value);
  const subset = outcome((subsetProtocol as Record<string, unknown>)[name], value);
  expect(subset, `${name}: ${what}`).toStrictEqual(real);
  return real.ok;
}

/** Copy of `value` with the node at `path` replaced (or deleted when `replacement` is DELETE). */
const DELETE = Symbol('delete');
function edit(value: unknown, path: PropertyKey[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<PropertyKey, unknown>;
  const [head, ...rest] = path;
  const next = edit(copy[head!], rest, replacement);
  if (next === DELETE) delete copy[head!];
  else copy[head!] = next;
  return copy;
}

function paths(value: unknown, prefix: PropertyKey[] = []): PropertyKey[][] {
  const out: PropertyKey[][] = [prefix];
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, Array.isArray(value) ? Number(k) : k]));
  }
  return out;
}

function variants(leaf: unknown): unknown[] {
  const common: unknown[] = [DELETE, null, undefined, '', true, 0, -1, 1.5, NaN, Infinity, 2 ** 53, [], {}, 'é', 'A'];
  if (typeof leaf === 'string') {
    common.push(leaf + 'A', leaf.slice(1), leaf.slice(0, -1) + '+', leaf.slice(0, -2) + '\u{1F600}', leaf.toUpperCase(), `${leaf}/`, `/${leaf}`);
    common.push(`${leaf}/..`, `a//${leaf}`, 'A'.repeat(leaf.length * 2), leaf.slice(0, -1) + '\uD800', [...leaf]);
  }
  if (typeof leaf === 'number') {
    common.push(leaf - 1, leaf + 1, leaf * 2, leaf * 3, 2 ** 20, 2 ** 21, 3 * 2 ** 17, Number.MAX_SAFE_INTEGER, -0, 2 ** 53 + 2, -(2 ** 53));
  }
  if (Array.isArray(leaf)) {
    // Past a maximum length zod reports only the length, even when the elements are bad too.
    common.push([...leaf, ...leaf], Array.from({ length: 201 }, () => leaf[0]), Array.from({ length: 201 }, () => null), [leaf[0], null]);
  }
  if (leaf !== null && typeof leaf === 'object' && !Array.isArray(leaf)) {
    common.push({ ...leaf, extra: 1 }, JSON.parse(`{"__proto__": 1, ${JSON.stringify(leaf).slice(1)}`), Object.create(leaf as object));
  }
  return common;
}

test('every wire schema has a zod twin', () => {
  expect(schemaNames.length).toBeGreaterThan(30);
  for (const name of schemaNames) expect(isSchema((zodProtocol as Record<string, unknown>)[name]), name).toBe(true);
  expect(Object.keys(zodProtocol).sort()).toEqual(Object.keys(subsetProtocol).sort());
  // The shipped schemas are the subset's, the reference ones zod's.
  for (const name of schemaNames) {
    expect((subsetProtocol as unknown as Record<string, { _zod?: unknown }>)[name]!._zod, name).toBeUndefined();
    expect((zodProtocol as unknown as Record<string, { _zod?: unknown }>)[name]!._zod, name).toBeDefined();
  }
});

test('subset accepts, returns and rejects exactly as zod on valid samples and edits of every field', () => {
  let accepted = 0;
  let rejected = 0;
  for (const name of schemaNames) {
    const valid = sample((zodProtocol as Record<string, unknown>)[name]);
    expect(expectSame(name, valid, 'valid sample'), `${name} sample must be valid`).toBe(true);
    for (const path of paths(valid)) {
      const leaf = path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown>)[k], valid);
      for (const replacement of variants(leaf)) {
        if (replacement === DELETE && path.length === 0) continue;
        const ok = expectSame(name, edit(valid, path, replacement), `${path.join('.') || '(root)'} := ${String(replacement)}`);
        if (ok) accepted++;
        else rejected++;
      }
    }
  }
  // Both outcomes must be exercised for the comparison to mean anything.
  expect(accepted).toBeGreaterThan(100);
  expect(rejected).toBeGreaterThan(1000);
});

test('subset agrees with zod on random JSON placed anywhere in a valid value', () => {
  const cases = schemaNames.map((name) => ({ name, valid: sample((zodProtocol as Record<string, unknown>)[name]) }));
  fc.assert(
    fc.property(fc.nat(), fc.nat(), fc.jsonValue(), (which, where, json) => {
      const { name, valid } = cases[which % cases.length]!;
      const all = paths(valid);
      expectSame(name, edit(valid, all[where % all.length]!, json), 'random JSON');
    }),
    { numRuns: 500, seed: 20261129 },
  );
});
