/**
 * Builds the frozen latchkey/v1 format vectors from fixed keys, nonces and
 * ephemeral keys (injected randomness). scripts/gen-vectors.ts writes the
 * result to test/vectors/latchkey-v1.json once; format-vectors.test.ts checks
 * the code still reproduces that file byte for byte. The v1 passphrase KDF is
 * retired (format v2 adds the Secret Key, see format-vectors-v2.ts): its
 * entry is recomputed here from the v1 formula with @noble directly, since
 * the client no longer derives it; so are the v1 grant and version (v2 grants
 * bind the grantee's card and v2 versions name their access list, see
 * format-vectors-v2.ts).
 */
import { scryptAsync } from '@noble/hashes/scrypt.js';
import {
  accountKeysFromPrivate, authVerifier, canonicalBytes, createKeyCard, createSigner, deriveMachineKeys, encodeContext, fingerprint, fingerprintWords, formatFingerprint, keyCardHash, sha256, toBase64Url, utf8Encode,
} from '../../src/crypto/index.ts';
import { hkdfSha256 } from '../../src/crypto/aead.ts';
import { canonicalString } from '../../src/crypto/canonical.ts';
import { sealValueWithNonce } from '../../src/crypto/envelope.ts';
import { sealKeyringWithNonce } from '../../src/crypto/keyring.ts';
import { machineTokenFromSeed } from '../../src/crypto/machine.ts';
import { wrapDataKeyWithEphemeral } from '../../src/crypto/wrap.ts';
import type { CanonicalValue, SecretContext } from '../../src/crypto/index.ts';

/** Bytes to lowercase hex. */
export const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
/** A fixed 32-byte test value: SHA-256 of a label (nothing up our sleeve). */
export const fixed = (label: string): Uint8Array => sha256(utf8Encode(`latchkey test vector: ${label}`));
const id16 = (label: string): string => toBase64Url(fixed(label).slice(0, 16));

/** Canonical-encoding cases: value and expected text. */
export const CANONICAL_CASES: CanonicalValue[] = [
  { b: 1, a: [true, false, null], c: { z: '', y: 'é\u2028"\\\n' } },
  { '\u00e9': 1, e: 2, E: 3, '\ud83d\ude00': 4, '\uff01': 5 },
  [9007199254740991, -9007199254740991, 0, 'x'],
  {},
];

/** The passphrase vector uses the minimum KDF cost (one scrypt N = 2^17 run, ~0.5 s). */
export const PASSPHRASE = 'correct horse battery staple \u00c5';

let passKeysOnce: Promise<{ authKey: Uint8Array; unlockKey: Uint8Array }> | null = null;

/** The retired v1 derivation: root = scrypt(NFKC(pass), salt, 2^17, 8, 1, 32); keys = HKDF(root, "", "latchkey/v1/auth" | "latchkey/v1/unlock"). */
async function retiredV1Keys(passphrase: string, salt: Uint8Array): Promise<{ authKey: Uint8Array; unlockKey: Uint8Array }> {
  const root = await scryptAsync(utf8Encode(passphrase.normalize('NFKC')), salt, { N: 131072, r: 8, p: 1, dkLen: 32, maxmem: 2 ** 28 });
  const empty = new Uint8Array(0);
  return { authKey: hkdfSha256(root, empty, utf8Encode('latchkey/v1/auth'), 32), unlockKey: hkdfSha256(root, empty, utf8Encode('latchkey/v1/unlock'), 32) };
}

/** The retired v1 grant hash: SHA-256("latchkey/v1/grant\0" || canonical({v: 1, secret, owner, grantee, access, time})); v2 binds the grantee's card. */
export function retiredV1GrantHash(g: { secret: string; owner: string; grantee: string; access: 'read' | 'write'; time: number }): Uint8Array {
  const body = canonicalBytes({ v: 1, secret: g.secret, owner: g.owner, grantee: g.grantee, access: g.access, time: g.time });
  return sha256(new Uint8Array([...utf8Encode('latchkey/v1/grant\0'), ...body]));
}

/** The retired v1 version hash: SHA-256("latchkey/v1/version\0" || canonical({v: 1, context, ciphertext, prev, author, time})); v2 adds `list`. */
export function retiredV1VersionHash(s: { context: Uint8Array; ciphertext: Uint8Array; prev: Uint8Array | null; author: string; time: number }): Uint8Array {
  const body = canonicalBytes({
    v: 1, context: toBase64Url(sha256(s.context)), ciphertext: toBase64Url(sha256(s.ciphertext)), prev: s.prev === null ? null : toBase64Url(s.prev),
    author: s.author, time: s.time,
  });
  return sha256(new Uint8Array([...utf8Encode('latchkey/v1/version\0'), ...body]));
}

/** Builds every vector. Deterministic: Ed25519 signatures are deterministic and all randomness is injected. */
export async function buildVectors(): Promise<Record<string, unknown>> {
  const alice = await accountKeysFromPrivate(fixed('alice signing'), fixed('alice encryption'));
  const bob = await accountKeysFromPrivate(fixed('bob signing'), fixed('bob encryption'));
  const aliceId = id16('alice id');
  const bobId = id16('bob id');
  const card = await createKeyCard(alice, { id: aliceId, handle: 'alice', kind: 'person', created: 1_767_225_600_000 });
  const rotated = await createKeyCard(bob, { id: aliceId, handle: 'alice', kind: 'person', created: 1_767_312_000_000, prev: card });
  const fp = fingerprint(card);

  const context: SecretContext = { owner: aliceId, secret: id16('secret id'), name: 'openai-prod', provider: 'openai', version: 1 };
  const contextBytes = encodeContext(context);
  const dataKey = fixed('data key');
  const nonce = fixed('value nonce').slice(0, 24);
  const plaintext = utf8Encode(JSON.stringify({ values: { OPENAI_API_KEY: 'sk-test-123' } }));
  const sealed = sealValueWithNonce(dataKey, nonce, plaintext, contextBytes);
  const wrapEphemeral = fixed('wrap ephemeral');
  const wrap = await wrapDataKeyWithEphemeral(dataKey, bob.encryption.publicKey, contextBytes, wrapEphemeral);

  const signer = await createSigner(alice.signing.privateKey);
  const statement = { context: contextBytes, ciphertext: sealed, prev: fixed('previous version'), author: aliceId, time: 1_767_225_601_000 };
  const versionV1Hash = retiredV1VersionHash(statement);
  const version = { hash: versionV1Hash, signature: await signer.sign(versionV1Hash) };
  const grant = { secret: context.secret, owner: aliceId, grantee: bobId, access: 'write', time: 1_767_225_602_000 } as const;
  const grantV1Hash = retiredV1GrantHash(grant);
  const grantSignature = await signer.sign(grantV1Hash);

  const kdfSalt = fixed('kdf salt').slice(0, 16);
  // scrypt does not depend on the curve backend: run it once per process.
  passKeysOnce ??= retiredV1Keys(PASSPHRASE, kdfSalt);
  const passKeys = await passKeysOnce;
  const keyringNonce = fixed('keyring nonce').slice(0, 24);
  const keyring = sealKeyringWithNonce(alice, passKeys.unlockKey, aliceId, keyringNonce);

  const machineId = id16('machine id');
  const machineSeed = fixed('machine seed');
  const machine = await deriveMachineKeys(machineSeed);

  return {
    description:
      'Frozen latchkey/v1 formats. Bytes are lowercase hex unless a field says otherwise. Regenerate only for a format change: npx tsx scripts/gen-vectors.ts',
    canonical: CANONICAL_CASES.map((value) => ({ value, text: canonicalString(value), hex: toHex(canonicalBytes(value)) })),
    keys: Object.fromEntries(
      (
        [
          ['alice', alice],
          ['bob', bob],
        ] as const
      ).map(([name, k]) => [
        name,
        {
          signingPrivate: toHex(k.signing.privateKey),
          signingPublic: toHex(k.signing.publicKey),
          encryptionPrivate: toHex(k.encryption.privateKey),
          encryptionPublic: toHex(k.encryption.publicKey),
        },
      ]),
    ),
    card: {
      card,
      keyCardHash: toHex(keyCardHash(card)),
      fingerprint: toHex(fp),
      formatted: formatFingerprint(fp),
      words: fingerprintWords(fp).join(' '),
      rotated,
    },
    envelope: { context, contextHex: toHex(contextBytes), dataKey: toHex(dataKey), nonce: toHex(nonce), plaintext: toHex(plaintext), sealed: toHex(sealed) },
    wrap: { recipient: 'bob', ephemeralPrivate: toHex(wrapEphemeral), wrap: toHex(wrap) },
    version: {
      statement: { contextHex: toHex(contextBytes), ciphertext: 'envelope.sealed', prev: toHex(statement.prev), author: aliceId, time: statement.time },
      hash: toHex(version.hash),
      signature: toHex(version.signature),
    },
    grant: { statement: grant, hash: toHex(grantV1Hash), signature: toHex(grantSignature) },
    passphrase: {
      passphrase: PASSPHRASE,
      kdf: { alg: 'scrypt', N: 131072, r: 8, p: 1, salt: toHex(kdfSalt) },
      authKey: toHex(passKeys.authKey),
      unlockKey: toHex(passKeys.unlockKey),
      authVerifier: toHex(authVerifier(passKeys.authKey)),
    },
    keyring: { account: 'alice', accountId: aliceId, nonce: toHex(keyringNonce), sealed: toHex(keyring) },
    machine: {
      accountId: machineId,
      seed: toHex(machineSeed),
      token: machineTokenFromSeed(machineId, machineSeed),
      authKey: toHex(machine.authKey),
      signingPublic: toHex(machine.keys.signing.publicKey),
      encryptionPublic: toHex(machine.keys.encryption.publicKey),
    },
  };
}
