/** fast-check properties: round trips, tamper refusal, backend agreement. Modest run counts; no scrypt. */
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import {
  CryptoError,
  accountKeysFromPrivate,
  canonicalBytes,
  createDecrypter,
  createKeyCard,
  createSigner,
  encodeContext,
  fingerprintWords,
  formatFingerprint,
  fromBase64Url,
  openValue,
  parseFingerprint,
  sealValue,
  setCryptoBackend,
  toBase64Url,
  unwrapDataKey,
  utf8Decode,
  verifyKeyCard,
  verifySignature,
  verifyVersion,
  signVersion,
  wrapDataKey,
} from './index.ts';
import { x25519Derive } from './backend.ts';
import type { CanonicalValue, KeyCard, SecretContext } from './index.ts';

afterAll(() => setCryptoBackend('auto'));

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const key32 = bytes(32, 32);
const id = bytes(16, 16).map(toBase64Url);
const context = fc.record<SecretContext>({
  owner: id,
  secret: id,
  name: fc.string({ maxLength: 20 }),
  provider: fc.option(fc.string({ maxLength: 10 }), { nil: null }),
  version: fc.integer({ min: 1, max: 1_000_000 }),
});
const flip = (b: Uint8Array, bit: number): Uint8Array => {
  const c = b.slice();
  const i = bit % (c.length * 8);
  c[i >> 3]! ^= 1 << (i & 7);
  return c;
};
const canonicalValue: fc.Arbitrary<CanonicalValue> = fc.letrec<{ v: CanonicalValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.maxSafeInteger().filter((n) => !Object.is(n, -0)),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.string(), tie('v'), { maxKeys: 4 }),
  ),
})).v;

test('canonical encoding: parses back to the value, ignores key insertion order, rejects non-integers', () => {
  fc.assert(
    fc.property(canonicalValue, (v) => {
      const b = canonicalBytes(v);
      const parsed = JSON.parse(utf8Decode(b)) as CanonicalValue;
      expect(parsed).toEqual(v);
      expect(canonicalBytes(parsed)).toEqual(b);
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const reversed = Object.fromEntries(Object.entries(v).reverse());
        expect(canonicalBytes(reversed)).toEqual(b);
      }
    }),
    { numRuns: 100 },
  );
  fc.assert(
    fc.property(fc.double().filter((d) => !Number.isSafeInteger(d) || Object.is(d, -0)), (d) => {
      expect(() => canonicalBytes({ x: d })).toThrow(CryptoError);
    }),
    { numRuns: 50 },
  );
});

test('base64url: round trip, and every accepted text is the unique encoding of its bytes', () => {
  fc.assert(
    fc.property(bytes(0, 80), (b) => {
      expect(fromBase64Url(toBase64Url(b), b.length)).toEqual(b);
    }),
    { numRuns: 100 },
  );
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom(...'AQgw-_=+/ 9aZ'), maxLength: 12 }), (s) => {
      let decoded: Uint8Array;
      try {
        decoded = fromBase64Url(s);
      } catch (e) {
        expect(e).toBeInstanceOf(CryptoError);
        return;
      }
      expect(toBase64Url(decoded)).toBe(s);
    }),
    { numRuns: 200 },
  );
});

test('fingerprints: both renderings parse back', () => {
  fc.assert(
    fc.property(bytes(16, 16), (fp) => {
      expect(parseFingerprint(formatFingerprint(fp))).toEqual(fp);
      expect(parseFingerprint(fingerprintWords(fp).join('-').toUpperCase())).toEqual(fp);
    }),
    { numRuns: 100 },
  );
});

test('envelope: round trip; any flipped bit of ciphertext/nonce/tag or context is refused', () => {
  fc.assert(
    fc.property(key32, bytes(0, 300), context, fc.nat(), fc.nat(), (dek, plain, ctx, bit1, bit2) => {
      const aad = encodeContext(ctx);
      const sealed = sealValue(dek, plain, aad);
      expect(openValue(dek, sealed, aad)).toEqual(plain);
      expect(() => openValue(dek, flip(sealed, bit1), aad)).toThrow(CryptoError);
      expect(() => openValue(dek, sealed, flip(aad, bit2))).toThrow(CryptoError);
      expect(() => openValue(flip(dek, bit2), sealed, aad)).toThrow(CryptoError);
    }),
    { numRuns: 100 },
  );
});

for (const backend of ['webcrypto', 'noble'] as const) {
  test(`${backend}: wraps round trip; flipped bits and other contexts are refused`, async () => {
    setCryptoBackend(backend);
    await fc.assert(
      fc.asyncProperty(key32, key32, context, context, fc.nat(), async (dek, priv, ctx, ctx2, bit) => {
        const me = await createDecrypter(priv);
        const aad = encodeContext(ctx);
        const wrap = await wrapDataKey(dek, me.publicKey, aad);
        expect(await unwrapDataKey(wrap, me, aad)).toEqual(dek);
        let tampered: unknown;
        try {
          tampered = await unwrapDataKey(flip(wrap, bit), me, aad);
        } catch (e) {
          expect(e).toBeInstanceOf(CryptoError);
          tampered = null;
        }
        expect(tampered).toBeNull();
        expect(await unwrapDataKey(wrap, me, flip(aad, bit))).toBeNull();
        const aad2 = encodeContext(ctx2);
        if (!aad2.every((b, i) => b === aad[i]) || aad2.length !== aad.length) {
          expect(await unwrapDataKey(wrap, me, aad2)).toBeNull();
        }
      }),
      { numRuns: 40 },
    );
  });

  test(`${backend}: version signatures refuse any flipped bit of signature, statement or key`, async () => {
    setCryptoBackend(backend);
    await fc.assert(
      fc.asyncProperty(key32, bytes(0, 64), context, fc.nat(), async (seed, ct, ctx, bit) => {
        const signer = await createSigner(seed);
        const st = { context: encodeContext(ctx), ciphertext: ct, prev: null, author: ctx.owner, list: 0, time: ctx.version };
        const { signature } = await signVersion(st, signer);
        expect(await verifyVersion(st, signature, signer.publicKey)).toBe(true);
        expect(await verifyVersion(st, flip(signature, bit), signer.publicKey)).toBe(false);
        expect(await verifyVersion({ ...st, context: flip(st.context, bit) }, signature, signer.publicKey)).toBe(false);
        expect(await verifyVersion({ ...st, time: st.time + 1 }, signature, signer.publicKey)).toBe(false);
        expect(await verifyVersion({ ...st, list: st.list + 1 }, signature, signer.publicKey)).toBe(false);
        expect(await verifyVersion(st, signature, flip(signer.publicKey, bit))).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  test(`${backend}: key cards refuse any changed field or flipped signature bit`, async () => {
    setCryptoBackend(backend);
    const keys = await accountKeysFromPrivate(new Uint8Array(32).fill(1), new Uint8Array(32).fill(2));
    const card = await createKeyCard(keys, { id: toBase64Url(new Uint8Array(16)), handle: 'carol', kind: 'person', created: 1 });
    const fields = Object.keys(card.body) as (keyof KeyCard['body'])[];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), fc.nat(), async (field, bit) => {
        const value = card.body[field];
        let changed: unknown;
        if (typeof value === 'string') {
          const b = new TextEncoder().encode(value);
          changed = new TextDecoder().decode(flip(b, bit));
        } else if (typeof value === 'number') changed = value + 1 + (bit % 5);
        else changed = toBase64Url(new Uint8Array(32).fill(bit % 256));
        const forged = { ...card, body: { ...card.body, [field]: changed } } as KeyCard;
        expect(await verifyKeyCard(forged)).toBe(false);
        const sig = fromBase64Url(card.signature, 64);
        expect(await verifyKeyCard({ ...card, signature: toBase64Url(flip(sig, bit)) })).toBe(false);
      }),
      { numRuns: 60 },
    );
  });
}

test('noble and WebCrypto agree on keys, signatures and X25519', async () => {
  await fc.assert(
    fc.asyncProperty(key32, key32, bytes(0, 100), async (a, b, msg) => {
      setCryptoBackend('noble');
      const sn = await createSigner(a);
      const sigN = await sn.sign(msg);
      const sharedN = await x25519Derive(a, (await createDecrypter(b)).publicKey);
      setCryptoBackend('webcrypto');
      const sw = await createSigner(a);
      const sigW = await sw.sign(msg);
      const sharedW = await x25519Derive(a, (await createDecrypter(b)).publicKey);
      expect(sw.publicKey).toEqual(sn.publicKey);
      expect(sigW).toEqual(sigN);
      expect(sharedW).toEqual(sharedN);
      expect(await verifySignature(sn.publicKey, msg, sigN)).toBe(true);
      setCryptoBackend('noble');
      expect(await verifySignature(sw.publicKey, msg, sigW)).toBe(true);
    }),
    { numRuns: 50 },
  );
});
