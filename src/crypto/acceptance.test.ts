/**
 * Acceptance signatures: bound to secret, owner, grantee, grant hash and
 * time (or owner card hash), verified only under the grantee's key, and
 * domain-separated from grant signatures over the same fields.
 */
import { expect, test } from 'vitest';
import {
  acceptanceHash, createSigner, generateAccountKeys, grantHash, newAccountId, ownerAcceptanceHash, randomBytes, signAcceptance, signGrant,
  signOwnerAcceptance, verifyAcceptance, verifyGrant, verifyOwnerAcceptance,
} from './index.ts';

test('an acceptance verifies under the grantee key only, and any changed field breaks it', async () => {
  const grantee = await generateAccountKeys();
  const other = await generateAccountKeys();
  const signer = await createSigner(grantee.signing.privateKey);
  const grant = { secret: newAccountId(), owner: newAccountId(), grantee: newAccountId(), card: randomBytes(32), access: 'read' as const, time: 1_767_225_600_000 };
  const statement = { secret: grant.secret, owner: grant.owner, grantee: grant.grantee, grant: grantHash(grant), time: 1_767_225_601_000 };
  const signature = await signAcceptance(statement, signer);
  expect(await verifyAcceptance(statement, signature, grantee.signing.publicKey)).toBe(true);
  expect(await verifyAcceptance(statement, signature, other.signing.publicKey)).toBe(false);
  const changed = [
    { ...statement, secret: newAccountId() }, { ...statement, owner: newAccountId() }, { ...statement, grantee: newAccountId() },
    { ...statement, grant: grantHash({ ...grant, access: 'write' }) }, { ...statement, time: statement.time + 1 },
  ];
  for (const c of changed) expect(await verifyAcceptance(c, signature, grantee.signing.publicKey)).toBe(false);
  expect(() => acceptanceHash({ ...statement, grant: randomBytes(31) })).toThrow(/32/);
});

test('acceptance, owner acceptance and grant signatures cannot stand in for each other', async () => {
  const keys = await generateAccountKeys();
  const signer = await createSigner(keys.signing.privateKey);
  const ids = { secret: newAccountId(), owner: newAccountId(), grantee: newAccountId() };
  const grant = { ...ids, card: randomBytes(32), access: 'read' as const, time: 5 };
  const grantSig = await signGrant(grant, signer);
  const acceptance = { ...ids, grant: grantHash(grant), time: 5 };
  expect(await verifyGrant(grant, grantSig, keys.signing.publicKey)).toBe(true);
  expect(await verifyAcceptance(acceptance, grantSig, keys.signing.publicKey)).toBe(false);
  const card = randomBytes(32);
  const standing = { owner: ids.owner, grantee: ids.grantee, card, time: 5 };
  const standingSig = await signOwnerAcceptance(standing, signer);
  expect(await verifyOwnerAcceptance(standing, standingSig, keys.signing.publicKey)).toBe(true);
  expect(await verifyOwnerAcceptance({ ...standing, card: randomBytes(32) }, standingSig, keys.signing.publicKey)).toBe(false);
  expect(await verifyAcceptance({ ...ids, grant: card, time: 5 }, standingSig, keys.signing.publicKey)).toBe(false);
  expect(ownerAcceptanceHash(standing)).not.toEqual(acceptanceHash({ ...ids, grant: card, time: 5 }));
});
