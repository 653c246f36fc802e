/**
 * The shipped artefact on a well-used machine: `bin/latchkey.js` (what npm
 * links as `latchkey`, loading dist/cli as `npm run build` writes it), spawned
 * as a user would, against a real local server. Alice's HOME holds a
 * real-format credentials file for every file-based provider of the registry
 * (the list is derived from it, so a new provider without a fixture fails
 * here). She pushes each; on an empty second machine `login --pull --yes`
 * puts them all back, the real clients read them (aws, gh, kubectl, Python's
 * netrc, google-auth, docker's auths), `run` hands them to aws and kubectl as
 * temporary files, and `logout --yes` restores that HOME byte for byte.
 */
import { execFile } from 'node:child_process';
import { access, chmod, constants, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildCli } from '../../scripts/build.mjs';
import { providers, providerSecret } from '../../src/client/providers/index.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { makeUser, runCli, setUp, snapshot, tempBase, type BuiltCli, type TestUser } from './helpers.ts';
import { KUBE, MACHINE, VALUES } from './machine-fixtures.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The command npm installs: bin/latchkey.js, run through its #! line. */
const latchkey: BuiltCli = { entry: join(root, 'bin/latchkey.js'), remove: async () => {} };
const FILE_PROVIDERS = providers.filter((p) => p.files.length > 0 || p.keyPair).map((p) => p.name);

/** Nothing the real clients run may reach a network: dead proxies, no metadata servers, no update checks. */
const OFFLINE = {
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_PAGER: '',
  GH_NO_UPDATE_NOTIFIER: '1',
  GH_PROMPT_DISABLED: '1',
  GH_NO_EXTENSION_UPDATE_NOTIFIER: '1',
  NO_GCE_CHECK: 'True',
  GCE_METADATA_HOST: '127.0.0.1:9',
  GCE_METADATA_IP: '127.0.0.1:9',
  HTTP_PROXY: 'http://127.0.0.1:9',
  HTTPS_PROXY: 'http://127.0.0.1:9',
  http_proxy: 'http://127.0.0.1:9',
  https_proxy: 'http://127.0.0.1:9',
};

let server: TestServer;
let base: string;
let alice: TestUser;
let laptop: TestUser;
let before: Record<string, string>;

function userEnv(user: TestUser): Record<string, string> {
  return { ...user.env, ...OFFLINE, PATH: [dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter), LATCHKEY_PASSPHRASE: user.passphrase };
}
const lk = (user: TestUser, args: string[]) => runCli(latchkey, args, { env: userEnv(user), timeoutMs: 60_000 });

/** A Debian-packaged client, or null (one SKIP line locally; in CI or with LATCHKEY_REQUIRE_CLIENTS a missing client fails the test). */
async function realClient(name: string, probe: readonly string[] = []): Promise<string | null> {
  const path = `/usr/bin/${name}`;
  let ok = await access(path, constants.X_OK).then(() => true, () => false);
  if (ok && probe.length > 0) ok = await tool(path, probe, {}).then(() => true, () => false);
  if (ok) return path;
  if (process.env.CI || process.env.LATCHKEY_REQUIRE_CLIENTS) throw new Error(`${path} ${probe.join(' ')} is needed in CI (.ci/run installs it)`);
  console.log(`SKIP real-client check: ${path} ${probe.join(' ')} not available`);
  return null;
}

/** Runs a real client with HOME pointing at `home` (no network, see OFFLINE). */
function tool(path: string, args: readonly string[], env: Record<string, string>, home?: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const fullEnv = { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', ...OFFLINE, ...(home ? { HOME: home } : { HOME: base }), ...env };
    execFile(path, args, { env: fullEnv, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path} ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolvePromise(stdout);
    });
  });
}

beforeAll(async () => {
  // Exactly what `npm run build` writes for the CLI (dist/cli); bin/latchkey.js loads it.
  const [, srv, dir] = await setUp([buildCli(), startTestServer(), tempBase()] as const);
  server = srv;
  base = dir;
  alice = await makeUser(base, 'alice', server.url);
  laptop = { ...(await makeUser(base, 'laptop', server.url)), handle: 'alice', passphrase: alice.passphrase };
  for (const files of Object.values(MACHINE)) {
    for (const file of files) {
      await mkdir(dirname(join(alice.home, file.path)), { recursive: true, mode: 0o700 });
      await writeFile(join(alice.home, file.path), file.content);
      await chmod(join(alice.home, file.path), file.mode);
    }
  }
  await writeFile(join(laptop.home, '.bashrc'), 'export EDITOR=vi\n', { mode: 0o644 });
});

afterAll(async () => {
  await Promise.all([server?.close(), base && rm(base, { recursive: true, force: true })]);
});

test('every file-based provider of the registry has files on this machine', () => {
  expect(FILE_PROVIDERS.length).toBeGreaterThanOrEqual(14);
  expect(FILE_PROVIDERS.filter((name) => !MACHINE[name])).toEqual([]);
});

test('the bundle imports only packages that package.json installs with latchkey', async () => {
  const { packages } = await buildCli({ outdir: join(base, 'cli-check') });
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
  const installed = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  expect(packages).toContain('yaml');
  expect(packages.filter((p) => !installed.has(p))).toEqual([]);
});

test('signup (no flags, no terminal) detects every provider and suggests pushing it', async () => {
  const r = await lk(alice, ['signup', 'alice']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toContain('Signed up and logged in as alice');
  expect(r.stderr).not.toMatch(/warning|error/);
  const hint = /upload them with "latchkey push ([a-z ]+)"/.exec(r.stderr);
  expect(hint?.[1]?.split(' ').sort()).toEqual([...FILE_PROVIDERS].sort());
});

test('providers --json finds every file-based provider in its file', async () => {
  const r = await lk(alice, ['providers', '--json']);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  const rows = JSON.parse(r.stdout) as { provider: string; detected: boolean; source: string | null; where: string }[];
  for (const name of FILE_PROVIDERS) {
    const primary = MACHINE[name]![0]!.path;
    expect(rows.find((row) => row.provider === name), name).toMatchObject({ detected: true, source: 'file', where: expect.stringMatching(new RegExp(`^~/${primary.replace(/\./g, '\\.')}`)) });
  }
});

test.each(FILE_PROVIDERS)('push %s saves what the file holds', async (name) => {
  const r = await lk(alice, ['push', name]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toMatch(new RegExp(`^${name}: saved from ~/`, 'm'));
  const got = await lk(alice, ['get', name, '--json']);
  expect(got.code, got.stderr).toBe(0);
  const secret = JSON.parse(got.stdout) as { provider: string; values: Record<string, string> };
  expect(secret.provider).toBe(name);
  const expected: Record<string, string> = name === 'kubernetes' ? { kubeconfig: KUBE.kubeconfig } : (VALUES as Record<string, Record<string, string>>)[name]!;
  expect(secret.values).toMatchObject(expected);
});

describe('a second, empty machine', () => {
  test('login --pull --yes puts every provider back where its tool looks', async () => {
    before = await snapshot(laptop.home);
    const r = await lk(laptop, ['login', 'alice', '--pull', '--no-push', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/warning|not placed/);
    for (const name of FILE_PROVIDERS) {
      const ours = await providerSecret(name, { home: alice.home, env: {} }).read();
      const theirs = await providerSecret(name, { home: laptop.home, env: {} }).read();
      expect(theirs, name).toEqual(ours);
    }
  });

  test('aws: aws configure get reads the pulled profile', async () => {
    const aws = await realClient('aws');
    if (!aws) return;
    const get = (key: string) => tool(aws, ['configure', 'get', key], {}, laptop.home).then((s) => s.trim());
    expect(await get('aws_access_key_id')).toBe(VALUES.aws.access_key);
    expect(await get('aws_secret_access_key')).toBe(VALUES.aws.secret_key);
    expect(await get('region')).toBe(VALUES.aws.region);
  });

  test('github: gh auth token prints the pulled token', async () => {
    const gh = await realClient('gh');
    if (!gh) return;
    expect((await tool(gh, ['auth', 'token', '--hostname', 'github.com'], {}, laptop.home)).trim()).toBe(VALUES.github.token);
  });

  test('kubernetes: kubectl sees every context and the current one', async () => {
    const kubectl = await realClient('kubectl');
    if (!kubectl) return;
    expect((await tool(kubectl, ['config', 'current-context'], {}, laptop.home)).trim()).toBe(KUBE.current);
    expect((await tool(kubectl, ['config', 'get-contexts', '-o', 'name'], {}, laptop.home)).trim().split('\n').sort()).toEqual([...KUBE.contexts].sort());
    const token = await tool(kubectl, ['config', 'view', '--raw', '-o', 'jsonpath={.users[?(@.name=="alice-gpu")].user.token}'], {}, laptop.home);
    expect(token).toBe(KUBE.gpuToken);
  });

  test('wandb: Python netrc reads the api.wandb.ai entry (and accepts the file mode)', async () => {
    const python = await realClient('python3');
    if (!python) return;
    const out = await tool(python, ['-c', 'import netrc, json; print(json.dumps(netrc.netrc().authenticators("api.wandb.ai")))'], {}, laptop.home);
    const [login, , password] = JSON.parse(out) as [string, unknown, string];
    expect([login, password]).toEqual(['user', VALUES.wandb.api_key]);
  });

  test('gcp: google.auth.default() loads the pulled service account', async () => {
    const python = await realClient('python3', ['-c', 'import google.auth']);
    if (!python) return;
    // sign_bytes proves the private key itself was loaded; nothing here talks to Google.
    const script = 'import google.auth, json; c, p = google.auth.default(); c.sign_bytes(b"x"); print(json.dumps([p, c.service_account_email, c.signer.key_id]))';
    const out = await tool(python, ['-c', script], {}, laptop.home);
    const adc = JSON.parse(VALUES.gcp.credentials_json) as Record<string, string>;
    expect(JSON.parse(out)).toEqual([adc.project_id, adc.client_email, adc.private_key_id]);
  });

  test('docker: the auths entry decodes to the pushed login', async () => {
    const config = JSON.parse(await readFile(join(laptop.home, '.docker/config.json'), 'utf8')) as { auths: Record<string, { auth: string }> };
    expect(Object.keys(config.auths)).toEqual([VALUES.docker.server]);
    expect(Buffer.from(config.auths[VALUES.docker.server]!.auth, 'base64').toString()).toBe(`${VALUES.docker.username}:${VALUES.docker.password}`);
  });

  test('logout --yes restores HOME byte for byte (ssh key pairs are never deleted)', async () => {
    const r = await lk(laptop, ['logout', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    const after = await snapshot(laptop.home);
    const keyPairs = ['.ssh/', '.ssh/id_ed25519', '.ssh/id_ed25519.pub', '.ssh/sky-key', '.ssh/sky-key.pub'];
    expect(Object.keys(after).filter((k) => !(k in before)).sort()).toEqual(keyPairs.sort());
    for (const k of keyPairs) delete after[k];
    expect(after).toEqual(before);
  });
});

describe('latchkey run hands secrets to the real clients as temporary files', () => {
  let box: TestUser;
  beforeAll(async () => {
    box = { ...(await makeUser(base, 'box', server.url)), handle: 'alice', passphrase: alice.passphrase };
    const r = await lk(box, ['login', 'alice', '--no-pull', '--no-push']);
    if (r.code !== 0) throw new Error(`login failed: ${r.stderr}`);
  });

  test('run --secret aws -- aws configure get', async () => {
    const aws = await realClient('aws');
    if (!aws) return;
    for (const [key, want] of [['aws_access_key_id', VALUES.aws.access_key], ['region', VALUES.aws.region]] as const) {
      const r = await lk(box, ['run', '--secret', 'aws', '--', aws, 'configure', 'get', key]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trim()).toBe(want);
    }
    expect(await readdir(box.home)).toEqual([]);
    expect(await readdir(box.env.TMPDIR!)).toEqual([]);
  });

  test('run --secret kubernetes -- kubectl config', async () => {
    const kubectl = await realClient('kubectl');
    if (!kubectl) return;
    const current = await lk(box, ['run', '--secret', 'kubernetes', '--', kubectl, 'config', 'current-context']);
    expect(current.code, current.stderr).toBe(0);
    expect(current.stdout.trim()).toBe(KUBE.current);
    const token = await lk(box, ['run', '--secret', 'kubernetes', '--', kubectl, 'config', 'view', '--raw', '-o', 'jsonpath={.users[0].user.token}']);
    expect(token.stdout).toBe(KUBE.gpuToken);
    expect(await readdir(box.home)).toEqual([]);
    expect(await readdir(box.env.TMPDIR!)).toEqual([]);
  });
});
