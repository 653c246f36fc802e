/**
 * Frozen account key rotation vectors (formulas in src/crypto/card-chain.ts):
 * alice's card, her rotated card chained to it (`prev`), and the link
 * signature by her old signing key. Part of test/vectors/latchkey-v2.json
 * (key `cardChain`), built by format-vectors-v2.ts.
 */
import { accountKeysFromPrivate, createKeyCard, createSigner, keyCardHash, signCardLink, toBase64Url } from '../../src/crypto/index.ts';
import { fixed, toHex } from './format-vectors.ts';

/** Builds the `cardChain` part of the v2 vectors. */
export async function buildCardChainVectors(): Promise<Record<string, unknown>> {
  const old = await accountKeysFromPrivate(fixed('alice signing'), fixed('alice encryption'));
  const next = await accountKeysFromPrivate(fixed('alice signing 2'), fixed('alice encryption 2'));
  const id = toBase64Url(fixed('alice id').slice(0, 16));
  const card1 = await createKeyCard(old, { id, handle: 'alice', kind: 'person', created: 1_767_225_600_000 });
  const card2 = await createKeyCard(next, { id, handle: 'alice', kind: 'person', created: 1_767_312_000_000, prev: card1 });
  const link = await signCardLink(await createSigner(old.signing.privateKey), card2);
  return {
    cardChain: {
      card1,
      card1Hash: toHex(keyCardHash(card1)),
      card2,
      card2Hash: toHex(keyCardHash(card2)),
      link: toBase64Url(link),
    },
  };
}
