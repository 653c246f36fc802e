/** Groups: the group account, its membership lists and the current members' seed wraps. */
import type { KeyCardWire, MembershipListWire, Rewrap, SeedWrap } from '../../protocol/index.ts';
import { MAX_GROUP_LISTS, MAX_GROUPS } from '../../protocol/index.ts';
import type { Caller, D1Database, D1PreparedStatement } from '../types.ts';
import { auditStatement } from './audit.ts';

/** The latest list of a group; null when there is no such group. */
export async function groupHead(db: D1Database, groupId: string): Promise<{ seq: number; epoch: number; list: MembershipListWire } | null> {
  const row = await db
    .prepare('SELECT seq, epoch, list FROM group_lists WHERE group_id = ?1 ORDER BY seq DESC LIMIT 1')
    .bind(groupId)
    .first<{ seq: number; epoch: number; list: string }>();
  return row ? { seq: row.seq, epoch: row.epoch, list: JSON.parse(row.list) as MembershipListWire } : null;
}

/** Lists from `since` on, oldest first, at most MAX_GROUP_LISTS. */
export async function groupLists(db: D1Database, groupId: string, since: number): Promise<MembershipListWire[]> {
  const { results } = await db
    .prepare('SELECT list FROM group_lists WHERE group_id = ?1 AND seq >= ?2 ORDER BY seq LIMIT ?3')
    .bind(groupId, since, MAX_GROUP_LISTS)
    .all<{ list: string }>();
  return results.map((r) => JSON.parse(r.list) as MembershipListWire);
}

/** The current key cards of these accounts (any order). */
export async function cardsOfAccounts(db: D1Database, ids: string[]): Promise<KeyCardWire[]> {
  if (ids.length === 0) return [];
  const { results } = await db
    .prepare('SELECT card FROM accounts WHERE id IN (SELECT value FROM json_each(?1))')
    .bind(JSON.stringify(ids))
    .all<{ card: string }>();
  return results.map((r) => JSON.parse(r.card) as KeyCardWire);
}

/** How many of these ids are persons or machines (members can be neither groups nor unknown). */
export async function countMemberAccounts(db: D1Database, ids: string[]): Promise<number> {
  const row = await db
    .prepare("SELECT count(*) AS n FROM accounts WHERE kind <> 'group' AND id IN (SELECT value FROM json_each(?1))")
    .bind(JSON.stringify(ids))
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** The caller's membership row (role and seed wrap), or null. */
export async function membership(db: D1Database, groupId: string, memberId: string): Promise<{ role: string; wrap: string } | null> {
  return db
    .prepare('SELECT role, wrap FROM group_members WHERE group_id = ?1 AND member_id = ?2')
    .bind(groupId, memberId)
    .first<{ role: string; wrap: string }>();
}

/** Groups the account is a member of. */
export async function groupsOf(db: D1Database, memberId: string): Promise<Array<{ id: string; handle: string }>> {
  const { results } = await db
    .prepare('SELECT a.id, a.handle FROM group_members m JOIN accounts a ON a.id = m.group_id WHERE m.member_id = ?1 ORDER BY a.handle LIMIT ?2')
    .bind(memberId, MAX_GROUPS)
    .all<{ id: string; handle: string }>();
  return results;
}

/** Secrets shared with the group and their latest version numbers. */
export async function groupSecretVersions(db: D1Database, groupId: string): Promise<Map<string, number>> {
  const { results } = await db
    .prepare('SELECT s.id, s.version FROM grants g JOIN secrets s ON s.id = g.secret_id WHERE g.grantee_id = ?1')
    .bind(groupId)
    .all<{ id: string; version: number }>();
  return new Map(results.map((r) => [r.id, r.version]));
}

function insertList(db: D1Database, list: MembershipListWire, now: number): D1PreparedStatement {
  // A second writer of the same seq fails the whole batch on the primary key: the compare-and-swap.
  return db
    .prepare('INSERT INTO group_lists (group_id, seq, epoch, list, created_at) VALUES (?1, ?2, ?3, ?4, ?5)')
    .bind(list.body.group, list.body.seq, list.body.epoch, JSON.stringify(list), now);
}

function upsertMembers(db: D1Database, list: MembershipListWire, wraps: SeedWrap[]): D1PreparedStatement[] {
  const roles = JSON.stringify(list.body.members.map((m) => [m.id, m.role]));
  const g = list.body.group;
  // Every member of the list either holds a wrap already (kept) or gets one here (the route checks which).
  return [
    db
      .prepare(`DELETE FROM group_members WHERE group_id = ?1 AND member_id NOT IN (SELECT json_extract(value, '$[0]') FROM json_each(?2))`)
      .bind(g, roles),
    db
      .prepare(
        `INSERT INTO group_members (group_id, member_id, role, wrap)
         SELECT ?1, json_extract(value, '$.recipient'), 'member', json_extract(value, '$.wrap') FROM json_each(?2) WHERE 1
         ON CONFLICT (group_id, member_id) DO UPDATE SET wrap = excluded.wrap`,
      )
      .bind(g, JSON.stringify(wraps)),
    db
      .prepare(
        `INSERT INTO group_members (group_id, member_id, role, wrap)
         SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), '' FROM json_each(?2) WHERE 1
         ON CONFLICT (group_id, member_id) DO UPDATE SET role = excluded.role`,
      )
      .bind(g, roles),
  ];
}

/** Creates the group account with its first list and the creator's seed wrap. */
export async function insertGroup(db: D1Database, creator: Caller, list: MembershipListWire, wrap: SeedWrap, now: number): Promise<void> {
  const card = list.body.card;
  await db.batch([
    db
      .prepare("INSERT INTO accounts (id, handle, kind, card, auth_hash, created_at) VALUES (?1, ?2, 'group', ?3, '', ?4)")
      .bind(card.body.id, card.body.handle, JSON.stringify(card), now),
    insertList(db, list, now),
    ...upsertMembers(db, list, [wrap]),
    auditStatement(db, { actor: creator, action: 'group.create', ownerId: null, secretId: null, subjectId: card.body.id, at: now }),
  ]);
}

/**
 * Stores the next list (fails on a concurrent one: isConstraintError). On a
 * new epoch also the new card, every member's new seed wrap, the re-wraps of
 * the latest versions (only where still latest and shared with the group),
 * and the rotate-upstream flag plus a new grant epoch on every shared secret.
 */
export async function applyGroupChange(
  db: D1Database,
  admin: Caller,
  change: { list: MembershipListWire; wraps: SeedWrap[]; rewraps: Rewrap[]; rotated: boolean },
  now: number,
): Promise<void> {
  const { list } = change;
  const g = list.body.group;
  const statements = [insertList(db, list, now), ...upsertMembers(db, list, change.wraps)];
  if (change.rotated) {
    statements.push(
      db.prepare("UPDATE accounts SET card = ?2 WHERE id = ?1 AND kind = 'group'").bind(g, JSON.stringify(list.body.card)),
      db
        .prepare(
          `INSERT OR REPLACE INTO wraps (secret_id, version, recipient, wrap)
           SELECT json_extract(r.value, '$.secret'), json_extract(r.value, '$.version'), ?1, json_extract(r.value, '$.wrap') FROM json_each(?2) r
           JOIN secrets s ON s.id = json_extract(r.value, '$.secret') AND s.version = json_extract(r.value, '$.version')
           JOIN grants gr ON gr.secret_id = s.id AND gr.grantee_id = ?1`,
        )
        .bind(g, JSON.stringify(change.rewraps)),
      db
        .prepare('UPDATE secrets SET rotate = 1, grant_epoch = grant_epoch + 1 WHERE id IN (SELECT secret_id FROM grants WHERE grantee_id = ?1)')
        .bind(g),
    );
  }
  statements.push(auditStatement(db, { actor: admin, action: 'group.change', ownerId: null, secretId: null, subjectId: g, at: now }));
  await db.batch(statements);
}

/** Deletes a group: its account, lists, members, the grants to it and its wraps; the secrets shared with it are flagged rotate-upstream. */
export async function deleteGroup(db: D1Database, admin: Caller, groupId: string, now: number): Promise<void> {
  await db.batch([
    db.prepare('DELETE FROM wraps WHERE recipient = ?1').bind(groupId),
    // Its members read these secrets: flag them like any revoked share.
    db.prepare('UPDATE secrets SET rotate = 1, grant_epoch = grant_epoch + 1 WHERE id IN (SELECT secret_id FROM grants WHERE grantee_id = ?1)').bind(groupId),
    db.prepare('DELETE FROM grants WHERE grantee_id = ?1').bind(groupId),
    db.prepare('DELETE FROM group_members WHERE group_id = ?1').bind(groupId),
    db.prepare('DELETE FROM group_lists WHERE group_id = ?1').bind(groupId),
    db.prepare("DELETE FROM accounts WHERE id = ?1 AND kind = 'group'").bind(groupId),
    auditStatement(db, { actor: admin, action: 'group.delete', ownerId: null, secretId: null, subjectId: groupId, at: now }),
  ]);
}
