/** Access-list statements: order-independent hash, every field signed, malformed lists refused. */
import { expect, test } from 'vitest';
import { accessListHash, createSigner, generateAccountKeys, newAccountId, randomBytes, signAccessList, verifyAccessList } from './index.ts';

const entry = (access: 'read' | 'write' = 'read') => ({ id: newAccountId(), card: randomBytes(32), access });

test('an access list verifies under the owner key only; any changed field, entry or order-independent content breaks it', async () => {
  const keys = await generateAccountKeys();
  const other = await generateAccountKeys();
  const signer = await createSigner(keys.signing.privateKey);
  const [a, b] = [entry(), entry('write')];
  const list = { secret: newAccountId(), owner: newAccountId(), counter: 3, revoked: 2, grantees: [a, b], time: 5 };
  const signature = await signAccessList(list, signer);
  expect(await verifyAccessList(list, signature, keys.signing.publicKey)).toBe(true);
  expect(await verifyAccessList({ ...list, grantees: [b, a] }, signature, keys.signing.publicKey)).toBe(true); // sorted by id
  expect(await verifyAccessList(list, signature, other.signing.publicKey)).toBe(false);
  for (const changed of [
    { ...list, counter: 4 }, { ...list, revoked: 1 }, { ...list, time: 6 }, { ...list, secret: newAccountId() }, { ...list, owner: newAccountId() },
    { ...list, grantees: [a] }, { ...list, grantees: [a, { ...b, access: 'read' as const }] }, { ...list, grantees: [a, { ...b, card: randomBytes(32) }] },
  ]) expect(await verifyAccessList(changed, signature, keys.signing.publicKey)).toBe(false);
});

test('malformed lists are refused before hashing: duplicates, a revoked counter past the counter, short card hashes, counter 0', () => {
  const a = entry();
  const base = { secret: newAccountId(), owner: newAccountId(), counter: 1, revoked: 0, grantees: [a], time: 1 };
  expect(() => accessListHash({ ...base, grantees: [a, a] })).toThrow(/distinct/);
  expect(() => accessListHash({ ...base, revoked: 2 })).toThrow(/must not exceed/);
  expect(() => accessListHash({ ...base, grantees: [{ ...a, card: randomBytes(31) }] })).toThrow(/32/);
  expect(() => accessListHash({ ...base, counter: 0 })).toThrow(/>= 1/);
});
