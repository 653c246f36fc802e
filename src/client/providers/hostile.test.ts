/**
 * Hostile input: each case is a clear error and nothing on disk changes.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync, openSync, ftruncateSync, closeSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  customSecret,
  getProvider,
  providerSecret,
  write,
  ProviderFormatError,
  ProviderNameError,
  ProviderUnsafeFileError,
} from './index.ts';
import { sampleValues } from '../../../test/helpers/provider-samples.ts';
import { cleanup, snapshot, tempHome } from '../../../test/helpers/provider-home.ts';

let home: string;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => cleanup(home));

function put(rel: string, content: string | Buffer): string {
  const p = join(home, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
  return p;
}

/** Reading and writing both fail with `type`, the message names the file (and line), and the disk is untouched. */
async function expectRefused(name: string, type: new (...a: never[]) => Error, path: string, line?: number, opts: { profile?: string } = {}): Promise<void> {
  const before = snapshot(home);
  const readErr = await providerSecret(name, { ...opts, env: {}, home }).read().catch((e: unknown) => e);
  expect(readErr).toBeInstanceOf(type);
  expect((readErr as Error).message).toContain(path);
  if (line !== undefined) expect((readErr as Error).message).toContain(`:${line}`);
  const values = sampleValues(getProvider(name));
  for (const overwrite of [false, true]) {
    const err = await write(providerSecret(name, { ...opts, values, env: {}, home }), { overwrite }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(type);
  }
  expect(snapshot(home)).toEqual(before);
}

describe('malformed files', () => {
  test('INI: unterminated section header (line 3)', async () => {
    const p = put('.aws/credentials', '[default]\naws_access_key_id = A\n[prod\naws_secret_access_key = B\n');
    await expectRefused('aws', ProviderFormatError, p, 3);
  });
  test('INI: a line that is not key = value (line 2)', async () => {
    const p = put('.databrickscfg', '[DEFAULT]\nthis is not ini\n');
    await expectRefused('databricks', ProviderFormatError, p, 2);
  });
  test('JSON: broken gcp credentials', async () => {
    const p = put('.config/gcloud/application_default_credentials.json', '{\n  "type": "service_account",\n  "private_key": \n}\n');
    await expectRefused('gcp', ProviderFormatError, p, 4);
  });
  test('JSON: a trailing comma in kaggle.json (line 3)', async () => {
    const p = put('.kaggle/kaggle.json', '{\n  "username": "u",\n  "key": "k",\n}\n');
    await expectRefused('kaggle', ProviderFormatError, p, 4);
  });
  test('JSON: docker config that is an array', async () => {
    const p = put('.docker/config.json', '[1, 2]');
    await expectRefused('docker', ProviderFormatError, p, 1);
  });
  test('YAML: broken gh hosts.yml (line 3)', async () => {
    const p = put('.config/gh/hosts.yml', 'github.com:\n    oauth_token: x\n  user: [unclosed\n');
    await expectRefused('github', ProviderFormatError, p);
  });
  test('YAML: kubeconfig that is a list', async () => {
    const p = put('.kube/config', '- a\n- b\n');
    await expectRefused('kubernetes', ProviderFormatError, p, 1);
  });
  test('netrc: password without a value (line 2)', async () => {
    const p = put('.netrc', 'machine a login x\n  password\n');
    await expectRefused('wandb', ProviderFormatError, p, 2);
  });
  test('netrc: login before any machine (line 1)', async () => {
    const p = put('.netrc', 'login x password y\n');
    await expectRefused('wandb', ProviderFormatError, p, 1);
  });
  test('errors never echo file content (a secret could be in it)', async () => {
    put('.netrc', 'machine a login x password\n');
    put('.config/gcloud/application_default_credentials.json', '{"private_key": "SUPERSECRET" oops}');
    for (const name of ['wandb', 'gcp']) {
      const err = await providerSecret(name, { env: {}, home }).read().catch((e: unknown) => e as Error);
      expect(err.message).not.toMatch(/SUPERSECRET|oops/);
    }
  });
});

describe('unsafe files', () => {
  test('a symlink where the credentials file should be', async () => {
    const real = put('elsewhere/creds', '[default]\naws_access_key_id = A\naws_secret_access_key = B\n');
    mkdirSync(join(home, '.aws'));
    symlinkSync(real, join(home, '.aws/credentials'));
    await expectRefused('aws', ProviderUnsafeFileError, join(home, '.aws/credentials'));
  });
  test('a dangling symlink is refused too (a write would create a file elsewhere)', async () => {
    mkdirSync(join(home, '.cache/huggingface'), { recursive: true });
    symlinkSync(join(home, 'target-does-not-exist'), join(home, '.cache/huggingface/token'));
    await expectRefused('huggingface', ProviderUnsafeFileError, join(home, '.cache/huggingface/token'));
  });
  test('a 50 MB file is refused without being read', async () => {
    const p = join(home, '.cache/huggingface/token');
    mkdirSync(dirname(p), { recursive: true });
    const fd = openSync(p, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    await expectRefused('huggingface', ProviderUnsafeFileError, p);
    const err = await providerSecret('huggingface', { env: {}, home }).read().catch((e: unknown) => e as Error);
    expect(err.message).toMatch(/larger than the 1048576-byte limit/);
  });
  test('non-UTF-8 bytes', async () => {
    const p = put('.aws/credentials', Buffer.from([0x5b, 0x64, 0x65, 0x66, 0x5d, 0x0a, 0xff, 0xfe, 0x0a]));
    await expectRefused('aws', ProviderUnsafeFileError, p);
    const err = await providerSecret('aws', { env: {}, home }).read().catch((e: unknown) => e as Error);
    expect(err.message).toContain('UTF-8');
  });
  test('a folder where the file should be', async () => {
    mkdirSync(join(home, '.netrc'));
    await expectRefused('wandb', ProviderUnsafeFileError, join(home, '.netrc'));
  });
});

describe('bad names and values', () => {
  test.each(['../escape', 'a/../../b', '/abs', 'a//b', 'a/./b', '', 'x'.repeat(201), 'sp ace', 'new\nline', 'a/'])('custom secret name %j is refused', (name) => {
    expect(() => customSecret({ name, envVars: { token: 'TOKEN' } })).toThrow(ProviderNameError);
  });
  test('good names pass', () => {
    for (const name of ['a', 'team/prod/db.url', 'A-b_c.9', 'x'.repeat(200)]) expect(customSecret({ name, envVars: { t: 'T' } }).name).toBe(name);
  });
  test('a value with a line break cannot be injected into an INI file', async () => {
    const before = snapshot(home);
    const values = { access_key: 'A\n[evil]\nx = y', secret_key: 'B' };
    await expect(write(providerSecret('aws', { values, env: {}, home }))).rejects.toThrow(/line break/);
    await expect(write(providerSecret('wandb', { values: { api_key: 'a b' }, env: {}, home }))).rejects.toThrow(/no spaces/);
    expect(snapshot(home)).toEqual(before);
  });
  test('missing required values are named', () => {
    expect(() => providerSecret('aws', { values: { access_key: 'A' } })).toThrow(/"secret_key"/);
  });
});

describe('tampered write records', () => {
  test('remove refuses a record whose backup or folders are not ours', async () => {
    const { remove } = await import('./index.ts');
    const p = put('victim', 'keep');
    const base = { v: 1 as const, provider: 'aws', at: 0, env: null };
    const file = { path: p, codec: 'ini' as const, action: 'merged' as const, created: false, createdDirs: [], selector: null, fileKeys: [], compareKeys: [], mode: 0o600, writtenSha256: null, partSha256: null };
    await expect(remove({ ...base, files: [{ ...file, backup: join(home, 'elsewhere') }] })).rejects.toThrow(/backup path/);
    await expect(remove({ ...base, files: [{ ...file, backup: null, createdDirs: [join(home, 'x')] }] })).rejects.toThrow(/created folders/);
    expect(readFileSync(p, 'utf8')).toBe('keep');
  });
  test('values that would exceed the size limit are refused before writing', async () => {
    const before = snapshot(home);
    await expect(write(providerSecret('huggingface', { values: { token: 'x'.repeat(1024 * 1024 + 1) }, env: {}, home }))).rejects.toThrow(/larger than/);
    expect(snapshot(home)).toEqual(before);
  });
});
