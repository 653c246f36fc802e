/**
 * Frozen group vectors (docs/groups.md, formulas in src/crypto/group.ts):
 * group keys from a seed, the seed wrap context and a wrap to alice, the
 * genesis membership list and a rotation list (epoch 2, new card chained to
 * the old one, signed by alice and by the epoch-1 group key). Part of
 * test/vectors/latchkey-v2.json (key `groups`), built by format-vectors-v2.ts.
 */
import {
  accountKeysFromPrivate, createKeyCard, createSigner, groupKeysFromSeed, groupSeedContext, keyCardHash, membershipListHash, signMembershipList,
  toBase64Url,
} from '../../src/crypto/index.ts';
import type { MembershipList, MembershipListBody } from '../../src/crypto/index.ts';
import { wrapDataKeyWithEphemeral } from '../../src/crypto/wrap.ts';
import { fixed, toHex } from './format-vectors.ts';

/** Builds the `groups` part of the v2 vectors. */
export async function buildGroupVectors(): Promise<Record<string, unknown>> {
  const alice = await accountKeysFromPrivate(fixed('alice signing'), fixed('alice encryption'));
  const aliceId = toBase64Url(fixed('alice id').slice(0, 16));
  const aliceCard = await createKeyCard(alice, { id: aliceId, handle: 'alice', kind: 'person', created: 1_767_225_600_000 });
  const aliceSigner = await createSigner(alice.signing.privateKey);
  const groupId = toBase64Url(fixed('group id').slice(0, 16));
  const seed1 = fixed('group seed epoch 1');
  const seed2 = fixed('group seed epoch 2');
  const keys1 = await groupKeysFromSeed(seed1);
  const keys2 = await groupKeysFromSeed(seed2);
  const card1 = await createKeyCard(keys1, { id: groupId, handle: 'ml-team', kind: 'group', created: 1_767_225_700_000 });
  const card2 = await createKeyCard(keys2, { id: groupId, handle: 'ml-team', kind: 'group', created: 1_767_225_800_000, prev: card1 });
  const members = [{ id: aliceId, role: 'admin' as const, card: toBase64Url(keyCardHash(aliceCard)) }];
  const sign = async (body: MembershipListBody, group: Uint8Array): Promise<MembershipList> => {
    const { signature, groupSignature } = await signMembershipList(body, aliceSigner, await createSigner(group));
    return { body, signature: toBase64Url(signature), groupSignature: toBase64Url(groupSignature!) };
  };
  const genesis = await sign({ v: 1, group: groupId, seq: 1, epoch: 1, card: card1, prev: null, members, admin: aliceId, time: 1_767_225_700_001 }, keys1.signing.privateKey);
  const rotation = await sign({
    v: 1, group: groupId, seq: 2, epoch: 2, card: card2, prev: toBase64Url(membershipListHash(genesis)), members, admin: aliceId, time: 1_767_225_800_001,
  }, keys1.signing.privateKey);
  const context = groupSeedContext({ group: groupId, epoch: 1, member: aliceId });
  return {
    groups: {
      aliceCard,
      seed: toHex(seed1),
      signingPublic: toHex(keys1.signing.publicKey),
      encryptionPublic: toHex(keys1.encryption.publicKey),
      seedContext: toHex(context),
      seedWrapEphemeral: toHex(fixed('group seed wrap ephemeral')),
      seedWrap: toHex(await wrapDataKeyWithEphemeral(seed1, alice.encryption.publicKey, context, fixed('group seed wrap ephemeral'))),
      genesis,
      genesisHash: toHex(membershipListHash(genesis)),
      rotationSigningPublic: toHex(keys2.signing.publicKey),
      rotation,
      rotationHash: toHex(membershipListHash(rotation)),
    },
  };
}
