/**
 * Passphrase change and Secret Key rotation. Both re-derive with a fresh salt,
 * re-seal the private keyring under the new unlock key and replace the login
 * verifier in one request that carries the current login key (a stolen
 * session alone cannot change credentials). The new KDF parameters are signed
 * by the account's key so this account's other devices, which pinned the old
 * ones, accept the change (see device-secrets.ts).
 * @module
 */
import {
  authVerifier, formatSecretKey, kdfChangeBytes, newKdfParams, newSecretKey, sealKeyring, toBase64Url, zeroize,
} from '../crypto/index.ts';
import { LoginResponse } from '../protocol/index.ts';
import { deriveFor, fetchKdf, wireKdf } from './account.ts';
import type { ClientState } from './client-state.ts';
import { loadSecretKey, readSecretKey, saveKdfPin, saveSecretKey } from './device-secrets.ts';
import { emergencyKit } from './emergency-kit.ts';
import { AuthError, BadInputError, IntegrityError } from './errors.ts';
import { derivePassphrase } from './kdf.ts';
import { assertStrongPassphrase } from '#passphrase-strength';

export { rotateKeys } from './key-rotation.ts';
export type { KeyRotationResult } from './key-rotation.ts';

/** What changes: a new passphrase, a new Secret Key, or both. */
export interface CredentialsChange {
  /** The current passphrase. */
  passphrase: string;
  /** The current Secret Key (default: the one this device keeps). */
  secretKey?: string;
  /** A new passphrase (checked for strength). */
  newPassphrase?: string;
  /** Make a new Secret Key. */
  rotateSecretKey?: boolean;
}

/** After a change: the Secret Key now in force and its emergency kit. */
export interface CredentialsResult {
  secretKey: string;
  emergencyKit: string;
}

/** Changes the logged-in person's passphrase and/or Secret Key. */
export async function changeCredentials(state: ClientState, change: CredentialsChange, notice?: (line: string) => void): Promise<CredentialsResult> {
  const me = state.me();
  if (me.account.kind !== 'person') throw new BadInputError('only person accounts have a passphrase and Secret Key; machines use their token');
  if (typeof change !== 'object' || change === null || typeof change.passphrase !== 'string' || change.passphrase === '') {
    throw new BadInputError('changing credentials needs the current passphrase');
  }
  if (change.newPassphrase === undefined && !change.rotateSecretKey) throw new BadInputError('nothing to change: give newPassphrase or rotateSecretKey');
  const { handle, id } = me.account;
  const server = state.transport.server;
  const newPassphrase = change.newPassphrase === undefined ? change.passphrase : await assertStrongPassphrase(change.newPassphrase, handle, notice);
  const served = await fetchKdf(state, handle);
  if (served.accountId !== id) throw new AuthError('the server names another account for your handle; log in again');
  const oldKey = change.secretKey ? readSecretKey(change.secretKey) : await loadSecretKey(state.store, server, handle, id);
  if (!oldKey) throw new BadInputError(`this device does not have the Secret Key of "${handle}"; pass the current one (LK-...)`);
  const old = await deriveFor(state, handle, change.passphrase, oldKey, served);
  const secretKey = change.rotateSecretKey ? newSecretKey() : oldKey;
  const kdf = newKdfParams();
  const account = { handle, accountId: id };
  const fresh = await derivePassphrase(newPassphrase, secretKey, kdf, account);
  try {
    const proof = await me.signer.sign(kdfChangeBytes(kdf, account));
    await state.transport.request('PUT', '/v1/me/credentials', null, {
      what: 'change your passphrase or Secret Key',
      body: {
        authKey: toBase64Url(old.authKey),
        kdf: wireKdf(kdf, proof),
        keyring: toBase64Url(sealKeyring(me.keys, fresh.unlockKey, id)),
        authHash: toBase64Url(authVerifier(fresh.authKey)),
      },
    }).catch((error: unknown) => {
      if (error instanceof AuthError) throw new AuthError('the current passphrase or Secret Key is wrong; nothing was changed');
      throw error;
    });
    await saveSecretKey(state.store, server, handle, id, secretKey);
    await saveKdfPin(state.store, server, handle, { params: kdf, accountId: id, proof });
    const text = formatSecretKey(secretKey);
    return { secretKey: text, emergencyKit: emergencyKit({ server, handle, accountId: id, secretKey: text }) };
  } finally {
    zeroize(old.authKey, old.unlockKey, fresh.authKey, fresh.unlockKey, oldKey, secretKey);
  }
}

/**
 * The Secret Key this device keeps, once the server accepted the login key
 * derived from `passphrase` and it (the throw-away session is ended at once).
 */
export async function revealSecretKey(state: ClientState, passphrase: string): Promise<CredentialsResult> {
  const { account } = state.me();
  const { handle, id } = account;
  const server = state.transport.server;
  if (typeof passphrase !== 'string' || passphrase === '') throw new BadInputError('showing the Secret Key needs your passphrase');
  const served = await fetchKdf(state, handle);
  if (served.accountId !== id) throw new AuthError('the server names another account for your handle; log in again');
  const key = await loadSecretKey(state.store, server, handle, id);
  if (!key) throw new BadInputError(`this device does not have the Secret Key of "${handle}"`);
  const { authKey, unlockKey } = await deriveFor(state, handle, passphrase, key, served);
  try {
    const check = await state.transport
      .request('POST', '/v1/sessions', LoginResponse, { auth: false, what: 'check your passphrase', body: { handle, authKey: toBase64Url(authKey) } })
      .catch((error: unknown) => {
        if (error instanceof AuthError) throw new AuthError('login failed: wrong passphrase; the Secret Key was not shown');
        throw error;
      });
    await state.transport.request('DELETE', '/v1/sessions/current', null, { bearer: check.token, what: 'end the check session' }).catch(() => undefined);
    if (check.account.id !== id) throw new IntegrityError('the server answered the passphrase check for another account; refusing');
    const text = formatSecretKey(key);
    return { secretKey: text, emergencyKit: emergencyKit({ server, handle, accountId: id, secretKey: text }) };
  } finally {
    zeroize(authKey, unlockKey, key);
  }
}
