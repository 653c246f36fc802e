/**
 * File modes: writing into an existing file tightens a too-open mode to the
 * provider's (never loosens a tighter one), the record keeps the original
 * mode, and `remove` puts back the original bytes AND mode.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { getProvider, providerSecret, remove, write } from './index.ts';
import type { WriteRecord } from './index.ts';
import { existingFiles, sampleValues, twoContextKubeconfig } from '../../../test/helpers/provider-samples.ts';
import { cleanup, modeOf, snapshot, tempHome } from '../../../test/helpers/provider-home.ts';

let home: string;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => cleanup(home));

function put(rel: string, content: string, mode: number): string {
  const p = join(home, rel);
  mkdirSync(dirname(p), { recursive: true, mode: 0o700 });
  writeFileSync(p, content, { mode });
  chmodSync(p, mode);
  return p;
}

/** The record as a caller would store and load it. */
function viaJson(rec: WriteRecord): WriteRecord {
  return JSON.parse(JSON.stringify(rec)) as WriteRecord;
}

test('a 0644 ~/.aws/credentials is tightened to 0600 while ours, and remove restores bytes and 0644', async () => {
  const { path, content } = existingFiles['aws']!;
  const p = put(path, content, 0o644);
  const before = snapshot(home);
  const rec = viaJson(await write(providerSecret('aws', { values: sampleValues(getProvider('aws')), profile: 'dev', env: {}, home })));
  expect(rec.files[0]).toMatchObject({ action: 'merged', mode: 0o600, originalMode: 0o644 });
  expect(modeOf(p)).toBe(0o600);
  expect(modeOf(rec.files[0]!.backup!)).toBe(0o600);
  expect((await remove(rec)).files).toContainEqual({ path: p, action: 'restored' });
  expect(readFileSync(p, 'utf8')).toBe(content);
  expect(modeOf(p)).toBe(0o644);
  expect(snapshot(home)).toEqual(before);
});

test('a 0640 ~/.kube/config: merge one context, remove restores bytes and 0640', async () => {
  const p = put('.kube/config', twoContextKubeconfig, 0o640);
  const before = snapshot(home);
  const rec = viaJson(await write(providerSecret('kubernetes', { values: sampleValues(getProvider('kubernetes')), context: 'latchkey', env: {}, home })));
  expect(rec.files[0]).toMatchObject({ action: 'merged', mode: 0o600, originalMode: 0o640 });
  expect(modeOf(p)).toBe(0o600);
  await remove(rec);
  expect(readFileSync(p, 'utf8')).toBe(twoContextKubeconfig);
  expect(modeOf(p)).toBe(0o640);
  expect(snapshot(home)).toEqual(before);
});

test('a tighter existing mode (0400) is kept while ours and after remove', async () => {
  const { path, content } = existingFiles['aws']!;
  const p = put(path, content, 0o400);
  const rec = await write(providerSecret('aws', { values: sampleValues(getProvider('aws')), profile: 'dev', env: {}, home }));
  expect(rec.files[0]).toMatchObject({ mode: 0o400, originalMode: 0o400 });
  expect(modeOf(p)).toBe(0o400);
  await remove(rec);
  expect(readFileSync(p, 'utf8')).toBe(content);
  expect(modeOf(p)).toBe(0o400);
});

test('overwrite of a 0644 file: remove restores the replaced credentials and 0644', async () => {
  const { path, content } = existingFiles['aws']!;
  const p = put(path, content, 0o644);
  const values = { access_key: 'AKIANEW', secret_key: 'newsecret' };
  const rec = await write(providerSecret('aws', { values, profile: 'staging', env: {}, home }), { overwrite: true });
  expect(rec.files[0]).toMatchObject({ action: 'replaced', mode: 0o600, originalMode: 0o644 });
  expect(modeOf(p)).toBe(0o600);
  await remove(rec);
  expect(readFileSync(p, 'utf8')).toBe(content);
  expect(modeOf(p)).toBe(0o644);
});

test('a file changed since the write loses only our part and gets its original mode back', async () => {
  const { path, content } = existingFiles['aws']!;
  const p = put(path, content, 0o644);
  const rec = await write(providerSecret('aws', { values: sampleValues(getProvider('aws')), profile: 'dev', env: {}, home }));
  writeFileSync(p, `${readFileSync(p, 'utf8')}\n[added-later]\naws_access_key_id = AKIALATER\n`);
  expect((await remove(rec)).files[0]).toMatchObject({ action: 'part-removed' });
  expect(readFileSync(p, 'utf8')).toContain('AKIALATER');
  expect(readFileSync(p, 'utf8')).not.toContain(sampleValues(getProvider('aws')).access_key);
  expect(modeOf(p)).toBe(0o644);
});

test('a new file is created with the provider mode and the record says there was no original', async () => {
  const rec = viaJson(await write(providerSecret('aws', { values: sampleValues(getProvider('aws')), profile: 'dev', env: {}, home })));
  expect(rec.files[0]).toMatchObject({ action: 'created', mode: 0o600, originalMode: null });
  expect(modeOf(rec.files[0]!.path)).toBe(0o600);
});

test('remove refuses a record with a bogus mode before touching anything', async () => {
  const { path, content } = existingFiles['aws']!;
  put(path, content, 0o644);
  const rec = await write(providerSecret('aws', { values: sampleValues(getProvider('aws')), profile: 'dev', env: {}, home }));
  const before = snapshot(home);
  const bad = { ...rec, files: [{ ...rec.files[0]!, originalMode: 0o100000 }] };
  await expect(remove(bad)).rejects.toThrow(/file mode/);
  expect(snapshot(home)).toEqual(before);
});
