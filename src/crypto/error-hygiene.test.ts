/** Errors from malformed secret-bearing input name the problem but never echo the secret. */
import { expect, test } from 'vitest';
import {
  CryptoError,
  derivePassphraseKeys,
  fromBase64Url,
  generateAccountKeys,
  newAccountId,
  newKdfParams,
  newMachineToken,
  openKeyring,
  openValue,
  parseMachineToken,
  sealKeyring,
  toBase64Url,
} from './index.ts';

async function caught(run: () => unknown): Promise<CryptoError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(CryptoError);
    return error as CryptoError;
  }
  throw new Error('expected a CryptoError');
}

test('a malformed machine token is refused without quoting any of it', async () => {
  const token = newMachineToken(newAccountId());
  const body = token.slice('lk_machine_'.length);
  for (const bad of [`${token.slice(0, -1)}!`, token.slice(0, -2), `lk_other_${body}`, `${token}AAAA`]) {
    const error = await caught(() => parseMachineToken(bad));
    expect(error.code).toBe('bad-encoding');
    expect(error.message).toMatch(/machine token/);
    for (let i = 0; i + 8 <= body.length; i += 8) expect(error.message).not.toContain(body.slice(i, i + 8));
  }
});

test('base64url errors give a position, not the text', async () => {
  const secret = 'c2stbGl2ZS1zZWNyZXQtdmFsdWU$';
  const error = await caught(() => fromBase64Url(secret));
  expect(error.message).toMatch(/position 27/);
  expect(error.message).not.toContain('c2stbGl2');
});

test('keyring, value and passphrase failures do not echo keys, plaintext or passphrases', async () => {
  const keys = await generateAccountKeys();
  const unlockKey = new Uint8Array(32).fill(9);
  const wrongKey = new Uint8Array(32).fill(10);
  const ring = sealKeyring(keys, unlockKey, newAccountId());
  const ringError = await caught(() => openKeyring(ring, wrongKey, newAccountId()));
  expect(ringError.code).toBe('decrypt-failed');
  for (const secret of [wrongKey, unlockKey, keys.signing.privateKey, keys.encryption.privateKey]) {
    expect(ringError.message).not.toContain(toBase64Url(secret).slice(0, 12));
  }
  const valueError = await caught(() => openValue(wrongKey, ring, new Uint8Array(0)));
  expect(valueError.code).toBe('decrypt-failed');
  expect(valueError.message).not.toContain(toBase64Url(wrongKey).slice(0, 12));
  const passphrase = 'correct horse battery staple';
  const kdfError = await caught(() => derivePassphraseKeys(passphrase, new Uint8Array(16), { ...newKdfParams(), N: 1024 }, { handle: 'alice', accountId: 'x' }));
  expect(kdfError.code).toBe('weak-kdf');
  expect(kdfError.message).not.toContain('horse');
});
