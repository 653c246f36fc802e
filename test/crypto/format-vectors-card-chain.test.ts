/** The frozen card-chain vectors of test/vectors/latchkey-v2.json recomputed from the documented formulas with @noble, and verified by the chain check. */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { verifyCardChain } from '../../src/crypto/index.ts';
import { toHex } from './format-vectors.ts';
import { hex } from './wycheproof-helpers.ts';

const C = (JSON.parse(readFileSync(new URL('../vectors/latchkey-v2.json', import.meta.url), 'utf8')) as any).cardChain;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

test('card hashes, prev and the link signature follow the documented formulas', async () => {
  const { sha256 } = await import('@noble/hashes/sha2.js');
  const { ed25519 } = await import('@noble/curves/ed25519.js');
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  const cat = (...p: Uint8Array[]): Uint8Array => Uint8Array.from(p.flatMap((x) => [...x]));
  const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64url'));
  // keyCardHash = SHA-256(canonical({body, signature}))
  expect(toHex(sha256(enc(canonical(C.card1))))).toBe(C.card1Hash);
  expect(toHex(sha256(enc(canonical(C.card2))))).toBe(C.card2Hash);
  // next.body.prev = b64u keyCardHash(prev); id, handle and kind unchanged
  expect(C.card2.body.prev).toBe(Buffer.from(hex(C.card1Hash)).toString('base64url'));
  expect([C.card2.body.id, C.card2.body.handle, C.card2.body.kind]).toEqual([C.card1.body.id, C.card1.body.handle, C.card1.body.kind]);
  // next self-signed: Ed25519(next key, "latchkey/v1/card\0" || canonical(body))
  expect(ed25519.verify(b64(C.card2.signature), cat(enc('latchkey/v1/card\0'), enc(canonical(C.card2.body))), b64(C.card2.body.signingKey), { zip215: false })).toBe(true);
  // link = Ed25519(prev key, "latchkey/v2/card/link\0" || keyCardHash(next))
  expect(ed25519.verify(b64(C.link), cat(enc('latchkey/v2/card/link\0'), hex(C.card2Hash)), b64(C.card1.body.signingKey), { zip215: false })).toBe(true);
  expect(ed25519.verify(b64(C.link), cat(enc('latchkey/v2/card/link\0'), hex(C.card2Hash)), b64(C.card2.body.signingKey), { zip215: false })).toBe(false);
});

test('the frozen chain verifies, and a link by the wrong key or a broken prev is refused', async () => {
  const h1 = Buffer.from(hex(C.card1Hash)).toString('base64url');
  const h2 = Buffer.from(hex(C.card2Hash)).toString('base64url');
  const chain = [{ card: C.card1, link: null }, { card: C.card2, link: C.link }];
  expect(await verifyCardChain(chain)).toEqual([h1, h2]);
  expect(await verifyCardChain([chain[1]])).toEqual([h2]);
  const flipped = [chain[0], { card: C.card2, link: C.card2.signature }];
  await expect(verifyCardChain(flipped)).rejects.toThrow(/key card 2 is not linked by the key of card 1/);
  const unlinked = structuredClone(chain);
  unlinked[1].card.body.prev = h2;
  await expect(verifyCardChain(unlinked)).rejects.toThrow(/not linked/);
  await expect(verifyCardChain([])).rejects.toThrow(/holds 1 to 64 cards/);
});
