/**
 * Shared state of one client: transport, store, trust state and the current
 * identity, plus key-card lookups that go through the pins.
 * @module
 */
import { CardResponse } from '../protocol/index.ts';
import { AuthError, IntegrityError } from './errors.ts';
import type { Transport } from './http.ts';
import { seg } from './http.ts';
import type { Identity } from './identity.ts';
import type { KeyStore } from './store/types.ts';
import { TrustState, type TrustedCard } from './trust.ts';

/** Internal state shared by the SDK modules (not part of the public API). */
export class Core {
  /** The logged-in identity, or null. */
  identity: Identity | null = null;
  /** When the current session expires (ms). */
  expiresAt = 0;
  /** The trusted card of the logged-in account (cached). */
  private meCard: TrustedCard | null = null;
  /** Pins and high-water marks. */
  readonly trust: TrustState;

  /** @param transport - HTTP client; @param store - local persistence. */
  constructor(
    readonly transport: Transport,
    readonly store: KeyStore,
  ) {
    this.trust = new TrustState(store);
  }

  /** The current identity; throws AuthError when not logged in. */
  me(): Identity {
    if (!this.identity) throw new AuthError('not logged in; call login() (or run `latchkey login`) first');
    return this.identity;
  }

  /**
   * The trusted card of an account by id: the pin if there is one (no
   * request), else fetched, checked and pinned. `handle` is what the server
   * claimed the account is called, checked against the card.
   */
  async cardById(id: string, purpose: string, handle?: string): Promise<TrustedCard> {
    const me = this.identity;
    if (me && me.account.id === id) {
      if (this.meCard?.id !== id) this.meCard = await this.trust.trust(me.card, { id }, 'your own key card');
      if (handle !== undefined && handle !== this.meCard.handle) {
        throw new IntegrityError(`the server calls your account "${handle}", but your key card says "${this.meCard.handle}" (${purpose}); refusing`);
      }
      return this.meCard;
    }
    const pinned = await this.trust.pinned(id);
    if (pinned) {
      if (handle !== undefined && pinned.handle !== handle) {
        throw new IntegrityError(
          `the server calls account ${id} "${handle}", but its pinned key card says "${pinned.handle}" (${purpose}); refusing`,
        );
      }
      return pinned;
    }
    const { card } = await this.transport.request('GET', `/v1/cards/${seg(id)}`, CardResponse, { what: `key card of account ${id}` });
    return this.trust.trust(card, handle === undefined ? { id } : { id, handle }, purpose);
  }

  /** The trusted card of an account by handle (always asks the server, then checks against the pins). */
  async cardByHandle(handle: string, purpose: string): Promise<TrustedCard> {
    const { card } = await this.transport.request('GET', `/v1/cards/by-handle/${seg(handle)}`, CardResponse, {
      what: `key card of "${handle}"`,
    });
    return this.trust.trust(card, { handle }, purpose);
  }
}
