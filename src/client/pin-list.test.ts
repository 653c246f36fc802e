/** The pin-list merge rules, without a server: lists signed here with generated keys. */
import { expect, test } from 'vitest';
import { createKeyCard, createSigner, generateAccountKeys, keyCardHash, newAccountId, signPinList, toBase64Url, type KeyCard } from '../crypto/index.ts';
import type { PinListRecord } from '../protocol/index.ts';
import type { ClientState } from './client-state.ts';
import { IntegrityError, MemoryStore } from './index.ts';
import { mergePinList } from './pin-list.ts';
import { TrustState, toTrusted } from './trust.ts';

async function person(handle: string, id = newAccountId()) {
  const keys = await generateAccountKeys();
  return { keys, card: await createKeyCard(keys, { id, handle, kind: 'person' }) };
}

async function list(owner: Awaited<ReturnType<typeof person>>, counter: number, pins: KeyCard[]): Promise<PinListRecord> {
  const statement = { owner: owner.card.body.id, counter, time: 1_767_225_600_000, pins: pins.map((c) => ({ id: c.body.id, card: keyCardHash(c) })) };
  const signature = await signPinList(statement, await createSigner(owner.keys.signing.privateKey));
  return { v: 2, ...statement, pins: statement.pins.map((p) => ({ id: p.id, card: toBase64Url(p.card) })), signature: toBase64Url(signature) };
}

/** A device; `chains` is what the server answers for an account's chain of cards (GET /v1/cards/:id/chain). */
function device(chains: Record<string, KeyCard[]> = {}): ClientState {
  const store = new MemoryStore();
  const transport = {
    request: async (_method: string, path: string) => ({ chain: (chains[decodeURIComponent(path.split('/')[3]!)] ?? []).map((card, i) => ({ card, link: i === 0 ? null : 'x' })) }),
  };
  return { store, trust: new TrustState(store), transport, lookup: <T>(run: () => Promise<T>) => run() } as unknown as ClientState;
}

test('a listed card is trusted when presented with its hash (pinned once it signed something); another card for that account is refused', async () => {
  const [alice, bob] = [await person('alice'), await person('bob')];
  const state = device();
  expect(await mergePinList(state, await list(alice, 1, [bob.card]), toTrusted(alice.card))).toEqual([]);
  const fake = await person('bob', bob.card.body.id);
  await expect(state.trust.checkAndPin(fake.card, { id: bob.card.body.id }, 'test')).rejects.toThrow(/your signed pin list names another key card/);
  expect(await state.trust.listedMatch(bob.card, 'test')).toBe(true);
  // Like any card, it is pinned only once something it signed verified: check() does not pin it.
  expect((await state.trust.check(bob.card, { id: bob.card.body.id }, 'test')).pinned).toBe(false);
  expect(await state.trust.pinned(bob.card.body.id)).toBeUndefined();
});

test('an older list adds nothing and removes nothing; the same list twice is a no-op', async () => {
  const [alice, bob, carol] = [await person('alice'), await person('bob'), await person('carol')];
  const state = device();
  const oldBob = await person('bob', bob.card.body.id);
  const older = await list(alice, 1, [oldBob.card]);
  const newer = await list(alice, 2, [bob.card, carol.card]);
  expect(await mergePinList(state, newer, toTrusted(alice.card))).toEqual([]);
  expect(await mergePinList(state, newer, toTrusted(alice.card))).toEqual([]);
  const warnings = await mergePinList(state, older, toTrusted(alice.card));
  expect(warnings.join()).toMatch(/ignored an older copy .*counter 1; this device has seen 2/);
  // bob's card from the older list is not taken; carol (only in the newer one) is still listed.
  await expect(state.trust.checkAndPin(oldBob.card, {}, 'test')).rejects.toBeInstanceOf(IntegrityError);
  expect(await state.trust.listedMatch(carol.card, 'test')).toBe(true);
  expect(await state.trust.listedMatch(bob.card, 'test')).toBe(true);
});

test("a list not signed by its owner, or another account's list, is ignored", async () => {
  const [alice, mallory, bob] = [await person('alice'), await person('mallory'), await person('bob')];
  const state = device();
  const byMallory = { ...(await list(mallory, 1, [bob.card])), owner: alice.card.body.id };
  expect((await mergePinList(state, byMallory, toTrusted(alice.card))).join()).toMatch(/signature does not verify/);
  expect((await mergePinList(state, await list(mallory, 1, [bob.card]), toTrusted(alice.card))).join()).toMatch(/signature does not verify/);
  expect(await state.trust.listedMatch(bob.card, 'test')).toBe(false);
});

test('an entry naming another card than a local pin is not taken: the local pin stays, with a warning', async () => {
  const [alice, bob] = [await person('alice'), await person('bob')];
  const state = device({ [bob.card.body.id]: [bob.card] }); // the other card is not on bob's chain: a rival, not a rotation
  await state.trust.checkAndPin(bob.card, {}, 'test');
  const other = await person('bob', bob.card.body.id);
  const warnings = await mergePinList(state, await list(alice, 1, [other.card]), toTrusted(alice.card));
  expect(warnings.join()).toMatch(/kept this device's pin of "bob".*names another key card/);
  expect((await state.trust.check(bob.card, {}, 'test')).pinned).toBe(true);
  await expect(state.trust.checkAndPin(other.card, {}, 'test')).rejects.toThrow(/changed: pinned fingerprint/);
});
