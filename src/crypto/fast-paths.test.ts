/**
 * Public behaviour of the unwrap and version-hash hot paths: the split HKDF
 * (salt-keyed @noble HMAC state reused by clone) equals one-shot HKDF, unwrap
 * refuses bad input on both backends, X25519 jobs started together are all
 * dispatched before the work overlapped with them, and versionHash is
 * SHA-256(DOMAIN.version || canonicalBytes(body)) for any statement.
 */
import fc from 'fast-check';
import { afterAll, expect, test, vi } from 'vitest';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import {
  CryptoError,
  DOMAIN,
  canonicalBytes,
  concatBytes,
  createDecrypter,
  setCryptoBackend,
  toBase64Url,
  unwrapDataKey,
  versionHash,
  wrapDataKey,
} from './index.ts';
import { hkdf32WithSalt } from './aead.ts';
import type { Decrypter } from './index.ts';
import { deriveSharedOverlapped } from './keys.ts';

afterAll(() => setCryptoBackend('auto'));

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });

test('hkdf32WithSalt(salt)(ikm, info) equals HKDF-SHA256 with 32-byte output, and one salt state serves many calls', () => {
  fc.assert(
    fc.property(bytes(0, 100), bytes(0, 80), bytes(0, 80), bytes(0, 80), (salt, ikm, ikm2, info) => {
      const derive = hkdf32WithSalt(salt);
      expect(derive(ikm, info)).toEqual(hkdf(nobleSha256, ikm, salt, info, 32));
      expect(derive(ikm2, info)).toEqual(hkdf(nobleSha256, ikm2, salt, info, 32));
      expect(derive(ikm, info)).toEqual(hkdf(nobleSha256, ikm, salt, info, 32));
    }),
    { numRuns: 100 },
  );
});

for (const backend of ['webcrypto', 'noble'] as const) {
  test(`${backend}: unwrap refuses low-order ephemeral keys with bad-key, and a non-byte context with bad-input`, async () => {
    setCryptoBackend(backend);
    const me = await createDecrypter(Uint8Array.from({ length: 32 }, (_, i) => i + 1));
    const context = new Uint8Array([1, 2, 3]);
    const wrap = await wrapDataKey(new Uint8Array(32).fill(7), me.publicKey, context);
    expect(await unwrapDataKey(wrap, me, context)).toEqual(new Uint8Array(32).fill(7));
    // Every wrap has its own ephemeral key; a low-order recipient key is refused when wrapping too.
    const again = await wrapDataKey(new Uint8Array(32).fill(7), me.publicKey, context);
    expect(again.subarray(0, 32)).not.toEqual(wrap.subarray(0, 32));
    expect(await unwrapDataKey(again, me, context)).toEqual(new Uint8Array(32).fill(7));
    const lowRecipient = new Uint8Array(32);
    lowRecipient[0] = 1;
    await expect(wrapDataKey(new Uint8Array(32), lowRecipient, context)).rejects.toMatchObject({ code: 'bad-key' });
    const lowOrder = wrap.slice();
    lowOrder.fill(0, 0, 32);
    lowOrder[0] = 1; // u = 1 has order 4: with a clamped scalar the shared secret is all zero
    await expect(unwrapDataKey(lowOrder, me, context)).rejects.toMatchObject({ code: 'bad-key' });
    await expect(unwrapDataKey(wrap, me, 'abc' as unknown as Uint8Array)).rejects.toBeInstanceOf(CryptoError);
    await expect(unwrapDataKey(wrap, me, 'abc' as unknown as Uint8Array)).rejects.toMatchObject({ code: 'bad-input' });
    // A Decrypter made elsewhere (no overlap machinery) gives the same result.
    const foreign: Decrypter = { publicKey: me.publicKey, deriveShared: (peer) => me.deriveShared(peer) };
    expect(await unwrapDataKey(wrap, foreign, context)).toEqual(new Uint8Array(32).fill(7));
    await expect(me.deriveShared(new Uint8Array(31))).rejects.toMatchObject({ code: 'bad-length' });
  });
}

test('webcrypto: derivations started together dispatch every X25519 before any overlapped work runs; an error from that work is passed on', async () => {
  setCryptoBackend('webcrypto');
  const me = await createDecrypter(Uint8Array.from({ length: 32 }, (_, i) => i + 9));
  const others = await Promise.all([1, 2, 3, 4].map((n) => createDecrypter(new Uint8Array(32).fill(n))));
  const peers = others.map((other) => other.publicKey);
  const events: string[] = [];
  const spy = vi.spyOn(globalThis.crypto.subtle, 'deriveBits');
  spy.mockImplementation(function (this: SubtleCrypto, ...args: Parameters<SubtleCrypto['deriveBits']>) {
    events.push('dispatch');
    return SubtleCrypto.prototype.deriveBits.apply(this, args);
  });
  try {
    const shared = await Promise.all(peers.map((peer, i) => deriveSharedOverlapped(me, peer, () => events.push(`work ${i}`))));
    expect(events).toEqual(['dispatch', 'dispatch', 'dispatch', 'dispatch', 'work 0', 'work 1', 'work 2', 'work 3']);
    spy.mockRestore();
    // X25519 agreement: each peer computes the same secret from its own side.
    for (let i = 0; i < peers.length; i++) expect(shared[i]).toEqual(await others[i]!.deriveShared(me.publicKey));
    const boom = new Error('overlapped work failed');
    await expect(deriveSharedOverlapped(me, peers[0]!, () => { throw boom; })).rejects.toBe(boom);
  } finally {
    spy.mockRestore();
  }
});

test('versionHash equals SHA-256(DOMAIN.version || canonicalBytes(statement body)) for any author, list, time and prev', () => {
  fc.assert(
    fc.property(bytes(0, 120), bytes(0, 300), fc.option(bytes(32, 32), { nil: null }), fc.string({ unit: 'binary', maxLength: 30 }), fc.maxSafeNat(), fc.nat(), (context, ciphertext, prev, author, time, list) => {
      const body = canonicalBytes({
        v: 2,
        context: toBase64Url(nobleSha256(context)),
        ciphertext: toBase64Url(nobleSha256(ciphertext)),
        prev: prev === null ? null : toBase64Url(prev),
        author,
        list,
        time,
      });
      expect(versionHash({ context, ciphertext, prev, author, list, time })).toEqual(nobleSha256(concatBytes(DOMAIN.version, body)));
    }),
    { numRuns: 200 },
  );
});
