/**
 * Builds the frozen latchkey/v2 vectors (Secret Key, two-secret key
 * derivation, handle-bound salt, signed KDF change, keyring under the v2
 * unlock key) from fixed inputs. scripts/gen-vectors.ts writes them to
 * test/vectors/latchkey-v2.json; format-vectors-v2.test.ts checks the code
 * reproduces that file byte for byte and recomputes it from the formulas.
 */
import {
  accessListHash, accountKeysFromPrivate, pinListHash, signPinList, accountSalt, authVerifier, createKeyCard, encodeContext, signAccessList, signVersion, createSigner, derivePassphraseKeys, formatSecretKey, grantHash, kdfChangeBytes,
  keyCardHash, secretKeyMask, passphraseBytes, signGrant, toBase64Url,
} from '../../src/crypto/index.ts';
import { sealKeyringWithNonce } from '../../src/crypto/keyring.ts';
import { machineTokenFromSeed } from '../../src/crypto/machine.ts';
import { scryptRaw } from '../../src/crypto/kdf.ts';
import { fixed, toHex } from './format-vectors.ts';
import { buildGroupVectors } from './format-vectors-groups.ts';
import { buildCardChainVectors } from './format-vectors-card-chain.ts';

/** Passphrase of the v2 vector (NFKC changes the decomposed Å). */
export const PASSPHRASE_V2 = 'correct horse battery staple A\u030a';
const HANDLE = 'alice';

let once: Promise<Record<string, unknown>> | null = null;

/** Builds every v2 vector (one scrypt per process). */
export function buildVectorsV2(): Promise<Record<string, unknown>> {
  once ??= build();
  return once;
}

async function build(): Promise<Record<string, unknown>> {
  const alice = await accountKeysFromPrivate(fixed('alice signing'), fixed('alice encryption'));
  const accountId = toBase64Url(fixed('alice id').slice(0, 16));
  const secretKey = fixed('secret key').slice(0, 16);
  const salt = fixed('kdf salt v2').slice(0, 16);
  const params = { alg: 'scrypt' as const, N: 131072, r: 8, p: 1, salt };
  const who = { handle: HANDLE, accountId };
  const saltPrime = accountSalt(HANDLE, salt);
  const p = await scryptRaw(passphraseBytes(PASSPHRASE_V2), saltPrime, params.N, params.r, params.p, 32);
  const mask = secretKeyMask(secretKey, accountId);
  const keys = await derivePassphraseKeys(PASSPHRASE_V2, secretKey, params, who);
  const keyringNonce = fixed('keyring nonce v2').slice(0, 24);
  const change = kdfChangeBytes(params, who);
  const signer = await createSigner(alice.signing.privateKey);
  const signature = await signer.sign(change);
  const statements = await buildStatements(signer);
  return {
    description:
      'Frozen latchkey/v2 formats: Secret Key and two-secret key derivation (docs/secret-key.md). Bytes are lowercase hex ' +
      'unless a field says otherwise. Regenerate only for a format change: npx tsx scripts/gen-vectors.ts',
    secretKey: { bytes: toHex(secretKey), text: formatSecretKey(secretKey) },
    kdf: {
      passphrase: PASSPHRASE_V2,
      handle: HANDLE,
      accountId,
      params: { alg: 'scrypt', N: params.N, r: params.r, p: params.p, salt: toHex(salt) },
      accountSalt: toHex(saltPrime),
      scrypt: toHex(p),
      secretKeyMask: toHex(mask),
      authKey: toHex(keys.authKey),
      unlockKey: toHex(keys.unlockKey),
      authVerifier: toHex(authVerifier(keys.authKey)),
    },
    kdfChange: { bytes: toHex(change), signingPublic: toHex(alice.signing.publicKey), signature: toHex(signature) },
    keyring: { accountId, nonce: toHex(keyringNonce), sealed: toHex(sealKeyringWithNonce(alice, keys.unlockKey, accountId, keyringNonce)) },
    ...statements,
    ...(await buildGroupVectors()),
    ...(await buildCardChainVectors()),
  };
}

/** The v2 signed statements (grant binding the grantee's card, ...), signed by alice. */
async function buildStatements(signer: Awaited<ReturnType<typeof createSigner>>): Promise<Record<string, unknown>> {
  const bob = await accountKeysFromPrivate(fixed('bob signing'), fixed('bob encryption'));
  const aliceId = toBase64Url(fixed('alice id').slice(0, 16));
  const bobId = toBase64Url(fixed('bob id').slice(0, 16));
  const secretId = toBase64Url(fixed('secret id').slice(0, 16));
  const bobCard = await createKeyCard(bob, { id: bobId, handle: 'bob', kind: 'person', created: 1_767_225_600_000 });
  const grant = { secret: secretId, owner: aliceId, grantee: bobId, card: keyCardHash(bobCard), access: 'write' as const, time: 1_767_225_602_000 };
  const list = {
    secret: secretId, owner: aliceId, counter: 3, revoked: 2, time: 1_767_225_603_000,
    grantees: [{ id: bobId, card: keyCardHash(bobCard), access: 'write' as const }],
  };
  const pins = { owner: aliceId, counter: 4, time: 1_767_225_605_000, pins: [{ id: bobId, card: keyCardHash(bobCard) }] };
  const context = encodeContext({ owner: aliceId, secret: secretId, name: 'openai-prod', provider: 'openai', version: 2 });
  const ciphertext = fixed('v2 version ciphertext');
  const version = { context, ciphertext, prev: fixed('previous version'), author: aliceId, list: 3, time: 1_767_225_604_000 };
  const signedVersion = await signVersion(version, signer);
  return {
    statements: {
      signingPublic: toHex(signer.publicKey),
      bobCard,
      grant: {
        statement: { ...grant, card: toBase64Url(grant.card) },
        hash: toHex(grantHash(grant)),
        signature: toHex(await signGrant(grant, signer)),
      },
      accessList: {
        statement: { ...list, grantees: list.grantees.map((g) => ({ ...g, card: toBase64Url(g.card) })) },
        hash: toHex(accessListHash(list)),
        signature: toHex(await signAccessList(list, signer)),
      },
      pinList: {
        statement: { ...pins, pins: pins.pins.map((p) => ({ ...p, card: toBase64Url(p.card) })) },
        hash: toHex(pinListHash(pins)),
        signature: toHex(await signPinList(pins, signer)),
      },
      machineToken: {
        accountId: toBase64Url(fixed('machine id').slice(0, 16)),
        seed: toHex(fixed('machine seed')),
        creator: { id: bobId, cardHash: toHex(keyCardHash(bobCard)) },
        token: machineTokenFromSeed(toBase64Url(fixed('machine id').slice(0, 16)), fixed('machine seed'), { id: bobId, cardHash: keyCardHash(bobCard) }),
      },
      version: {
        statement: { contextHex: toHex(context), ciphertextHex: toHex(ciphertext), prev: toHex(version.prev), author: aliceId, list: 3, time: version.time },
        hash: toHex(signedVersion.hash),
        signature: toHex(signedVersion.signature),
      },
    },
  };
}
