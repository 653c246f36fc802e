/**
 * What a device keeps per server and handle across logouts: the account's
 * Secret Key (sealed under the store's device-local key, like the session)
 * and the pinned KDF parameters (format v2). A server that later serves other
 * parameters or another account id for the handle is refused unless the
 * account itself signed the change (a passphrase change, see credentials.ts).
 * @module
 */
import {
  CryptoError, formatSecretKey, fromBase64Url, kdfChangeBytes, parseSecretKey, toBase64Url, verifySignature,
} from '../crypto/index.ts';
import type { KdfParams } from '../crypto/index.ts';
import type { ClientState } from './client-state.ts';
import { BadInputError, IntegrityError } from './errors.ts';
import type { KeyStore } from './store/types.ts';

/** KDF parameters as served: what derivation needs plus the signed change, if any. */
export interface ServedKdf {
  params: KdfParams;
  accountId: string;
  proof: Uint8Array | null;
}

interface KdfPin {
  accountId: string;
  N: number;
  salt: string;
}

interface SecretKeyEntry {
  accountId: string;
  sealed: string;
}

const slot = (server: string, handle: string): string => `${server} ${handle}`;
const sealLabel = (server: string, accountId: string): string => `latchkey/v2/secret-key\0${server}\0${accountId}`;

async function readMap<T>(store: KeyStore, key: 'secret-keys' | 'kdf-pins'): Promise<Record<string, T>> {
  const raw = await store.get(key);
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, T>) : {};
}

/** Parses a Secret Key typed or pasted by a person, as a BadInputError that says what to fix. */
export function readSecretKey(text: string): Uint8Array {
  try {
    return parseSecretKey(text);
  } catch (error) {
    throw new BadInputError(error instanceof CryptoError ? error.message : 'not a Secret Key (expected LK-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX)');
  }
}

/** The Secret Key stored for this server and handle, or null. */
export async function loadSecretKey(store: KeyStore, server: string, handle: string, accountId: string): Promise<Uint8Array | null> {
  const entry = (await readMap<SecretKeyEntry>(store, 'secret-keys'))[slot(server, handle)];
  if (!entry || entry.accountId !== accountId || typeof entry.sealed !== 'string') return null;
  try {
    return await store.open(fromBase64Url(entry.sealed), sealLabel(server, accountId));
  } catch {
    return null;
  }
}

/** Stores the Secret Key for this server and handle (replacing any older one). */
export async function saveSecretKey(store: KeyStore, server: string, handle: string, accountId: string, key: Uint8Array): Promise<void> {
  const sealed = await store.seal(key, sealLabel(server, accountId));
  const map = await readMap<SecretKeyEntry>(store, 'secret-keys');
  map[slot(server, handle)] = { accountId, sealed: toBase64Url(sealed) };
  await store.set('secret-keys', map);
}

/** The Secret Key in the form people copy, as stored for the logged-in account. */
export async function storedSecretKeyText(state: ClientState): Promise<string> {
  const me = state.me().account;
  const key = await loadSecretKey(state.store, state.transport.server, me.handle, me.id);
  if (!key) throw new BadInputError(`this device does not have the Secret Key of "${me.handle}"; log in again with it (see "latchkey login --help")`);
  return formatSecretKey(key);
}

/**
 * Refuses served parameters that differ from this device's pin for the handle,
 * unless the account's pinned own key card signed them (a passphrase change).
 * No pin yet (a first login here): accepted, pinned after the login succeeds.
 */
export async function checkKdfPin(state: ClientState, handle: string, served: ServedKdf): Promise<void> {
  const pin = (await readMap<KdfPin>(state.store, 'kdf-pins'))[slot(state.transport.server, handle)];
  if (!pin) return;
  if (pin.accountId !== served.accountId) {
    throw new IntegrityError(
      `the server now says "${handle}" is another account than the one this device knows; refusing to derive keys for it (the server may be substituting the account)`,
    );
  }
  if (pin.N === served.params.N && pin.salt === toBase64Url(served.params.salt)) return;
  const own = await state.trust.pinned(served.accountId);
  const signed =
    own !== undefined &&
    served.proof !== null &&
    (await verifySignature(own.signingKey, kdfChangeBytes(served.params, { handle, accountId: served.accountId }), served.proof));
  if (!signed) {
    throw new IntegrityError(
      `the server changed the passphrase-hashing parameters of "${handle}" without a passphrase change signed by your key; ` +
        'refusing to log in (a server that swaps salts or parameters could collect guessable login keys)',
    );
  }
}

/** Pins the parameters a successful login used. */
export async function saveKdfPin(store: KeyStore, server: string, handle: string, served: ServedKdf): Promise<void> {
  const map = await readMap<KdfPin>(store, 'kdf-pins');
  map[slot(server, handle)] = { accountId: served.accountId, N: served.params.N, salt: toBase64Url(served.params.salt) };
  await store.set('kdf-pins', map);
}
