/** The client's Node-native scrypt path must give exactly crypto's keys, and keep its checks. */
import { expect, test } from 'vitest';
import { derivePassphraseKeys, newKdfParams, newSecretKey } from '../crypto/index.ts';
import { derivePassphrase } from './kdf.ts';

const account = { handle: 'alice', accountId: 'AAAAAAAAAAAAAAAAAAAAAA' };

test('derivePassphrase (node:crypto scrypt) === derivePassphraseKeys (@noble), NFKC included', async () => {
  const params = newKdfParams();
  const sk = newSecretKey();
  const pass = 'Cafe\u0301 passphrase ﬁ'; // decomposed e-acute and a ligature: NFKC changes both
  const [ours, theirs] = await Promise.all([derivePassphrase(pass, sk, params, account), derivePassphraseKeys(pass, sk, params, account)]);
  expect(ours.authKey).toEqual(theirs.authKey);
  expect(ours.unlockKey).toEqual(theirs.unlockKey);
});

test('derivePassphrase refuses parameters below the minimum, empty passphrases and short Secret Keys', async () => {
  const params = newKdfParams();
  await expect(derivePassphrase('x', newSecretKey(), { ...params, N: 2 ** 14 }, account)).rejects.toMatchObject({ code: 'weak-kdf' });
  await expect(derivePassphrase('', newSecretKey(), params, account)).rejects.toMatchObject({ code: 'bad-input' });
  await expect(derivePassphrase('long enough pass', new Uint8Array(8), params, account)).rejects.toMatchObject({ code: 'bad-input' });
});
