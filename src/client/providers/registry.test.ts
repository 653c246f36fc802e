/**
 * Table-driven over the registry: every provider detects, writes, refuses,
 * backs up, restores and removes correctly, in a temporary HOME.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  detectProviders,
  envFor,
  providers,
  providerSecret,
  remove,
  write,
  ProviderConflictError,
  ProviderNotFoundError,
  type ProviderSpec,
} from './index.ts';
import { sampleValues } from '../../../test/helpers/provider-samples.ts';
import { cleanup, modeOf, snapshot, tempHome } from '../../../test/helpers/provider-home.ts';

let home: string;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => cleanup(home));

const hasFile = (s: ProviderSpec): boolean => s.files.length > 0 || s.keyPair !== undefined;
const envOf = (s: ProviderSpec): boolean => s.required.every((k) => s.env.some((e) => e.key === k));

test('the registry holds the required set and the 2026 additions', () => {
  const names = providers.map((p) => p.name);
  for (const n of ['aws', 'azure', 'gcp', 'lambda', 'github', 'huggingface', 'kubernetes', 'docker', 'ssh', 'sky', 'anthropic', 'cohere', 'langchain', 'openai', 'pinecone', 'wandb',
    'gemini', 'mistral', 'groq', 'together', 'replicate', 'openrouter', 'xai', 'deepseek', 'cloudflare', 'kaggle', 'modal', 'databricks']) expect(names).toContain(n);
  for (const p of providers) {
    expect(p.required.every((k) => p.valueKeys.includes(k)), p.name).toBe(true);
    for (const f of p.files) expect(Object.keys(f.fields).every((k) => p.valueKeys.includes(k)), p.name).toBe(true);
  }
});

describe.each(providers.map((p) => [p.name, p] as const))('%s', (name, spec) => {
  const values = sampleValues(spec);
  const other = sampleValues(spec, 1);

  if (envOf(spec)) test('detects from env vars', async () => {
    const env = envFor(name, values);
    const found = await providerSecret(name, { env, home }).locate();
    expect(found.source).toBe('env');
    for (const [k, v] of Object.entries(values)) if (spec.env.some((e) => e.key === k)) expect(found.values[k]).toBe(v);
    expect((await detectProviders({ env, home })).map((d) => d.provider)).toContain(name);
    const alt = spec.env.find((e) => e.names.length > 1 && spec.required.includes(e.key));
    if (alt) {
      const altEnv = { ...env, [alt.names[1]!]: env[alt.names[0]!] };
      delete altEnv[alt.names[0]!];
      expect((await providerSecret(name, { env: altEnv, home }).read())[alt.key]).toBe(values[alt.key]);
    }
  });

  test('reports where it looked when nothing is configured', async () => {
    const err = await providerSecret(name, { env: {}, home }).read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderNotFoundError);
    expect((err as ProviderNotFoundError).lookedAt.length).toBeGreaterThan(0);
    if (hasFile(spec)) expect((err as Error).message).toContain(home);
  });

  if (!hasFile(spec)) test('writes and removes env vars (only unset ones unless overwrite)', async () => {
    const target: Record<string, string | undefined> = {};
    const rec = await write(providerSecret(name, { values, env: {}, home }), { env: target });
    expect(target).toEqual(envFor(name, values));
    const taken = { ...envFor(name, other) };
    const rec2 = await write(providerSecret(name, { values, env: {}, home }), { env: taken });
    expect(rec2.env!.set).toEqual([]);
    expect(taken).toEqual(envFor(name, other));
    await write(providerSecret(name, { values, env: {}, home }), { env: taken, overwrite: true });
    expect(taken).toEqual(envFor(name, values));
    const report = await remove(rec, { env: target });
    expect([...report.envUnset].sort()).toEqual(Object.keys(envFor(name, values)).sort());
    expect(target).toEqual({});
    expect(JSON.parse(JSON.stringify(rec))).toEqual(rec);
  });

  if (hasFile(spec)) test('writes to an empty HOME with safe modes, reads back, detects, removes', async () => {
    const before = snapshot(home);
    const rec = await write(providerSecret(name, { values, env: {}, home }));
    expect(JSON.parse(JSON.stringify(rec))).toEqual(rec);
    expect(rec.files[0]!.action).toBe('created');
    for (const f of rec.files) {
      expect(modeOf(f.path)).toBe(0o600);
      for (const d of f.createdDirs) expect(modeOf(d)).toBe(0o700);
      if (dirname(f.path) !== home) expect(modeOf(dirname(f.path))).toBe(0o700);
    }
    const found = await providerSecret(name, { env: {}, home }).locate();
    expect(found.source).toBe('file');
    const back = found.values;
    for (const k of spec.required) expect(back[k]).toBe(values[k]);
    expect((await detectProviders({ env: {}, home })).find((d) => d.provider === name)?.source).toBe('file');
    const again = await write(providerSecret(name, { values, env: {}, home }));
    expect(again.files.every((f) => f.action === 'unchanged')).toBe(true);
    const report = await remove(rec);
    if (spec.keyPair) {
      expect(report.files[0]!.action).toBe('kept-key-pair');
      expect(readFileSync(rec.files[0]!.path, 'utf8')).toBe(values['private_key']);
    } else expect(snapshot(home)).toEqual(before);
  });

  if (hasFile(spec)) test('refuses different values; overwrite keeps a backup that remove restores', async () => {
    await write(providerSecret(name, { values: other, env: {}, home }));
    const original = snapshot(home);
    const err = await write(providerSecret(name, { values, env: {}, home })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderConflictError);
    expect(String((err as Error).message)).not.toContain(Object.values(values)[0]!.slice(0, 12));
    expect(snapshot(home)).toEqual(original);
    if (spec.keyPair) {
      await expect(write(providerSecret(name, { values, env: {}, home }), { overwrite: true })).rejects.toBeInstanceOf(ProviderConflictError);
      expect(snapshot(home)).toEqual(original);
      return;
    }
    const rec = await write(providerSecret(name, { values, env: {}, home }), { overwrite: true });
    const primary = rec.files[0]!;
    expect(primary.action).toBe('replaced');
    expect(primary.backup).not.toBeNull();
    expect(modeOf(primary.backup!)).toBe(0o600);
    expect(modeOf(primary.path)).toBe(0o600);
    const back = await providerSecret(name, { env: {}, home }).read();
    for (const k of spec.required) expect(back[k]).toBe(values[k]);
    await remove(rec);
    expect(snapshot(home)).toEqual(original);
    expect(existsSync(primary.backup!)).toBe(false);
  });

  if (hasFile(spec) && envOf(spec)) test('file wins over env vars in detection', async () => {
    await write(providerSecret(name, { values, env: {}, home }));
    const found = await providerSecret(name, { env: envFor(name, other), home }).locate();
    expect(found.source).toBe('file');
    expect(found.location).toContain(join(home));
  });
});
