/**
 * The hand-written hot-path primitives (src/crypto/sha256-core.ts, wrap-open.ts)
 * against @noble for random inputs, block-boundary lengths and tampering.
 */
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { hmacKeyState, hmacWithState, sha256Digest } from '../../src/crypto/sha256-core.ts';
import { openSealedDataKey } from '../../src/crypto/wrap-open.ts';
import { hkdf32Prepared, hkdfSha256 } from '../../src/crypto/aead.ts';
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
} from '../../src/crypto/index.ts';
import type { Decrypter } from '../../src/crypto/index.ts';

afterAll(() => setCryptoBackend('auto'));

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const ZERO_NONCE = new Uint8Array(12);

test('SHA-256 equals @noble at every length around the block and padding boundaries, and on 1 MiB', () => {
  for (let n = 0; n <= 200; n++) {
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 151 + n) & 0xff);
    expect(sha256Digest(data), `length ${n}`).toEqual(nobleSha256(data));
  }
  const big = Uint8Array.from({ length: (1 << 20) + 7 }, (_, i) => (i * 2654435761) >>> 24);
  expect(sha256Digest(big)).toEqual(nobleSha256(big));
  fc.assert(
    fc.property(bytes(0, 600), (data) => {
      expect(sha256Digest(data)).toEqual(nobleSha256(data));
    }),
    { numRuns: 200 },
  );
});

test('HMAC-SHA256 with precomputed key states equals @noble for short, block-sized and long keys', () => {
  fc.assert(
    fc.property(bytes(0, 150), bytes(0, 200), (key, message) => {
      const state = hmacKeyState(key);
      const expected = hmac(nobleSha256, key, message);
      expect(hmacWithState(state, message)).toEqual(expected);
      expect(hmacWithState(state, message), 'a key state is reusable').toEqual(expected);
    }),
    { numRuns: 200 },
  );
});

test('hkdf32Prepared equals @noble HKDF-SHA256 with 32-byte output', () => {
  fc.assert(
    fc.property(bytes(0, 100), bytes(0, 80), bytes(0, 80), (salt, ikm, info) => {
      const infoAndCounter = Uint8Array.from([...info, 1]);
      expect(hkdf32Prepared(hmacKeyState(salt), ikm, infoAndCounter)).toEqual(hkdf(nobleSha256, ikm, salt, info, 32));
    }),
    { numRuns: 150 },
  );
});

test('hkdfSha256 equals @noble HKDF-SHA256 for every output length up to 7 blocks', () => {
  fc.assert(
    fc.property(bytes(0, 100), bytes(0, 80), bytes(0, 80), fc.integer({ min: 1, max: 224 }), (salt, ikm, info, length) => {
      expect(hkdfSha256(ikm, salt, info, length)).toEqual(hkdf(nobleSha256, ikm, salt, info, length));
    }),
    { numRuns: 150 },
  );
});

test('openSealedDataKey opens exactly what ChaCha20-Poly1305 (zero nonce, no AAD) sealed and refuses any flipped bit', () => {
  fc.assert(
    fc.property(bytes(32, 32), bytes(32, 32), fc.nat(48 * 8 - 1), (key, dek, bit) => {
      const sealed = chacha20poly1305(key, ZERO_NONCE).encrypt(dek);
      expect(openSealedDataKey(key, sealed)).toEqual(dek);
      const tampered = sealed.slice();
      tampered[bit >> 3]! ^= 1 << (bit & 7);
      expect(openSealedDataKey(key, tampered)).toBeNull();
      const otherKey = key.slice();
      otherKey[bit & 31]! ^= 1;
      expect(openSealedDataKey(otherKey, sealed)).toBeNull();
    }),
    { numRuns: 150 },
  );
  expect(() => openSealedDataKey(new Uint8Array(32), new Uint8Array(47))).toThrow(RangeError);
});

for (const backend of ['webcrypto', 'noble'] as const) {
  test(`${backend}: unwrap refuses low-order ephemeral keys with bad-key, and a non-byte context with bad-input`, async () => {
    setCryptoBackend(backend);
    const me = await createDecrypter(Uint8Array.from({ length: 32 }, (_, i) => i + 1));
    const context = new Uint8Array([1, 2, 3]);
    const wrap = await wrapDataKey(new Uint8Array(32).fill(7), me.publicKey, context);
    expect(await unwrapDataKey(wrap, me, context)).toEqual(new Uint8Array(32).fill(7));
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

test('versionHash equals SHA-256(DOMAIN.version || canonicalBytes(statement body)) for any author, time and prev', () => {
  fc.assert(
    fc.property(bytes(0, 120), bytes(0, 300), fc.option(bytes(32, 32), { nil: null }), fc.string({ unit: 'binary', maxLength: 30 }), fc.maxSafeNat(), (context, ciphertext, prev, author, time) => {
      const body = canonicalBytes({
        v: 1,
        context: toBase64Url(nobleSha256(context)),
        ciphertext: toBase64Url(nobleSha256(ciphertext)),
        prev: prev === null ? null : toBase64Url(prev),
        author,
        time,
      });
      expect(versionHash({ context, ciphertext, prev, author, time })).toEqual(nobleSha256(concatBytes(DOMAIN.version, body)));
    }),
    { numRuns: 200 },
  );
});
