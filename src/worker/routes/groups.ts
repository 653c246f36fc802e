/**
 * Groups: create, read (any logged-in account: cards and lists are public
 * like key cards), change membership (admins of the latest list only,
 * compare-and-swap on the list number), delete, and reads through a group.
 * The server verifies lists with the same function clients use, so junk and
 * forks are refused early; clients never rely on that check.
 */
import { Hono } from 'hono';
import { keyCardHash, membershipListHash, toBase64Url, verifyMembershipChain } from '../../crypto/index.ts';
import { CreateGroupRequest, GroupChangeRequest } from '../../protocol/index.ts';
import type { MembershipListWire, Rewrap, SeedWrap } from '../../protocol/index.ts';
import { MAX_LIST } from '../config.ts';
import { ApiError, badRequest, conflict, isConstraintError, notFound } from '../errors.ts';
import { idParam, readBody, versionParam } from '../request.ts';
import { authedRead, requireSession } from '../session.ts';
import { cardOf } from '../store/accounts.ts';
import {
  applyGroupChange, cardsOfAccounts, countMemberAccounts, deleteGroup, groupHead, groupLists, groupSecretVersions, groupsOf, insertGroup, membership,
} from '../store/groups.ts';
import {
  groupBulkStatement, groupHistoryStatement, groupLatestStatement, groupVersionStatement, memberStatement,
} from '../store/group-reads.ts';
import { toHeader, toSecretVersion } from '../store/rows.ts';
import type { SecretVersionRow, VersionHeaderRow } from '../store/rows.ts';
import type { AppEnv, Caller, D1Database } from '../types.ts';

/** Routes under /v1/groups. */
export const groupRoutes = new Hono<AppEnv>();

/** Refuses a list the clients would refuse; `head` is the latest stored list (null for a new group). */
async function checkList(db: D1Database, caller: Caller, list: MembershipListWire, head: MembershipListWire | null): Promise<void> {
  if (list.body.admin !== caller.id) throw badRequest('list.body.admin must be your account id');
  const card = await cardOf(db, { id: caller.id });
  try {
    await verifyMembershipChain({ group: list.body.group, lists: head ? [head, list] : [list], cards: card ? [card] : [], anchor: head ? { seq: head.body.seq, hash: membershipListHash(head) } : null });
  } catch (error) {
    throw badRequest(`the membership list does not verify: ${(error as Error).message}`);
  }
}

function sameIds(wraps: Array<{ recipient: string }>, ids: string[]): boolean {
  const got = new Set(wraps.map((w) => w.recipient));
  return got.size === wraps.length && got.size === ids.length && ids.every((id) => got.has(id));
}

groupRoutes.post('/', requireSession(), async (c) => {
  const caller = c.var.caller;
  if (caller.kind !== 'person') throw new ApiError(403, 'forbidden', 'only persons can create groups');
  const { list, wrap } = await readBody(c, CreateGroupRequest, 'create-group request');
  const b = list.body;
  const members = b.members;
  if (members.length !== 1 || members[0]!.id !== caller.id || members[0]!.role !== 'admin' || wrap.recipient !== caller.id) {
    throw badRequest('a new group has exactly one member, you, as admin, with your seed wrap');
  }
  await checkList(c.env.DB, caller, list, null);
  try {
    await insertGroup(c.env.DB, caller, list, wrap, Date.now());
  } catch (err) {
    if (isConstraintError(err)) throw conflict('that handle (or id) is taken; pick another group name');
    throw err;
  }
  return c.json({ account: { id: b.group, handle: b.card.body.handle, kind: 'group' } }, 201);
});

groupRoutes.get('/', async (c) => {
  const { caller } = await authedRead(c, () => []);
  return c.json({ groups: await groupsOf(c.env.DB, caller.id) });
});

groupRoutes.get('/:id', async (c) => {
  const id = idParam(c, 'id');
  const { caller } = await authedRead(c, () => []);
  const since = Number(c.req.query('since') ?? '1');
  if (!Number.isSafeInteger(since) || since < 1) throw badRequest('since must be a list number >= 1');
  const db = c.env.DB;
  const head = await groupHead(db, id);
  if (!head) throw notFound('no such group');
  const lists = await groupLists(db, id, Math.min(since, head.seq));
  // The cards a client needs: each list's signer and the latest members (bounded by the list and member limits).
  const ids = new Set<string>(lists.map((l) => l.body.admin));
  for (const m of lists[lists.length - 1]!.body.members) ids.add(m.id);
  const mine = await membership(db, id, caller.id);
  return c.json({
    card: head.list.body.card,
    lists,
    cards: await cardsOfAccounts(db, [...ids]),
    wrap: mine ? { recipient: caller.id, wrap: mine.wrap } : null,
  });
});

async function adminOfHead(db: D1Database, id: string, caller: Caller): Promise<MembershipListWire> {
  const head = await groupHead(db, id);
  if (!head) throw notFound('no such group');
  if (!head.list.body.members.some((m) => m.id === caller.id)) throw notFound('no such group');
  if (!head.list.body.members.some((m) => m.id === caller.id && m.role === 'admin')) {
    throw new ApiError(403, 'forbidden', 'only an admin of the group can change it');
  }
  return head.list;
}

/** The wraps and re-wraps a change must carry (see GroupChangeRequest). */
async function checkWraps(db: D1Database, head: MembershipListWire, list: MembershipListWire, wraps: SeedWrap[], rewraps: Rewrap[]): Promise<boolean> {
  const rotated = list.body.epoch !== head.body.epoch;
  const before = new Set(head.body.members.map((m) => m.id));
  const added = list.body.members.map((m) => m.id).filter((m) => !before.has(m));
  if (added.length > 0 && (await countMemberAccounts(db, added)) !== added.length) throw badRequest('every new member must be an existing person or machine account');
  if (!sameIds(wraps, rotated ? list.body.members.map((m) => m.id) : added)) {
    throw badRequest(rotated ? 'a new epoch needs one seed wrap for every member' : 'send one seed wrap for each added member, and only for them');
  }
  if (!rotated) {
    if (rewraps.length > 0) throw badRequest('re-wraps come only with a new epoch');
    return false;
  }
  const shared = await groupSecretVersions(db, list.body.group);
  const seen = new Set<string>();
  for (const r of rewraps) {
    if (seen.has(r.secret) || shared.get(r.secret) !== r.version) throw conflict('the re-wraps do not match the latest versions shared with the group; fetch them again and retry');
    seen.add(r.secret);
  }
  if (seen.size !== shared.size) throw conflict('the re-wraps do not cover every secret shared with the group; fetch them again and retry');
  return true;
}

groupRoutes.post('/:id/lists', requireSession(), async (c) => {
  const id = idParam(c, 'id');
  const caller = c.var.caller;
  const db = c.env.DB;
  const { list, wraps, rewraps } = await readBody(c, GroupChangeRequest, 'group change request');
  const head = await adminOfHead(db, id, caller);
  if (list.body.group !== id) throw badRequest('list.body.group must be the group in the path');
  if (list.body.seq !== head.body.seq + 1) throw conflict(`the group changed meanwhile (its latest list is ${head.body.seq}); reload it and retry`);
  await checkList(db, caller, list, head);
  const rotated = await checkWraps(db, head, list, wraps, rewraps);
  try {
    await applyGroupChange(db, caller, { list, wraps, rewraps, rotated }, Date.now());
  } catch (err) {
    if (isConstraintError(err)) throw conflict('another admin changed the group at the same time; reload it and retry');
    throw err;
  }
  return c.json({ seq: list.body.seq, epoch: list.body.epoch, card: toBase64Url(keyCardHash(list.body.card)) });
});

groupRoutes.delete('/:id', requireSession(), async (c) => {
  const id = idParam(c, 'id');
  await adminOfHead(c.env.DB, id, c.var.caller);
  await deleteGroup(c.env.DB, c.var.caller, id, Date.now());
  return c.body(null, 204);
});

groupRoutes.get('/:id/secrets-bulk', async (c) => {
  const id = idParam(c, 'id');
  const { results } = await authedRead(c, (db, token, now) => [memberStatement(db, token, now, id), groupBulkStatement(db, token, now, id, MAX_LIST)]);
  if (results[0]!.results.length === 0) throw notFound('no such group (or you are not a member)');
  const body = (results[1]!.results[0] as { body?: string } | undefined)?.body ?? '{"secrets":[]}';
  return c.body(body, 200, { 'content-type': 'application/json; charset=UTF-8' });
});

groupRoutes.get('/:id/secrets/:sid', async (c) => {
  const id = idParam(c, 'id');
  const sid = idParam(c, 'sid');
  const { results } = await authedRead(c, (db, token, now) => [groupLatestStatement(db, token, now, id, sid)]);
  const row = results[0]!.results[0] as unknown as SecretVersionRow | undefined;
  if (!row) throw notFound('no such secret shared with a group you are in');
  return c.json(toSecretVersion(row));
});

groupRoutes.get('/:id/secrets/:sid/versions', async (c) => {
  const id = idParam(c, 'id');
  const sid = idParam(c, 'sid');
  const { results } = await authedRead(c, (db, token, now) => [groupHistoryStatement(db, token, now, id, sid, MAX_LIST)]);
  const rows = results[0]!.results as unknown as Array<VersionHeaderRow & { v_hash: string }>;
  if (rows.length === 0) throw notFound('no such secret shared with a group you are in');
  return c.json({ versions: rows.map((r) => toHeader(sid, r)) });
});

groupRoutes.get('/:id/secrets/:sid/versions/:n', async (c) => {
  const id = idParam(c, 'id');
  const sid = idParam(c, 'sid');
  const n = versionParam(c);
  const { results } = await authedRead(c, (db, token, now) => [groupVersionStatement(db, token, now, id, sid, n)]);
  const row = results[0]!.results[0] as unknown as SecretVersionRow | undefined;
  if (!row) throw notFound('no such secret version shared with a group you are in');
  return c.json(toSecretVersion(row));
});
