/**
 * Pins that follow you: this device's pins (account id -> key-card hash) as
 * a list signed by your own key (crypto pin-list.ts), kept on the server and
 * merged at every login. A fresh device (or a machine, with its creator's
 * list) then refuses a forged card for anyone its account already trusts.
 *
 * Merge rules: only a list that verifies under the owner's card counts (else
 * it is ignored with a warning); a list older than the one this device last
 * merged is ignored (a rollback can only lack recent pins, never add or
 * remove one); an entry naming another card than a local pin is not taken
 * (the local pin stays, with a warning) unless both are on the account's
 * verified chain of rotated cards (then the later one counts, silently);
 * the rest become "listed" cards:
 * a listed account's card is accepted only with that hash (trust.ts).
 * Publishing is best effort: a failure leaves every local pin in place, and
 * the next publish (a new pin, the next login) sends the union again.
 * @module
 */
import { fromBase64Url, pinListHash, signPinList, toBase64Url, verifyPinList } from '../crypto/index.ts';
import { MAX_PINS, PinListResponse, pinListStatement } from '../protocol/index.ts';
import type { PinListRecord } from '../protocol/index.ts';
import { cardSatisfiesBinding } from './card-binding.ts';
import { chainOrder } from './card-chain.ts';
import type { ClientState } from './client-state.ts';
import { ConflictError, LatchkeyError } from './errors.ts';
import { PIN_LIST_STORE_KEY, readStoredPinList } from './listed-pins.ts';
import { describeAccount, type TrustedCard } from './trust.ts';

/** The pin list the server holds for you (for a machine: its creator's), unverified. */
async function fetchPinList(state: ClientState): Promise<PinListRecord | null> {
  return (await state.transport.request('GET', '/v1/me/pins', PinListResponse, { what: 'your pin list' })).list;
}

/**
 * Merges a pin list signed by `owner` (you, or the creator of this machine)
 * into the listed cards of this device; returns warnings (never throws for a
 * bad list: it is ignored).
 */
export async function mergePinList(state: ClientState, list: PinListRecord | null, owner: TrustedCard): Promise<string[]> {
  return (await merge(state, list, owner)).warnings;
}

/** {@link mergePinList}, also saying whether the list verified (so the next list may replace it). */
async function merge(state: ClientState, list: PinListRecord | null, owner: TrustedCard): Promise<{ warnings: string[]; verified: boolean }> {
  const warnings = await mergeVerified(state, list, owner);
  return { warnings: warnings ?? [`ignored ${whoseList(owner)}: its signature does not verify (the server may be tampering)`], verified: warnings !== null };
}

function whoseList(owner: TrustedCard): string {
  return `the pin list of ${describeAccount(owner)}`;
}

/** The merge; null when the list does not verify under the owner's card. */
async function mergeVerified(state: ClientState, list: PinListRecord | null, owner: TrustedCard): Promise<string[] | null> {
  if (!list) return [];
  const whose = whoseList(owner);
  let hash: Uint8Array;
  try {
    hash = pinListHash(pinListStatement(list));
  } catch {
    return null;
  }
  if (list.owner !== owner.id || !(await verifyPinList(pinListStatement(list), fromBase64Url(list.signature, 64), owner.signingKey))) return null;
  const stored = readStoredPinList(await state.store.get(PIN_LIST_STORE_KEY));
  const mark = stored?.owner === owner.id ? stored : null;
  const hashText = toBase64Url(hash);
  if (mark && list.counter === mark.counter && hashText === mark.hash) return [];
  if (mark && list.counter <= mark.counter) {
    return [`ignored an older copy of ${whose} (counter ${list.counter}; this device has seen ${mark.counter}): the server may be rolling it back`];
  }
  const warnings: string[] = [];
  const accounts: Record<string, string> = {};
  for (const pin of list.pins) {
    const local = await state.trust.pinned(pin.id);
    if (local && !(await cardSatisfiesBinding(local.card, pin.card))) {
      // A rotation another device already followed (or this one did first) is not a conflict.
      const order = local.kind === 'person' ? await chainOrder(state, local, pin.card) : null;
      if (order === 'later') accounts[pin.id] = pin.card;
      if (order !== null) continue;
      warnings.push(`kept this device's pin of ${describeAccount(local)}: ${whose} names another key card; check with them, then \`latchkey verify ${local.handle}\``);
      continue;
    }
    accounts[pin.id] = pin.card;
  }
  await state.trust.setListed({ owner: owner.id, counter: list.counter, hash: hashText, accounts });
  return warnings;
}

/**
 * Fetches your pin list, merges it, and publishes the next one when this
 * device knows pins the list lacks (compare-and-swap on the counter, retried
 * on a concurrent publish). Returns warnings; never throws.
 */
export async function syncPins(state: ClientState): Promise<string[]> {
  const me = state.identity;
  if (!me || me.account.kind !== 'person') return [];
  try {
    const own = await state.cardById(me.account.id, 'your own key card');
    for (let attempt = 0; attempt < 3; attempt++) {
      const served = await fetchPinList(state);
      const { warnings, verified } = await merge(state, served, own);
      // A list that does not verify is not replaced: it may be a damaged copy of one with pins this device lacks.
      if (!verified) return warnings;
      const entries = await state.trust.pinHashes();
      entries.delete(me.account.id);
      if (served && sameEntries(served, entries)) return warnings;
      if (entries.size === 0) return warnings;
      if (entries.size > MAX_PINS) return [...warnings, `your ${entries.size} pins exceed a pin list's ${MAX_PINS}; only this device keeps them`];
      const mark = readStoredPinList(await state.store.get(PIN_LIST_STORE_KEY));
      const counter = Math.max(served?.counter ?? 0, mark?.owner === me.account.id ? mark.counter : 0) + 1;
      const statement = { owner: me.account.id, counter, time: Date.now(), pins: [...entries].map(([id, card]) => ({ id, card })) };
      const signature = await signPinList(statement, me.signer);
      const pins = statement.pins.map((p) => ({ id: p.id, card: toBase64Url(p.card) }));
      try {
        await state.transport.request('PUT', '/v1/me/pins', PinListResponse, {
          what: 'publish your pin list',
          body: { list: { v: 2, ...statement, pins, signature: toBase64Url(signature) } },
        });
      } catch (error) {
        if (error instanceof ConflictError) continue;
        throw error;
      }
      await state.trust.setListed({ owner: me.account.id, counter, hash: toBase64Url(pinListHash(statement)), accounts: Object.fromEntries(pins.map((p) => [p.id, p.card])) });
      return warnings;
    }
    return ['your pin list kept changing while this device published it; it is published again at the next new pin or login'];
  } catch (error) {
    return [`your pin list was not synchronised (${errorText(error)}); this device keeps its pins and publishes them later`];
  }
}

/** A machine takes its creator's signed pins (the creator is pinned from the token). Returns warnings; never throws. */
export async function takeCreatorPins(state: ClientState, creator: TrustedCard): Promise<string[]> {
  try {
    return await mergePinList(state, await fetchPinList(state), creator);
  } catch (error) {
    return [`your creator's pin list was not loaded (${errorText(error)})`];
  }
}

/** Prints pin-list warnings (the SDK has no other channel for a step that must not fail the command). */
export function reportPinWarnings(warnings: string[]): void {
  for (const line of warnings) console.warn(`latchkey: ${line}`);
}

function errorText(error: unknown): string {
  return error instanceof LatchkeyError ? error.message : 'unexpected error';
}

function sameEntries(list: PinListRecord, entries: Map<string, Uint8Array>): boolean {
  if (list.pins.length !== entries.size) return false;
  return list.pins.every((p) => {
    const mine = entries.get(p.id);
    return mine !== undefined && toBase64Url(mine) === p.card;
  });
}
