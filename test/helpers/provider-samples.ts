/**
 * Sample values for every provider and realistic existing credentials files.
 */
import type { ProviderSpec, ProviderValues } from '../../src/client/providers/index.ts';

const ED_PUB = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeFakeFakeFakeFakeFakeFakeFakeFakeFake test@example\n';
const ED_PRIV = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n';

function kubeconfig(name: string, server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `  - name: ${name}-cluster`,
    '    cluster:',
    `      server: ${server}`,
    'contexts:',
    `  - name: ${name}`,
    '    context:',
    `      cluster: ${name}-cluster`,
    `      user: ${name}-user`,
    'users:',
    `  - name: ${name}-user`,
    '    user:',
    `      token: tok-${name}`,
    `current-context: ${name}`,
    '',
  ].join('\n');
}

/** Sample values (`variant` changes every value, for conflict tests). */
export function sampleValues(spec: ProviderSpec, variant = 0): ProviderValues {
  const v = variant === 0 ? '' : `-v${variant}`;
  switch (spec.name) {
    case 'gcp':
      return { credentials_json: JSON.stringify({ type: 'service_account', project_id: `proj${v}`, private_key_id: `abc${v}`, client_email: 'sa@proj.iam.gserviceaccount.com' }, null, 2) + '\n' };
    case 'kubernetes':
      return { kubeconfig: kubeconfig('latchkey', `https://k8s${v}.example.com`) };
    case 'ssh':
    case 'sky':
      return { private_key: ED_PRIV.replace('AAAAAAAAAB', `AAAAAAAAA${variant}`), public_key: ED_PUB.replace('test@', `test${variant}@`) };
    case 'docker':
      return { username: `user${v}`, password: `pass${v}`, server: 'registry.example.com' };
    case 'databricks':
      return { host: `https://dbc${v}.cloud.databricks.com`, token: `dapi123${v}` };
    default: {
      const out: ProviderValues = {};
      for (const k of spec.valueKeys) out[k] = `${spec.name}-${k}-S3cr3t${v}`;
      return out;
    }
  }
}

/** Realistic existing files: home-relative path -> content. */
export const existingFiles: Record<string, { path: string; content: string }> = {
  aws: {
    path: '.aws/credentials',
    content: [
      '# Managed by hand. Do not commit.',
      '[default]',
      'aws_access_key_id = AKIADEFAULT',
      'aws_secret_access_key = defaultsecret',
      '',
      '; staging account',
      '[staging]',
      'aws_access_key_id=AKIASTAGING',
      'aws_secret_access_key=stagingsecret',
      'aws_session_token = FwoGZXIvYXdzEStaging',
      '',
      '[prod]',
      '# rotated 2026-01',
      'aws_access_key_id = AKIAPROD',
      'aws_secret_access_key = prodsecret',
      '',
    ].join('\n'),
  },
  azure: { path: '.azure/clouds.config', content: '[AzureChinaCloud]\nsubscription = 1111-china\n' },
  github: {
    path: '.config/gh/hosts.yml',
    content: [
      '# gh hosts',
      'github.example.com:',
      '    oauth_token: gho_enterprise',
      '    user: ent-user',
      '    git_protocol: ssh',
      'gitlab.example.org:',
      '    oauth_token: glpat_x # note',
      '    user: other',
      '',
    ].join('\n'),
  },
  kubernetes: { path: '.kube/config', content: '' },
  docker: {
    path: '.docker/config.json',
    content: JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: 'aHViOmh1YnBhc3M=' }, 'ghcr.io': { auth: 'Z2g6Z2hwYXNz' } }, credsStore: 'desktop' }, null, '\t') + '\n',
  },
  wandb: {
    path: '.netrc',
    content: 'machine github.com\n  login octo\n  password ghp_abc\n\n# work mirror\nmachine example.com login me password pw account acct\n\ndefault login anonymous password guest\n',
  },
  databricks: {
    path: '.databrickscfg',
    content: '; databricks profiles\n[DEV]\nhost = https://dev.cloud.databricks.com\ntoken = dapidev\n\n[STAGING]\nhost  =  https://stg.cloud.databricks.com\ntoken = dapistg\ncluster_id = 0101-abc\n',
  },
  modal: { path: '.modal.toml', content: '[work]\ntoken_id = "ak-work"\ntoken_secret = "as-work"\nactive = true\n' },
  lambda: { path: '.lambda_cloud/lambda_keys', content: '# lambda\nother_key = keep-me\n' },
  kaggle: { path: '.kaggle/kaggle.json', content: '{"proxy":"http://proxy:3128"}' },
};

/** Two-context kubeconfig, for the context-merge test. */
export const twoContextKubeconfig = [
  '# cluster list',
  'apiVersion: v1',
  'kind: Config',
  'clusters:',
  '  - name: a-cluster',
  '    cluster:',
  '      server: https://a.example.com # primary',
  '  - name: b-cluster',
  '    cluster:',
  '      server: https://b.example.com',
  'contexts:',
  '  - name: a',
  '    context:',
  '      cluster: a-cluster',
  '      user: a-user',
  '  - name: b',
  '    context:',
  '      cluster: b-cluster',
  '      user: b-user',
  'users:',
  '  - name: a-user',
  '    user:',
  '      token: tok-a',
  '  - name: b-user',
  '    user:',
  '      token: tok-b',
  'current-context: a',
  '',
].join('\n');
