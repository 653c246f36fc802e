/** Pins (trust on first use) and high-water marks, without a server. */
import { expect, test } from 'vitest';
import {
  createKeyCard, fingerprint, formatFingerprint, generateAccountKeys, newAccountId, type KeyCard,
} from '../crypto/index.ts';
import { IntegrityError, MemoryStore } from './index.ts';
import { TrustState } from './trust.ts';

async function card(handle: string, id = newAccountId()): Promise<KeyCard> {
  return createKeyCard(await generateAccountKeys(), { id, handle, kind: 'person' });
}

test('first use pins; the same card again is accepted without re-verification', async () => {
  const trust = new TrustState(new MemoryStore());
  const alice = await card('alice');
  const t = await trust.checkAndPin(alice, { handle: 'alice' }, 'test');
  expect(t.handle).toBe('alice');
  expect(await trust.checkAndPin(alice, { id: alice.body.id }, 'test')).toBe(t);
  expect((await trust.pinned(alice.body.id))?.id).toBe(alice.body.id);
});

test('a changed card for a pinned account is refused, naming the account and both fingerprints', async () => {
  const trust = new TrustState(new MemoryStore());
  const alice = await card('alice');
  await trust.checkAndPin(alice, {}, 'test');
  const impostor = await card('alice', alice.body.id);
  const error = await trust.checkAndPin(impostor, { handle: 'alice' }, 'test').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(IntegrityError);
  const msg = (error as Error).message;
  expect(msg).toContain(alice.body.id);
  expect(msg).toContain(formatFingerprint(fingerprint(alice.body)));
  expect(msg).toContain(formatFingerprint(fingerprint(impostor.body)));
  expect(msg).toContain('latchkey verify alice');
  // After an out-of-band check, repin accepts the new card.
  await trust.repin(impostor);
  expect(await trust.checkAndPin(impostor, {}, 'test')).toMatchObject({ id: alice.body.id });
});

test('many concurrent first uses of the same card all succeed and pin it once', async () => {
  const trust = new TrustState(new MemoryStore());
  const alice = await card('alice');
  const all = await Promise.all(Array.from({ length: 50 }, () => trust.checkAndPin(alice, { handle: 'alice' }, 'test')));
  expect(new Set(all.map((t) => t.id))).toEqual(new Set([alice.body.id]));
  const checked = await trust.check(await card('bob'), {}, 'test');
  expect(checked.pinned).toBe(false);
  expect(await trust.pinnedByHandle('bob')).toBeUndefined();
});

test('cards that are not self-consistent are always refused', async () => {
  const trust = new TrustState(new MemoryStore());
  const alice = await card('alice');
  const badSig: KeyCard = { ...alice, signature: alice.signature.slice(0, -2) + (alice.signature.endsWith('AA') ? 'AB' : 'AA') };
  await expect(trust.checkAndPin(badSig, {}, 'test')).rejects.toBeInstanceOf(IntegrityError);
  const renamed: KeyCard = { ...alice, body: { ...alice.body, handle: 'mallory' } };
  await expect(trust.checkAndPin(renamed, {}, 'test')).rejects.toBeInstanceOf(IntegrityError);
  await expect(trust.checkAndPin(alice, { handle: 'bob' }, 'test')).rejects.toBeInstanceOf(IntegrityError);
  await expect(trust.checkAndPin(alice, { id: newAccountId() }, 'test')).rejects.toBeInstanceOf(IntegrityError);
  await expect(trust.repin(badSig)).rejects.toBeInstanceOf(IntegrityError);
  expect(await trust.pinned(alice.body.id)).toBeUndefined();
});

test('a new account claiming a pinned handle is refused until verified', async () => {
  const trust = new TrustState(new MemoryStore());
  await trust.checkAndPin(await card('alice'), {}, 'test');
  const other = await card('alice');
  await expect(trust.checkAndPin(other, { handle: 'alice' }, 'test')).rejects.toThrow(/pinned to account/);
  await trust.repin(other);
  expect((await trust.pinnedByHandle('alice'))?.id).toBe(other.body.id);
});

test('pins and marks persist across instances and concurrent writers merge', async () => {
  const store = new MemoryStore();
  const a = new TrustState(store);
  const b = new TrustState(store);
  const cards = await Promise.all(['one', 'two', 'three'].map((h) => card(h)));
  await Promise.all([a.checkAndPin(cards[0]!, {}, 't'), b.checkAndPin(cards[1]!, {}, 't'), a.checkAndPin(cards[2]!, {}, 't')]);
  const fresh = new TrustState(store);
  for (const c of cards) expect((await fresh.pinned(c.body.id))?.handle).toBe(c.body.handle);

  const hash = new Uint8Array(32).fill(7);
  await a.raiseMark('s1', 3, hash);
  await a.raiseMark('s1', 2, new Uint8Array(32));
  await b.raiseMarks([{ id: 's2', version: 1, hash }]);
  const reread = new TrustState(store);
  expect(await reread.mark('s1')).toEqual({ version: 3, hash });
  expect((await reread.mark('s2'))?.version).toBe(1);
  await reread.dropMark('s1');
  expect(await new TrustState(store).mark('s1')).toBeUndefined();
});
