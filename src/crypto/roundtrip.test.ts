import { afterAll, describe, expect, test } from 'vitest';
import {
  CryptoError,
  WRAP_LENGTH,
  accountKeysFromPrivate,
  authVerifier,
  createDecrypter,
  createKeyCard,
  createSigner,
  deriveMachineKeys,
  derivePassphraseKeys,
  encodeContext,
  fingerprint,
  fingerprintWords,
  formatFingerprint,
  generateAccountKeys,
  generateDataKey,
  keyCardHash,
  newAccountId,
  newKdfParams,
  newMachineToken,
  openKeyring,
  openValue,
  parseFingerprint,
  parseMachineToken,
  sealKeyring,
  sealValue,
  setCryptoBackend,
  signGrant,
  signVersion,
  unwrapDataKey,
  utf8Encode,
  verifyGrant,
  verifyKeyCard,
  verifySignature,
  verifyVersion,
  versionHash,
  wrapDataKey,
  toBase64Url,
  fromBase64Url,
  combineKeys,
  newSecretKey,
  accountSalt,
  grantHash,
  sha256,
} from './index.ts';
import { useWebCrypto, getCryptoBackend } from './backend.ts';
import { FINGERPRINT_WORDS } from './wordlist.ts';
import type { KdfParams, SecretContext } from './index.ts';

const ctx: SecretContext = { owner: newAccountId(), secret: newAccountId(), name: 'openai', provider: 'openai', version: 1 };

afterAll(() => setCryptoBackend('auto'));

for (const backend of ['webcrypto', 'noble'] as const) {
  describe(`round trips (${backend})`, () => {
    test('key card: create, verify, fingerprint renderings, tamper', async () => {
      setCryptoBackend(backend);
      const keys = await generateAccountKeys();
      const card = await createKeyCard(keys, { id: newAccountId(), handle: 'alice', kind: 'person', created: 1_700_000_000_000 });
      expect(await verifyKeyCard(card)).toBe(true);
      expect(await verifyKeyCard({ ...card, body: { ...card.body, handle: 'mallory' } })).toBe(false);
      expect(await verifyKeyCard({ ...card, body: { ...card.body, extra: 1 } as never })).toBe(false);
      const fp = fingerprint(card);
      expect(fp).toHaveLength(16);
      expect(fingerprint(card.body)).toEqual(fp);
      const text = formatFingerprint(fp);
      expect(text).toMatch(/^([A-Z2-7]{4} ){6}[A-Z2-7]{2}$/);
      expect(parseFingerprint(text)).toEqual(fp);
      expect(parseFingerprint(text.toLowerCase().replace(/ /g, ''))).toEqual(fp);
      expect(parseFingerprint(fingerprintWords(fp).join(' '))).toEqual(fp);
      const next = await createKeyCard(await generateAccountKeys(), { id: card.body.id, handle: 'alice', kind: 'person', prev: card });
      expect(next.body.prev).toBe(toBase64Url(keyCardHash(card)));
      expect(await verifyKeyCard(next)).toBe(true);
      await expect(createKeyCard(keys, { id: 'short', handle: 'alice', kind: 'person' })).rejects.toThrow(CryptoError);
    });

    test('envelope + wrap: seal, wrap, unwrap, open; other context or recipient refused', async () => {
      setCryptoBackend(backend);
      const alice = await generateAccountKeys();
      const bob = await generateAccountKeys();
      const dek = generateDataKey();
      const context = encodeContext(ctx);
      const sealed = sealValue(dek, utf8Encode('sk-123'), context);
      const wrap = await wrapDataKey(dek, alice.encryption.publicKey, context);
      expect(wrap).toHaveLength(WRAP_LENGTH);
      const aliceDec = await createDecrypter(alice.encryption.privateKey);
      const bobDec = await createDecrypter(bob.encryption.privateKey);
      const opened = await unwrapDataKey(wrap, aliceDec, context);
      expect(opened).toEqual(dek);
      expect(new TextDecoder().decode(openValue(opened!, sealed, context))).toBe('sk-123');
      expect(await unwrapDataKey(wrap, bobDec, context)).toBeNull();
      const other = encodeContext({ ...ctx, provider: null });
      expect(await unwrapDataKey(wrap, aliceDec, other)).toBeNull();
      expect(() => openValue(dek, sealed, other)).toThrow(CryptoError);
      await expect(unwrapDataKey(wrap.subarray(1), aliceDec, context)).rejects.toThrow(CryptoError);
      const lowOrder = new Uint8Array(WRAP_LENGTH); // ephemeral key 0 is low-order
      await expect(unwrapDataKey(lowOrder, aliceDec, context)).rejects.toThrow(CryptoError);
    });

    test('version and grant signatures', async () => {
      setCryptoBackend(backend);
      const keys = await generateAccountKeys();
      const signer = await createSigner(keys.signing.privateKey);
      expect(signer.publicKey).toEqual(keys.signing.publicKey);
      const st = { context: encodeContext(ctx), ciphertext: new Uint8Array([1, 2, 3]), prev: null, author: ctx.owner, list: 0, time: 5 };
      const { hash, signature } = await signVersion(st, signer);
      expect(hash).toEqual(versionHash(st));
      expect(await verifyVersion(st, signature, keys.signing.publicKey)).toBe(true);
      expect(await verifyVersion({ ...st, time: 6 }, signature, keys.signing.publicKey)).toBe(false);
      expect(await verifyVersion({ ...st, prev: hash }, signature, keys.signing.publicKey)).toBe(false);
      const g = { secret: ctx.secret, owner: ctx.owner, grantee: newAccountId(), card: sha256(new Uint8Array([1])), access: 'read' as const, time: 7 };
      const gs = await signGrant(g, signer);
      expect(await verifyGrant(g, gs, keys.signing.publicKey)).toBe(true);
      expect(await verifyGrant({ ...g, access: 'write' }, gs, keys.signing.publicKey)).toBe(false);
      // the grant binds the grantee's card: another card hash (a substituted card) breaks it
      expect(await verifyGrant({ ...g, card: sha256(new Uint8Array([2])) }, gs, keys.signing.publicKey)).toBe(false);
      expect(() => grantHash({ ...g, card: new Uint8Array(31) })).toThrow(/32/);
      // a version signature is never a grant signature, and vice versa
      expect(await verifySignature(keys.signing.publicKey, versionHash(st), gs)).toBe(false);
      await expect(verifySignature(keys.signing.publicKey, hash, signature.subarray(1))).rejects.toThrow(CryptoError);
    });

    test('machine token and keyring', async () => {
      setCryptoBackend(backend);
      const id = newAccountId();
      const token = newMachineToken(id);
      expect(token).toMatch(/^lk_machine_[A-Za-z0-9_-]{64}$/);
      const { accountId, seed } = parseMachineToken(token);
      expect(accountId).toBe(id);
      const a = await deriveMachineKeys(seed);
      const b = await deriveMachineKeys(seed);
      expect(a.keys.signing.publicKey).toEqual(b.keys.signing.publicKey);
      expect(a.authKey).toHaveLength(32);
      expect(() => parseMachineToken(token.slice(0, -1))).toThrow(CryptoError);
      expect(() => parseMachineToken('lk_other_' + token.slice(11))).toThrow(CryptoError);
      const { unlockKey } = combineKeys(new Uint8Array(32).fill(9), new Uint8Array(16).fill(3), id);
      const ring = sealKeyring(a.keys, unlockKey, id);
      const back = await openKeyring(ring, unlockKey, id);
      expect(back).toEqual(a.keys);
      await expect(openKeyring(ring, unlockKey, newAccountId())).rejects.toThrow(CryptoError);
      expect(await accountKeysFromPrivate(a.keys.signing.privateKey, a.keys.encryption.privateKey)).toEqual(a.keys);
    });
  });
}

test('passphrase KDF: minimum enforced, deterministic, NFKC', async () => {
  const params = newKdfParams();
  expect(params).toMatchObject({ alg: 'scrypt', N: 131072, r: 8, p: 1 });
  expect(params.salt).toHaveLength(16);
  const weak: KdfParams = { ...params, N: 1 << 16 };
  const sk = newSecretKey();
  const who = { handle: 'alice', accountId: 'AAAAAAAAAAAAAAAAAAAAAA' };
  await expect(derivePassphraseKeys('pw', sk, weak, who)).rejects.toMatchObject({ code: 'weak-kdf' });
  await expect(derivePassphraseKeys('pw', sk, { ...params, N: 1 << 21 }, who)).rejects.toMatchObject({ code: 'weak-kdf' });
  await expect(derivePassphraseKeys('pw', sk, { ...params, salt: new Uint8Array(8) }, who)).rejects.toMatchObject({ code: 'weak-kdf' });
  // "Å" as one code point vs A + combining ring: NFKC makes them the same key.
  const a = await derivePassphraseKeys('p\u00c5ss', sk, params, who);
  const b = await derivePassphraseKeys('pA\u030ass', sk, params, who);
  expect(a.authKey).toEqual(b.authKey);
  expect(a.unlockKey).not.toEqual(a.authKey);
  expect(authVerifier(a.authKey)).toHaveLength(32);
  // Neither secret alone: another Secret Key, another account id or another handle gives other keys.
  const otherKey = await derivePassphraseKeys('p\u00c5ss', newSecretKey(), params, who);
  const otherId = await derivePassphraseKeys('p\u00c5ss', sk, params, { ...who, accountId: 'BAAAAAAAAAAAAAAAAAAAAA' });
  for (const other of [otherKey, otherId]) {
    expect(other.authKey).not.toEqual(a.authKey);
    expect(other.unlockKey).not.toEqual(a.unlockKey);
  }
  // The scrypt salt is bound to the handle: one server salt never serves two accounts.
  expect(accountSalt('alice', params.salt)).not.toEqual(accountSalt('bob', params.salt));
  expect(accountSalt('alice', params.salt)).toHaveLength(32);
});

test('auto selects WebCrypto on Node 20 (probed with known answers); an unknown backend name is refused', async () => {
  setCryptoBackend('auto');
  expect(getCryptoBackend()).toBe('auto');
  expect(await useWebCrypto()).toBe(true);
  setCryptoBackend('noble');
  expect(await useWebCrypto()).toBe(false);
  setCryptoBackend('auto');
  expect(() => setCryptoBackend('fast' as never)).toThrow(CryptoError);
});

test('the fingerprint word list has 256 distinct short lowercase words', () => {
  expect(FINGERPRINT_WORDS).toHaveLength(256);
  expect(new Set(FINGERPRINT_WORDS).size).toBe(256);
  for (const w of FINGERPRINT_WORDS) expect(w).toMatch(/^[a-z]{3,5}$/);
});

test('base64url is strict', () => {
  expect(toBase64Url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  expect(fromBase64Url('-_8')).toEqual(new Uint8Array([0xfb, 0xff]));
  expect(() => fromBase64Url('-_8=')).toThrow(CryptoError);
  expect(() => fromBase64Url('-_9')).toThrow(CryptoError); // non-zero trailing bits
  expect(() => fromBase64Url('+/8')).toThrow(CryptoError);
  expect(() => fromBase64Url('-_8', 3)).toThrow(CryptoError);
});
