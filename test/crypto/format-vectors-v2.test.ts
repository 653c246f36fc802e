/** The frozen latchkey/v2 vectors (Secret Key, two-secret KDF): reproduced byte for byte and recomputed from the formulas with @noble. */
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { formatSecretKey, openKeyring, parseMachineToken, parseSecretKey, verifyAccessList, verifyGrant, verifyPinList, verifySignature, verifyVersion } from '../../src/crypto/index.ts';
import { buildVectorsV2 } from './format-vectors-v2.ts';
import { toHex } from './format-vectors.ts';
import { hex } from './wycheproof-helpers.ts';

const fileText = readFileSync(new URL('../vectors/latchkey-v2.json', import.meta.url), 'utf8');
const V = JSON.parse(fileText) as any;

test('the code reproduces test/vectors/latchkey-v2.json byte for byte', async () => {
  expect(JSON.stringify(await buildVectorsV2(), null, 2) + '\n').toBe(fileText);
});

test('the frozen Secret Key text parses back, tolerating case, spaces and look-alikes, and a typo is caught', () => {
  const text = V.secretKey.text as string;
  expect(text).toMatch(/^LK(-[0-9A-HJKMNP-TV-Z]{5}){6}$/);
  expect(toHex(parseSecretKey(text))).toBe(V.secretKey.bytes);
  expect(toHex(parseSecretKey(text.toLowerCase().replace(/-/g, ' ')))).toBe(V.secretKey.bytes);
  expect(toHex(parseSecretKey(text.slice(3).replace(/0/g, 'O')))).toBe(V.secretKey.bytes);
  expect(formatSecretKey(hex(V.secretKey.bytes))).toBe(text);
  const at = 10;
  const typo = text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
  expect(() => parseSecretKey(typo)).toThrow(/mistyped/);
  expect(() => parseSecretKey(text.slice(0, -1))).toThrow(/30 characters/);
  expect(() => parseSecretKey(text.replace(/-[^-]+$/, '-UUUUU'))).toThrow(/^character 26 after "LK-" is not a Secret Key character/);
});

test('the frozen bytes match the documented formulas, recomputed with @noble directly', async () => {
  const { scryptAsync } = await import('@noble/hashes/scrypt.js');
  const { hkdf } = await import('@noble/hashes/hkdf.js');
  const { sha256 } = await import('@noble/hashes/sha2.js');
  const { ed25519 } = await import('@noble/curves/ed25519.js');
  const { xchacha20poly1305 } = await import('@noble/ciphers/chacha.js');
  const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
  const cat = (...p: Uint8Array[]): Uint8Array => Uint8Array.from(p.flatMap((x) => [...x]));
  const K = V.kdf;

  // salt' = SHA-256("latchkey/v2/kdf-salt\0" || handle || "\0" || salt)
  const saltPrime = sha256(cat(enc('latchkey/v2/kdf-salt\0'), enc(K.handle), new Uint8Array(1), hex(K.params.salt)));
  expect(toHex(saltPrime)).toBe(K.accountSalt);
  // P = scrypt(NFKC(passphrase), salt', N, r, p, 32)   (RFC 7914)
  const p = await scryptAsync(enc(K.passphrase.normalize('NFKC')), saltPrime, { N: K.params.N, r: K.params.r, p: K.params.p, dkLen: 32, maxmem: 2 ** 28 });
  expect(toHex(p)).toBe(K.scrypt);
  // S = HKDF-SHA256(IKM = secretKey, salt = accountId, info = "latchkey/v2/secret-key", 32)   (RFC 5869)
  const s = hkdf(sha256, hex(V.secretKey.bytes), enc(K.accountId), enc('latchkey/v2/secret-key'), 32);
  expect(toHex(s)).toBe(K.secretKeyMask);
  // root = P XOR S; authKey / unlockKey = HKDF(root, "", "latchkey/v2/auth" | "latchkey/v2/unlock", 32)
  const root = p.map((b, i) => b ^ s[i]!);
  expect(toHex(hkdf(sha256, root, new Uint8Array(0), enc('latchkey/v2/auth'), 32))).toBe(K.authKey);
  expect(toHex(hkdf(sha256, root, new Uint8Array(0), enc('latchkey/v2/unlock'), 32))).toBe(K.unlockKey);
  expect(toHex(sha256(hex(K.authKey)))).toBe(K.authVerifier);
  // Neither secret alone: the passphrase part without S, or S without the passphrase part, is not the login key.
  expect(toHex(hkdf(sha256, p, new Uint8Array(0), enc('latchkey/v2/auth'), 32))).not.toBe(K.authKey);
  expect(toHex(hkdf(sha256, s, new Uint8Array(0), enc('latchkey/v2/auth'), 32))).not.toBe(K.authKey);

  // kdf change = Ed25519("latchkey/v2/kdf-change\0" || canonical({N, account, alg, handle, p, r, salt, v: 2}))
  const C = V.kdfChange;
  const salt64 = Buffer.from(hex(K.params.salt)).toString('base64url');
  expect(new TextDecoder().decode(hex(C.bytes))).toBe(
    `latchkey/v2/kdf-change\0{"N":${K.params.N},"account":"${K.accountId}","alg":"scrypt","handle":"${K.handle}","p":1,"r":8,"salt":"${salt64}","v":2}`,
  );
  expect(ed25519.verify(hex(C.signature), hex(C.bytes), hex(C.signingPublic), { zip215: false })).toBe(true);
  expect(await verifySignature(hex(C.signingPublic), hex(C.bytes), hex(C.signature))).toBe(true);

  // keyring = nonce || XChaCha20-Poly1305(unlockKey, nonce, canonical({encryption, signing, v: 1}), AAD = "latchkey/v1/keyring" || id)
  const ring = hex(V.keyring.sealed);
  const plain = xchacha20poly1305(hex(K.unlockKey), ring.subarray(0, 24), cat(enc('latchkey/v1/keyring'), enc(V.keyring.accountId))).decrypt(ring.subarray(24));
  expect(new TextDecoder().decode(plain)).toMatch(/^\{"encryption":"[A-Za-z0-9_-]{43}","signing":"[A-Za-z0-9_-]{43}","v":1\}$/);
  const keys = await openKeyring(ring, hex(K.unlockKey), V.keyring.accountId);
  expect(toHex(keys.signing.publicKey)).toBe(C.signingPublic);
});

test('the v2 grant binds the grantee card hash: formula recomputed with @noble, and another card breaks it', async () => {
  const { sha256 } = await import('@noble/hashes/sha2.js');
  const { ed25519 } = await import('@noble/curves/ed25519.js');
  const S = V.statements;
  const g = S.grant.statement;
  // card hash = SHA-256(canonical({body, signature})) of the grantee's card
  const card = S.bobCard;
  const canonicalCard = `{"body":{"created":${card.body.created},"encryptionKey":"${card.body.encryptionKey}","handle":"bob","id":"${card.body.id}",` +
    `"kind":"person","prev":null,"signingKey":"${card.body.signingKey}","v":1},"signature":"${card.signature}"}`;
  expect(Buffer.from(sha256(new TextEncoder().encode(canonicalCard))).toString('base64url')).toBe(g.card);
  // grant hash = SHA-256("latchkey/v2/grant\0" || canonical({access, card, grantee, owner, secret, time, v: 2}))
  const text = `latchkey/v2/grant\0{"access":"write","card":"${g.card}","grantee":"${g.grantee}","owner":"${g.owner}","secret":"${g.secret}","time":${g.time},"v":2}`;
  expect(toHex(sha256(new TextEncoder().encode(text)))).toBe(S.grant.hash);
  expect(ed25519.verify(hex(S.grant.signature), hex(S.grant.hash), hex(S.signingPublic), { zip215: false })).toBe(true);
  const statement = { ...g, card: Buffer.from(g.card, 'base64url') };
  expect(await verifyGrant(statement, hex(S.grant.signature), hex(S.signingPublic))).toBe(true);
  expect(await verifyGrant({ ...statement, card: sha256(new Uint8Array(1)) }, hex(S.grant.signature), hex(S.signingPublic))).toBe(false);
});

test('the v2 access list and version statements: formulas recomputed with @noble', async () => {
  const { sha256 } = await import('@noble/hashes/sha2.js');
  const { ed25519 } = await import('@noble/curves/ed25519.js');
  const S = V.statements;
  const enc = (t: string) => new TextEncoder().encode(t);
  const b64 = (h: string) => Buffer.from(hex(h)).toString('base64url');
  // access list = SHA-256("latchkey/v2/access-list\0" || canonical({counter, grantees: [{access, card, id}] by id, owner, revoked, secret, time, v: 2}))
  const L = S.accessList.statement;
  const g = L.grantees[0];
  const listText = `latchkey/v2/access-list\0{"counter":${L.counter},"grantees":[{"access":"${g.access}","card":"${g.card}","id":"${g.id}"}],` +
    `"owner":"${L.owner}","revoked":${L.revoked},"secret":"${L.secret}","time":${L.time},"v":2}`;
  expect(toHex(sha256(enc(listText)))).toBe(S.accessList.hash);
  expect(ed25519.verify(hex(S.accessList.signature), hex(S.accessList.hash), hex(S.signingPublic), { zip215: false })).toBe(true);
  const statement = { ...L, grantees: [{ ...g, card: Buffer.from(g.card, 'base64url') }] };
  expect(await verifyAccessList(statement, hex(S.accessList.signature), hex(S.signingPublic))).toBe(true);
  expect(await verifyAccessList({ ...statement, grantees: [] }, hex(S.accessList.signature), hex(S.signingPublic))).toBe(false);
  expect(await verifyAccessList({ ...statement, counter: L.counter - 1 }, hex(S.accessList.signature), hex(S.signingPublic))).toBe(false);
  // version = SHA-256("latchkey/v2/version\0" || canonical({author, ciphertext: b64u(SHA-256(ct)), context: b64u(SHA-256(ctx)), list, prev, time, v: 2}))
  const W = S.version.statement;
  const versionText = `latchkey/v2/version\0{"author":"${W.author}","ciphertext":"${Buffer.from(sha256(hex(W.ciphertextHex))).toString('base64url')}",` +
    `"context":"${Buffer.from(sha256(hex(W.contextHex))).toString('base64url')}","list":${W.list},"prev":"${b64(W.prev)}","time":${W.time},"v":2}`;
  expect(toHex(sha256(enc(versionText)))).toBe(S.version.hash);
  expect(ed25519.verify(hex(S.version.signature), hex(S.version.hash), hex(S.signingPublic), { zip215: false })).toBe(true);
  const v = { context: hex(W.contextHex), ciphertext: hex(W.ciphertextHex), prev: hex(W.prev), author: W.author, list: W.list, time: W.time };
  expect(await verifyVersion(v, hex(S.version.signature), hex(S.signingPublic))).toBe(true);
  expect(await verifyVersion({ ...v, list: W.list - 1 }, hex(S.version.signature), hex(S.signingPublic))).toBe(false);
});

test('the v2 pin list: formula recomputed with @noble', async () => {
  const { sha256 } = await import('@noble/hashes/sha2.js');
  const { ed25519 } = await import('@noble/curves/ed25519.js');
  const S = V.statements;
  const P = S.pinList.statement;
  const p = P.pins[0];
  // pin list = SHA-256("latchkey/v2/pins\0" || canonical({counter, owner, pins: [{card, id}] by id, time, v: 2}))
  const text = `latchkey/v2/pins\0{"counter":${P.counter},"owner":"${P.owner}","pins":[{"card":"${p.card}","id":"${p.id}"}],"time":${P.time},"v":2}`;
  expect(toHex(sha256(new TextEncoder().encode(text)))).toBe(S.pinList.hash);
  expect(ed25519.verify(hex(S.pinList.signature), hex(S.pinList.hash), hex(S.signingPublic), { zip215: false })).toBe(true);
  const statement = { ...P, pins: [{ ...p, card: Buffer.from(p.card, 'base64url') }] };
  expect(await verifyPinList(statement, hex(S.pinList.signature), hex(S.signingPublic))).toBe(true);
  expect(await verifyPinList({ ...statement, pins: [] }, hex(S.pinList.signature), hex(S.signingPublic))).toBe(false);
  expect(await verifyPinList({ ...statement, counter: P.counter - 1 }, hex(S.pinList.signature), hex(S.signingPublic))).toBe(false);
});

test('the v2 machine token names its creator: "lk_machine_" + b64u(id || seed || creatorId || creator card hash); the v1 form still parses', () => {
  const M = V.statements.machineToken;
  const raw = Buffer.from(M.token.slice('lk_machine_'.length), 'base64url');
  expect(raw.length).toBe(96);
  expect(raw.subarray(0, 16).toString('base64url')).toBe(M.accountId);
  expect(toHex(raw.subarray(16, 48))).toBe(M.seed);
  expect(raw.subarray(48, 64).toString('base64url')).toBe(M.creator.id);
  expect(toHex(raw.subarray(64))).toBe(M.creator.cardHash);
  const parsed = parseMachineToken(M.token);
  expect(parsed.accountId).toBe(M.accountId);
  expect(toHex(parsed.seed)).toBe(M.seed);
  expect(parsed.creator && { id: parsed.creator.id, cardHash: toHex(parsed.creator.cardHash) }).toEqual(M.creator);
  const v1 = parseMachineToken('lk_machine_' + raw.subarray(0, 48).toString('base64url'));
  expect(v1.creator).toBeNull();
  expect(() => parseMachineToken('lk_machine_' + raw.subarray(0, 80).toString('base64url'))).toThrow(/128 \(or 64\)/);
});
