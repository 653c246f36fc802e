/** Strictness cases beyond Wycheproof, through both backends (see src/crypto/ed25519-checks.ts). */
import { afterAll, expect, test } from 'vitest';
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, createSigner, setCryptoBackend, utf8Encode, verifySignature } from './index.ts';

const Point = ed25519.Point;
const L = Point.Fn.ORDER;
const le = (n: bigint): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
const fromLe = (b: Uint8Array): bigint => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);
const backends = ['webcrypto', 'noble'] as const;
const msg = utf8Encode('latchkey strictness');

/** Signs with nonce point R = rB + T, so T (a torsion point) rides along in R. */
function signWithTorsion(seed: Uint8Array, message: Uint8Array, torsion: string): { publicKey: Uint8Array; signature: Uint8Array } {
  const { scalar, pointBytes } = ed25519.utils.getExtendedPublicKey(seed);
  const r = 1234567890123456789n;
  const R = Point.BASE.multiply(r).add(Point.fromHex(torsion)).toBytes();
  const k = fromLe(sha512(concatBytes(R, pointBytes, message))) % L;
  const S = (r + k * scalar) % L;
  return { publicKey: pointBytes, signature: concatBytes(R, le(S)) };
}

afterAll(() => setCryptoBackend('auto'));

test.each(backends)('%s: identity public key with (R = identity, S = 0) is refused (universal forgery)', async (backend) => {
  setCryptoBackend(backend);
  const identity = new Uint8Array(32);
  identity[0] = 1;
  const sig = new Uint8Array(64);
  sig.set(identity);
  expect(await verifySignature(identity, msg, sig)).toBe(false);
  expect(await verifySignature(identity, msg, sig)).toBe(false); // also from the key cache
  for (const t of ED25519_TORSION_SUBGROUP) {
    expect(await verifySignature(Point.fromHex(t).toBytes(), msg, sig)).toBe(false);
  }
});

// The one documented difference between the backends (src/crypto/ed25519-checks.ts): a
// signature made with the real key but whose R carries a torsion component. OpenSSL's
// cofactorless equation refuses it; noble's cofactored equation accepts it. Both are RFC
// 8032 conformant and neither is a forgery (the signer's private key was needed).
const torsionPolicy = { webcrypto: false, noble: true } as const;

test.each(backends)('%s: a torsion component in R follows the backend equation (webcrypto refuses, noble accepts)', async (backend) => {
  setCryptoBackend(backend);
  const seed = new Uint8Array(32).fill(7);
  const plain = signWithTorsion(seed, msg, ED25519_TORSION_SUBGROUP[0]!);
  expect(await verifySignature(plain.publicKey, msg, plain.signature)).toBe(true); // construction is sound
  for (const t of ED25519_TORSION_SUBGROUP.slice(1)) {
    const mixed = signWithTorsion(seed, msg, t);
    expect(await verifySignature(mixed.publicKey, msg, mixed.signature), t).toBe(torsionPolicy[backend]);
    // Still bound to the message and the key.
    expect(await verifySignature(mixed.publicKey, utf8Encode('another message'), mixed.signature), t).toBe(false);
  }
});

test.each(backends)('%s: S + L (malleated scalar) is refused', async (backend) => {
  setCryptoBackend(backend);
  const signer = await createSigner(new Uint8Array(32).fill(3));
  const sig = await signer.sign(msg);
  expect(await verifySignature(signer.publicKey, msg, sig)).toBe(true);
  const malleated = concatBytes(sig.subarray(0, 32), le(fromLe(sig.subarray(32)) + L));
  expect(await verifySignature(signer.publicKey, msg, malleated)).toBe(false);
});

test('the WebCrypto verify-key cache stays correct beyond its bound', async () => {
  setCryptoBackend('webcrypto');
  const signers = await Promise.all(Array.from({ length: 300 }, (_, i) => createSigner(new Uint8Array(32).fill(i % 256).map((b, j) => (j === 0 ? i >> 8 : b)))));
  const sigs = await Promise.all(signers.map((s) => s.sign(msg)));
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < signers.length; i += 7) {
      expect(await verifySignature(signers[i]!.publicKey, msg, sigs[i]!)).toBe(true);
      expect(await verifySignature(signers[(i + 1) % 300]!.publicKey, msg, sigs[i]!)).toBe(false);
    }
  }
});
