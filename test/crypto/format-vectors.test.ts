/**
 * The frozen latchkey/v1 vectors: reproduced byte for byte and opened, on both
 * backends. The v1 passphrase KDF entry is kept unchanged but retired: format
 * v2 adds the Secret Key (latchkey-v2.json), and clients refuse v1 KDF
 * parameters (last test).
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import {
  createDecrypter,
  fingerprint,
  keyCardHash,
  openKeyring,
  openValue,
  parseFingerprint,
  parseMachineToken,
  setCryptoBackend,
  unwrapDataKey,
  verifyGrant,
  verifySignature,
  verifyKeyCard,
  verifyVersion,
  versionHash,
} from '../../src/crypto/index.ts';
import { canonicalString } from '../../src/crypto/canonical.ts';
import type { GrantStatement, KeyCard } from '../../src/crypto/index.ts';
import { KdfResponse, WireKdfParams, parseWire } from '../../src/protocol/index.ts';
import { buildVectors, retiredV1GrantHash, retiredV1VersionHash, toHex } from './format-vectors.ts';
import { hex } from './wycheproof-helpers.ts';

const fileText = readFileSync(new URL('../vectors/latchkey-v1.json', import.meta.url), 'utf8');
const V = JSON.parse(fileText) as any;

afterAll(() => setCryptoBackend('auto'));

for (const backend of ['webcrypto', 'noble'] as const) {
  describe(`backend ${backend}`, () => {
    test('the code reproduces test/vectors/latchkey-v1.json byte for byte', async () => {
      setCryptoBackend(backend);
      expect(JSON.stringify(await buildVectors(), null, 2) + '\n').toBe(fileText);
    });

    test('the frozen objects open and verify', async () => {
      setCryptoBackend(backend);
      for (const c of V.canonical) expect(canonicalString(c.value)).toBe(c.text);

      const card = V.card.card as KeyCard;
      expect(await verifyKeyCard(card)).toBe(true);
      expect(await verifyKeyCard(V.card.rotated)).toBe(true);
      expect(V.card.rotated.body.prev).toBe(Buffer.from(hex(V.card.keyCardHash)).toString('base64url'));
      expect(toHex(keyCardHash(card))).toBe(V.card.keyCardHash);
      expect(toHex(fingerprint(card))).toBe(V.card.fingerprint);
      expect(toHex(parseFingerprint(V.card.formatted))).toBe(V.card.fingerprint);
      expect(toHex(parseFingerprint(V.card.words))).toBe(V.card.fingerprint);

      const context = hex(V.envelope.contextHex);
      const bob = await createDecrypter(hex(V.keys.bob.encryptionPrivate));
      const dek = await unwrapDataKey(hex(V.wrap.wrap), bob, context);
      expect(toHex(dek!)).toBe(V.envelope.dataKey);
      expect(toHex(openValue(dek!, hex(V.envelope.sealed), context))).toBe(V.envelope.plaintext);
      const alice = await createDecrypter(hex(V.keys.alice.encryptionPrivate));
      expect(await unwrapDataKey(hex(V.wrap.wrap), alice, context)).toBeNull();

      const statement = {
        context,
        ciphertext: hex(V.envelope.sealed),
        prev: hex(V.version.statement.prev),
        author: V.version.statement.author as string,
        time: V.version.statement.time as number,
      };
      // The retired v1 version: its signature verifies over the v1 hash, never as a v2 version (which names its access list).
      expect(toHex(retiredV1VersionHash(statement))).toBe(V.version.hash);
      const alicePub = hex(V.keys.alice.signingPublic);
      expect(await verifySignature(alicePub, hex(V.version.hash), hex(V.version.signature))).toBe(true);
      expect(await verifyVersion({ ...statement, list: 0 }, hex(V.version.signature), alicePub)).toBe(false);
      expect(toHex(versionHash({ ...statement, list: 0 }))).not.toBe(V.version.hash);
      // The retired v1 grant: its signature verifies over the v1 hash, and never as a v2 grant (which binds a card).
      expect(toHex(retiredV1GrantHash(V.grant.statement))).toBe(V.grant.hash);
      expect(await verifySignature(alicePub, hex(V.grant.hash), hex(V.grant.signature))).toBe(true);
      const asV2 = { ...(V.grant.statement as Omit<GrantStatement, 'card'>), card: hex(V.card.keyCardHash) };
      expect(await verifyGrant(asV2, hex(V.grant.signature), alicePub)).toBe(false);

      const keys = await openKeyring(hex(V.keyring.sealed), hex(V.passphrase.unlockKey), V.keyring.accountId);
      expect(toHex(keys.signing.publicKey)).toBe(V.keys.alice.signingPublic);
      expect(toHex(keys.encryption.privateKey)).toBe(V.keys.alice.encryptionPrivate);

      const parsed = parseMachineToken(V.machine.token);
      expect(parsed.accountId).toBe(V.machine.accountId);
      expect(toHex(parsed.seed)).toBe(V.machine.seed);
    });
  });
}

test('the frozen bytes match the documented formulas, recomputed with @noble directly', async () => {
  const { x25519, ed25519 } = await import('@noble/curves/ed25519.js');
  const { hkdf } = await import('@noble/hashes/hkdf.js');
  const { sha256 } = await import('@noble/hashes/sha2.js');
  const { chacha20poly1305, xchacha20poly1305 } = await import('@noble/ciphers/chacha.js');
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  const cat = (...p: Uint8Array[]): Uint8Array => Uint8Array.from(p.flatMap((x) => [...x]));
  const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
  const context = hex(V.envelope.contextHex);

  // context = canonical({v:1, owner, secret, name, provider, version})
  const c = V.envelope.context;
  expect(new TextDecoder().decode(context)).toBe(
    `{"name":${JSON.stringify(c.name)},"owner":"${c.owner}","provider":${JSON.stringify(c.provider)},"secret":"${c.secret}","v":1,"version":${c.version}}`,
  );
  // envelope = nonce || XChaCha20-Poly1305(DEK, nonce, AAD = context)
  const sealed = hex(V.envelope.sealed);
  expect(xchacha20poly1305(hex(V.envelope.dataKey), sealed.subarray(0, 24), context).decrypt(sealed.subarray(24))).toEqual(hex(V.envelope.plaintext));
  // wrap = ephPub || ChaCha20-Poly1305(HKDF(X25519, ephPub||recipientPub, "latchkey/v1/wrap"||SHA-256(context)), 0^12, no AAD)
  const wrap = hex(V.wrap.wrap);
  const eph = hex(V.wrap.ephemeralPrivate);
  const bobPub = hex(V.keys.bob.encryptionPublic);
  expect(wrap.subarray(0, 32)).toEqual(x25519.getPublicKey(eph));
  const key = hkdf(sha256, x25519.getSharedSecret(eph, bobPub), cat(wrap.subarray(0, 32), bobPub), cat(enc('latchkey/v1/wrap'), sha256(context)), 32);
  expect(chacha20poly1305(key, new Uint8Array(12)).decrypt(wrap.subarray(32))).toEqual(hex(V.envelope.dataKey));
  // versionHash = SHA-256("latchkey/v1/version\0" || canonical({author, ciphertext, context, prev, time, v}))
  const st = V.version.statement;
  const body = `{"author":"${st.author}","ciphertext":"${b64u(sha256(sealed))}","context":"${b64u(sha256(context))}","prev":"${b64u(hex(st.prev))}","time":${st.time},"v":1}`;
  const vh = sha256(cat(enc('latchkey/v1/version\0'), enc(body)));
  expect(toHex(vh)).toBe(V.version.hash);
  expect(ed25519.verify(hex(V.version.signature), vh, hex(V.keys.alice.signingPublic), { zip215: false })).toBe(true);
  // card signature = Ed25519("latchkey/v1/card\0" || canonical(body)); fingerprint = SHA-256(canonical(body))[0..16]
  const card = V.card.card as KeyCard;
  const cardBody = JSON.stringify(Object.fromEntries(Object.entries(card.body).sort(([a], [b]) => (a < b ? -1 : 1))));
  expect(ed25519.verify(Buffer.from(card.signature, 'base64url'), cat(enc('latchkey/v1/card\0'), enc(cardBody)), hex(V.keys.alice.signingPublic))).toBe(true);
  expect(toHex(sha256(enc(cardBody)).slice(0, 16))).toBe(V.card.fingerprint);
  // machine token = "lk_machine_" + b64u(id || seed); keys = HKDF(seed, "", "latchkey/v1/machine/*")
  expect(V.machine.token).toBe('lk_machine_' + b64u(cat(Buffer.from(V.machine.accountId, 'base64url'), hex(V.machine.seed))));
  const seed = hex(V.machine.seed);
  expect(toHex(hkdf(sha256, seed, new Uint8Array(0), enc('latchkey/v1/machine/auth'), 32))).toBe(V.machine.authKey);
  expect(toHex(ed25519.getPublicKey(hkdf(sha256, seed, new Uint8Array(0), enc('latchkey/v1/machine/signing'), 32)))).toBe(V.machine.signingPublic);
  // keyring = nonce || XChaCha20-Poly1305(unlockKey, nonce, canonical({encryption, signing, v}), AAD = "latchkey/v1/keyring" || id)
  const ring = hex(V.keyring.sealed);
  const plain = xchacha20poly1305(hex(V.passphrase.unlockKey), ring.subarray(0, 24), cat(enc('latchkey/v1/keyring'), enc(V.keyring.accountId))).decrypt(ring.subarray(24));
  expect(new TextDecoder().decode(plain)).toBe(
    `{"encryption":"${b64u(hex(V.keys.alice.encryptionPrivate))}","signing":"${b64u(hex(V.keys.alice.signingPrivate))}","v":1}`,
  );
});

test('the v1 passphrase KDF is retired: v1 parameters (no "v": 2) are refused on the wire, and v2 derives other keys from the same inputs', async () => {
  const { derivePassphraseKeys } = await import('../../src/crypto/index.ts');
  const v1 = { alg: 'scrypt', N: V.passphrase.kdf.N, r: 8, p: 1, salt: Buffer.from(hex(V.passphrase.kdf.salt)).toString('base64url') };
  expect(() => parseWire(KdfResponse, { kdf: v1, accountId: V.keyring.accountId })).toThrow(/"kdf.v" must be one of 2/);
  expect(() => parseWire(WireKdfParams, { ...v1, v: 1, proof: null })).toThrow(/"v" must be one of 2/);
  const v2 = await derivePassphraseKeys(V.passphrase.passphrase, new Uint8Array(16), { ...v1, salt: hex(V.passphrase.kdf.salt) } as never, {
    handle: 'alice',
    accountId: V.keyring.accountId,
  });
  expect(toHex(v2.authKey)).not.toBe(V.passphrase.authKey);
  expect(toHex(v2.unlockKey)).not.toBe(V.passphrase.unlockKey);
});
