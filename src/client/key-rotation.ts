/**
 * Account key rotation (`latchkey keys rotate`, `client.rotateKeys()`): new
 * X25519 and Ed25519 keys, a new key card chained to the old one and linked
 * by the old signing key (crypto/card-chain.ts), the keyring re-sealed under
 * the same unlock key, then the latest version of every secret you own
 * written again under the new key (wrapped to you and to each grantee of the
 * current access list), with the access list and grants re-signed. All of
 * that is signed before the card is replaced and kept in the local store
 * until sent (it holds only ciphertexts and signatures), so an interrupted
 * rotation is finished by running it again, never left unreadable. Readers
 * who pinned the old card follow the chain (card-chain.ts); no fingerprint
 * check is needed again.
 * @module
 */
import {
  createKeyCard, fromBase64Url, generateAccountKeys, sealKeyring, signCardLink, toBase64Url, zeroize,
} from '../crypto/index.ts';
import type { KeyCard } from '../crypto/index.ts';
import { SecretSummaryResponse } from '../protocol/index.ts';
import type { AccessListRecord, GrantRecord, VersionRecord, WrapRecord } from '../protocol/index.ts';
import { deriveFor, fetchKdf } from './account.ts';
import { publishList, signList, writerRecipients } from './access-list.ts';
import { cardBindingOf } from './card-binding.ts';
import type { VerifiedAccessList } from './access-list.ts';
import type { ClientState } from './client-state.ts';
import { loadSecretKey, readSecretKey } from './device-secrets.ts';
import { AuthError, BadInputError, ConflictError, LatchkeyError } from './errors.ts';
import { makeGrant, verifiedSharing } from './grants.ts';
import type { VerifiedGrant } from './grants.ts';
import { seg } from './http.ts';
import { loadSession, makeIdentity, saveSession } from './identity.ts';
import { listSummaries, loadLatest, refFromSummary } from './resolve.ts';
import { toTrusted, type TrustedCard } from './trust.ts';
import { label, sealVersion, wrapTo } from './versions.ts';
import type { OpenedVersion, SecretRef } from './versions.ts';

/** What a rotation did. */
export interface KeyRotationResult {
  /** The new key card (its `prev` is the old card's hash). */
  card: KeyCard;
  /** Names of the secrets whose latest version was written again under the new key. */
  rewritten: string[];
}

interface Owned {
  ref: SecretRef;
  opened: OpenedVersion;
  grants: VerifiedGrant[];
  list: VerifiedAccessList | null;
  recipients: TrustedCard[];
}

/** A request that writes one secret again under the new key: signed and wrapped already, nothing secret in it. */
interface PendingSecret {
  id: string;
  name: string;
  list: AccessListRecord | null;
  grants: Array<{ grantee: string; body: { grant: GrantRecord; wrap: WrapRecord } }>;
  version: { n: number; hash: string; body: { version: VersionRecord; wraps: WrapRecord[] } };
}

/** What is left to send after the card was replaced (kept in the store until sent, so an interrupted rotation resumes). */
interface PendingRotation {
  v: 1;
  server: string;
  account: string;
  card: string;
  secrets: PendingSecret[];
}

const PENDING = 'key-rotation';

/**
 * Replaces the logged-in person's keys; needs the passphrase (and the Secret
 * Key this device keeps, or `secretKey`). When a rotation from this device
 * was interrupted after the card was replaced, finishes it instead (sends
 * the prepared versions; no new keys).
 */
export async function rotateKeys(state: ClientState, passphrase: string, options: { secretKey?: string } = {}): Promise<KeyRotationResult> {
  const me = state.me();
  if (me.account.kind !== 'person') throw new BadInputError('only person accounts rotate keys; give a machine a new token instead (latchkey machine rm, then add)');
  if (typeof passphrase !== 'string' || passphrase === '') throw new BadInputError('rotating your keys needs your passphrase');
  const { handle, id } = me.account;
  const server = state.transport.server;
  const pending = (await state.store.get(PENDING)) as PendingRotation | undefined;
  if (pending?.v === 1 && pending.server === server && pending.account === id && pending.card === cardBindingOf(me.card)) {
    return { card: me.card, rewritten: await sendPending(state, pending) };
  }
  // Everything you own, verified under the old key before it is replaced.
  const owned: Owned[] = [];
  for (const summary of (await listSummaries(state)).filter((s) => s.access === 'owner')) {
    const ref = await refFromSummary(state, summary);
    const { opened } = await loadLatest(state, ref);
    const { grants, list } = await verifiedSharing(state, ref, opened.list);
    owned.push({ ref, opened, grants, list, recipients: writerRecipients(ref, grants, list, label(ref, id)) });
  }
  const served = await fetchKdf(state, handle);
  if (served.accountId !== id) throw new AuthError('the server names another account for your handle; log in again');
  const secretKey = options.secretKey ? readSecretKey(options.secretKey) : await loadSecretKey(state.store, server, handle, id);
  if (!secretKey) throw new BadInputError(`this device does not have the Secret Key of "${handle}"; pass it (LK-...)`);
  const { authKey, unlockKey } = await deriveFor(state, handle, passphrase, secretKey, served);
  const keys = await generateAccountKeys();
  const card = await createKeyCard(keys, { id, handle, kind: 'person', prev: me.card });
  const identity = await makeIdentity(me.account, card, keys);
  let prepared: PendingRotation;
  try {
    // Everything is signed with the new key before the card is replaced, so nothing needs the old key afterwards.
    state.identity = identity;
    prepared = { v: 1, server, account: id, card: cardBindingOf(card), secrets: [] };
    for (const item of owned) prepared.secrets.push(await prepare(state, item, toTrusted(card)));
    // Kept before the request: if it succeeds but the answer is lost, the next run (logged in with the new card) finishes.
    await state.store.set(PENDING, prepared);
    const link = await signCardLink(me.signer, card);
    await state.transport.request('PUT', '/v1/me/card', null, {
      what: 'replace your key card',
      body: { authKey: toBase64Url(authKey), card, link: toBase64Url(link), keyring: toBase64Url(sealKeyring(keys, unlockKey, id)) },
    }).catch((error: unknown) => {
      if (error instanceof AuthError) throw new AuthError('the passphrase or Secret Key is wrong; your keys were not changed');
      if (error instanceof ConflictError) throw new ConflictError('your key card was changed from elsewhere meanwhile; log in again and retry');
      throw error;
    });
  } catch (error) {
    state.identity = me;
    throw error;
  } finally {
    zeroize(authKey, unlockKey, secretKey);
  }
  await state.trust.repin(card);
  // The session stays valid; what this device keeps of it now holds the new keys.
  const saved = await loadSession(state.store, server);
  if (saved?.identity.account.id === id) await saveSession(state.store, server, { ...saved, identity });
  return { card, rewritten: await sendPending(state, prepared) };
}

/** The re-signed access list and grants of one secret and its latest value sealed again, all under the new key. */
async function prepare(state: ClientState, item: Owned, owner: TrustedCard): Promise<PendingSecret> {
  const ref: SecretRef = { ...item.ref, owner };
  const { opened, grants } = item;
  let list: AccessListRecord | null = null;
  if (item.list) {
    // The same grantees and revocations, each bound to the card its grant was verified with (a grantee may have rotated too).
    const cards = new Map(grants.map((g) => [g.card.id, cardBindingOf(g.card.card)]));
    const current = item.list;
    const grantees = current.record.grantees.map((g) => ({ ...g, card: cards.get(g.id) ?? g.card }));
    list = await signList(state, ref, current.counter + 1, current.revoked, grantees);
  }
  const out: PendingSecret['grants'] = [];
  for (const g of grants) {
    out.push({ grantee: g.card.id, body: { grant: await makeGrant(state, ref, g.card, g.grant.access), wrap: await wrapTo(ref, opened.version, opened.dek, g.card) } });
  }
  const n = opened.version + 1;
  const sealed = await sealVersion(state, ref, {
    version: n, prev: opened.hash, payload: opened.payload, recipients: [owner, ...item.recipients], authorGrant: null, list: list?.counter ?? 0,
  });
  return { id: ref.id, name: ref.name, list, grants: out, version: { n, hash: toBase64Url(sealed.hash), body: { version: sealed.record, wraps: sealed.wraps } } };
}

/**
 * Sends what is prepared, secret by secret, dropping each from the stored
 * record once sent. A conflict (the secret changed meanwhile) skips that
 * secret; any other failure keeps the rest for the next `rotateKeys()`.
 */
async function sendPending(state: ClientState, pending: PendingRotation): Promise<string[]> {
  const me = state.me();
  const owner = await state.cardById(me.account.id, 'your own key card');
  const done: string[] = [];
  while (pending.secrets.length > 0) {
    const p = pending.secrets[0]!;
    const ref: SecretRef = { id: p.id, name: p.name, provider: null, owner };
    try {
      if (p.list) await publishList(state, ref, p.list);
      for (const g of p.grants) {
        await state.transport.request('PUT', `/v1/secrets/${seg(p.id)}/grants/${seg(g.grantee)}`, null, { what: `re-sign a share of "${p.name}"`, body: g.body });
      }
      await state.transport.request('PUT', `/v1/secrets/${seg(p.id)}/versions/${p.version.n}`, SecretSummaryResponse, {
        what: `write "${p.name}" under your new key`,
        body: p.version.body,
      });
      await state.trust.raiseMark(p.id, p.version.n, fromBase64Url(p.version.hash, 32));
      done.push(p.name);
    } catch (error) {
      if (!(error instanceof ConflictError)) {
        throw new LatchkeyError(
          error instanceof LatchkeyError ? error.code : 'network',
          `your keys were replaced, but ${pending.secrets.length} secret(s) are not written under the new key yet (${error instanceof Error ? error.message : String(error)}); ` +
            'run "latchkey keys rotate" (client.rotateKeys) again on this device to finish: it sends what is prepared, with no new keys',
          { cause: error },
        );
      }
    }
    pending.secrets.shift();
    await (pending.secrets.length > 0 ? state.store.set(PENDING, pending) : state.store.delete(PENDING));
  }
  return done;
}
