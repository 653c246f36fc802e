/**
 * Cloud, infrastructure and developer-tool providers (data only).
 */
import type { ProviderSpec } from './types.ts';

const SECRET_FILE = 0o600;

/** Providers whose credentials usually live in files. */
export const cloudProviders: readonly ProviderSpec[] = [
  {
    name: 'aws',
    description: 'Amazon Web Services access keys (one profile of ~/.aws/credentials, region in ~/.aws/config)',
    valueKeys: ['access_key', 'secret_key', 'session_token', 'region'],
    required: ['access_key', 'secret_key'],
    env: [
      { key: 'access_key', names: ['AWS_ACCESS_KEY_ID'] },
      { key: 'secret_key', names: ['AWS_SECRET_ACCESS_KEY'] },
      { key: 'session_token', names: ['AWS_SESSION_TOKEN'] },
      { key: 'region', names: ['AWS_REGION', 'AWS_DEFAULT_REGION'], exportAll: true },
    ],
    files: [
      {
        id: 'credentials',
        locations: [{ env: 'AWS_SHARED_CREDENTIALS_FILE' }, { home: '.aws/credentials' }],
        codec: 'ini',
        fields: { access_key: 'aws_access_key_id', secret_key: 'aws_secret_access_key', session_token: 'aws_session_token' },
        selector: { kind: 'section', default: 'default', option: 'profile', env: 'AWS_PROFILE' },
        mode: SECRET_FILE,
        pointer: { env: 'AWS_SHARED_CREDENTIALS_FILE', target: 'file' },
      },
      {
        id: 'config',
        locations: [{ env: 'AWS_CONFIG_FILE' }, { home: '.aws/config' }],
        codec: 'ini',
        fields: { region: 'region' },
        selector: {
          kind: 'section', default: 'default', option: 'profile', env: 'AWS_PROFILE',
          format: (name) => (name === 'default' ? 'default' : `profile ${name}`),
        },
        optional: true,
        mode: SECRET_FILE,
        pointer: { env: 'AWS_CONFIG_FILE', target: 'file' },
      },
    ],
  },
  {
    name: 'azure',
    description: 'Azure subscription (~/.azure/clouds.config) and optional service principal',
    valueKeys: ['subscription_id', 'client_id', 'tenant_id', 'client_secret'],
    required: ['subscription_id'],
    env: [
      { key: 'subscription_id', names: ['AZURE_SUBSCRIPTION_ID'] },
      { key: 'client_id', names: ['AZURE_CLIENT_ID'] },
      { key: 'tenant_id', names: ['AZURE_TENANT_ID'] },
      { key: 'client_secret', names: ['AZURE_CLIENT_SECRET'] },
    ],
    envSupplements: ['client_id', 'tenant_id', 'client_secret'],
    files: [
      {
        id: 'clouds',
        locations: [{ envDir: 'AZURE_CONFIG_DIR', path: 'clouds.config' }, { home: '.azure/clouds.config' }],
        codec: 'ini',
        fields: { subscription_id: 'subscription' },
        selector: { kind: 'section', default: 'AzureCloud', option: 'profile' },
        mode: SECRET_FILE,
        pointer: { env: 'AZURE_CONFIG_DIR', target: 'dir' },
      },
    ],
  },
  {
    name: 'gcp',
    description: 'Google Cloud application default credentials (JSON, kept whole)',
    valueKeys: ['credentials_json'],
    required: ['credentials_json'],
    env: [],
    files: [
      {
        id: 'adc',
        locations: [
          { env: 'GOOGLE_APPLICATION_CREDENTIALS' },
          { envDir: 'CLOUDSDK_CONFIG', path: 'application_default_credentials.json' },
          { home: '.config/gcloud/application_default_credentials.json' },
        ],
        codec: 'json-whole',
        fields: { credentials_json: '*' },
        mode: SECRET_FILE,
        pointer: { env: 'GOOGLE_APPLICATION_CREDENTIALS', target: 'file' },
      },
    ],
  },
  {
    name: 'lambda',
    description: 'Lambda Cloud API key (~/.lambda_cloud/lambda_keys)',
    valueKeys: ['api_key'],
    required: ['api_key'],
    env: [{ key: 'api_key', names: ['LAMBDA_API_KEY'] }],
    files: [
      {
        id: 'keys',
        locations: [{ home: '.lambda_cloud/lambda_keys' }],
        codec: 'keyvalue',
        fields: { api_key: 'api_key' },
        mode: SECRET_FILE,
      },
    ],
  },
  {
    name: 'github',
    description: 'GitHub CLI token (one host of ~/.config/gh/hosts.yml)',
    valueKeys: ['token', 'user', 'git_protocol'],
    required: ['token'],
    env: [{ key: 'token', names: ['GH_TOKEN', 'GITHUB_TOKEN'], exportAll: true }],
    files: [
      {
        id: 'hosts',
        locations: [
          { envDir: 'GH_CONFIG_DIR', path: 'hosts.yml' },
          { envDir: 'XDG_CONFIG_HOME', path: 'gh/hosts.yml' },
          { home: '.config/gh/hosts.yml' },
        ],
        codec: 'yaml-key',
        fields: { token: 'oauth_token', user: 'user', git_protocol: 'git_protocol' },
        selector: { kind: 'key', default: 'github.com', option: 'host', env: 'GH_HOST' },
        mode: SECRET_FILE,
        pointer: { env: 'GH_CONFIG_DIR', target: 'dir' },
      },
    ],
  },
  {
    name: 'huggingface',
    description: 'Hugging Face token (~/.cache/huggingface/token)',
    valueKeys: ['token'],
    required: ['token'],
    env: [{ key: 'token', names: ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN'] }],
    files: [
      {
        id: 'token',
        locations: [
          { env: 'HF_TOKEN_PATH' },
          { envDir: 'HF_HOME', path: 'token' },
          { envDir: 'XDG_CACHE_HOME', path: 'huggingface/token' },
          { home: '.cache/huggingface/token' },
        ],
        codec: 'token',
        fields: { token: '*' },
        mode: SECRET_FILE,
        pointer: { env: 'HF_TOKEN_PATH', target: 'file' },
      },
    ],
  },
  {
    name: 'kubernetes',
    description: 'Kubernetes kubeconfig (whole file, or one context with its cluster and user)',
    valueKeys: ['kubeconfig'],
    required: ['kubeconfig'],
    env: [],
    files: [
      {
        id: 'kubeconfig',
        locations: [{ env: 'KUBECONFIG', list: true }, { home: '.kube/config' }],
        codec: 'kubeconfig',
        fields: { kubeconfig: '*' },
        selector: { kind: 'context', option: 'context' },
        mode: SECRET_FILE,
        pointer: { env: 'KUBECONFIG', target: 'file' },
      },
    ],
  },
  {
    name: 'docker',
    description: 'Container registry login (auths.<server>.auth of ~/.docker/config.json)',
    valueKeys: ['username', 'password', 'server'],
    required: ['username', 'password'],
    env: [
      { key: 'username', names: ['SKYPILOT_DOCKER_USERNAME'] },
      { key: 'password', names: ['SKYPILOT_DOCKER_PASSWORD'] },
      { key: 'server', names: ['SKYPILOT_DOCKER_SERVER'] },
    ],
    files: [
      {
        id: 'config',
        locations: [{ envDir: 'DOCKER_CONFIG', path: 'config.json' }, { home: '.docker/config.json' }],
        codec: 'docker-auth',
        fields: { username: 'username', password: 'password', server: 'server' },
        selector: { kind: 'key', option: 'host', fromValue: 'server' },
        mode: SECRET_FILE,
        pointer: { env: 'DOCKER_CONFIG', target: 'dir' },
      },
    ],
  },
  {
    name: 'ssh',
    description: 'SSH key pair (~/.ssh/id_ed25519, id_ecdsa or id_rsa, with .pub); never overwritten or deleted',
    valueKeys: ['private_key', 'public_key'],
    required: ['private_key', 'public_key'],
    env: [],
    files: [],
    keyPair: { dir: '.ssh', names: ['id_ed25519', 'id_ecdsa', 'id_rsa'] },
  },
  {
    name: 'sky',
    description: 'SkyPilot SSH key pair (~/.ssh/sky-key, with .pub); never overwritten or deleted',
    valueKeys: ['private_key', 'public_key'],
    required: ['private_key', 'public_key'],
    env: [],
    files: [],
    keyPair: { dir: '.ssh', names: ['sky-key'] },
  },
  {
    name: 'cloudflare',
    description: 'Cloudflare API token and account id',
    valueKeys: ['api_token', 'account_id'],
    required: ['api_token'],
    env: [
      { key: 'api_token', names: ['CLOUDFLARE_API_TOKEN'] },
      { key: 'account_id', names: ['CLOUDFLARE_ACCOUNT_ID'] },
    ],
    files: [],
  },
  {
    name: 'kaggle',
    description: 'Kaggle API key (~/.kaggle/kaggle.json)',
    valueKeys: ['username', 'key'],
    required: ['username', 'key'],
    env: [
      { key: 'username', names: ['KAGGLE_USERNAME'] },
      { key: 'key', names: ['KAGGLE_KEY'] },
    ],
    files: [
      {
        id: 'kaggle',
        locations: [{ envDir: 'KAGGLE_CONFIG_DIR', path: 'kaggle.json' }, { home: '.kaggle/kaggle.json' }],
        codec: 'json-keys',
        fields: { username: 'username', key: 'key' },
        mode: SECRET_FILE,
        pointer: { env: 'KAGGLE_CONFIG_DIR', target: 'dir' },
      },
    ],
  },
  {
    name: 'modal',
    description: 'Modal token (one profile of ~/.modal.toml)',
    valueKeys: ['token_id', 'token_secret'],
    required: ['token_id', 'token_secret'],
    env: [
      { key: 'token_id', names: ['MODAL_TOKEN_ID'] },
      { key: 'token_secret', names: ['MODAL_TOKEN_SECRET'] },
    ],
    files: [
      {
        id: 'config',
        locations: [{ env: 'MODAL_CONFIG_PATH' }, { home: '.modal.toml' }],
        codec: 'toml',
        fields: { token_id: 'token_id', token_secret: 'token_secret' },
        selector: { kind: 'section', default: 'default', option: 'profile', env: 'MODAL_PROFILE' },
        mode: SECRET_FILE,
        pointer: { env: 'MODAL_CONFIG_PATH', target: 'file' },
      },
    ],
  },
  {
    name: 'databricks',
    description: 'Databricks workspace host and token (one profile of ~/.databrickscfg)',
    valueKeys: ['host', 'token'],
    required: ['host', 'token'],
    env: [
      { key: 'host', names: ['DATABRICKS_HOST'] },
      { key: 'token', names: ['DATABRICKS_TOKEN'] },
    ],
    files: [
      {
        id: 'config',
        locations: [{ env: 'DATABRICKS_CONFIG_FILE' }, { home: '.databrickscfg' }],
        codec: 'ini',
        fields: { host: 'host', token: 'token' },
        selector: { kind: 'section', default: 'DEFAULT', option: 'profile', env: 'DATABRICKS_CONFIG_PROFILE' },
        mode: SECRET_FILE,
        pointer: { env: 'DATABRICKS_CONFIG_FILE', target: 'file' },
      },
    ],
  },
];
