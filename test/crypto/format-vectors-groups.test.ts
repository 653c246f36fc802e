/** The frozen group vectors of test/vectors/latchkey-v2.json recomputed from the documented formulas with @noble, and verified by the chain check. */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { createDecrypter, unwrapDataKey, verifyMembershipChain } from '../../src/crypto/index.ts';
import { toHex } from './format-vectors.ts';
import { hex } from './wycheproof-helpers.ts';

const G = (JSON.parse(readFileSync(new URL('../vectors/latchkey-v2.json', import.meta.url), 'utf8')) as any).groups;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

test('group keys, seed context, list signatures and hashes follow the documented formulas', async () => {
  const { hkdf } = await import('@noble/hashes/hkdf.js');
  const { sha256 } = await import('@noble/hashes/sha2.js');
  const { ed25519, x25519 } = await import('@noble/curves/ed25519.js');
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  const cat = (...p: Uint8Array[]): Uint8Array => Uint8Array.from(p.flatMap((x) => [...x]));
  // signing / encryption = HKDF-SHA256(seed, salt = empty, "latchkey/v2/group/signing" | ".../encryption", 32)
  const signing = hkdf(sha256, hex(G.seed), new Uint8Array(0), enc('latchkey/v2/group/signing'), 32);
  const encryption = hkdf(sha256, hex(G.seed), new Uint8Array(0), enc('latchkey/v2/group/encryption'), 32);
  expect(toHex(ed25519.getPublicKey(signing))).toBe(G.signingPublic);
  expect(toHex(x25519.getPublicKey(encryption))).toBe(G.encryptionPublic);
  expect(G.genesis.body.card.body.signingKey).toBe(Buffer.from(hex(G.signingPublic)).toString('base64url'));
  // seed context = "latchkey/v2/group/seed\0" || canonical({epoch, group, member})
  const aliceId = G.aliceCard.body.id as string;
  expect(new TextDecoder().decode(hex(G.seedContext))).toBe(`latchkey/v2/group/seed\0{"epoch":1,"group":"${G.genesis.body.group}","member":"${aliceId}"}`);
  for (const [list, hash, groupKey] of [[G.genesis, G.genesisHash, G.signingPublic], [G.rotation, G.rotationHash, G.signingPublic]] as const) {
    const body = enc(canonical(list.body));
    // admin signature over "latchkey/v2/group/list\0" || canonical(body); group signature over ".../link\0" || canonical(body)
    const alicePub = Buffer.from(G.aliceCard.body.signingKey, 'base64url');
    expect(ed25519.verify(Buffer.from(list.signature, 'base64url'), cat(enc('latchkey/v2/group/list\0'), body), alicePub, { zip215: false })).toBe(true);
    expect(ed25519.verify(Buffer.from(list.groupSignature, 'base64url'), cat(enc('latchkey/v2/group/link\0'), body), hex(groupKey), { zip215: false })).toBe(true);
    // listHash = SHA-256(canonical({body, groupSignature, signature}))
    expect(toHex(sha256(enc(canonical(list))))).toBe(hash);
  }
  // The rotation card's prev is the hash of the epoch-1 card, and the rotation list links to the genesis list.
  expect(G.rotation.body.card.body.prev).toBe(Buffer.from(sha256(enc(canonical(G.genesis.body.card)))).toString('base64url'));
  expect(G.rotation.body.prev).toBe(Buffer.from(hex(G.genesisHash)).toString('base64url'));
});

test('the frozen chain verifies, the frozen seed wrap opens for alice, and a flipped signature is refused', async () => {
  const head = await verifyMembershipChain({ group: G.genesis.body.group, lists: [G.genesis, G.rotation], cards: [G.aliceCard], anchor: null });
  expect(toHex(head.hash)).toBe(G.rotationHash);
  const { fixed } = await import('./format-vectors.ts');
  const seed = await unwrapDataKey(hex(G.seedWrap), await createDecrypter(fixed('alice encryption')), hex(G.seedContext));
  expect(toHex(seed!)).toBe(G.seed);
  const bad = structuredClone(G.rotation);
  bad.groupSignature = bad.signature;
  await expect(verifyMembershipChain({ group: G.genesis.body.group, lists: [G.genesis, bad], cards: [G.aliceCard], anchor: null })).rejects.toThrow(/not signed by the group key of epoch 1/);
});
