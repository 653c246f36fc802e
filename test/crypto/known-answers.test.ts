/** RFC known-answer tests through our wrappers (both curve backends where both exist). */
import { afterAll, describe, expect, test } from 'vitest';
import {
  createSigner,
  openValue,
  setCryptoBackend,
  utf8Encode,
  verifySignature,
  accountKeysFromPrivate,
  createDecrypter,
} from '../../src/crypto/index.ts';
import { chachaOpen, chachaSeal, hkdfSha256 } from '../../src/crypto/aead.ts';
import { x25519Derive } from '../../src/crypto/backend.ts';
import { sealValueWithNonce } from '../../src/crypto/envelope.ts';
import { scryptRaw } from '../../src/crypto/kdf.ts';
import { hex } from './wycheproof-helpers.ts';

const range = (from: number, to: number): Uint8Array => Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i);
const sunscreen = utf8Encode(
  "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
);

afterAll(() => setCryptoBackend('auto'));

test('RFC 8439 §2.8.2 ChaCha20-Poly1305 AEAD', () => {
  const key = range(0x80, 0x9f);
  const nonce = hex('070000004041424344454647');
  const aad = hex('50515253c0c1c2c3c4c5c6c7');
  const expected = hex(
    'd31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116' +
      '1ae10b594f09e26a7e902ecbd0600691',
  );
  expect(chachaSeal(key, nonce, sunscreen, aad)).toEqual(expected);
  expect(chachaOpen(key, nonce, expected, aad)).toEqual(sunscreen);
});

test('draft-irtf-cfrg-xchacha §A.3.1 XChaCha20-Poly1305 (envelope format)', () => {
  const key = range(0x80, 0x9f);
  const nonce = range(0x40, 0x57);
  const aad = hex('50515253c0c1c2c3c4c5c6c7');
  const ctTag = hex(
    'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff921f9664c97637da9768812f615c68b13b52e' +
      'c0875924c1c7987947deafd8780acf49',
  );
  const envelope = new Uint8Array([...nonce, ...ctTag]);
  expect(sealValueWithNonce(key, nonce, sunscreen, aad)).toEqual(envelope);
  expect(openValue(key, envelope, aad)).toEqual(sunscreen);
});

test('RFC 5869 HKDF-SHA256 test cases 1-3', () => {
  expect(hkdfSha256(new Uint8Array(22).fill(0x0b), range(0x00, 0x0c), range(0xf0, 0xf9), 42)).toEqual(
    hex('3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865'),
  );
  expect(hkdfSha256(range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82)).toEqual(
    hex(
      'b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87',
    ),
  );
  expect(hkdfSha256(new Uint8Array(22).fill(0x0b), new Uint8Array(0), new Uint8Array(0), 42)).toEqual(
    hex('8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8'),
  );
});

test('RFC 7914 §12 scrypt (internal helper; the public API enforces N >= 2^17)', async () => {
  expect(await scryptRaw(new Uint8Array(0), new Uint8Array(0), 16, 1, 1, 64)).toEqual(
    hex('77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906'),
  );
  expect(await scryptRaw(utf8Encode('password'), utf8Encode('NaCl'), 1024, 8, 16, 64)).toEqual(
    hex('fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640'),
  );
});

for (const backend of ['webcrypto', 'noble'] as const) {
  describe(`backend ${backend}`, () => {
    test('RFC 7748 §5.2 X25519 function vectors (incl. 1000 iterations)', async () => {
      setCryptoBackend(backend);
      expect(
        await x25519Derive(
          hex('a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4'),
          hex('e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c'),
        ),
      ).toEqual(hex('c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552'));
      expect(
        await x25519Derive(
          hex('4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d'),
          hex('e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493'),
        ),
      ).toEqual(hex('95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957'));
      let k = hex('0900000000000000000000000000000000000000000000000000000000000000');
      let u = k;
      for (let i = 1; i <= 1000; i++) {
        const next = await x25519Derive(k, u);
        u = k;
        k = next;
        if (i === 1) expect(k).toEqual(hex('422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079'));
      }
      expect(k).toEqual(hex('684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51'));
    });

    test('RFC 7748 §6.1 Diffie-Hellman', async () => {
      setCryptoBackend(backend);
      const alicePriv = hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
      const bobPriv = hex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
      const alice = await accountKeysFromPrivate(new Uint8Array(32), alicePriv);
      const bob = await createDecrypter(bobPriv);
      expect(alice.encryption.publicKey).toEqual(hex('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a'));
      expect(bob.publicKey).toEqual(hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'));
      const shared = hex('4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742');
      expect(await bob.deriveShared(alice.encryption.publicKey)).toEqual(shared);
      expect(await (await createDecrypter(alicePriv)).deriveShared(bob.publicKey)).toEqual(shared);
    });

    test('RFC 8032 §7.1 Ed25519 tests 1-3', async () => {
      setCryptoBackend(backend);
      const cases = [
        ['9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', '',
          'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'],
        ['4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb', '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c', '72',
          '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00'],
        ['c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7', 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025', 'af82',
          '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a'],
      ] as const;
      for (const [sk, pk, msg, sig] of cases) {
        const signer = await createSigner(hex(sk));
        expect(signer.publicKey).toEqual(hex(pk));
        expect(await signer.sign(hex(msg))).toEqual(hex(sig));
        expect(await verifySignature(hex(pk), hex(msg), hex(sig))).toBe(true);
      }
    });
  });
}
