/** Keystores: file (Node), memory, automatic choice; sealing under the device-local key. */
import { mkdtemp, readdir, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { MemoryStore, detectRuntime, openStore, type KeyStore } from '../index.ts';
import { openFileStore } from './file.ts';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'latchkey-store-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

async function roundTrip(store: KeyStore): Promise<void> {
  expect(await store.get('pins')).toBeUndefined();
  await store.set('pins', { v: 1, accounts: { a: 1 } });
  expect(await store.get('pins')).toEqual({ v: 1, accounts: { a: 1 } });
  await store.delete('pins');
  await store.delete('pins');
  expect(await store.get('pins')).toBeUndefined();
  const plain = new TextEncoder().encode('token and keys');
  const sealed = await store.seal(plain, 'slot-a');
  expect(sealed.length).toBe(plain.length + 28);
  expect(await store.open(sealed, 'slot-a')).toEqual(plain);
  await expect(store.open(sealed, 'slot-b')).rejects.toMatchObject({ code: 'integrity' });
  const flipped = sealed.slice();
  flipped[20]! ^= 1;
  await expect(store.open(flipped, 'slot-a')).rejects.toMatchObject({ code: 'integrity' });
  await expect(store.open(sealed.slice(0, 10), 'slot-a')).rejects.toMatchObject({ code: 'integrity' });
}

test('memory store round-trips values (as copies) and seals', async () => {
  const store = new MemoryStore();
  await roundTrip(store);
  const value = { a: { b: 1 } };
  await store.set('config', value);
  value.a.b = 2;
  expect(await store.get('config')).toEqual({ a: { b: 1 } });
});

test('file store: folder 0700, files 0600, atomic writes leave no temp files, local key persists', async () => {
  const dir = join(home, 'nested', 'lk');
  const store = await openFileStore({ home: dir });
  await roundTrip(store);
  await store.set('config', { server: 'http://x' });
  expect((await stat(dir)).mode & 0o777).toBe(0o700);
  expect((await stat(join(dir, 'config.json'))).mode & 0o777).toBe(0o600);
  expect((await stat(join(dir, 'local.key'))).mode & 0o777).toBe(0o600);
  expect((await readdir(dir)).filter((f) => !f.endsWith('.json') && f !== 'local.key')).toEqual([]);
  // A second store on the same folder uses the same local key.
  const sealed = await store.seal(new Uint8Array([1, 2, 3]), 'x');
  const again = await openFileStore({ home: dir });
  expect(await again.open(sealed, 'x')).toEqual(new Uint8Array([1, 2, 3]));
  expect(await again.get('config')).toEqual({ server: 'http://x' });
  // A different folder has a different key.
  const other = await openFileStore({ home: join(home, 'other') });
  await expect(other.open(sealed, 'x')).rejects.toMatchObject({ code: 'integrity' });
});

test('file store tightens a loose folder, refuses bad keys and reports damaged files', async () => {
  await chmod(home, 0o755);
  const store = await openFileStore({ home });
  expect((await stat(home)).mode & 0o777).toBe(0o700);
  await expect(store.set('../escape', {})).rejects.toMatchObject({ code: 'bad-input' });
  await writeFile(join(home, 'marks.json'), '{not json');
  await expect(store.get('marks')).rejects.toMatchObject({ code: 'integrity' });
  await writeFile(join(home, 'local.key'), 'short');
  const fresh = await openFileStore({ home });
  await expect(fresh.seal(new Uint8Array(1), 'x')).rejects.toMatchObject({ code: 'integrity' });
});

test('concurrent writers on one file store never leave a torn file', async () => {
  const store = await openFileStore({ home });
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.set('marks', { v: 1, n: i, pad: 'x'.repeat(5000) })));
  const text = await readFile(join(home, 'marks.json'), 'utf8');
  expect(JSON.parse(text).pad).toHaveLength(5000);
});

test('automatic choice: Node uses the file store under LATCHKEY_HOME', async () => {
  expect(detectRuntime()).toBe('node');
  const before = process.env.LATCHKEY_HOME;
  process.env.LATCHKEY_HOME = join(home, 'auto');
  try {
    const store = await openStore('auto');
    expect(store.kind).toBe('file');
    expect(store.location).toBe(join(home, 'auto'));
  } finally {
    if (before === undefined) delete process.env.LATCHKEY_HOME;
    else process.env.LATCHKEY_HOME = before;
  }
  expect((await openStore('memory')).kind).toBe('memory');
  expect((await openStore({ home })).kind).toBe('file');
  const custom = new MemoryStore();
  expect(await openStore(custom)).toBe(custom);
  await expect(openStore('indexeddb')).rejects.toMatchObject({ code: 'bad-input' });
  await expect(openStore('bogus' as 'memory')).rejects.toMatchObject({ code: 'bad-input' });
});
