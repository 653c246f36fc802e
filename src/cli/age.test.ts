/**
 * Our age decrypt path (armor detection, then typage) against the C2SP CCTV
 * age test vectors (the `cctv-age` npm package): every vector with an
 * identity or passphrase must succeed with the exact payload or fail as
 * expected. Plus the Bech32 identity encoding of derived keys.
 */
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { expect, test } from 'vitest';
import * as vectors from 'cctv-age';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { bech32 } from '@scure/base';
import { decryptAge, encryptAge, hybridIdentityString, needsPassphrase, parseIdentityFile, recipientOf, unarmor, x25519IdentityString } from './age.ts';

interface Vector {
  name: string;
  expect: string;
  payload?: string;
  identities: string[];
  passphrases: string[];
  file: Uint8Array;
}

function parseVector(name: string, bytes: Uint8Array): Vector {
  const split = Buffer.from(bytes).indexOf('\n\n');
  const header = Buffer.from(bytes.subarray(0, split)).toString('utf8');
  let file: Uint8Array = bytes.subarray(split + 2);
  const v: Vector = { name, expect: '', identities: [], passphrases: [], file };
  for (const line of header.split('\n')) {
    const [key, value] = [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)];
    if (key === 'expect') v.expect = value;
    else if (key === 'payload') v.payload = value;
    else if (key === 'identity') v.identities.push(value);
    else if (key === 'passphrase') v.passphrases.push(value);
    else if (key === 'compressed' && value === 'zlib') file = new Uint8Array(inflateSync(file));
  }
  v.file = file;
  return v;
}

const all = Object.entries(vectors as unknown as Record<string, Uint8Array>)
  .filter(([, bytes]) => bytes instanceof Uint8Array)
  .map(([name, bytes]) => parseVector(name, bytes));

test('the CCTV vector set is present and large', () => {
  expect(all.length).toBeGreaterThan(100);
  expect(all.filter((v) => v.expect === 'success').length).toBeGreaterThan(20);
  expect(all.some((v) => v.passphrases.length > 0)).toBe(true);
});

test.each(all.map((v) => [v.name, v] as const))('CCTV %s', async (_name, v) => {
  const attempt = async (): Promise<Uint8Array> => decryptAge(unarmor(v.file), { identities: v.identities, passphrases: v.passphrases });
  if (v.expect === 'success') {
    const plain = await attempt();
    expect(createHash('sha256').update(plain).digest('hex')).toBe(v.payload);
  } else {
    await expect(attempt()).rejects.toThrow();
  }
});

test('a derived X25519 scalar encodes as the identity age-keygen would write, and back', async () => {
  const generated = await generateX25519Identity();
  const scalar = bech32.decodeToBytes(generated).bytes;
  expect(x25519IdentityString(scalar)).toBe(generated);
  expect(await recipientOf(generated)).toBe(await identityToRecipient(generated));
  const pq = hybridIdentityString(new Uint8Array(32).fill(7));
  expect(pq).toMatch(/^AGE-SECRET-KEY-PQ-1[0-9A-Z]+$/);
  expect(await recipientOf(pq)).toMatch(/^age1pq1/);
});

test('encrypt and decrypt round trip: recipients, armor, passphrase; wrong keys are named', async () => {
  const id = await generateX25519Identity();
  const other = await generateX25519Identity();
  const plain = new TextEncoder().encode('{"format":"latchkey-backup"}');
  const armored = await encryptAge(plain, { recipients: [await recipientOf(id)] }, true);
  expect(new TextDecoder().decode(armored)).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
  expect(await decryptAge(unarmor(armored), { identities: [id] })).toEqual(plain);
  await expect(decryptAge(unarmor(armored), { identities: [other] })).rejects.toThrow(/not encrypted to your account/);
  const locked = await encryptAge(plain, { passphrase: 'a long enough passphrase' }, false);
  expect(needsPassphrase(locked)).toBe(true);
  expect(new TextDecoder().decode(locked.subarray(0, 200))).toMatch(/-> scrypt \S+ 18\n/);
  expect(await decryptAge(locked, { identities: [], passphrases: ['a long enough passphrase'] })).toEqual(plain);
  await expect(decryptAge(locked, { identities: [], passphrases: ['wrong'] })).rejects.toThrow(/passphrase does not open/);
  await expect(decryptAge(locked.subarray(0, locked.length - 10), { identities: [], passphrases: ['a long enough passphrase'] })).rejects.toThrow(/damaged, truncated/);
  await expect(encryptAge(plain, { recipients: ['age1nope'] }, false)).rejects.toThrow(/not an age recipient/);
  expect(() => unarmor(new TextEncoder().encode('{"json": true}'))).toThrow(/not an age-encrypted/);
});

test('identity files: comments and blank lines skipped, anything else refused', () => {
  expect(parseIdentityFile('# c\n\nAGE-SECRET-KEY-1ABC\r\n', 'id.txt')).toEqual(['AGE-SECRET-KEY-1ABC']);
  expect(() => parseIdentityFile('age1abc\n', 'id.txt')).toThrow(/not an age identity file/);
  expect(() => parseIdentityFile('# only a comment\n', 'id.txt')).toThrow(/holds no age identity/);
});
