/**
 * Google Wycheproof vectors (vendored in test/vectors/wycheproof) through OUR
 * wrappers, for every backend that implements the primitive. valid: must be accepted with the exact output;
 * invalid: must be refused (false, null or a CryptoError).
 * acceptable: X25519 is the only file with such cases; policy asserted below:
 * an all-zero shared secret (low-order public key) is refused, while twist and
 * non-canonical public values are computed exactly as RFC 7748 §5 requires
 * (those are legal X25519 inputs that every interoperable peer must accept).
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { CryptoError, constantTimeEqual, openValue, setCryptoBackend, verifySignature } from '../../src/crypto/index.ts';
import { chachaOpen, chachaSeal, hkdfSha256, hkdf32WithSalt, hmacSha256, xchachaOpen } from '../../src/crypto/aead.ts';
import { x25519Derive } from '../../src/crypto/backend.ts';
import { sealValueWithNonce } from '../../src/crypto/envelope.ts';
import { hex, loadGroups, wycheproofDir } from './wycheproof-helpers.ts';
import type { WycheTest } from './wycheproof-helpers.ts';

const s = (t: WycheTest, k: string): Uint8Array => hex(t[k] as string);

async function refusal(run: () => Promise<unknown> | unknown): Promise<unknown> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof CryptoError)) throw e;
    return 'threw';
  }
}

afterAll(() => setCryptoBackend('auto'));

const USED = ['chacha20_poly1305', 'xchacha20_poly1305', 'hkdf_sha256', 'hmac_sha256', 'x25519', 'ed25519'];

test('the vendored folder holds exactly the files this suite reads, each with the SHA-256 its README records', () => {
  const files = USED.map((name) => `${name}_test.json`);
  expect(readdirSync(wycheproofDir).sort()).toEqual([...files, 'LICENSE', 'README.md'].sort());
  const readme = readFileSync(join(wycheproofDir, 'README.md'), 'utf8');
  expect(readme).toMatch(/commit[\s\S]*\b[0-9a-f]{40}\b/);
  for (const file of files) {
    const recorded = new RegExp(`^\\| \`${file}\` \\|.*\\| \`([0-9a-f]{64})\` \\|$`, 'm').exec(readme)?.[1];
    const actual = createHash('sha256').update(readFileSync(join(wycheproofDir, file))).digest('hex');
    expect(actual, `${file}: SHA-256 differs from test/vectors/wycheproof/README.md`).toBe(recorded);
  }
});

test('ChaCha20-Poly1305 (chachaSeal / chachaOpen)', () => {
  let n = 0;
  for (const g of loadGroups('chacha20_poly1305')) {
    for (const t of g.tests) {
      const [key, iv, aad, msg] = [s(t, 'key'), s(t, 'iv'), s(t, 'aad'), s(t, 'msg')];
      const sealed = new Uint8Array([...s(t, 'ct'), ...s(t, 'tag')]);
      if (t.result === 'valid') {
        expect(chachaSeal(key, iv, msg, aad), `tc ${t.tcId}`).toEqual(sealed);
        expect(chachaOpen(key, iv, sealed, aad), `tc ${t.tcId}`).toEqual(msg);
      } else {
        let out: unknown;
        try {
          out = chachaOpen(key, iv, sealed, aad);
        } catch (e) {
          expect(e).toBeInstanceOf(CryptoError);
          out = null;
        }
        expect(out, `tc ${t.tcId} must be refused`).toBeNull();
      }
      n++;
    }
  }
  expect(n).toBe(325);
});

test('XChaCha20-Poly1305 (sealValue / openValue envelope format)', () => {
  let n = 0;
  for (const g of loadGroups('xchacha20_poly1305')) {
    for (const t of g.tests) {
      const [key, iv, aad, msg] = [s(t, 'key'), s(t, 'iv'), s(t, 'aad'), s(t, 'msg')];
      const ctTag = new Uint8Array([...s(t, 'ct'), ...s(t, 'tag')]);
      if (t.result === 'valid') {
        const envelope = new Uint8Array([...iv, ...ctTag]);
        expect(sealValueWithNonce(key, iv, msg, aad), `tc ${t.tcId}`).toEqual(envelope);
        expect(openValue(key, envelope, aad), `tc ${t.tcId}`).toEqual(msg);
      } else if (iv.length === 24) {
        expect(() => openValue(key, new Uint8Array([...iv, ...ctTag]), aad), `tc ${t.tcId}`).toThrow(CryptoError);
      } else {
        expect(() => xchachaOpen(key, iv, ctTag, aad), `tc ${t.tcId}`).toThrow(CryptoError);
      }
      n++;
    }
  }
  expect(n).toBe(315);
});

test('HKDF-SHA256 (hkdfSha256, and hkdf32WithSalt for 32-byte outputs)', () => {
  let n = 0;
  for (const g of loadGroups('hkdf_sha256')) {
    for (const t of g.tests) {
      const run = (): Uint8Array => hkdfSha256(s(t, 'ikm'), s(t, 'salt'), s(t, 'info'), t.size as number);
      if (t.result === 'valid') {
        expect(run(), `tc ${t.tcId}`).toEqual(s(t, 'okm'));
        if (t.size === 32) expect(hkdf32WithSalt(s(t, 'salt'))(s(t, 'ikm'), s(t, 'info')), `tc ${t.tcId} split`).toEqual(s(t, 'okm'));
      }
      else expect(run, `tc ${t.tcId}`).toThrow(CryptoError);
      n++;
    }
  }
  expect(n).toBe(86);
});

test('HMAC-SHA256 (hmacSha256, tags truncated to the group tag size)', () => {
  let n = 0;
  for (const g of loadGroups('hmac_sha256')) {
    for (const t of g.tests) {
      const tag = hmacSha256(s(t, 'key'), s(t, 'msg')).subarray(0, (g.tagSize as number) / 8);
      expect(constantTimeEqual(tag, s(t, 'tag')), `tc ${t.tcId}`).toBe(t.result === 'valid');
      n++;
    }
  }
  expect(n).toBe(174);
});

for (const backend of ['webcrypto', 'noble'] as const) {
  describe(`backend ${backend}`, () => {
    test('X25519 (x25519Derive, as used by wrap/unwrap)', async () => {
      setCryptoBackend(backend);
      const counts = { valid: 0, refusedZero: 0, acceptableComputed: 0 };
      for (const g of loadGroups('x25519')) {
        for (const t of g.tests) {
          const expected = s(t, 'shared');
          const zero = expected.every((b) => b === 0);
          const out = await refusal(() => x25519Derive(s(t, 'private'), s(t, 'public')));
          if (t.result === 'valid') {
            expect(out, `tc ${t.tcId}`).toEqual(expected);
            counts.valid++;
          } else if (zero) {
            expect(out, `tc ${t.tcId} (all-zero shared) must be refused`).toBe('threw');
            counts.refusedZero++;
          } else {
            expect(t.result).toBe('acceptable');
            expect(out, `tc ${t.tcId}`).toEqual(expected);
            counts.acceptableComputed++;
          }
        }
      }
      expect(counts).toEqual({ valid: 264, refusedZero: 31, acceptableComputed: 223 });
    });

    test('Ed25519 strict verification (verifySignature)', async () => {
      setCryptoBackend(backend);
      let n = 0;
      for (const g of loadGroups('ed25519')) {
        const pk = hex((g.publicKey as { pk: string }).pk);
        for (const t of g.tests) {
          const out = await refusal(() => verifySignature(pk, s(t, 'msg'), s(t, 'sig')));
          if (t.result === 'valid') expect(out, `tc ${t.tcId}`).toBe(true);
          else expect([false, 'threw'], `tc ${t.tcId} must be refused`).toContain(out);
          n++;
        }
      }
      expect(n).toBe(151);
    });
  });
}
