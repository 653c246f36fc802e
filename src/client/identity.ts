/**
 * The logged-in account: its info, own key card, private keys and the
 * imported signer / decrypter used on hot paths. Also how the session is
 * saved in (and restored from) the KeyStore: the bearer token and both private
 * keys are sealed together under the store's device-local key.
 * @module
 */
import {
  canonicalBytes, constantTimeEqual, createDecrypter, createSigner, fingerprint, formatFingerprint, fromBase64Url, toBase64Url,
  utf8Decode, zeroize, accountKeysFromPrivate,
} from '../crypto/index.ts';
import type { AccountKeys, Decrypter, KeyCard, Signer } from '../crypto/index.ts';
import type { AccountInfo } from '../protocol/index.ts';
import { IntegrityError } from './errors.ts';
import type { KeyStore } from './store/types.ts';

/** Everything the client needs to act as an account. */
export interface Identity {
  readonly account: AccountInfo;
  readonly card: KeyCard;
  readonly keys: AccountKeys;
  readonly signer: Signer;
  readonly decrypter: Decrypter;
}

/** Builds an identity, refusing a card whose public keys are not those of `keys`. */
export async function makeIdentity(account: AccountInfo, card: KeyCard, keys: AccountKeys): Promise<Identity> {
  const b = card.body;
  const sameKeys =
    constantTimeEqual(fromBase64Url(b.signingKey, 32), keys.signing.publicKey) &&
    constantTimeEqual(fromBase64Url(b.encryptionKey, 32), keys.encryption.publicKey);
  if (!sameKeys || b.id !== account.id || b.handle !== account.handle || b.kind !== account.kind) {
    throw new IntegrityError(
      `the server presented a key card for your own account ("${account.handle}") that does not match your private keys ` +
        `(card fingerprint ${formatFingerprint(fingerprint(b))}); refusing to use it (the server may be substituting keys)`,
    );
  }
  return {
    account: { id: account.id, handle: account.handle, kind: account.kind },
    card,
    keys,
    signer: await createSigner(keys.signing.privateKey),
    decrypter: await createDecrypter(keys.encryption.privateKey),
  };
}

/** A restored session: identity plus bearer token. */
export interface SavedSession {
  identity: Identity;
  token: string;
  expiresAt: number;
}

interface StoredSession {
  v: 1;
  server: string;
  account: AccountInfo;
  card: KeyCard;
  expiresAt: number;
  sealed: string;
}

function sessionLabel(server: string, accountId: string): string {
  return `latchkey/v1/session\0${server}\0${accountId}`;
}

/** Saves the session (token + private keys sealed under the store's local key). */
export async function saveSession(store: KeyStore, server: string, session: SavedSession): Promise<void> {
  const { identity } = session;
  const plain = canonicalBytes({
    token: session.token,
    signing: toBase64Url(identity.keys.signing.privateKey),
    encryption: toBase64Url(identity.keys.encryption.privateKey),
  });
  const sealed = await store.seal(plain, sessionLabel(server, identity.account.id));
  zeroize(plain);
  const record: StoredSession = {
    v: 1,
    server,
    account: identity.account,
    card: identity.card,
    expiresAt: session.expiresAt,
    sealed: toBase64Url(sealed),
  };
  await store.set('session', record);
  await store.set('config', { server, handle: identity.account.handle, accountId: identity.account.id });
}

/**
 * Restores the saved session for `server`, or null when there is none, it is
 * for another server, or it expired. A damaged session is treated as absent.
 */
export async function loadSession(store: KeyStore, server: string, now = Date.now()): Promise<SavedSession | null> {
  const raw = (await store.get('session')) as Partial<StoredSession> | undefined;
  if (!raw || raw.v !== 1 || raw.server !== server || !raw.account || !raw.card || typeof raw.sealed !== 'string') return null;
  if (typeof raw.expiresAt !== 'number' || raw.expiresAt <= now) return null;
  try {
    const plain = await store.open(fromBase64Url(raw.sealed), sessionLabel(server, raw.account.id));
    const parsed = JSON.parse(utf8Decode(plain)) as { token: string; signing: string; encryption: string };
    zeroize(plain);
    const signing = fromBase64Url(parsed.signing, 32);
    const encryption = fromBase64Url(parsed.encryption, 32);
    const keys = await accountKeysFromPrivate(signing, encryption);
    zeroize(signing, encryption);
    const identity = await makeIdentity(raw.account, raw.card, keys);
    return { identity, token: parsed.token, expiresAt: raw.expiresAt };
  } catch {
    return null;
  }
}

/** Removes the saved session (config with the server URL and handle stays). */
export async function clearSession(store: KeyStore): Promise<void> {
  await store.delete('session');
}
