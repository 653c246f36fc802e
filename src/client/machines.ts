/**
 * Machine identities (CI, clusters, notebooks): the client generates the
 * token, derives the machine's keys from it, builds and self-signs the
 * machine's key card, and sends only the card and the login verifier. The
 * token is returned once and never stored by the SDK. The token names its
 * creator and their card, which a machine pins at login.
 * @module
 */
import {
  authVerifier, constantTimeEqual, createKeyCard, deriveMachineKeys, fingerprint, keyCardHash, newAccountId, newMachineToken, parseMachineToken, toBase64Url, zeroize,
} from '../crypto/index.ts';
import type { MachineCreator } from '../crypto/index.ts';
import { AccountResponse, CardResponse, HANDLE_PATTERN, MACHINE_NAME_PATTERN, MachineListResponse } from '../protocol/index.ts';
import type { AccountInfo } from '../protocol/index.ts';
import { cardSatisfiesBinding } from './card-binding.ts';
import type { ClientState } from './client-state.ts';
import { AuthError, BadInputError, ConflictError, IntegrityError, NotFoundError, refuseMalformed } from './errors.ts';
import { seg } from './http.ts';
import type { TrustedCard } from './trust.ts';

/** A machine account owned by the caller. */
export interface MachineInfo {
  name: string;
  account: AccountInfo;
  created: number;
}

/** What {@link createMachine} returns: the token is shown once; store it in the machine's secret store. */
export interface NewMachine {
  token: string;
  account: AccountInfo;
  name: string;
}

/** The handle a machine gets: `owner.name` unless given. */
export function machineHandle(ownerHandle: string, name: string): string {
  return `${ownerHandle}.${name}`;
}

/** Registers a new machine account and returns its token (once). */
export async function createMachine(state: ClientState, name: string, options: { handle?: string } = {}): Promise<NewMachine> {
  const me = state.me();
  if (me.account.kind !== 'person') throw new AuthError('only a person can create machine accounts; log in with your passphrase');
  if (typeof name !== 'string' || !MACHINE_NAME_PATTERN.test(name)) {
    throw new BadInputError('a machine name must be 1-40 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit');
  }
  const handle = options.handle ?? machineHandle(me.account.handle, name);
  if (!HANDLE_PATTERN.test(handle)) {
    throw new BadInputError(`machine handle "${handle}" is not a valid handle (2-63 characters); pass a shorter name or { handle }`);
  }
  const id = newAccountId();
  // The token names you and your card, so the machine trusts your card from its first request.
  const token = newMachineToken(id, { id: me.account.id, cardHash: keyCardHash(me.card) });
  const { seed } = parseMachineToken(token);
  const { authKey, keys } = await deriveMachineKeys(seed);
  zeroize(seed);
  try {
    const card = await createKeyCard(keys, { id, handle, kind: 'machine' });
    const { account } = await state.transport.request('POST', '/v1/machines', AccountResponse, {
      what: `create machine "${name}"`,
      body: { name, card, authHash: toBase64Url(authVerifier(authKey)) },
    }).catch((error: unknown) => {
      if (error instanceof ConflictError) throw new ConflictError(`a machine named "${name}" (or the handle "${handle}") exists; choose another name`);
      throw error;
    });
    // The account named must be the one asked for, and the server must hold the card made here:
    // a substituted account would be handed a token it cannot use, or one the server can impersonate.
    if (account.id !== id || account.handle !== handle || account.kind !== 'machine') {
      throw new IntegrityError(
        `the server answered the creation of machine "${name}" with another account ("${account.handle}", ${account.id}); ` +
          'refusing it: do not use this server for machines until it is checked',
      );
    }
    const stored = await state.transport.request('GET', `/v1/cards/${seg(id)}`, CardResponse, { what: `key card of new machine "${name}"` });
    const storedFp = await refuseMalformed(`the key card the server holds for machine "${name}"`, () => fingerprint(stored.card.body));
    if (!constantTimeEqual(storedFp, fingerprint(card.body))) {
      throw new IntegrityError(`the server holds another key card than the one made for machine "${name}"; refusing it: do not use this machine`);
    }
    // Pin the card we made ourselves, so sharing to it later cannot be redirected.
    await state.trust.checkAndPin(card, { id, handle }, `new machine "${name}"`);
    return { token, account: { id, handle, kind: 'machine' }, name };
  } finally {
    zeroize(authKey, keys.signing.privateKey, keys.encryption.privateKey);
  }
}

/** Lists the caller's machines. */
export async function listMachines(state: ClientState): Promise<MachineInfo[]> {
  const { machines } = await state.transport.request('GET', '/v1/machines', MachineListResponse, { what: 'list machines' });
  return machines.map((m) => ({ name: m.name, account: m.account, created: m.created }));
}

/** Deletes a machine by name (its sessions end; its grants and wraps go). */
export async function deleteMachine(state: ClientState, name: string): Promise<void> {
  const machines = await listMachines(state);
  const hit = machines.find((m) => m.name === name);
  if (!hit) throw new NotFoundError(`you have no machine named "${name}"; list them with client.machines()`);
  await state.transport.request('DELETE', `/v1/machines/${seg(hit.account.id)}`, null, { what: `delete machine "${name}"` });
}

/**
 * Pins the card of the person who made this machine, as its token names it
 * (their own client wrote the hash), so a fresh machine never trusts an owner
 * card the server picks.
 */
export async function pinCreator(state: ClientState, creator: MachineCreator): Promise<TrustedCard> {
  const { card } = await state.transport.request('GET', `/v1/cards/${seg(creator.id)}`, CardResponse, { what: 'key card of your creator' });
  if (!(await cardSatisfiesBinding(card, toBase64Url(creator.cardHash)))) {
    throw new IntegrityError(
      `the server presents a key card for account ${creator.id} ("${card.body.handle}") that is not the one your machine token names ` +
        '(the card of the person who created this machine); refusing it: the server may be tampering',
    );
  }
  return state.trust.checkAndPin(card, { id: creator.id }, 'the creator your machine token names');
}
