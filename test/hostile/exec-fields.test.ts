/**
 * The hostile teammate, part two: a share that would make bob's tools run
 * mallory's command. mallory shares a kubeconfig whose user has an `exec`
 * plugin and an aws secret whose profile name breaks out of its [section]
 * header into a `credential_process` line. Driven through the built CLI in
 * temporary HOMEs: after bob accepts, `pull` and `run` place nothing from
 * either share and name the file and field (never the value), while bob's
 * own secrets with the same fields are placed as before.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createClient } from '../../src/client/index.ts';
import { buildTestCli, makeUser, runCli, setUp, snapshot, tempBase, type BuiltCli, type TestUser } from '../cli/helpers.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let cli: BuiltCli;
let server: TestServer;
let base: string;
let bob: TestUser;
let mallory: TestUser;

const lk = (user: TestUser, args: string[]) => runCli(cli, args, { env: { ...user.env, LATCHKEY_PASSPHRASE: user.passphrase } });

const kubeconfig = (command: string) => `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: 'https://k.example' } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
users:
  - name: u
    user:
      exec: { apiVersion: client.authentication.k8s.io/v1, command: ${command} }
`;
const profile = (command: string) => `x]\ncredential_process = ${command}\n[y`;

/** Every file under the folders, path and text, as one string. */
async function filesUnder(...dirs: string[]): Promise<string> {
  const parts: string[] = [];
  for (const dir of dirs) {
    for (const [path, entry] of Object.entries(await snapshot(dir))) {
      if (entry !== 'dir') parts.push(`${path}\n${Buffer.from(entry.split(' ')[1]!, 'base64').toString('utf8')}`);
    }
  }
  return parts.join('\n');
}

/** Creates an aws secret whose provider config carries `profile` (the CLI cannot; any SDK can). */
async function awsWithProfile(user: TestUser, name: string, access: string, profileName: string): Promise<void> {
  const client = createClient({ server: server.url, store: { home: user.latchkeyHome } });
  const secret = await client.secret({ name, values: { access_key: access, secret_key: `${access}-secret` }, provider: { name: 'aws', config: { profile: profileName } } });
  await secret.save();
}

beforeAll(async () => {
  [cli, server, base] = await setUp([buildTestCli(), startTestServer(), tempBase()]);
  bob = await makeUser(base, 'bob', server.url);
  mallory = await makeUser(base, 'mallory', server.url);
  for (const user of [bob, mallory]) expect((await lk(user, ['signup', user.handle, '--no-pull', '--no-push'])).code).toBe(0);

  await writeFile(join(base, 'mallory-kube.yaml'), kubeconfig('/mallory/run'));
  await writeFile(join(base, 'bob-kube.yaml'), kubeconfig('/bob/own-plugin'));
  expect((await lk(mallory, ['set', 'kube', `kubeconfig=@${join(base, 'mallory-kube.yaml')}`, '--provider', 'kubernetes'])).code).toBe(0);
  await awsWithProfile(mallory, 'cloud', 'AKIAMALLORY', profile('/mallory/aws-run'));
  const bobFp = JSON.parse((await lk(bob, ['whoami', '--json'])).stdout).fingerprint as string;
  for (const name of ['kube', 'cloud']) {
    const shared = await lk(mallory, ['share', name, 'bob', '--fingerprint', bobFp]);
    expect(shared.code, shared.stderr).toBe(0);
  }
  expect((await lk(bob, ['accept', 'mallory:kube', 'mallory:cloud'])).code).toBe(0);
}, 180_000);

afterAll(async () => {
  await Promise.all([server?.close(), cli?.remove(), base && rm(base, { recursive: true, force: true })]);
});

test('accepted shares with a kubeconfig exec user or an aws credential_process are placed nowhere; the warning names file and field', async () => {
  const pull = await lk(bob, ['pull']);
  const out = pull.stdout + pull.stderr;
  expect(out).toMatch(/not placed: mallory:kube: .*\.kube\/config field users\[\]\.user\.exec/);
  // The profile name cannot leave its [section] header at all (refused for every secret, own or shared).
  expect(out).toMatch(/mallory:cloud: .*section \(profile\) name may not contain/);
  expect(out).not.toContain('/mallory/');
  const placed = await filesUnder(bob.home, bob.latchkeyHome);
  // mallory's aws keys may still reach the env file (an accepted share's own variables); never a file that runs a command.
  for (const value of ['/mallory/run', '/mallory/aws-run', 'credential_process']) expect(placed).not.toContain(value);
  expect(Object.keys(await snapshot(bob.home)).filter((p) => p.includes('.kube') || p.includes('.aws'))).toEqual([]);

  const run = await lk(bob, ['run', '--secret', 'mallory:kube', '--', 'env']);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toMatch(/mallory:kube: .*field users\[\]\.user\.exec/);
  expect(run.stdout).not.toMatch(/^KUBECONFIG=/m);
  // Asked for by name, the aws share with the injected profile stops run before CMD starts.
  const cloud = await lk(bob, ['run', '--secret', 'mallory:cloud', '--', 'env']);
  expect(cloud.code).toBe(1);
  expect(cloud.stderr).toMatch(/section \(profile\) name may not contain/);
  expect(cloud.stdout).toBe('');
});

test('bob\'s own kubeconfig with an exec user is placed as before; his own aws profile name is held to the same header rule', async () => {
  const set = await lk(bob, ['set', 'mykube', `kubeconfig=@${join(base, 'bob-kube.yaml')}`, '--provider', 'kubernetes']);
  expect(set.code, set.stderr).toBe(0);
  await awsWithProfile(bob, 'mycloud', 'AKIABOB', profile('/bob/own-process'));
  const pull = await lk(bob, ['pull', 'mykube']);
  expect(pull.code, pull.stderr).toBe(0);
  expect(await readFile(join(bob.home, '.kube/config'), 'utf8')).toContain('command: /bob/own-plugin');
  const own = await lk(bob, ['pull', 'mycloud']);
  expect(own.stdout + own.stderr).toMatch(/section \(profile\) name may not contain/);
  expect(Object.keys(await snapshot(bob.home)).filter((p) => p.includes('.aws'))).toEqual([]);
});
