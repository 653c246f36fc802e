import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { isMissingPackage, startLocalServer } from './local.ts';
import { bearer, createSecret, login, signUp, urlFetcher } from '../worker/test-fixtures.ts';
import { splitSql } from './migrations.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

test('splitSql drops comments and splits outside quotes', () => {
  expect(splitSql("-- c\nCREATE TABLE a (x TEXT); /* y; */ INSERT INTO a VALUES ('p;q'); -- tail\n")).toEqual([
    'CREATE TABLE a (x TEXT)',
    "INSERT INTO a VALUES ('p;q')",
  ]);
});

test('a local server keeps accounts, sessions and secrets across a restart and migrates once', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'latchkey-local-test-'));
  dirs.push(dataDir);
  const first = await startLocalServer({ port: 0, dataDir });
  let alice;
  let secretId: string;
  try {
    expect(first.applied).toEqual(['0001_init.sql', '0002_acceptances.sql', '0003_access_lists.sql', '0004_groups.sql', '0005_pins.sql', '0006_card_chain.sql']);
    const f = urlFetcher(first.url);
    const health = await (await f('/v1/health')).json();
    expect(health).toEqual({ ok: true, service: 'latchkey', version: expect.any(String) });
    alice = await signUp(f, 'alice');
    secretId = (await createSecret(f, alice, 'openai/key', 'sk-canary')).id;
  } finally {
    await first.close();
  }
  const second = await startLocalServer({ port: 0, dataDir });
  try {
    expect(second.applied).toEqual([]);
    const f = urlFetcher(second.url);
    const me = await f('/v1/me', bearer(alice.token));
    expect(me.status).toBe(200);
    expect(((await me.json()) as { account: { handle: string } }).account.handle).toBe('alice');
    const token = await login(f, alice);
    const list = (await (await f('/v1/secrets', bearer(token))).json()) as { secrets: Array<{ id: string }> };
    expect(list.secrets.map((s) => s.id)).toEqual([secretId]);
  } finally {
    await second.close();
  }
});

test('only a missing package itself counts as missing, not a missing dependency of it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'latchkey-missing-test-'));
  dirs.push(dir);
  const pkg = join(dir, 'node_modules/present');
  await mkdir(pkg, { recursive: true });
  await writeFile(join(pkg, 'package.json'), JSON.stringify({ name: 'present', type: 'module', main: 'index.js' }));
  await writeFile(join(pkg, 'index.js'), "import 'absent-dependency';\n");
  await writeFile(join(dir, 'probe.mjs'), "export const load = (name) => import(name);\n");
  const { load } = (await import(pathToFileURL(join(dir, 'probe.mjs')).href)) as { load: (name: string) => Promise<unknown> };
  const absent = await load('absent').catch((e: unknown) => e);
  expect(isMissingPackage(absent, 'absent')).toBe(true);
  expect(isMissingPackage(absent, 'abs')).toBe(false);
  const broken = await load('present').catch((e: unknown) => e);
  expect((broken as { code?: string }).code).toBe('ERR_MODULE_NOT_FOUND');
  expect(isMissingPackage(broken, 'present')).toBe(false);
  expect(isMissingPackage(new Error("Cannot find package 'absent' imported from x"), 'absent')).toBe(false);
});
