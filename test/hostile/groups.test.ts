/**
 * Hostile server, groups: a stale group card served after a rotation; a
 * member added without an admin signature (never wrapped to); a group card
 * not signed by the previous epoch's admin and group key; a membership list
 * with the removed member restored (a rollback), and a removed member
 * replaying old group data to read a later version. Each is refused, and
 * each has an untampered control that succeeds.
 */
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createKeyCard, generateAccountKeys, keyCardHash, membershipListHash, toBase64Url } from '../../src/crypto/index.ts';
import type { KeyCard, MembershipList } from '../../src/crypto/index.ts';
import { IntegrityError, NotFoundError, type LatchkeyClient } from '../../src/client/index.ts';
import { paths, startHarness, type Harness } from './harness.ts';

let h: Harness;
let groupId: string;
let secretId: string;
const c = (handle: string): LatchkeyClient => h.clients[handle]!;
const groupPath = () => new RegExp(`^/v1/groups/${groupId}(\\?|$)`);

interface GroupAnswer { card: KeyCard; lists: MembershipList[]; cards: KeyCard[]; wrap: unknown }

beforeAll(async () => {
  h = await startHarness(['owner', 'ann', 'bob', 'cat', 'mal']);
  groupId = (await c('ann').createGroup('team')).id;
  await c('ann').group('team').add('bob');
  await c('ann').group('team').add('cat');
  const s = await c('owner').secret({ name: 'key', values: { k: 'v1' } });
  await s.save();
  await s.share('team');
  secretId = s.id;
  for (const m of ['ann', 'bob', 'cat']) expect((await c(m).secret('owner:key')).values).toEqual({ k: 'v1' });
});
afterEach(() => h.proxy.setTamper(null));
afterAll(async () => {
  await h?.close();
});

async function cardOf(handle: string): Promise<KeyCard> {
  const res = await fetch(`${h.server.url}/v1/cards/by-handle/${handle}`);
  return ((await res.json()) as { card: KeyCard }).card;
}

test('a member added without an admin signature is refused and never wrapped to', async () => {
  const mal = await cardOf('mal');
  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method !== 'GET' || !groupPath().test(path)) return undefined;
      const answer = body as GroupAnswer;
      const last = answer.lists[answer.lists.length - 1]!;
      // The next list "by ann" adding mal as an admin: ann never signed it.
      const members = [...last.body.members, { id: mal.body.id, role: 'admin' as const, card: toBase64Url(keyCardHash(mal)) }]
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      answer.lists.push({ body: { ...last.body, seq: last.body.seq + 1, prev: toBase64Url(membershipListHash(last)), members }, signature: last.signature, groupSignature: null });
      answer.cards.push(mal);
      return answer;
    },
  });
  const before = h.proxy.log.length;
  const refused = await c('ann').group('team').remove('cat').catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(IntegrityError);
  expect((refused as Error).message).toMatch(/not signed by its admin/);
  expect(h.proxy.log.slice(before).some((e) => e.method === 'POST')).toBe(false);
  // Control: untampered, ann sees exactly ann, bob and cat.
  h.proxy.setTamper(null);
  expect((await c('ann').group('team').members()).map((m) => m.handle).sort()).toEqual(['ann', 'bob', 'cat']);
});

test('a removed member replaying old group data cannot read a version written after the removal', async () => {
  // cat keeps what an honest server gave it before the removal: the group answer with its seed wrap.
  await c('cat').group('team').info();
  const oldAnswer = structuredClone(h.proxy.last('GET', groupPath())!.resBody) as GroupAnswer;
  const after = await c('ann').group('team').remove('cat');
  expect(after.epoch).toBe(2);
  const next = await c('owner').secret('key');
  expect(next.rotate).toBe(true);
  await next.set({ k: 'v2' }).save();
  expect((await c('bob').secret('owner:key')).values).toEqual({ k: 'v2' }); // control
  await expect(c('cat').secret('owner:key')).rejects.toBeInstanceOf(NotFoundError);
  // The server replays to cat: its old group state (with its old seed wrap) and bob's answer for version 2.
  await c('bob').secret('owner:key');
  const bobsAnswer = h.proxy.last('GET', new RegExp(`^/v1/groups/${groupId}/secrets/${secretId}$`))!.resBody;
  h.proxy.setTamper({
    request: ({ method, path }) => {
      if (method === 'GET' && path === '/v1/groups') return { respond: { status: 200, body: { groups: [{ id: groupId, handle: 'team' }] } } };
      if (method === 'GET' && path === `/v1/groups/${groupId}/secrets-bulk`) return { respond: { status: 200, body: { secrets: [bobsAnswer] } } };
      if (method === 'GET' && path === `/v1/groups/${groupId}/secrets/${secretId}`) return { respond: { status: 200, body: bobsAnswer } };
      if (method === 'GET' && groupPath().test(path)) return { respond: { status: 200, body: oldAnswer } };
      return undefined;
    },
  });
  const refused = await c('cat').secret('owner:key').catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(IntegrityError);
  expect((refused as Error).message).toMatch(/not made for you|swapped or replayed/);
});

test('a membership list with the removed member restored (a rollback) is refused', async () => {
  // Control: bob verifies the current state, without cat.
  expect((await c('bob').group('team').members()).map((m) => m.handle).sort()).toEqual(['ann', 'bob']);
  // The last list before the removal, as an honest server once served it: it names cat.
  const seen = h.proxy.log.filter((e) => e.method === 'GET' && groupPath().test(e.path) && e.status === 200).flatMap((e) => (e.resBody as GroupAnswer).lists);
  const restored = seen.filter((l) => l.body.epoch === 1).sort((a, b) => b.body.seq - a.body.seq)[0]!;
  expect(restored.body.members.some((m) => m.id === h.ids.cat)).toBe(true);
  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method !== 'GET' || !groupPath().test(path)) return undefined;
      return { ...(body as GroupAnswer), lists: [restored], card: restored.body.card };
    },
  });
  const refused = await c('bob').group('team').members().catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(IntegrityError);
  expect((refused as Error).message).toMatch(/not the one this device accepted|rolled back|not on its verified chain/);
});

test('a stale group card after a rotation, and a group card not signed by the previous epoch, are refused for the owner', async () => {
  const owner = c('owner');
  // Control: the owner writes to the current group key (its pin followed the verified chain).
  await (await owner.secret('key')).set({ k: 'v3' }).save();
  expect((await c('bob').secret('owner:key')).values).toEqual({ k: 'v3' });
  const grants = h.proxy.last('GET', paths.grants(secretId))!.resBody as { grants: Array<{ card: KeyCard }> };
  const epoch2 = grants.grants.find((g) => g.card.body.id === groupId)!.card;
  const history = h.proxy.log.filter((e) => e.method === 'GET' && groupPath().test(e.path) && e.status === 200).map((e) => e.resBody as GroupAnswer);
  const epoch1 = history.flatMap((a) => a.lists).find((l) => l.body.epoch === 1)!.body.card;

  // Stale: the grant list and the group answer show the epoch-1 card again (the grant binds exactly that card).
  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method === 'GET' && paths.grants(secretId).test(path)) {
        const answer = body as { grants: Array<{ card: KeyCard }> };
        for (const g of answer.grants) if (g.card.body.id === groupId) g.card = epoch1;
        return answer;
      }
      return undefined;
    },
  });
  const stale = await (async () => (await owner.secret('key')).set({ k: 'stale' }).save())().catch((e: unknown) => e);
  expect(stale).toBeInstanceOf(IntegrityError);
  expect((stale as Error).message).toMatch(/changed|stale|not on its verified chain/);

  // Forged rotation: a new card with attacker keys chained to epoch 2, in a list "by" bob (not an admin).
  const fakeKeys = await generateAccountKeys();
  const forgedCard = await createKeyCard(fakeKeys, { id: groupId, handle: 'team', kind: 'group', prev: epoch2 });
  h.proxy.setTamper({
    response: ({ method, path, body }) => {
      if (method === 'GET' && paths.grants(secretId).test(path)) {
        const answer = body as { grants: Array<{ card: KeyCard }> };
        for (const g of answer.grants) if (g.card.body.id === groupId) g.card = forgedCard;
        return answer;
      }
      if (method === 'GET' && groupPath().test(path)) {
        const answer = body as GroupAnswer;
        const last = answer.lists[answer.lists.length - 1]!;
        const forged: MembershipList = {
          body: { ...last.body, seq: last.body.seq + 1, epoch: last.body.epoch + 1, card: forgedCard, prev: toBase64Url(membershipListHash(last)), admin: h.ids.bob! },
          signature: last.signature,
          groupSignature: last.signature,
        };
        return { ...answer, card: forgedCard, lists: [...answer.lists, forged] };
      }
      return undefined;
    },
  });
  const forged = await (async () => (await owner.secret('key')).set({ k: 'forged' }).save())().catch((e: unknown) => e);
  expect(forged).toBeInstanceOf(IntegrityError);
  expect((forged as Error).message).toMatch(/signed by .*, who is not an admin of list/);

  // Control again: untampered, the owner saves and bob reads.
  h.proxy.setTamper(null);
  await (await owner.secret('key')).set({ k: 'v4' }).save();
  expect((await c('bob').secret('owner:key')).values).toEqual({ k: 'v4' });
});
