/**
 * Writing into realistic existing files keeps every other byte of meaning,
 * and `remove` restores the original byte for byte.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { getProvider, providerSecret, remove, write, ProviderConflictError } from './index.ts';
import { existingFiles, sampleValues, twoContextKubeconfig } from '../../../test/helpers/provider-samples.ts';
import { cleanup, linesSurvive, snapshot, tempHome } from '../../../test/helpers/provider-home.ts';

let home: string;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => cleanup(home));

function put(rel: string, content: string): string {
  const p = join(home, rel);
  mkdirSync(dirname(p), { recursive: true, mode: 0o700 });
  writeFileSync(p, content, { mode: 0o600 });
  chmodSync(p, 0o600);
  return p;
}

const lineFormats = ['aws', 'azure', 'github', 'wandb', 'databricks', 'modal', 'lambda'];

describe.each(lineFormats)('%s into an existing file', (name) => {
  test('adds our part, keeps every other line in order, remove restores byte for byte', async () => {
    const { path, content } = existingFiles[name]!;
    const p = put(path, content);
    const before = snapshot(home);
    const spec = getProvider(name);
    const values = sampleValues(spec);
    const profile = name === 'aws' ? 'dev' : undefined;
    const rec = await write(providerSecret(name, { values, profile, env: {}, home }));
    const after = readFileSync(p, 'utf8');
    expect(rec.files[0]!.action).toBe('merged');
    expect(linesSurvive(content, after)).toBe(true);
    const back = await providerSecret(name, { profile, env: {}, home }).read();
    for (const k of spec.required) expect(back[k]).toBe(values[k]);
    await remove(rec);
    expect(readFileSync(p, 'utf8')).toBe(content);
    expect(snapshot(home)).toEqual(before);
  });
});

describe('aws with three profiles and comments', () => {
  test('writing one profile keeps the others; conflicts refuse; overwrite + remove restores', async () => {
    const { path, content } = existingFiles['aws']!;
    const p = put(path, content);
    const staging = await providerSecret('aws', { profile: 'staging', env: {}, home }).read();
    expect(staging).toEqual({ access_key: 'AKIASTAGING', secret_key: 'stagingsecret', session_token: 'FwoGZXIvYXdzEStaging' });
    expect((await providerSecret('aws', { env: { AWS_PROFILE: 'prod' }, home }).read()).access_key).toBe('AKIAPROD');
    const values = { access_key: 'AKIANEW', secret_key: 'newsecret' };
    await expect(write(providerSecret('aws', { values, profile: 'staging', env: {}, home }))).rejects.toBeInstanceOf(ProviderConflictError);
    expect(readFileSync(p, 'utf8')).toBe(content);
    const rec = await write(providerSecret('aws', { values, profile: 'staging', env: {}, home }), { overwrite: true });
    const after = readFileSync(p, 'utf8');
    // the stale session token of the replaced profile goes with it; everything else stays
    expect(after).not.toContain('FwoGZXIvYXdzEStaging');
    expect(linesSurvive(content.replace('aws_session_token = FwoGZXIvYXdzEStaging\n', '').replace('aws_access_key_id=AKIASTAGING\naws_secret_access_key=stagingsecret\n', ''), after)).toBe(true);
    expect(after).toContain('aws_access_key_id = AKIANEW');
    expect(await providerSecret('aws', { profile: 'prod', env: {}, home }).read()).toEqual({ access_key: 'AKIAPROD', secret_key: 'prodsecret' });
    await remove(rec);
    expect(readFileSync(p, 'utf8')).toBe(content);
  });

  test('session token and region round-trip (region via ~/.aws/config)', async () => {
    const values = { access_key: 'A', secret_key: 'B', session_token: 'C', region: 'eu-central-1' };
    await write(providerSecret('aws', { values, profile: 'dev', env: {}, home }));
    expect(readFileSync(join(home, '.aws/config'), 'utf8')).toContain('[profile dev]\nregion = eu-central-1');
    expect(await providerSecret('aws', { profile: 'dev', env: {}, home }).read()).toEqual(values);
  });

  test('honours AWS_SHARED_CREDENTIALS_FILE', async () => {
    const env = { AWS_SHARED_CREDENTIALS_FILE: join(home, 'elsewhere/creds'), AWS_CONFIG_FILE: join(home, 'elsewhere/config') };
    const rec = await write(providerSecret('aws', { values: { access_key: 'A', secret_key: 'B' }, env, home }));
    expect(rec.files[0]!.path).toBe(join(home, 'elsewhere/creds'));
    expect((await providerSecret('aws', { env, home }).read()).access_key).toBe('A');
  });

  test('a user edit after our write: remove takes only our profile, keeps theirs', async () => {
    const { path, content } = existingFiles['aws']!;
    const p = put(path, content);
    const rec = await write(providerSecret('aws', { values: { access_key: 'N', secret_key: 'S' }, profile: 'dev', env: {}, home }));
    writeFileSync(p, readFileSync(p, 'utf8') + '\n[later]\naws_access_key_id = L\naws_secret_access_key = LS\n');
    const report = await remove(rec);
    expect(report.files[0]!.action).toBe('part-removed');
    const now = readFileSync(p, 'utf8');
    expect(now).not.toContain('[dev]');
    expect(now).toContain('[later]');
    expect(linesSurvive(content, now)).toBe(true);
  });

  test('overwrite, then a user edit elsewhere: remove takes our values out and keeps the backup of the ones we replaced', async () => {
    const { path, content } = existingFiles['aws']!;
    const p = put(path, content);
    const rec = await write(providerSecret('aws', { values: { access_key: 'AKIANEW', secret_key: 'newsecret' }, profile: 'staging', env: {}, home }), { overwrite: true });
    expect(rec.files[0]!.action).toBe('replaced');
    const backup = rec.files[0]!.backup!;
    writeFileSync(p, readFileSync(p, 'utf8') + '\n[later]\naws_access_key_id = L\naws_secret_access_key = LS\n');
    const report = await remove(rec);
    expect(report.files[0]!.action).toBe('part-removed');
    expect(readFileSync(p, 'utf8')).not.toContain('AKIANEW');
    // The staging credentials we replaced exist only in the backup: it must survive, and the report must say where it is.
    expect(readFileSync(backup, 'utf8')).toBe(content);
    expect(report.files[0]!.note).toContain(backup);
  });

  test('a user change of our values since: remove leaves the file and says so', async () => {
    const rec = await write(providerSecret('aws', { values: { access_key: 'N', secret_key: 'S' }, env: {}, home }));
    const p = join(home, '.aws/credentials');
    writeFileSync(p, readFileSync(p, 'utf8').replace('= N', '= CHANGED'));
    const changed = readFileSync(p, 'utf8');
    const report = await remove(rec);
    expect(report.files[0]!.action).toBe('left-changed');
    expect(readFileSync(p, 'utf8')).toBe(changed);
  });
});

test('netrc with several machines: our machine only; login/account of others kept', async () => {
  const { path, content } = existingFiles['wandb']!;
  const p = put(path, content);
  const rec = await write(providerSecret('wandb', { values: { api_key: 'wandbkey' }, env: {}, home }));
  const after = readFileSync(p, 'utf8');
  expect(after.startsWith(content)).toBe(true);
  expect(after).toContain('machine api.wandb.ai\n  login user\n  password wandbkey\n');
  const rec2 = await write(providerSecret('wandb', { values: { api_key: 'other' }, env: {}, home }), { overwrite: true });
  expect(readFileSync(p, 'utf8').startsWith(content)).toBe(true);
  await remove(rec2);
  await remove(rec);
  expect(readFileSync(p, 'utf8')).toBe(content);
});

test('gh hosts.yml with two hosts: github.com added, both others intact, comments kept', async () => {
  const { path, content } = existingFiles['github']!;
  const p = put(path, content);
  await write(providerSecret('github', { values: { token: 'gho_new', user: 'me' }, env: {}, home }));
  const after = readFileSync(p, 'utf8');
  const before = parseYaml(content);
  const parsed = parseYaml(after);
  expect(parsed['github.example.com']).toEqual(before['github.example.com']);
  expect(parsed['gitlab.example.org']).toEqual(before['gitlab.example.org']);
  expect(parsed['github.com']).toEqual({ oauth_token: 'gho_new', user: 'me' });
  expect(after).toContain('# gh hosts');
  expect(after).toContain('# note');
  expect((await providerSecret('github', { host: 'github.example.com', env: {}, home }).read()).token).toBe('gho_enterprise');
  expect((await providerSecret('github', { env: { GH_CONFIG_DIR: join(home, '.config/gh') }, home: '/nonexistent' }).read()).token).toBe('gho_new');
});

test('kubeconfig with two contexts: one context merged with its cluster and user', async () => {
  const p = put('.kube/config', twoContextKubeconfig);
  const values = sampleValues(getProvider('kubernetes'));
  const rec = await write(providerSecret('kubernetes', { values, context: 'latchkey', env: {}, home }));
  const after = parseYaml(readFileSync(p, 'utf8'));
  const before = parseYaml(twoContextKubeconfig);
  expect(after.contexts.map((c: { name: string }) => c.name)).toEqual(['a', 'b', 'latchkey']);
  expect(after.clusters.slice(0, 2)).toEqual(before.clusters);
  expect(after.users.slice(0, 2)).toEqual(before.users);
  expect(after['current-context']).toBe('a');
  expect(readFileSync(p, 'utf8')).toContain('# primary');
  const one = await providerSecret('kubernetes', { context: 'b', env: {}, home }).read();
  expect(parseYaml(one.kubeconfig!).users).toEqual([{ name: 'b-user', user: { token: 'tok-b' } }]);
  expect(await write(providerSecret('kubernetes', { values, context: 'latchkey', env: {}, home }))).toMatchObject({ files: [{ action: 'unchanged' }] });
  await expect(write(providerSecret('kubernetes', { values: sampleValues(getProvider('kubernetes'), 2), context: 'latchkey', env: {}, home }))).rejects.toBeInstanceOf(ProviderConflictError);
  await remove(rec);
  expect(readFileSync(p, 'utf8')).toBe(twoContextKubeconfig);
});

test('docker config with two registries: a third merged, others and credsStore kept', async () => {
  const { path, content } = existingFiles['docker']!;
  const p = put(path, content);
  const rec = await write(providerSecret('docker', { values: { username: 'u', password: 'p:w', server: 'registry.example.com' }, env: {}, home }));
  const after = JSON.parse(readFileSync(p, 'utf8'));
  const before = JSON.parse(content);
  expect(after.auths['ghcr.io']).toEqual(before.auths['ghcr.io']);
  expect(after.auths['https://index.docker.io/v1/']).toEqual(before.auths['https://index.docker.io/v1/']);
  expect(after.credsStore).toBe('desktop');
  expect(Buffer.from(after.auths['registry.example.com'].auth, 'base64').toString()).toBe('u:p:w');
  expect(readFileSync(p, 'utf8')).toContain('\n\t"auths"');
  expect(await providerSecret('docker', { host: 'registry.example.com', env: {}, home }).read()).toEqual({ username: 'u', password: 'p:w', server: 'registry.example.com' });
  expect(await providerSecret('docker', { env: {}, home }).read()).toEqual({ username: 'hub', password: 'hubpass', server: 'https://index.docker.io/v1/' });
  await remove(rec);
  expect(readFileSync(p, 'utf8')).toBe(content);
});

test('databricks with two profiles: DEFAULT added, DEV and STAGING (with extra keys) kept', async () => {
  const { path, content } = existingFiles['databricks']!;
  const p = put(path, content);
  await write(providerSecret('databricks', { values: { host: 'https://x', token: 't' }, env: {}, home }));
  expect(linesSurvive(content, readFileSync(p, 'utf8'))).toBe(true);
  expect(await providerSecret('databricks', { profile: 'STAGING', env: {}, home }).read()).toEqual({ host: 'https://stg.cloud.databricks.com', token: 'dapistg' });
  expect(await providerSecret('databricks', { env: { DATABRICKS_CONFIG_PROFILE: 'DEV' }, home }).read()).toEqual({ host: 'https://dev.cloud.databricks.com', token: 'dapidev' });
});

test('modal TOML: values are quoted strings and round-trip with escapes', async () => {
  const { path, content } = existingFiles['modal']!;
  const p = put(path, content);
  const values = { token_id: 'ak-"q"', token_secret: 'as\\x' };
  await write(providerSecret('modal', { values, env: {}, home }));
  expect(readFileSync(p, 'utf8')).toContain('token_id = "ak-\\"q\\""');
  expect(await providerSecret('modal', { env: {}, home }).read()).toEqual(values);
  expect(await providerSecret('modal', { profile: 'work', env: {}, home }).read()).toEqual({ token_id: 'ak-work', token_secret: 'as-work' });
});

test('huggingface: overwrite replaces the token (never appends); HF_HOME and HF_TOKEN_PATH honoured', async () => {
  const p = put('.cache/huggingface/token', 'hf_old\n');
  expect(await providerSecret('huggingface', { env: {}, home }).read()).toEqual({ token: 'hf_old' });
  await write(providerSecret('huggingface', { values: { token: 'hf_new' }, env: {}, home }), { overwrite: true });
  expect(readFileSync(p, 'utf8')).toBe('hf_new\n');
  const env = { HF_HOME: join(home, 'hf') };
  const rec = await write(providerSecret('huggingface', { values: { token: 'hf_home' }, env, home }));
  expect(rec.files[0]!.path).toBe(join(home, 'hf/token'));
  const env2 = { HF_TOKEN_PATH: join(home, 'tp'), HF_HOME: join(home, 'hf') };
  expect((await write(providerSecret('huggingface', { values: { token: 'x' }, env: env2, home }))).files[0]!.path).toBe(join(home, 'tp'));
});

test('gcp honours GOOGLE_APPLICATION_CREDENTIALS and CLOUDSDK_CONFIG, creating parent folders', async () => {
  const values = sampleValues(getProvider('gcp'));
  const env = { CLOUDSDK_CONFIG: join(home, 'deep/gcloud') };
  const rec = await write(providerSecret('gcp', { values, env, home }));
  expect(rec.files[0]!.path).toBe(join(home, 'deep/gcloud/application_default_credentials.json'));
  const sa = put('sa.json', values.credentials_json!);
  expect((await providerSecret('gcp', { env: { GOOGLE_APPLICATION_CREDENTIALS: sa }, home }).read()).credentials_json).toBe(values.credentials_json);
  // same JSON, different spacing: a no-op
  const compact = JSON.stringify(JSON.parse(values.credentials_json!));
  expect((await write(providerSecret('gcp', { values: { credentials_json: compact }, env, home }))).files[0]!.action).toBe('unchanged');
});

test('ssh defaults to the first existing of id_ed25519, id_ecdsa, id_rsa', async () => {
  put('.ssh/id_rsa', 'RSA PRIVATE\n');
  put('.ssh/id_rsa.pub', 'ssh-rsa AAAA r\n');
  put('.ssh/id_ecdsa', 'ECDSA PRIVATE\n');
  put('.ssh/id_ecdsa.pub', 'ecdsa-sha2-nistp256 AAAA e\n');
  expect((await providerSecret('ssh', { env: {}, home }).read()).private_key).toBe('ECDSA PRIVATE\n');
  expect((await providerSecret('ssh', { keyName: 'id_rsa', env: {}, home }).read()).private_key).toBe('RSA PRIVATE\n');
  // writing an ed25519 pair goes to id_ed25519 and leaves the others alone
  const values = sampleValues(getProvider('ssh'));
  const rec = await write(providerSecret('ssh', { values, env: {}, home }));
  expect(rec.files[0]!.path).toBe(join(home, '.ssh/id_ed25519'));
  expect((await remove(rec)).files[0]!.action).toBe('kept-key-pair');
  expect(readFileSync(join(home, '.ssh/id_ed25519.pub'), 'utf8')).toBe(values.public_key);
});

test('gh: the same token is a no-op even when gh stored more; new keys are added without dropping others', async () => {
  const p = put('.config/gh/hosts.yml', 'github.com:\n    oauth_token: gho_same\n    git_protocol: ssh\n');
  const same = await write(providerSecret('github', { values: { token: 'gho_same' }, env: {}, home }));
  expect(same.files[0]!.action).toBe('unchanged');
  const rec = await write(providerSecret('github', { values: { token: 'gho_same', user: 'me' }, env: {}, home }));
  expect(rec.files[0]!.action).toBe('merged');
  expect(parseYaml(readFileSync(p, 'utf8'))).toEqual({ 'github.com': { oauth_token: 'gho_same', git_protocol: 'ssh', user: 'me' } });
  await expect(write(providerSecret('github', { values: { token: 'gho_other' }, env: {}, home }))).rejects.toBeInstanceOf(ProviderConflictError);
  await remove(rec);
  expect(readFileSync(p, 'utf8')).toBe('github.com:\n    oauth_token: gho_same\n    git_protocol: ssh\n');
});

test('kaggle.json: username and key merged beside other keys, mode 0600, removed exactly', async () => {
  const { path, content } = existingFiles['kaggle']!;
  const p = put(path, content);
  const rec = await write(providerSecret('kaggle', { values: { username: 'u', key: 'k' }, env: {}, home }));
  expect(JSON.parse(readFileSync(p, 'utf8'))).toEqual({ proxy: 'http://proxy:3128', username: 'u', key: 'k' });
  expect(await providerSecret('kaggle', { env: { KAGGLE_USERNAME: 'x', KAGGLE_KEY: 'y' }, home }).read()).toEqual({ username: 'u', key: 'k' });
  await remove(rec);
  expect(readFileSync(p, 'utf8')).toBe(content);
});

test('azure: subscription from clouds.config, service principal from env when present', async () => {
  put('.azure/clouds.config', '[AzureCloud]\nsubscription = sub-1\n');
  const env = { AZURE_CLIENT_ID: 'cid', AZURE_TENANT_ID: 'tid', AZURE_CLIENT_SECRET: 'cs', AZURE_SUBSCRIPTION_ID: 'ignored' };
  expect(await providerSecret('azure', { env, home }).read()).toEqual({ subscription_id: 'sub-1', client_id: 'cid', tenant_id: 'tid', client_secret: 'cs' });
  expect(await providerSecret('azure', { env: {}, home }).read()).toEqual({ subscription_id: 'sub-1' });
  expect(await providerSecret('azure', { env: { AZURE_CONFIG_DIR: join(home, 'none') , ...env }, home }).read()).toEqual({ subscription_id: 'ignored', client_id: 'cid', tenant_id: 'tid', client_secret: 'cs' });
});

test('an empty kubeconfig is not a conflict', async () => {
  const p = put('.kube/config', '');
  const values = sampleValues(getProvider('kubernetes'));
  const rec = await write(providerSecret('kubernetes', { values, env: {}, home }));
  expect(rec.files[0]!.action).toBe('merged');
  expect(readFileSync(p, 'utf8')).toBe(values.kubeconfig);
  await remove(rec);
  expect(readFileSync(p, 'utf8')).toBe('');
});
