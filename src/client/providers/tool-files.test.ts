/**
 * Every file provider reads the files its own tool writes (hand-written
 * here in each tool's format), found through the default path or the
 * tool's override variable.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { detectProviders, providers, providerSecret, type ProviderValues } from './index.ts';
import { cleanup, tempHome } from '../../../test/helpers/provider-home.ts';

let home: string;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => cleanup(home));

const KUBE = 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n';
const GCP = '{\n  "client_id": "764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com",\n  "client_secret": "d-FL95Q19q7MQmFpd7hHD0Ty",\n  "refresh_token": "1//0g",\n  "type": "authorized_user"\n}\n';

/** provider -> files as the tool writes them (home-relative), the values expected, and an env that moves them. */
const cases: Record<string, { files: Record<string, string>; values: ProviderValues; env?: Record<string, string> }> = {
  aws: { files: { '.aws/credentials': '[default]\naws_access_key_id = AKIAX\naws_secret_access_key = sk\n', '.aws/config': '[default]\nregion = us-east-2\noutput = json\n' }, values: { access_key: 'AKIAX', secret_key: 'sk', region: 'us-east-2' } },
  azure: { files: { 'az/clouds.config': '[AzureCloud]\nsubscription = 0000-1111\n\n' }, values: { subscription_id: '0000-1111' }, env: { AZURE_CONFIG_DIR: 'az' } },
  gcp: { files: { '.config/gcloud/application_default_credentials.json': GCP }, values: { credentials_json: GCP } },
  lambda: { files: { '.lambda_cloud/lambda_keys': 'api_key = secret_lambda_abc\n' }, values: { api_key: 'secret_lambda_abc' } },
  github: { files: { 'ghc/hosts.yml': 'github.com:\n    git_protocol: https\n    user: octocat\n    oauth_token: gho_abc\n' }, values: { token: 'gho_abc', user: 'octocat', git_protocol: 'https' }, env: { GH_CONFIG_DIR: 'ghc' } },
  huggingface: { files: { 'hfh/token': 'hf_abc' }, values: { token: 'hf_abc' }, env: { HF_HOME: 'hfh' } },
  kubernetes: { files: { 'k1': KUBE }, values: { kubeconfig: KUBE }, env: { KUBECONFIG: 'k1:k2' } },
  docker: { files: { 'dk/config.json': '{\n\t"auths": {\n\t\t"https://index.docker.io/v1/": {\n\t\t\t"auth": "dXNlcjpwYXNz"\n\t\t}\n\t}\n}' }, values: { username: 'user', password: 'pass', server: 'https://index.docker.io/v1/' }, env: { DOCKER_CONFIG: 'dk' } },
  ssh: { files: { '.ssh/id_ed25519': 'PRIV\n', '.ssh/id_ed25519.pub': 'ssh-ed25519 AAAA me\n' }, values: { private_key: 'PRIV\n', public_key: 'ssh-ed25519 AAAA me\n' } },
  sky: { files: { '.ssh/sky-key': 'SKYPRIV\n', '.ssh/sky-key.pub': 'ssh-rsa BBBB sky\n' }, values: { private_key: 'SKYPRIV\n', public_key: 'ssh-rsa BBBB sky\n' } },
  wandb: { files: { 'n/netrc': 'machine api.wandb.ai\n  login user\n  password 0123456789abcdef\n' }, values: { api_key: '0123456789abcdef' }, env: { NETRC: 'n/netrc' } },
  kaggle: { files: { '.kaggle/kaggle.json': '{"username":"kuser","key":"kkey"}' }, values: { username: 'kuser', key: 'kkey' } },
  modal: { files: { '.modal.toml': '[default]\ntoken_id = "ak-123"\ntoken_secret = "as-456"\nactive = true\n' }, values: { token_id: 'ak-123', token_secret: 'as-456' } },
  databricks: { files: { 'db.cfg': '[DEFAULT]\nhost  = https://adb-1.azuredatabricks.net\ntoken = dapi0\n' }, values: { host: 'https://adb-1.azuredatabricks.net', token: 'dapi0' }, env: { DATABRICKS_CONFIG_FILE: 'db.cfg' } },
};

test('every file provider has a tool-written fixture', () => {
  const fileProviders = providers.filter((p) => p.files.length > 0 || p.keyPair).map((p) => p.name).sort();
  expect(Object.keys(cases).sort()).toEqual(fileProviders);
});

test.each(Object.entries(cases))('%s reads the file its tool writes', async (name, c) => {
  for (const [rel, content] of Object.entries(c.files)) {
    mkdirSync(dirname(join(home, rel)), { recursive: true });
    writeFileSync(join(home, rel), content);
  }
  const env = Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, v.split(':').map((p) => join(home, p)).join(':')]));
  const found = await providerSecret(name, { env, home }).locate();
  expect(found.source).toBe('file');
  expect(found.values).toEqual(c.values);
  expect((await detectProviders({ env, home })).find((d) => d.provider === name)).toMatchObject({ source: 'file' });
});
