/** The client's Node-native scrypt path must give exactly crypto's keys, and keep its checks. */
import { expect, test } from 'vitest';
import { derivePassphraseKeys, newKdfParams } from '../../src/crypto/index.ts';
import { derivePassphrase } from '../../src/client/kdf.ts';

test('derivePassphrase (node:crypto scrypt) === derivePassphraseKeys (@noble), NFKC included', async () => {
  const params = newKdfParams();
  const pass = 'Cafe\u0301 passphrase ﬁ'; // decomposed e-acute and a ligature: NFKC changes both
  const [ours, theirs] = await Promise.all([derivePassphrase(pass, params), derivePassphraseKeys(pass, params)]);
  expect(ours.authKey).toEqual(theirs.authKey);
  expect(ours.unlockKey).toEqual(theirs.unlockKey);
});

test('derivePassphrase refuses parameters below the minimum and empty passphrases', async () => {
  const params = newKdfParams();
  await expect(derivePassphrase('x', { ...params, N: 2 ** 14 })).rejects.toMatchObject({ code: 'weak-kdf' });
  await expect(derivePassphrase('', params)).rejects.toMatchObject({ code: 'bad-input' });
});
