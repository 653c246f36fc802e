/** The age identity derivation: RFC 5869 HKDF-SHA256 under its own labels, checked against node:crypto. */
import { hkdfSync } from 'node:crypto';
import { expect, test } from 'vitest';
import { deriveAgeIdentityKeys } from './age-identity.ts';
import { CryptoError } from './errors.ts';

test('each age key is HKDF-SHA256(encryption private key, empty salt, its label, 32)', () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i);
  const { x25519, hybrid } = deriveAgeIdentityKeys(key);
  const expected = (info: string): Uint8Array => new Uint8Array(hkdfSync('sha256', key, new Uint8Array(0), info, 32));
  expect(x25519).toEqual(expected('latchkey/v1/age/x25519'));
  expect(hybrid).toEqual(expected('latchkey/v1/age/mlkem768x25519'));
  expect(x25519).not.toEqual(hybrid);
  expect(x25519).not.toEqual(key);
});

test('different accounts get different age keys; a wrong-length key is refused', () => {
  const a = deriveAgeIdentityKeys(new Uint8Array(32).fill(1));
  const b = deriveAgeIdentityKeys(new Uint8Array(32).fill(2));
  expect(a.x25519).not.toEqual(b.x25519);
  expect(() => deriveAgeIdentityKeys(new Uint8Array(31))).toThrow(CryptoError);
});
