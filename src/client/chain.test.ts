/** The header hash used for chain checks must equal crypto's versionHash. */
import { expect, test } from 'vitest';
import { encodeContext, randomBytes, sha256, versionHash } from '../crypto/index.ts';
import { headerHash } from './chain.ts';

test('headerHash(ciphertextHash) === versionHash(ciphertext) for first and later versions', () => {
  const context = encodeContext({ owner: 'o', secret: 's', name: 'n/x', provider: null, version: 2 });
  for (const prev of [null, randomBytes(32)]) {
    const ciphertext = randomBytes(100);
    const statement = { context, ciphertext, prev, author: 'a', list: 3, time: 1_700_000_000_123 };
    expect(headerHash(context, { ciphertextHash: sha256(ciphertext), prev, author: 'a', list: 3, time: statement.time })).toEqual(versionHash(statement));
    expect(headerHash(context, { ciphertextHash: sha256(randomBytes(100)), prev, author: 'a', list: 3, time: statement.time })).not.toEqual(
      versionHash(statement),
    );
    // The access-list counter is signed: another counter is another version.
    expect(headerHash(context, { ciphertextHash: sha256(ciphertext), prev, author: 'a', list: 2, time: statement.time })).not.toEqual(
      versionHash(statement),
    );
  }
});
