/**
 * Shared state of one client: transport, store, trust state and the current
 * identity, plus key-card lookups that go through the pins.
 * @module
 */
import { CardResponse } from '../protocol/index.ts';
import { limiter } from './bounds.ts';
import { AuthError, IntegrityError } from './errors.ts';
import type { Transport } from './http.ts';
import { seg } from './http.ts';
import type { Identity } from './identity.ts';
import type { KeyStore } from './store/types.ts';
import { cardChainOf, cardSucceeds } from './card-chain.ts';
import { MarkTable, WriteQueue } from './marks.ts';
import { reportPinWarnings, syncPins } from './pin-list.ts';
import { TrustState, type TrustedCard } from './trust.ts';

/** Internal state shared by the SDK modules (not part of the public API). */
export class ClientState {
  /** The logged-in identity, or null. */
  identity: Identity | null = null;
  /** When the current session expires (ms). */
  expiresAt = 0;
  /** Cards fetched and checked but not pinned yet, by account id. */
  private readonly pending = new Map<string, Promise<TrustedCard>>();
  /** The trusted card of the logged-in account (cached). */
  private meCard: TrustedCard | null = null;
  /** Pins and high-water marks. */
  readonly trust: TrustState;
  /** High-water marks of access lists. */
  readonly lists: MarkTable<'counter'>;
  /** Runs look-ups (key cards, grant lists) at most `limits.concurrency` at a time. */
  readonly lookup: <T>(fn: () => Promise<T>) => Promise<T>;

  /** @param transport - HTTP client; @param store - local persistence. */
  constructor(
    readonly transport: Transport,
    readonly store: KeyStore,
  ) {
    this.trust = new TrustState(store);
    this.trust.successor = (pinned, card) => cardSucceeds(this, pinned, card);
    this.trust.chainOf = (card) => cardChainOf(this, card);
    // A new pin is published in your signed pin list (coalesced; best effort, never fails the caller).
    const publish = new WriteQueue(async () => reportPinWarnings(await syncPins(this)));
    this.trust.onPinned = () => publish.schedule();
    this.lists = new MarkTable(store, 'list-marks', 'counter');
    this.lookup = limiter(transport.limits.concurrency);
  }

  /** The current identity; throws AuthError when not logged in. */
  me(): Identity {
    if (!this.identity) throw new AuthError('not logged in; call login() (or run `latchkey login`) first');
    return this.identity;
  }

  /**
   * The card of an account by id, checked: the pin if there is one (no
   * request), else fetched and checked but not yet pinned. Cards used to
   * verify something are pinned by {@link ClientState.confirm} once that verified,
   * so a forged card offered on first contact is not remembered.
   * `handle` is what the server claimed the account is called.
   */
  async cardById(id: string, purpose: string, handle?: string): Promise<TrustedCard> {
    const me = this.identity;
    let card: TrustedCard;
    if (me && me.account.id === id) {
      if (this.meCard?.card !== me.card) this.meCard = await this.trust.checkAndPin(me.card, { id }, 'your own key card');
      card = this.meCard;
    } else {
      card = (await this.trust.pinned(id)) ?? (await this.fetchUnpinned(id, purpose));
    }
    if (handle !== undefined && card.handle !== handle) {
      throw new IntegrityError(`the server calls account ${id} "${handle}", but its key card says "${card.handle}" (${purpose}); refusing`);
    }
    return card;
  }

  private fetchUnpinned(id: string, purpose: string): Promise<TrustedCard> {
    let pending = this.pending.get(id);
    if (!pending) {
      pending = (async () => {
        const { card } = await this.lookup(() =>
          this.transport.request('GET', `/v1/cards/${seg(id)}`, CardResponse, { what: `key card of account ${id}` }));
        return (await this.trust.check(card, { id }, purpose)).trusted;
      })();
      this.pending.set(id, pending);
      pending.catch(() => this.pending.delete(id));
    }
    return pending;
  }

  /** Pins cards whose signatures just verified something (no-op for pinned cards). */
  async confirm(...cards: TrustedCard[]): Promise<void> {
    for (const card of cards) {
      if (card.id === this.identity?.account.id) continue;
      await this.trust.checkAndPin(card.card, { id: card.id }, 'first use');
      this.pending.delete(card.id);
    }
  }

  /** Drops unpinned cards after a failed verification, so the next attempt fetches them again. */
  forget(...ids: string[]): void {
    for (const id of ids) this.pending.delete(id);
  }

  /** The trusted card of an account by handle (always asks the server, then checks against the pins). */
  async cardByHandle(handle: string, purpose: string): Promise<TrustedCard> {
    const { card } = await this.transport.request('GET', `/v1/cards/by-handle/${seg(handle)}`, CardResponse, {
      what: `key card of "${handle}"`,
    });
    return this.trust.checkAndPin(card, { handle }, purpose);
  }
}
