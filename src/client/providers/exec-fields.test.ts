import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { EXEC_FIELDS, execFieldsIn } from './exec-fields.ts';
import { ProviderExecFieldError, ProviderValueError } from './errors.ts';
import { materialize } from './env.ts';
import { providerSecret } from './secret.ts';
import { write } from './write.ts';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'latchkey-exec-fields-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const KUBE_EXEC = `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: 'https://k.example' } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
users:
  - name: u
    user:
      exec: { apiVersion: client.authentication.k8s.io/v1, command: /mallory/run }
`;
const KUBE_AUTH_PROVIDER = KUBE_EXEC.replace(/exec: .*/, 'auth-provider: { name: oidc, config: { cmd-path: /mallory/run } }');
const KUBE_TOKEN = KUBE_EXEC.replace(/exec: .*/, 'token: own-token');
const ADC_EXECUTABLE = JSON.stringify({
  type: 'external_account', audience: 'a', subject_token_type: 't', token_url: 'https://sts.example',
  credential_source: { executable: { command: '/mallory/run', timeout_millis: 5000 } },
});
const ADC_USER = JSON.stringify({ type: 'authorized_user', client_id: 'i', client_secret: 's', refresh_token: 'r' });
/** A profile name that breaks out of its [section] header into a key line. */
const AWS_PROFILE_INJECTION = 'x]\ncredential_process = /mallory/run\n[y';
const AWS = { access_key: 'AKIAMALLORY', secret_key: 'mallory-secret' };

/** One case per field of EXEC_FIELDS, each placed by the real provider write. */
const CASES: { field: string; provider: string; values: Record<string, string>; options?: { profile?: string } }[] = [
  { field: 'users[].user.exec', provider: 'kubernetes', values: { kubeconfig: KUBE_EXEC } },
  { field: 'users[].user.auth-provider', provider: 'kubernetes', values: { kubeconfig: KUBE_AUTH_PROVIDER } },
  { field: 'credential_source.executable', provider: 'gcp', values: { credentials_json: ADC_EXECUTABLE } },
];

async function filesIn(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort();
}

describe('a shared secret that would make a tool run a command', () => {
  for (const c of CASES) {
    test(`${c.provider}: ${c.field} is refused by write and materialize, naming file and field, placing nothing`, async () => {
      const secret = providerSecret(c.provider, { values: c.values, home, env: {}, ...c.options });
      const error = await write(secret, { file: true, shared: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderExecFieldError);
      const message = (error as Error).message;
      expect(message).toContain(c.field);
      expect(message).toContain(home);
      expect(message).not.toContain('/mallory/run');
      expect(await filesIn(home)).toEqual([]);

      const dir = join(home, 'run');
      const made = await materialize({ spec: secret.spec, options: c.options ?? {} }, c.values, dir, { shared: true }).catch((e: unknown) => e);
      expect(made).toBeInstanceOf(ProviderExecFieldError);
      expect(await filesIn(home)).toEqual([]);
    });

    test(`${c.provider}: your own secret with ${c.field} is still written`, async () => {
      const secret = providerSecret(c.provider, { values: c.values, home, env: {}, ...c.options });
      const record = await write(secret, { file: true });
      expect(record.files.length).toBeGreaterThan(0);
    });
  }

  test('aws: a profile name that would add credential_process is refused for every secret, own or shared, placing nothing', async () => {
    for (const shared of [true, false]) {
      const secret = providerSecret('aws', { values: AWS, home, env: {}, profile: AWS_PROFILE_INJECTION });
      const error = await write(secret, { file: true, shared }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderValueError);
      expect((error as Error).message).toMatch(/section \(profile\) name may not contain/);
      expect((error as Error).message).not.toContain('/mallory/run');
      expect(await filesIn(home)).toEqual([]);
    }
  });

  test('shared secrets without such fields are written', async () => {
    for (const [provider, values] of [
      ['kubernetes', { kubeconfig: KUBE_TOKEN }],
      ['gcp', { credentials_json: ADC_USER }],
      ['aws', AWS],
      ['docker', { username: 'u', password: 'p', server: 'credsStore' }],
      ['wandb', { api_key: 'macdef' }],
    ] as const) {
      const record = await write(providerSecret(provider, { values, home, env: {} }), { file: true, shared: true });
      expect(record.files.length, provider).toBeGreaterThan(0);
    }
  });
});

describe('execFieldsIn finds every listed field in its file format', () => {
  const samples: Record<string, [Parameters<typeof execFieldsIn>[0], string]> = {
    'users[].user.exec': ['kubeconfig', KUBE_EXEC],
    'users[].user.auth-provider': ['kubeconfig', KUBE_AUTH_PROVIDER],
    credential_process: ['ini', '[profile p]\nCredential_Process = /mallory/run\n'],
    credsStore: ['docker-auth', '{"auths":{},"credsStore":"mallory"}'],
    credHelpers: ['json-keys', '{"credHelpers":{"r.example":"mallory"}}'],
    'credential_source.executable': ['json-whole', ADC_EXECUTABLE],
    macdef: ['netrc', 'machine m login a password b\nmacdef init\n!/mallory/run\n\n'],
  };
  test('the list and the samples name the same fields', () => {
    expect(Object.keys(samples).sort()).toEqual(EXEC_FIELDS.map((f) => f.field).sort());
  });
  for (const [field, [codec, text]] of Object.entries(samples)) {
    test(field, async () => {
      expect((await execFieldsIn(codec, text)).map((f) => f.field)).toContain(field);
    });
  }
  test('ordinary files have none; docker server names are not top-level keys', async () => {
    expect(await execFieldsIn('kubeconfig', KUBE_TOKEN)).toEqual([]);
    expect(await execFieldsIn('json-whole', ADC_USER)).toEqual([]);
    expect(await execFieldsIn('ini', '[default]\naws_access_key_id = A\n')).toEqual([]);
    expect(await execFieldsIn('docker-auth', '{"auths":{"credsStore":{"auth":"dTpw"}}}')).toEqual([]);
    expect(await execFieldsIn('netrc', 'machine m login a password macdefx\n')).toEqual([]);
  });
});
