/**
 * A well-used machine: a real-format credentials file for every file-based
 * provider of the registry, as the tools themselves write them (several
 * profiles, hosts, contexts, machines and registries per file, comments).
 * `VALUES` are what push must read from them (the default part of each file);
 * the real-client checks compare against them.
 */
import { generateKeyPairSync } from 'node:crypto';

const SSH_ED25519 = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACDqX42so1LsHFXEqHUzg/VL96YbU8/BovMRD3CC/b604AAAAJAoSQlEKEkJ
RAAAAAtzc2gtZWQyNTUxOQAAACDqX42so1LsHFXEqHUzg/VL96YbU8/BovMRD3CC/b604A
AAAEAKFSLoiMMkOFOZ4AMTD61FMMAUS424H03/NagbndCHFepfjayjUuwcVcSodTOD9Uv3
phtTz8Gi8xEPcIL9vrTgAAAADGFsaWNlQGxhcHRvcAE=
-----END OPENSSH PRIVATE KEY-----
`;
const SSH_ED25519_PUB = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOpfjayjUuwcVcSodTOD9Uv3phtTz8Gi8xEPcIL9vrTg alice@laptop\n';
const SKY_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAaAAAABNlY2RzYS
1zaGEyLW5pc3RwMjU2AAAACG5pc3RwMjU2AAAAQQRgknOho7zudvWH8o0w4B/9JqYdXqff
qE80IDZArFv2VY6S9JWgFK859f454E//uLuhShVywrcHah0XWzAZja4/AAAAoGJbRhdiW0
YXAAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBGCSc6GjvO529Yfy
jTDgH/0mph1ep9+oTzQgNkCsW/ZVjpL0laAUrzn1/jngT/+4u6FKFXLCtwdqHRdbMBmNrj
8AAAAgNurcRaWUAWi1Pf4DBfbbUjvaQCuUSnDqNrz/BeoinHkAAAAHc2t5LWtleQE=
-----END OPENSSH PRIVATE KEY-----
`;
const SKY_KEY_PUB =
  'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBGCSc6GjvO529YfyjTDgH/0mph1ep9+oTzQgNkCsW/ZVjpL0laAUrzn1/jngT/+4u6FKFXLCtwdqHRdbMBmNrj8= sky-key\n';

/** A fresh RSA key, so google-auth can load the service account for real. */
const GCP_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const GCP_ADC = {
  type: 'service_account',
  project_id: 'alice-ml-project',
  private_key_id: '3f1c0ffee0ddba11',
  private_key: GCP_KEY,
  client_email: 'trainer@alice-ml-project.iam.gserviceaccount.com',
  client_id: '104857600000000000001',
  auth_uri: 'https://accounts.google.com/o/oauth2/auth',
  token_uri: 'https://oauth2.googleapis.com/token',
  universe_domain: 'googleapis.com',
};
const GCP_ADC_TEXT = `${JSON.stringify(GCP_ADC, null, 2)}\n`;

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** What each provider's default part holds (value key -> value). */
export const VALUES = {
  aws: { access_key: 'AKIAALICEDEFAULT0001', secret_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYALICEKEY', region: 'eu-west-1' },
  azure: { subscription_id: '0b1f6471-1bf0-4dda-aec3-111122223333' },
  gcp: { credentials_json: GCP_ADC_TEXT },
  lambda: { api_key: 'secret_alice-laptop_5f1e2d3c4b5a69788796a5b4c3d2e1f0.AbCdEfGhIjKlMnOp' },
  github: { token: 'gho_AliceDotComToken0123456789abcdefXYZ', user: 'alice-gh', git_protocol: 'ssh' },
  huggingface: { token: 'hf_AliceReadWriteToken0123456789abcdefgh' },
  docker: { username: 'alicehub', password: 'dckr_pat_AliceHub0123', server: 'https://index.docker.io/v1/' },
  ssh: { private_key: SSH_ED25519, public_key: SSH_ED25519_PUB },
  sky: { private_key: SKY_KEY, public_key: SKY_KEY_PUB },
  kaggle: { username: 'alicekaggle', key: '0f1e2d3c4b5a69788796a5b4c3d2e1f0' },
  modal: { token_id: 'ak-AliceDefault01', token_secret: 'as-AliceDefaultSecret01' },
  databricks: { host: 'https://adb-1234567890123456.7.azuredatabricks.net', token: 'dapi0123456789abcdef0123456789abcdef' },
  wandb: { api_key: '0123456789abcdef0123456789abcdef01234567' },
} as const;

const KUBECONFIG = `apiVersion: v1
kind: Config
preferences: {}
clusters:
- cluster:
    certificate-authority-data: ${b64('-----BEGIN CERTIFICATE-----\nnot a real CA\n-----END CERTIFICATE-----\n')}
    server: https://gpu.alice.example.com:6443
  name: gpu-cluster
- cluster:
    server: https://127.0.0.1:6443
    insecure-skip-tls-verify: true
  name: kind-dev
contexts:
- context:
    cluster: gpu-cluster
    namespace: training
    user: alice-gpu
  name: gpu
- context:
    cluster: kind-dev
    user: kind-dev
  name: kind-dev
current-context: gpu
users:
- name: alice-gpu
  user:
    token: eyJhbGciOiJSUzI1NiJ9.alice-gpu-token
- name: kind-dev
  user:
    client-certificate-data: ${b64('cert')}
    client-key-data: ${b64('key')}
`;

/** The kubeconfig is kept whole: every context, cluster and user. */
export const KUBE = { kubeconfig: KUBECONFIG, contexts: ['gpu', 'kind-dev'], current: 'gpu', gpuToken: 'eyJhbGciOiJSUzI1NiJ9.alice-gpu-token' } as const;

/** One file of a machine: path under HOME, content and mode. */
export interface MachineFile {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
}

const f = (path: string, content: string, mode = 0o600): MachineFile => ({ path, content, mode });

/** Provider name -> its files on alice's laptop. */
export const MACHINE: Readonly<Record<string, readonly MachineFile[]>> = {
  aws: [
    f('.aws/credentials', [
      '[default]',
      `aws_access_key_id = ${VALUES.aws.access_key}`,
      `aws_secret_access_key = ${VALUES.aws.secret_key}`,
      '',
      '[staging]',
      'aws_access_key_id = AKIAALICESTAGING0002',
      'aws_secret_access_key = stagingSecretKey/0002',
      'aws_session_token = IQoJb3JpZ2luX2VjEStaging',
      '',
    ].join('\n')),
    f('.aws/config', `[default]\nregion = ${VALUES.aws.region}\noutput = json\n\n[profile staging]\nregion = us-east-1\noutput = table\n`),
  ],
  azure: [f('.azure/clouds.config', `[AzureCloud]\nsubscription = ${VALUES.azure.subscription_id}\n\n[AzureChinaCloud]\nsubscription = 9a9a9a9a-0000-4000-8000-chinacloud00\n`)],
  gcp: [f('.config/gcloud/application_default_credentials.json', GCP_ADC_TEXT)],
  lambda: [f('.lambda_cloud/lambda_keys', `api_key = ${VALUES.lambda.api_key}\n`)],
  github: [
    f('.config/gh/hosts.yml', [
      'github.com:',
      `    oauth_token: ${VALUES.github.token}`,
      `    user: ${VALUES.github.user}`,
      `    git_protocol: ${VALUES.github.git_protocol}`,
      'github.alice-corp.com:',
      '    oauth_token: gho_EnterpriseToken0123456789',
      '    user: alice-corp',
      '    git_protocol: https',
      '',
    ].join('\n')),
    f('.config/gh/config.yml', '# What protocol to use when performing git operations.\ngit_protocol: ssh\neditor:\nprompt: enabled\n', 0o644),
  ],
  huggingface: [f('.cache/huggingface/token', VALUES.huggingface.token, 0o644)],
  kubernetes: [f('.kube/config', KUBECONFIG)],
  docker: [
    f('.docker/config.json', `${JSON.stringify({
      auths: {
        'https://index.docker.io/v1/': { auth: b64(`${VALUES.docker.username}:${VALUES.docker.password}`) },
        'ghcr.io': { auth: b64('alice-gh:ghp_GhcrToken0123') },
        'nvcr.io': { auth: b64('$oauthtoken:nvapi-NgcKey0123') },
      },
      psFormat: 'table {{.ID}}\\t{{.Names}}',
    }, null, '\t')}\n`),
  ],
  ssh: [f('.ssh/id_ed25519', SSH_ED25519), f('.ssh/id_ed25519.pub', SSH_ED25519_PUB, 0o644)],
  sky: [f('.ssh/sky-key', SKY_KEY), f('.ssh/sky-key.pub', SKY_KEY_PUB, 0o644)],
  kaggle: [f('.kaggle/kaggle.json', JSON.stringify(VALUES.kaggle))],
  modal: [
    f('.modal.toml', [
      '[default]',
      `token_id = "${VALUES.modal.token_id}"`,
      `token_secret = "${VALUES.modal.token_secret}"`,
      'active = true',
      '',
      '[alice-research]',
      'token_id = "ak-AliceResearch02"',
      'token_secret = "as-AliceResearchSecret02"',
      '',
    ].join('\n')),
  ],
  databricks: [
    f('.databrickscfg', [
      '; The profile defined in the DEFAULT section is to be used as a fallback when no profile is explicitly specified.',
      '[DEFAULT]',
      `host  = ${VALUES.databricks.host}`,
      `token = ${VALUES.databricks.token}`,
      '',
      '[STAGING]',
      'host  = https://adb-staging.11.azuredatabricks.net',
      'token = dapiStaging0123',
      'cluster_id = 0123-456789-abcdefgh',
      '',
    ].join('\n')),
  ],
  wandb: [
    f('.netrc', [
      'machine github.com',
      '  login alice-gh',
      '  password ghp_NetrcGithub0123',
      'machine api.wandb.ai',
      '  login user',
      `  password ${VALUES.wandb.api_key}`,
      'machine urs.earthdata.nasa.gov login alice password EarthData0123',
      '',
    ].join('\n')),
  ],
};
