/**
 * Sign up, log in (passphrase or machine token), log out, and who am I.
 * The passphrase and the derived keys never leave this module except as the
 * auth key sent to log in; the server gets the sealed keyring it cannot open.
 * @module
 */
import {
  CryptoError, authVerifier, createKeyCard, deriveMachineKeys, fingerprint, fingerprintWords,
  formatFingerprint, fromBase64Url, generateAccountKeys, newAccountId, newKdfParams, openKeyring, parseMachineToken,
  sealKeyring, toBase64Url, zeroize,
} from '../crypto/index.ts';
import type { AccountKeys, KdfParams } from '../crypto/index.ts';
import {
  AccountResponse, HANDLE_PATTERN, KdfResponse, LoginResponse, MeResponse,
} from '../protocol/index.ts';
import type { Core } from './core.ts';
import { AuthError, BadInputError, ConflictError, IntegrityError, LatchkeyError } from './errors.ts';
import { seg } from './http.ts';
import { derivePassphrase } from './kdf.ts';
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

/** Login with a passphrase (people) or a machine token (machines). */
export type LoginOptions = { handle: string; passphrase: string } | { token: string };

const MIN_PASSPHRASE = 8;

/** Checks a handle's shape before any network call. */
export function assertHandle(handle: unknown): asserts handle is string {
  if (typeof handle !== 'string' || !HANDLE_PATTERN.test(handle)) {
    throw new BadInputError(
      'a handle must be 2-63 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit',
    );
  }
}

function assertPassphrase(passphrase: unknown): asserts passphrase is string {
  if (typeof passphrase !== 'string' || passphrase.normalize('NFKC').length < MIN_PASSPHRASE) {
    throw new BadInputError(`a passphrase must be at least ${MIN_PASSPHRASE} characters; several random words work well`);
  }
}

/** Creates a person account and logs in. */
export async function signup(core: Core, handle: string, passphrase: string): Promise<WhoAmI> {
  assertHandle(handle);
  assertPassphrase(passphrase);
  const keys = await generateAccountKeys();
  const id = newAccountId();
  const card = await createKeyCard(keys, { id, handle, kind: 'person' });
  const kdf = newKdfParams();
  const { authKey, unlockKey } = await derivePassphrase(passphrase, kdf);
  try {
    const keyring = sealKeyring(keys, unlockKey, id);
    try {
      await core.transport.request('POST', '/v1/accounts', AccountResponse, {
        auth: false,
        what: `sign up "${handle}"`,
        body: {
          card,
          kdf: { alg: 'scrypt', N: kdf.N, r: kdf.r, p: kdf.p, salt: toBase64Url(kdf.salt) },
          keyring: toBase64Url(keyring),
          authHash: toBase64Url(authVerifier(authKey)),
        },
      });
    } catch (error) {
      if (error instanceof ConflictError) {
        throw new ConflictError(`the handle "${handle}" is taken; choose another one`);
      }
      throw error;
    }
    try {
      return await finishLogin(core, { handle }, authKey, keys);
    } catch (error) {
      // The account exists now: whatever failed, the caller must not think signup did not happen.
      if (error instanceof Error) error.message = `the account "${handle}" was created, but logging in to it failed (log in again): ${error.message}`;
      throw error;
    }
  } finally {
    zeroize(authKey, unlockKey);
  }
}

/** Logs in with handle + passphrase, or with a machine token. */
export async function login(core: Core, options: LoginOptions): Promise<WhoAmI> {
  if (typeof options !== 'object' || options === null) {
    throw new BadInputError('login needs { handle, passphrase } or { token }');
  }
  if ('token' in options) return loginMachine(core, options.token);
  const { handle, passphrase } = options;
  assertHandle(handle);
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw new BadInputError('login needs a passphrase');
  const { kdf } = await core.transport.request('GET', `/v1/kdf/${seg(handle)}`, KdfResponse, { auth: false, what: 'login' });
  const params: KdfParams = { alg: 'scrypt', N: kdf.N, r: kdf.r, p: kdf.p, salt: fromBase64Url(kdf.salt, 16) };
  let derived: { authKey: Uint8Array; unlockKey: Uint8Array };
  try {
    derived = await derivePassphrase(passphrase, params);
  } catch (error) {
    if (error instanceof CryptoError && error.code === 'weak-kdf') {
      throw new IntegrityError('the server offered passphrase-hashing parameters below the safe minimum; refusing to log in', {
        cause: error,
      });
    }
    throw error;
  }
  const { authKey, unlockKey } = derived;
  try {
    return await finishLogin(core, { handle }, authKey, null, unlockKey);
  } finally {
    zeroize(authKey, unlockKey);
  }
}

async function loginMachine(core: Core, token: string): Promise<WhoAmI> {
  let parsed: { accountId: string; seed: Uint8Array };
  try {
    parsed = parseMachineToken(token);
  } catch (error) {
    throw new BadInputError(error instanceof Error ? error.message : 'not a machine token');
  }
  const { authKey, keys } = await deriveMachineKeys(parsed.seed);
  zeroize(parsed.seed);
  try {
    return await finishLogin(core, { accountId: parsed.accountId }, authKey, keys);
  } finally {
    zeroize(authKey);
  }
}

async function finishLogin(
  core: Core,
  who: { handle: string } | { accountId: string },
  authKey: Uint8Array,
  knownKeys: AccountKeys | null,
  unlockKey?: Uint8Array,
): Promise<WhoAmI> {
  const session = await core.transport.request('POST', '/v1/sessions', LoginResponse, {
    auth: false,
    what: 'login',
    body: { ...who, authKey: toBase64Url(authKey) },
  }).catch((error: unknown) => {
    if (error instanceof AuthError) {
      throw new AuthError('login failed: wrong handle or passphrase (or an invalid or deleted machine token)');
    }
    throw error;
  });
  if ('handle' in who && session.account.handle !== who.handle) {
    throw new IntegrityError(`logged in as "${who.handle}" but the server answered for "${session.account.handle}"; refusing`);
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
  core.transport.setToken(session.token);
  try {
    const me = await core.transport.request('GET', '/v1/me', MeResponse, { what: 'load your key card' });
    if (me.account.id !== session.account.id) throw new IntegrityError('the server reported another account after login; refusing');
    const identity = await makeIdentity(session.account, me.card, keys);
    await core.trust.checkAndPin(me.card, { id: identity.account.id, handle: identity.account.handle }, 'your own key card');
    core.identity = identity;
    core.expiresAt = session.expiresAt;
    await saveSession(core.store, core.transport.server, { identity, token: session.token, expiresAt: session.expiresAt });
    return describeMe(core);
  } catch (error) {
    core.transport.setToken(null);
    core.identity = null;
    throw error;
  }
}

/** Ends the session on the server (best effort) and forgets it locally. */
export async function logout(core: Core): Promise<void> {
  if (core.transport.hasToken()) {
    try {
      await core.transport.request('DELETE', '/v1/sessions/current', null, { what: 'logout' });
    } catch (error) {
      // An expired session, an unreachable or failing server: still log out locally.
      if (!(error instanceof LatchkeyError)) throw error;
    }
  }
  core.transport.setToken(null);
  core.identity = null;
  core.expiresAt = 0;
  await clearSession(core.store);
}

/** The logged-in account (local; no request). */
export function describeMe(core: Core): WhoAmI {
  const me = core.me();
  const fp = fingerprint(me.card.body);
  return {
    handle: me.account.handle,
    id: me.account.id,
    kind: me.account.kind,
    fingerprint: formatFingerprint(fp),
    fingerprintWords: fingerprintWords(fp),
    server: core.transport.server,
    expiresAt: core.expiresAt,
  };
}

/** Asks the server who the session belongs to and checks the answer against the local identity. */
export async function whoami(core: Core): Promise<WhoAmI> {
  const me = core.me();
  const answer = await core.transport.request('GET', '/v1/me', MeResponse, { what: 'whoami' });
  if (answer.account.id !== me.account.id) {
    throw new IntegrityError('the server reports another account for this session; log in again');
  }
  await core.trust.checkAndPin(answer.card, { id: me.account.id, handle: me.account.handle }, 'your own key card');
  return describeMe(core);
}
