/** Key card chains: the current card of an account and every card it replaced (migration 0006). */
import type { KeyCardWire } from '../../protocol/index.ts';
import type { Caller, D1Database } from '../types.ts';
import { auditStatement } from './audit.ts';

/** The current card as stored (verbatim JSON, the compare-and-swap target), or null. */
export async function storedCard(db: D1Database, id: string): Promise<string | null> {
  return db.prepare('SELECT card FROM accounts WHERE id = ?1').bind(id).first<string>('card');
}

/** Every card of an account with its link, oldest first, the current card last (empty when there is no such account). */
export async function cardChainOf(db: D1Database, id: string): Promise<Array<{ card: KeyCardWire; link: string | null }>> {
  const { results } = await db
    .prepare(
      'SELECT card, link, seq FROM card_history WHERE account_id = ?1 ' +
        'UNION ALL SELECT card, card_link AS link, 9007199254740991 AS seq FROM accounts WHERE id = ?1 ORDER BY seq',
    )
    .bind(id)
    .all<{ card: string; link: string | null }>();
  return results.map((r) => ({ card: JSON.parse(r.card) as KeyCardWire, link: r.link }));
}

/** Number of cards an account replaced so far. */
export async function replacedCards(db: D1Database, id: string): Promise<number> {
  return (await db.prepare('SELECT COUNT(*) AS n FROM card_history WHERE account_id = ?1').bind(id).first<number>('n')) ?? 0;
}

/**
 * Replaces a person's card (and keyring sealed with the new keys) when the
 * stored card is still `oldCard` (compare-and-swap), keeps the old card in
 * the history and ends the account's other sessions (they hold the old keys).
 * Returns false when the card changed meanwhile.
 */
export async function replaceCard(
  db: D1Database,
  caller: Caller,
  r: { oldCard: string; card: KeyCardWire; link: string; keyring: string; keepSession: string },
  now: number,
): Promise<boolean> {
  const next = JSON.stringify(r.card);
  const results = await db.batch([
    db
      .prepare(
        'INSERT INTO card_history (account_id, seq, card, link) SELECT id, (SELECT COUNT(*) + 1 FROM card_history WHERE account_id = ?1), card, card_link ' +
          "FROM accounts WHERE id = ?1 AND kind = 'person' AND card = ?2",
      )
      .bind(caller.id, r.oldCard),
    db
      .prepare("UPDATE accounts SET card = ?3, card_link = ?4, keyring = ?5 WHERE id = ?1 AND kind = 'person' AND card = ?2")
      .bind(caller.id, r.oldCard, next, r.link, r.keyring),
    db
      .prepare('DELETE FROM sessions WHERE account_id = ?1 AND token_hash != ?2 AND EXISTS (SELECT 1 FROM accounts WHERE id = ?1 AND card = ?3)')
      .bind(caller.id, r.keepSession, next),
    auditStatement(db, { actor: caller, action: 'account.keys', ownerId: null, secretId: null, subjectId: null, at: now }, {
      sql: 'EXISTS (SELECT 1 FROM accounts WHERE id = ?9 AND card = ?10)',
      params: [caller.id, next],
    }),
  ]);
  return results[1]!.meta.changes === 1;
}
