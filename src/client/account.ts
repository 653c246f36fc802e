/**
 * Sign up, log in (passphrase + Secret Key, or machine token), log out, and
 * who am I. The passphrase, the Secret Key and the derived keys never leave
 * this module except as the auth key sent to log in; the server gets the
 * sealed keyring it cannot open without both secrets.
 * @module
 */
import {
  CryptoError, MIN_KDF, assertKdfParams, authVerifier, createKeyCard, deriveMachineKeys, fingerprint, fingerprintWords, formatFingerprint,
  formatSecretKey, fromBase64Url, generateAccountKeys, newAccountId, newKdfParams, newSecretKey, openKeyring, parseMachineToken,
  sealKeyring, toBase64Url, zeroize,
} from '../crypto/index.ts';
import type { AccountKeys, KdfParams } from '../crypto/index.ts';
import {
  AccountResponse, HANDLE_PATTERN, KdfResponse, LoginResponse, MeResponse, type WireKdfParams,
} from '../protocol/index.ts';
import type { ClientState } from './client-state.ts';
import { AuthError, BadInputError, ConflictError, IntegrityError, LatchkeyError, SecretKeyMissingError } from './errors.ts';
import { seg } from './http.ts';
import { derivePassphrase } from './kdf.ts';
import { checkKdfPin, loadSecretKey, readSecretKey, saveKdfPin, saveSecretKey, type ServedKdf } from './device-secrets.ts';
import { emergencyKit } from './emergency-kit.ts';
import { pinCreator } from './machines.ts';
import { reportPinWarnings, syncPins, takeCreatorPins } from './pin-list.ts';
import { assertStrongPassphrase } from '#passphrase-strength';
import { clearSession, makeIdentity, saveSession } from './identity.ts';
import type { AccountKind } from '../crypto/index.ts';

/** What {@link whoami} reports. */
export interface WhoAmI {
  handle: string;
  id: string;
  kind: AccountKind;
  /** Grouped fingerprint of your key card, to read out to people who share with you. */
  fingerprint: string;
  /** The same fingerprint as 16 words. */
  fingerprintWords: string[];
  /** Server URL this session belongs to. */
  server: string;
  /** When the session expires (ms since epoch). */
  expiresAt: number;
}

/** What {@link signup} reports: the account plus its new Secret Key (shown once; also kept on this device). */
export interface SignupResult extends WhoAmI {
  /** The Secret Key, `LK-XXXXX-...`: needed with the passphrase on every new device. */
  secretKey: string;
  /** A printable text with server, handle, account id and Secret Key, for the user to keep. */
  emergencyKit: string;
}

/**
 * Login with a passphrase (people) or a machine token (machines). A person's
 * `secretKey` is needed only on a device that does not have it yet; once a
 * login with it succeeds, the device keeps it.
 */
export type LoginOptions = { handle: string; passphrase: string; secretKey?: string } | { token: string };

/** Checks a handle's shape before any network call. */
export function assertHandle(handle: unknown): asserts handle is string {
  if (typeof handle !== 'string' || !HANDLE_PATTERN.test(handle)) {
    throw new BadInputError(
      'a handle must be 2-63 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
  }
}

/** KDF parameters on the wire (format v2). */
export function wireKdf(kdf: KdfParams, proof: Uint8Array | null): WireKdfParams {
  assertKdfParams(kdf);
  return { v: 2, alg: 'scrypt', N: kdf.N, r: MIN_KDF.r, p: MIN_KDF.p, salt: toBase64Url(kdf.salt), proof: proof ? toBase64Url(proof) : null };
}

/** Creates a person account with a fresh Secret Key, and logs in. */
export async function signup(state: ClientState, handle: string, passphrase: string, notice?: (line: string) => void): Promise<SignupResult> {
  assertHandle(handle);
  await assertStrongPassphrase(passphrase, handle, notice);
  const keys = await generateAccountKeys();
  const id = newAccountId();
  const card = await createKeyCard(keys, { id, handle, kind: 'person' });
  const kdf = newKdfParams();
  const secretKey = newSecretKey();
  const { authKey, unlockKey } = await derivePassphrase(passphrase, secretKey, kdf, { handle, accountId: id });
  try {
    const keyring = sealKeyring(keys, unlockKey, id);
    try {
      await state.transport.request('POST', '/v1/accounts', AccountResponse, {
        auth: false,
        what: `sign up "${handle}"`,
        body: { card, kdf: wireKdf(kdf, null), keyring: toBase64Url(keyring), authHash: toBase64Url(authVerifier(authKey)) },
      });
    } catch (error) {
      if (error instanceof ConflictError) {
        throw new ConflictError(`the handle "${handle}" is taken; choose another one`);
      }
      throw error;
    }
    const server = state.transport.server;
    try {
      await saveSecretKey(state.store, server, handle, id, secretKey);
      await saveKdfPin(state.store, server, handle, { params: kdf, accountId: id, proof: null });
      const me = await finishLogin(state, { handle }, authKey, keys);
      const text = formatSecretKey(secretKey);
      return { ...me, secretKey: text, emergencyKit: emergencyKit({ server, handle, accountId: id, secretKey: text }) };
    } catch (error) {
      // The account exists now: whatever failed, the caller must not think signup did not happen.
      if (error instanceof Error) error.message = `the account "${handle}" was created, but logging in to it failed (log in again): ${error.message}`;
      throw error;
    }
  } finally {
    zeroize(authKey, unlockKey, secretKey);
  }
}

/** Asks the server for a handle's KDF parameters and account id, and checks them against this device's pin. */
export async function fetchKdf(state: ClientState, handle: string): Promise<ServedKdf> {
  const answer = await state.transport.request('GET', `/v1/kdf/${seg(handle)}`, KdfResponse, { auth: false, what: 'login' });
  const { kdf } = answer;
  const served: ServedKdf = {
    params: { alg: 'scrypt', N: kdf.N, r: kdf.r, p: kdf.p, salt: fromBase64Url(kdf.salt, 16) },
    accountId: answer.accountId,
    proof: kdf.proof === null ? null : fromBase64Url(kdf.proof, 64),
  };
  await checkKdfPin(state, handle, served);
  return served;
}

/** The Secret Key to log in with: the one given, else the one this device keeps. */
async function secretKeyFor(state: ClientState, handle: string, accountId: string, given: unknown): Promise<Uint8Array> {
  if (given !== undefined && given !== null && given !== '') {
    if (typeof given !== 'string') throw new BadInputError('secretKey must be the LK-... text of your emergency kit');
    return readSecretKey(given);
  }
  const stored = await loadSecretKey(state.store, state.transport.server, handle, accountId);
  if (!stored) throw new SecretKeyMissingError(handle);
  return stored;
}

/** Derives both keys, mapping a KDF downgrade to an IntegrityError. */
export async function deriveFor(state: ClientState, handle: string, passphrase: string, secretKey: Uint8Array, served: ServedKdf) {
  try {
    return await derivePassphrase(passphrase, secretKey, served.params, { handle, accountId: served.accountId });
  } catch (error) {
    if (error instanceof CryptoError && error.code === 'weak-kdf') {
      throw new IntegrityError('the server offered passphrase-hashing parameters below the safe minimum; refusing to log in', {
        cause: error,
      });
    }
    throw error;
  }
}

/** Logs in with handle + passphrase, or with a machine token. */
export async function login(state: ClientState, options: LoginOptions): Promise<WhoAmI> {
  if (typeof options !== 'object' || options === null) {
    throw new BadInputError('login needs { handle, passphrase } or { token }');
  }
  if ('token' in options) return loginMachine(state, options.token);
  const { handle, passphrase } = options;
  assertHandle(handle);
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw new BadInputError('login needs a passphrase');
  if (options.secretKey) readSecretKey(options.secretKey); // a typo is reported before any request
  const served = await fetchKdf(state, handle);
  const secretKey = await secretKeyFor(state, handle, served.accountId, options.secretKey);
  const { authKey, unlockKey } = await deriveFor(state, handle, passphrase, secretKey, served);
  try {
    const me = await finishLogin(state, { handle, accountId: served.accountId }, authKey, null, unlockKey);
    await saveSecretKey(state.store, state.transport.server, handle, served.accountId, secretKey);
    await saveKdfPin(state.store, state.transport.server, handle, served);
    reportPinWarnings(await syncPins(state));
    return me;
  } finally {
    zeroize(authKey, unlockKey, secretKey);
  }
}

async function loginMachine(state: ClientState, token: string): Promise<WhoAmI> {
  let parsed: ReturnType<typeof parseMachineToken>;
  try {
    parsed = parseMachineToken(token);
  } catch (error) {
    throw new BadInputError(error instanceof Error ? error.message : 'not a machine token');
  }
  const { authKey, keys } = await deriveMachineKeys(parsed.seed);
  zeroize(parsed.seed);
  let me: WhoAmI;
  try {
    me = await finishLogin(state, { accountId: parsed.accountId }, authKey, keys);
  } finally {
    zeroize(authKey);
  }
  if (parsed.creator) {
    try {
      reportPinWarnings(await takeCreatorPins(state, await pinCreator(state, parsed.creator)));
    } catch (error) {
      await logout(state);
      throw error;
    }
  }
  return me;
}

async function finishLogin(
  state: ClientState,
  who: { handle: string; accountId?: string } | { accountId: string },
  authKey: Uint8Array,
  knownKeys: AccountKeys | null,
  unlockKey?: Uint8Array,
): Promise<WhoAmI> {
  const session = await state.transport.request('POST', '/v1/sessions', LoginResponse, {
    auth: false,
    what: 'login',
    body: { ...('handle' in who ? { handle: who.handle } : { accountId: who.accountId }), authKey: toBase64Url(authKey) },
  }).catch((error: unknown) => {
    if (error instanceof AuthError) {
      throw new AuthError('login failed: wrong handle, passphrase or Secret Key (or an invalid or deleted machine token)');
    }
    throw error;
  });
  if ('handle' in who && session.account.handle !== who.handle) {
    throw new IntegrityError(`logged in as "${who.handle}" but the server answered for "${session.account.handle}"; refusing`);
  }
  if ('handle' in who && who.accountId !== undefined && session.account.id !== who.accountId) {
    throw new IntegrityError(`the server answered the login of "${who.handle}" for another account than its KDF answer named; refusing`);
  }
  if ('accountId' in who && session.account.id !== who.accountId) {
    throw new IntegrityError('the server answered a machine login for another account; refusing');
  }
  let keys = knownKeys;
  if (!keys) {
    if (!session.keyring || !unlockKey) throw new IntegrityError('the server sent no keyring for this account; cannot unlock it');
    try {
      keys = await openKeyring(fromBase64Url(session.keyring), unlockKey, session.account.id);
    } catch (error) {
      throw new IntegrityError('your keyring from the server does not open with this passphrase (it was altered or belongs to another account)', {
        cause: error,
      });
    }
  }
  state.transport.setToken(session.token);
  try {
    const me = await state.transport.request('GET', '/v1/me', MeResponse, { what: 'load your key card' });
    if (me.account.id !== session.account.id) throw new IntegrityError('the server reported another account after login; refusing');
    const identity = await makeIdentity(session.account, me.card, keys);
    await state.trust.checkAndPin(me.card, { id: identity.account.id, handle: identity.account.handle }, 'your own key card');
    state.identity = identity;
    state.expiresAt = session.expiresAt;
    await saveSession(state.store, state.transport.server, { identity, token: session.token, expiresAt: session.expiresAt });
    return describeMe(state);
  } catch (error) {
    state.transport.setToken(null);
    state.identity = null;
    throw error;
  }
}

/** Ends the session on the server (best effort) and forgets it locally. */
export async function logout(state: ClientState): Promise<void> {
  if (state.transport.hasToken()) {
    try {
      await state.transport.request('DELETE', '/v1/sessions/current', null, { what: 'logout' });
    } catch (error) {
      // An expired session, an unreachable or failing server: still log out locally.
      if (!(error instanceof LatchkeyError)) throw error;
    }
  }
  state.transport.setToken(null);
  state.identity = null;
  state.expiresAt = 0;
  await clearSession(state.store);
}

/** The logged-in account (local; no request). */
export function describeMe(state: ClientState): WhoAmI {
  const me = state.me();
  const fp = fingerprint(me.card.body);
  return {
    handle: me.account.handle,
    id: me.account.id,
    kind: me.account.kind,
    fingerprint: formatFingerprint(fp),
    fingerprintWords: fingerprintWords(fp),
    server: state.transport.server,
    expiresAt: state.expiresAt,
  };
}

/** Asks the server who the session belongs to and checks the answer against the local identity. */
export async function whoami(state: ClientState): Promise<WhoAmI> {
  const me = state.me();
  const answer = await state.transport.request('GET', '/v1/me', MeResponse, { what: 'whoami' });
  if (answer.account.id !== me.account.id) {
    throw new IntegrityError('the server reports another account for this session; log in again');
  }
  await state.trust.checkAndPin(answer.card, { id: me.account.id, handle: me.account.handle }, 'your own key card');
  return describeMe(state);
}
