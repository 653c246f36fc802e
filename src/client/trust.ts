/**
 * Local trust state: pinned key cards (trust on first use, keyed by account
 * id) and per-secret version high-water marks (highest version seen + its
 * hash, marks.ts). Pins live in the KeyStore, are loaded once per client and
 * written back with coalesced, serialised writes merged into what is stored
 * (so two processes sharing a home folder do not drop each other's pins).
 * @module
 */
import {
  constantTimeEqual, fingerprint, formatFingerprint, fromBase64Url, keyCardHash, toBase64Url, verifyKeyCard,
} from '../crypto/index.ts';
import type { AccountKind, KeyCard } from '../crypto/index.ts';
import { cardSatisfiesBinding, type CardChain } from './card-binding.ts';
import { IntegrityError, refuseMalformed } from './errors.ts';
import { PIN_LIST_STORE_KEY, listedOf, readStoredPinList, type StoredPinList } from './listed-pins.ts';
import { MarkTable, WriteQueue, type Mark } from './marks.ts';
import type { KeyStore } from './store/types.ts';

/** A key card that passed verification and matches the local pin. */
export interface TrustedCard {
  readonly id: string;
  readonly handle: string;
  readonly kind: AccountKind;
  readonly signingKey: Uint8Array;
  readonly encryptionKey: Uint8Array;
  /** 16-byte fingerprint of the card body. */
  readonly fingerprint: Uint8Array;
  readonly card: KeyCard;
}

/** Highest version of a secret this device has accepted, and its version hash. */
export type HighWaterMark = Mark<'version'>;

interface StoredPin {
  card: KeyCard;
  pinnedAt: number;
}

/** Short human description of an account for messages. */
export function describeAccount(card: { handle: string; id: string }): string {
  return `"${card.handle}" (account ${card.id})`;
}

/** The trusted form of a card (the caller has verified it). */
export function toTrusted(card: KeyCard): TrustedCard {
  return {
    id: card.body.id,
    handle: card.body.handle,
    kind: card.body.kind,
    signingKey: fromBase64Url(card.body.signingKey, 32),
    encryptionKey: fromBase64Url(card.body.encryptionKey, 32),
    fingerprint: fingerprint(card.body),
    card,
  };
}

/** Pins and high-water marks of one client. */
export class TrustState {
  private pins: Map<string, TrustedCard> | null = null;
  private loading: Promise<void> | null = null;
  private readonly dirtyPins = new Map<string, StoredPin | null>();
  private readonly pinWrites: WriteQueue;
  private readonly versionMarks: MarkTable<'version'>;
  /** Card hashes a verified pin list names, by account id: a card for a listed account must have that hash. */
  private listed = new Map<string, Uint8Array>();
  /** Runs after a new pin is stored (publishes the next pin list, best effort; pin-list.ts). */
  onPinned: (() => Promise<void>) | null = null;

  /**
   * Decides whether a card that differs from its account's pin is a linked
   * successor (a rotated group or account card); set by the client state.
   */
  successor: ((pinned: TrustedCard, presented: KeyCard) => Promise<boolean>) | null = null;
  /** The verified chain that ends in a card (card-chain.ts), for a listed account that rotated; set by the client state. */
  chainOf: CardChain | null = null;

  /** @param store - where pins and marks persist. */
  constructor(private readonly store: KeyStore) {
    this.pinWrites = new WriteQueue(() => this.writePins());
    this.versionMarks = new MarkTable(store, 'marks', 'version');
  }

  /** Loads pins (once). */
  load(): Promise<void> {
    this.loading ??= (async () => {
      const pins = new Map<string, TrustedCard>();
      for (const [id, pin] of Object.entries(readPins(await this.store.get('pins')))) {
        try {
          if (pin.card.body.id === id) pins.set(id, toTrusted(pin.card));
        } catch {
          // A damaged local entry is dropped; the card is simply pinned again on next use.
        }
      }
      this.listed = listedOf(readStoredPinList(await this.store.get(PIN_LIST_STORE_KEY)));
      this.pins = pins;
    })().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  /** The pinned card of an account, if any. */
  async pinned(accountId: string): Promise<TrustedCard | undefined> {
    await this.load();
    return this.pins!.get(accountId);
  }

  /** True when some pinned card is of this kind (e.g. a group this device shared with). */
  async hasPinOfKind(kind: AccountKind): Promise<boolean> {
    await this.load();
    for (const card of this.pins!.values()) if (card.kind === kind) return true;
    return false;
  }

  /** The pinned card with this handle, if any. */
  async pinnedByHandle(handle: string): Promise<TrustedCard | undefined> {
    await this.load();
    for (const card of this.pins!.values()) if (card.handle === handle) return card;
    return undefined;
  }

  /**
   * Checks a card the server presented and pins it on first use.
   * Refuses (IntegrityError) a card that is not self-signed, is not the one
   * asked for (`expect`), differs from the pinned card of its account, or
   * claims a handle pinned to another account.
   */
  async checkAndPin(card: KeyCard, expect: { id?: string; handle?: string }, purpose: string): Promise<TrustedCard> {
    const { trusted, pinned } = await this.check(card, expect, purpose);
    return pinned ? trusted : this.setPin(card);
  }

  /**
   * The checks of {@link TrustState.checkAndPin} without pinning: for cards that
   * are pinned only once something they signed has verified.
   */
  async check(card: KeyCard, expect: { id?: string; handle?: string }, purpose: string): Promise<{ trusted: TrustedCard; pinned: boolean }> {
    await this.load();
    const body = card.body;
    if (expect.id !== undefined && body.id !== expect.id) {
      throw new IntegrityError(
        `the server returned the key card of account ${body.id} ("${body.handle}") when account ${expect.id} was asked for (${purpose}); refusing it`,
      );
    }
    if (expect.handle !== undefined && body.handle !== expect.handle) {
      throw new IntegrityError(
        `the server returned a key card for "${body.handle}" when "${expect.handle}" was asked for (${purpose}); refusing it`,
      );
    }
    const fp = await refuseMalformed(`the key card of ${describeAccount(body)} (${purpose})`, () => fingerprint(body));
    let known: TrustedCard | undefined;
    try {
      known = this.againstPin(body, fp, purpose);
    } catch (error) {
      if (!(await this.linked(card))) throw error;
      return { trusted: await this.setPin(card), pinned: true };
    }
    if (known) return { trusted: known, pinned: true };
    await this.againstList(card, purpose);
    if (!(await refuseMalformed(`the key card of ${describeAccount(body)} (${purpose})`, () => verifyKeyCard(card)))) {
      throw new IntegrityError(`the key card of ${describeAccount(body)} is not validly self-signed (${purpose}); refusing it`);
    }
    // A concurrent call may have pinned this account while the signature was being checked.
    const meanwhile = this.againstPin(body, fp, purpose);
    if (meanwhile) return { trusted: meanwhile, pinned: true };
    for (const other of this.pins!.values()) {
      if (other.handle === body.handle && other.id !== body.id) {
        throw new IntegrityError(
          `"${body.handle}" is pinned to account ${other.id} (fingerprint ${formatFingerprint(other.fingerprint)}), but the server ` +
            `now presents account ${body.id} (fingerprint ${formatFingerprint(fp)}) under that handle (${purpose}). ` +
            `Check with them out of band, then run \`latchkey verify ${body.handle}\` to accept the new account.`,
        );
      }
    }
    return { trusted: toTrusted(card), pinned: false };
  }

  /** True when the presented card is self-signed and the successor check links it to the pin. */
  private async linked(card: KeyCard): Promise<boolean> {
    const pinned = this.pins!.get(card.body.id);
    if (!pinned || !this.successor || !(await verifyKeyCard(card))) return false;
    return this.successor(pinned, card);
  }

  /**
   * True when your pin list names this card, or a later card of the account
   * chained to the listed one (a rotation, see card-binding.ts); throws when
   * it names another card for the account. A listed card is still pinned only
   * once something it signed verified (ClientState.confirm), like any other.
   */
  private async againstList(card: KeyCard, purpose: string): Promise<boolean> {
    const want = this.listed.get(card.body.id);
    if (!want) return false;
    if (await cardSatisfiesBinding(card, toBase64Url(want), this.chainOf ?? undefined)) return true;
    throw new IntegrityError(
      `your signed pin list names another key card for ${describeAccount(card.body)} than the server presents (${purpose}); ` +
        `refusing it. If they replaced their keys, compare fingerprints with them and run \`latchkey verify ${card.body.handle}\`.`,
    );
  }

  /**
   * True when your pin list names exactly this card (like a pin on another
   * of your devices); throws when it names another card for the account.
   */
  async listedMatch(card: KeyCard, purpose: string): Promise<boolean> {
    await this.load();
    return this.againstList(card, purpose);
  }

  /** Every pin as (account id, card hash), and the listed entries not pinned here yet: what the next pin list holds. */
  async pinHashes(): Promise<Map<string, Uint8Array>> {
    await this.load();
    const out = new Map(this.listed);
    for (const [id, card] of this.pins!) out.set(id, keyCardHash(card.card));
    return out;
  }

  /** Takes the entries of a verified pin list (pin-list.ts decides which) as this device's listed cards. */
  async setListed(list: StoredPinList): Promise<void> {
    await this.load();
    await this.store.set(PIN_LIST_STORE_KEY, list);
    this.listed = listedOf(list);
  }

  /** The pinned card when it equals the presented one; throws when the account's pin differs; undefined when unpinned. */
  private againstPin(body: KeyCard['body'], fp: Uint8Array, purpose: string): TrustedCard | undefined {
    const pinned = this.pins!.get(body.id);
    if (pinned) {
      if (constantTimeEqual(pinned.fingerprint, fp)) return pinned;
      throw new IntegrityError(
        `the key card of ${describeAccount(pinned)} changed: pinned fingerprint ${formatFingerprint(pinned.fingerprint)}, ` +
          `server now presents ${formatFingerprint(fp)} (${purpose}). If the owner really replaced their keys, compare the new ` +
          `fingerprint with them out of band and run \`latchkey verify ${pinned.handle}\` (client.verify); otherwise the server is tampering.`,
      );
    }
    return undefined;
  }

  /**
   * Replaces the pin for the card's account (after an out-of-band check) and
   * drops any other pin holding the same handle. The card must be self-signed.
   */
  async repin(card: KeyCard): Promise<TrustedCard> {
    await this.load();
    if (!(await refuseMalformed(`the key card of ${describeAccount(card.body)}`, () => verifyKeyCard(card)))) {
      throw new IntegrityError(`the key card of ${describeAccount(card.body)} is not validly self-signed; refusing to pin it`);
    }
    for (const other of [...this.pins!.values()]) {
      if (other.handle === card.body.handle && other.id !== card.body.id) {
        this.pins!.delete(other.id);
        this.dirtyPins.set(other.id, null);
      }
    }
    return this.setPin(card);
  }

  private async setPin(card: KeyCard): Promise<TrustedCard> {
    const trusted = toTrusted(card);
    this.pins!.set(trusted.id, trusted);
    this.dirtyPins.set(trusted.id, { card, pinnedAt: Date.now() });
    await this.pinWrites.schedule();
    // A card the pin list already names needs no new list.
    const listed = this.listed.get(trusted.id);
    if (!listed || !constantTimeEqual(listed, keyCardHash(card))) await this.onPinned?.().catch(() => undefined);
    return trusted;
  }

  /** The high-water mark of a secret, if this device has seen it. */
  mark(secretId: string): Promise<HighWaterMark | undefined> {
    return this.versionMarks.get(secretId);
  }

  /** Raises a secret's mark to (version, hash) unless it is already at or above `version`. */
  raiseMark(secretId: string, version: number, hash: Uint8Array): Promise<void> {
    return this.versionMarks.raise([{ id: secretId, version, hash }]);
  }

  /** Raises many marks with one write (see {@link TrustState.raiseMark}). */
  raiseMarks(marks: ReadonlyArray<{ id: string; version: number; hash: Uint8Array }>): Promise<void> {
    return this.versionMarks.raise(marks);
  }

  /** Forgets a secret's mark (after the secret was deleted). */
  dropMark(secretId: string): Promise<void> {
    return this.versionMarks.drop(secretId);
  }

  private async writePins(): Promise<void> {
    if (this.dirtyPins.size === 0) return;
    const changes = new Map(this.dirtyPins);
    this.dirtyPins.clear();
    const stored = readPins(await this.store.get('pins'));
    for (const [id, pin] of changes) {
      if (pin) stored[id] = pin;
      else delete stored[id];
    }
    await this.store.set('pins', { v: 1, accounts: stored });
  }
}

function readPins(value: unknown): Record<string, StoredPin> {
  const accounts = (value as { v?: unknown; accounts?: unknown } | undefined)?.accounts;
  if (typeof accounts !== 'object' || accounts === null) return {};
  const out: Record<string, StoredPin> = {};
  for (const [id, pin] of Object.entries(accounts as Record<string, unknown>)) {
    const p = pin as Partial<StoredPin> | null;
    if (p && typeof p === 'object' && p.card && typeof p.card === 'object' && typeof p.pinnedAt === 'number') {
      out[id] = { card: p.card, pinnedAt: p.pinnedAt };
    }
  }
  return out;
}
