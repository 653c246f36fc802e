import { describe, expect, test } from 'vitest';
import {
  CreateSecretRequest, KeyCard, LoginRequest, ProtocolError, SECRET_NAME_PATTERN, SignupRequest, WireKdfParams,
  parseWire,
} from './index.ts';

const b64 = (bytes: number, fill = 'A') => fill.repeat(Math.ceil((bytes * 4) / 3));

const card = {
  body: {
    v: 1, id: b64(16), handle: 'alice', kind: 'person', signingKey: b64(32), encryptionKey: b64(32),
    created: 1_700_000_000_000, prev: null,
  },
  signature: b64(64),
};

const version = {
  v: 2, secret: b64(16), version: 1, ciphertext: b64(40), author: b64(16), time: 1, prev: null,
  signature: b64(64), list: 0, authorGrant: null,
};

describe('parseWire', () => {
  test('accepts a well-formed key card and returns it', () => {
    expect(parseWire(KeyCard, card)).toEqual(card);
  });

  test('names the first bad field of a nested structure', () => {
    const bad = { ...card, body: { ...card.body, signingKey: b64(31) } };
    const error = (() => { try { parseWire(KeyCard, bad, 'key card'); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).field).toBe('body.signingKey');
    expect((error as ProtocolError).message).toMatch(/^key card: field "body\.signingKey"/);
  });

  test('refuses -0, which has no canonical encoding, naming the field', () => {
    const bad = { ...card, body: { ...card.body, created: -0 } };
    expect(() => parseWire(KeyCard, bad, 'key card')).toThrow(/"body\.created" must not be -0/);
  });
  test('refuses unknown fields in signed structures', () => {
    expect(() => parseWire(KeyCard, { ...card, extra: 1 })).toThrow(/unknown field\(s\): extra/);
  });

  test('refuses base64url with padding or foreign characters', () => {
    expect(() => parseWire(KeyCard, { ...card, signature: `${b64(64).slice(0, -1)}=` })).toThrow(ProtocolError);
    expect(() => parseWire(KeyCard, { ...card, signature: `${b64(64).slice(0, -1)}+` })).toThrow(ProtocolError);
  });

  test('enforces the scrypt floor and ceiling', () => {
    const kdf = { v: 2, alg: 'scrypt', N: 2 ** 17, r: 8, p: 1, salt: b64(16), proof: null };
    expect(parseWire(WireKdfParams, kdf)).toEqual(kdf);
    expect(() => parseWire(WireKdfParams, { ...kdf, N: 2 ** 16 })).toThrow(/"N" must be at least/);
    const { v: _v1, ...retired } = kdf;
    expect(() => parseWire(WireKdfParams, retired)).toThrow(/"v"/);
    expect(() => parseWire(WireKdfParams, { ...kdf, N: 2 ** 17 + 2 })).toThrow(/"N"/);
    expect(() => parseWire(WireKdfParams, { ...kdf, N: 2 ** 21 })).toThrow(/"N" must be at most/);
  });

  test('signup needs every part', () => {
    const signup = { card, kdf: { v: 2, alg: 'scrypt', N: 2 ** 17, r: 8, p: 1, salt: b64(16), proof: null }, keyring: b64(100), authHash: b64(32) };
    expect(parseWire(SignupRequest, signup)).toEqual(signup);
    const { authHash: _drop, ...missing } = signup;
    expect(() => parseWire(SignupRequest, missing)).toThrow(/"authHash"/);
  });

  test('login is by handle or by account id, not both', () => {
    expect(parseWire(LoginRequest, { handle: 'bob', authKey: b64(32) })).toEqual({ handle: 'bob', authKey: b64(32) });
    expect(parseWire(LoginRequest, { accountId: b64(16), authKey: b64(32) })).toEqual({ accountId: b64(16), authKey: b64(32) });
    expect(() => parseWire(LoginRequest, { handle: 'bob', accountId: b64(16), authKey: b64(32) })).toThrow(ProtocolError);
  });

  test('a secret needs at least one wrap and a valid name', () => {
    const create = { id: b64(16), name: 'openai', provider: 'openai', version, wraps: [{ recipient: b64(16), wrap: b64(80) }] };
    expect(parseWire(CreateSecretRequest, create)).toEqual(create);
    expect(() => parseWire(CreateSecretRequest, { ...create, wraps: [] })).toThrow(/"wraps" is too short/);
    expect(() => parseWire(CreateSecretRequest, { ...create, name: '../etc' })).toThrow(/"name"/);
    // Format v2: a v1 version record (no "v": 2, no access-list counter) is refused.
    const { v: _v, list: _list, ...v1 } = version;
    expect(() => parseWire(CreateSecretRequest, { ...create, version: v1 })).toThrow(/"version\.v"/);
  });
});

describe('secret names', () => {
  test.each(['openai', 'team/aws', 'a.b-c_d', 'x'.repeat(200)])('accepts %s', (name) => {
    expect(SECRET_NAME_PATTERN.test(name)).toBe(true);
  });
  test.each(['', '/abs', 'trailing/', 'a//b', '..', 'a/../b', 'a/./b', '.', 'sp ace', 'x'.repeat(201), 'ü'])(
    'refuses %j', (name) => {
      expect(SECRET_NAME_PATTERN.test(name)).toBe(false);
    });
});
