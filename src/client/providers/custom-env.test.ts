/**
 * Custom secrets, env maps and materialisation for `latchkey run`.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  customSecret,
  envFor,
  getProvider,
  materialize,
  providerSecret,
  remove,
  write,
  ProviderConflictError,
  ProviderNotFoundError,
} from './index.ts';
import { sampleValues } from '../../../test/helpers/provider-samples.ts';
import { cleanup, modeOf, snapshot, tempHome } from '../../../test/helpers/provider-home.ts';

let home: string;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => cleanup(home));

test('custom secret with a JSON file and env vars at once', async () => {
  const path = join(home, 'conf/db.json');
  const values = { url: 'postgres://u:p@h/db', password: 'pw' };
  const secret = customSecret({ name: 'team/db', file: { path, format: 'json' }, envVars: { url: 'DATABASE_URL', password: 'DB_PASSWORD' }, values, env: {}, home });
  const target: Record<string, string | undefined> = { KEEP: '1' };
  const rec = await write(secret, { env: target });
  expect(rec.provider).toBe('custom:team/db');
  expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(values);
  expect(modeOf(path)).toBe(0o600);
  expect(target).toEqual({ KEEP: '1', DATABASE_URL: values.url, DB_PASSWORD: 'pw' });
  expect(await customSecret({ name: 'team/db', file: { path, format: 'json' }, envVars: { url: 'DATABASE_URL', password: 'DB_PASSWORD' }, env: {}, home }).read()).toEqual(values);
  expect(await customSecret({ name: 'team/db', envVars: { url: 'DATABASE_URL', password: 'DB_PASSWORD' }, env: target, home }).read()).toEqual(values);
  await remove(rec, { env: target });
  expect(existsSync(path)).toBe(false);
  expect(existsSync(join(home, 'conf'))).toBe(false);
  expect(target).toEqual({ KEEP: '1' });
});

test('custom raw file: written byte for byte; conflicts refused; ~/ paths', async () => {
  const values = { value: 'line1\nline2\n' };
  const rec = await write(customSecret({ name: 'cert', file: { path: '~/certs/ca.pem', format: 'raw' }, values, env: {}, home }));
  expect(readFileSync(join(home, 'certs/ca.pem'), 'utf8')).toBe(values.value);
  await expect(write(customSecret({ name: 'cert', file: { path: '~/certs/ca.pem', format: 'raw' }, values: { value: 'x' }, env: {}, home }))).rejects.toBeInstanceOf(ProviderConflictError);
  await remove(rec);
  expect(snapshot(home)).toEqual({});
});

test('custom JSON file merges into an existing object and removes only its keys', async () => {
  const path = join(home, 'app.json');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path, '{\n  "debug": true,\n  "name": "app"\n}\n');
  const rec = await write(customSecret({ name: 'app', file: { path, format: 'json' }, values: { token: 't' }, env: {}, home }));
  expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ debug: true, name: 'app', token: 't' });
  await remove(rec);
  expect(readFileSync(path, 'utf8')).toBe('{\n  "debug": true,\n  "name": "app"\n}\n');
});

test('providerSecret envVars and path overrides', async () => {
  const s = providerSecret('openai', { envVars: { api_key: 'MY_OPENAI' }, env: { MY_OPENAI: 'k', OPENAI_API_KEY: 'other' } });
  expect(await s.read()).toEqual({ api_key: 'k' });
  const p = join(home, 'my-token');
  await write(providerSecret('huggingface', { values: { token: 'hf' }, path: p, env: {}, home }));
  expect(readFileSync(p, 'utf8')).toBe('hf\n');
  expect(await providerSecret('huggingface', { path: p, env: { HF_TOKEN: 'env' }, home }).read()).toEqual({ token: 'hf' });
  await expect(providerSecret('huggingface', { path: join(home, 'none'), env: { HF_TOKEN: 'env' }, home }).read()).rejects.toBeInstanceOf(ProviderNotFoundError);
  const rec = await write(providerSecret('huggingface', { values: { token: 'hf2' }, env: {}, home }), { file: join(home, 'other-token') });
  expect(rec.files[0]!.path).toBe(join(home, 'other-token'));
});

test('values are read lazily at each access', async () => {
  const env: Record<string, string | undefined> = {};
  const s = providerSecret('anthropic', { env });
  await expect(s.read()).rejects.toBeInstanceOf(ProviderNotFoundError);
  env['ANTHROPIC_API_KEY'] = 'one';
  expect(await s.read()).toEqual({ api_key: 'one' });
  env['ANTHROPIC_API_KEY'] = 'two';
  expect(await s.read()).toEqual({ api_key: 'two' });
});

test('envFor maps values to primary env names', () => {
  expect(envFor('aws', { access_key: 'A', secret_key: 'B', region: 'r' })).toEqual({ AWS_ACCESS_KEY_ID: 'A', AWS_SECRET_ACCESS_KEY: 'B', AWS_REGION: 'r', AWS_DEFAULT_REGION: 'r' });
  expect(envFor('cohere', { api_key: 'c' })).toEqual({ COHERE_API_KEY: 'c', CO_API_KEY: 'c' });
  expect(envFor('azure', { subscription_id: 's', client_id: 'c', tenant_id: 't', client_secret: 'x' })).toEqual({ AZURE_SUBSCRIPTION_ID: 's', AZURE_CLIENT_ID: 'c', AZURE_TENANT_ID: 't', AZURE_CLIENT_SECRET: 'x' });
  expect(envFor('gcp', sampleValues(getProvider('gcp')))).toEqual({});
});

test('materialize writes files into a folder and points tools at them', async () => {
  const dir = join(home, 'run');
  const gcp = await materialize('gcp', sampleValues(getProvider('gcp')), dir);
  expect(readFileSync(gcp.env['GOOGLE_APPLICATION_CREDENTIALS']!, 'utf8')).toBe(sampleValues(getProvider('gcp')).credentials_json);
  const kube = await materialize('kubernetes', sampleValues(getProvider('kubernetes')), dir);
  expect(parseYaml(readFileSync(kube.env['KUBECONFIG']!, 'utf8')).contexts[0].name).toBe('latchkey');
  const aws = await materialize({ spec: getProvider('aws'), options: { profile: 'ci' } }, { access_key: 'A', secret_key: 'B', region: 'r' }, dir);
  expect(aws.env['AWS_PROFILE']).toBe('ci');
  expect(aws.env['AWS_ACCESS_KEY_ID']).toBe('A');
  expect(readFileSync(aws.env['AWS_SHARED_CREDENTIALS_FILE']!, 'utf8')).toContain('[ci]\naws_access_key_id = A');
  expect(readFileSync(aws.env['AWS_CONFIG_FILE']!, 'utf8')).toContain('[profile ci]\nregion = r');
  const docker = await materialize('docker', { username: 'u', password: 'p' }, dir);
  expect(JSON.parse(readFileSync(join(docker.env['DOCKER_CONFIG']!, 'config.json'), 'utf8')).auths['https://index.docker.io/v1/'].auth).toBe(btoa('u:p'));
  const wandb = await materialize('wandb', { api_key: 'w' }, dir);
  expect(readFileSync(wandb.env['NETRC']!, 'utf8')).toContain('machine api.wandb.ai');
  expect(wandb.env['WANDB_API_KEY']).toBe('w');
  const gh = await materialize('github', { token: 'g' }, dir);
  expect(readFileSync(join(gh.env['GH_CONFIG_DIR']!, 'hosts.yml'), 'utf8')).toContain('oauth_token: g');
  const hf = await materialize('huggingface', { token: 'h' }, dir);
  expect(readFileSync(hf.env['HF_TOKEN_PATH']!, 'utf8')).toBe('h\n');
  for (const f of [...gcp.files, ...kube.files, ...aws.files]) expect(modeOf(f)).toBe(0o600);
  expect(await materialize('openai', { api_key: 'o' }, dir)).toEqual({ env: { OPENAI_API_KEY: 'o' }, files: [] });
});

test('materialize puts a custom file secret inside the folder, not at its own path', async () => {
  const secret = customSecret({ name: 'cfg', file: { path: join(home, 'real/app.json'), format: 'json' }, envVars: { token: 'APP_TOKEN' }, env: {}, home });
  const m = await materialize(secret, { token: 't' }, join(home, 'run'));
  expect(m.files).toEqual([join(home, 'run/app.json')]);
  expect(m.env).toEqual({ APP_TOKEN: 't' });
  expect(existsSync(join(home, 'real'))).toBe(false);
});
