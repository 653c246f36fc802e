/**
 * Account key rotation (`latchkey keys rotate`, `client.rotateKeys()`): new
 * X25519 and Ed25519 keys, a new key card chained to the old one and linked
 * by the old signing key (crypto/card-chain.ts), the keyring re-sealed under
 * the same unlock key, then the latest version of every secret you own
 * written again under the new key (wrapped to you and to each grantee of the
 * current access list), with the access list and grants re-signed. Readers
 * who pinned the old card follow the chain (card-chain.ts); no fingerprint
 * check is needed again.
 * @module
 */
import {
  createKeyCard, generateAccountKeys, sealKeyring, signCardLink, toBase64Url, zeroize,
} from '../crypto/index.ts';
import type { KeyCard } from '../crypto/index.ts';
import { SecretSummaryResponse } from '../protocol/index.ts';
import { deriveFor, fetchKdf } from './account.ts';
import { publishList, signList, writerRecipients } from './access-list.ts';
import { cardBindingOf } from './card-binding.ts';
import type { VerifiedAccessList } from './access-list.ts';
import type { ClientState } from './client-state.ts';
import { loadSecretKey, readSecretKey } from './device-secrets.ts';
import { AuthError, BadInputError, ConflictError } from './errors.ts';
import { makeGrant, verifiedSharing } from './grants.ts';
import type { VerifiedGrant } from './grants.ts';
import { seg } from './http.ts';
import { loadSession, makeIdentity, saveSession } from './identity.ts';
import { listSummaries, loadLatest, refFromSummary } from './resolve.ts';
import type { TrustedCard } from './trust.ts';
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

/** Replaces the logged-in person's keys; needs the passphrase (and the Secret Key this device keeps, or `secretKey`). */
export async function rotateKeys(state: ClientState, passphrase: string, options: { secretKey?: string } = {}): Promise<KeyRotationResult> {
  const me = state.me();
  if (me.account.kind !== 'person') throw new BadInputError('only person accounts rotate keys; give a machine a new token instead (latchkey machine rm, then add)');
  if (typeof passphrase !== 'string' || passphrase === '') throw new BadInputError('rotating your keys needs your passphrase');
  const { handle, id } = me.account;
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
  const secretKey = options.secretKey ? readSecretKey(options.secretKey) : await loadSecretKey(state.store, state.transport.server, handle, id);
  if (!secretKey) throw new BadInputError(`this device does not have the Secret Key of "${handle}"; pass it (LK-...)`);
  const { authKey, unlockKey } = await deriveFor(state, handle, passphrase, secretKey, served);
  const keys = await generateAccountKeys();
  const card = await createKeyCard(keys, { id, handle, kind: 'person', prev: me.card });
  try {
    const link = await signCardLink(me.signer, card);
    await state.transport.request('PUT', '/v1/me/card', null, {
      what: 'replace your key card',
      body: { authKey: toBase64Url(authKey), card, link: toBase64Url(link), keyring: toBase64Url(sealKeyring(keys, unlockKey, id)) },
    }).catch((error: unknown) => {
      if (error instanceof AuthError) throw new AuthError('the passphrase or Secret Key is wrong; your keys were not changed');
      if (error instanceof ConflictError) throw new ConflictError('your key card was changed from elsewhere meanwhile; log in again and retry');
      throw error;
    });
  } finally {
    zeroize(authKey, unlockKey, secretKey);
  }
  const identity = await makeIdentity(me.account, card, keys);
  state.identity = identity;
  await state.trust.repin(card);
  // The session stays valid; what this device keeps of it now holds the new keys.
  const saved = await loadSession(state.store, state.transport.server);
  if (saved?.identity.account.id === id) await saveSession(state.store, state.transport.server, { ...saved, identity });
  const rewritten: string[] = [];
  for (const item of owned) {
    await rewrite(state, item);
    rewritten.push(item.ref.name);
  }
  return { card, rewritten };
}

/** Re-signs the access list and grants of one secret and writes its latest value again under the new key. */
async function rewrite(state: ClientState, item: Owned): Promise<void> {
  const me = state.me();
  const ref: SecretRef = { ...item.ref, owner: await state.cardById(me.account.id, 'your own key card') };
  const what = label(ref, me.account.id);
  const { opened, grants } = item;
  let counter = 0;
  if (item.list) {
    // The same grantees and revocations, each bound to the card its grant was verified with (a grantee may have rotated too).
    const cards = new Map(grants.map((g) => [g.card.id, cardBindingOf(g.card.card)]));
    const current = item.list;
    const grantees = current.record.grantees.map((g) => ({ ...g, card: cards.get(g.id) ?? g.card }));
    const list = await signList(state, ref, current.counter + 1, current.revoked, grantees);
    await publishList(state, ref, list);
    counter = list.counter;
  }
  for (const g of grants) {
    const grant = await makeGrant(state, ref, g.card, g.grant.access);
    const wrap = await wrapTo(ref, opened.version, opened.dek, g.card);
    await state.transport.request('PUT', `/v1/secrets/${seg(ref.id)}/grants/${seg(g.card.id)}`, null, {
      what: `re-sign the share of ${what} with "${g.card.handle}"`,
      body: { grant, wrap },
    });
  }
  const version = opened.version + 1;
  const sealed = await sealVersion(state, ref, {
    version, prev: opened.hash, payload: opened.payload, recipients: [ref.owner, ...item.recipients], authorGrant: null, list: counter,
  });
  await state.transport.request('PUT', `/v1/secrets/${seg(ref.id)}/versions/${version}`, SecretSummaryResponse, {
    what: `write ${what} under your new key`,
    body: { version: sealed.record, wraps: sealed.wraps },
  });
  await state.trust.raiseMark(ref.id, version, sealed.hash);
}
