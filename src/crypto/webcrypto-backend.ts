/**
 * WebCrypto Ed25519 / X25519 (Node 20+, current browsers, Deno, workerd).
 * Private keys are imported once as PKCS#8 (fixed 16-byte RFC 8410 prefix +
 * the raw 32 bytes), public keys raw. Imported verify keys are cached.
 */
import { concatBytes, fromBase64Url, toBase64Url } from './encoding.ts';
import { isAcceptablePublicKey } from './ed25519-checks.ts';

const ED25519_PKCS8 = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
const X25519_PKCS8 = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20]);

/** Curve names as WebCrypto spells them. */
export type CurveName = 'Ed25519' | 'X25519';

// TS types BufferSource as ArrayBuffer-backed only; ours always are.
const bs = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => bytes as Uint8Array<ArrayBuffer>;
const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

/** Imports a raw 32-byte private key (wiping the temporary PKCS#8 copy). */
export async function importPrivate(name: CurveName, raw: Uint8Array, extractable = false): Promise<CryptoKey> {
  const pkcs8 = concatBytes(name === 'Ed25519' ? ED25519_PKCS8 : X25519_PKCS8, raw);
  try {
    return await subtle().importKey('pkcs8', bs(pkcs8), { name }, extractable, name === 'Ed25519' ? ['sign'] : ['deriveBits']);
  } finally {
    pkcs8.fill(0);
  }
}

/** Public key of a raw private key, computed by the platform (JWK export carries it as "x"). */
export async function publicKeyOf(name: CurveName, raw: Uint8Array): Promise<Uint8Array> {
  const jwk = await subtle().exportKey('jwk', await importPrivate(name, raw, true));
  return fromBase64Url(jwk.x!, 32);
}

/** Ed25519 signature with an imported key. */
export async function sign(key: CryptoKey, message: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().sign({ name: 'Ed25519' }, key, bs(message)));
}

const VERIFY_CACHE_LIMIT = 256;
// b64u(public key) -> imported verify key, or null when the key is refused.
const verifyKeys = new Map<string, Promise<CryptoKey | null>>();

function verifyKey(publicKey: Uint8Array): Promise<CryptoKey | null> {
  const id = toBase64Url(publicKey);
  let entry = verifyKeys.get(id);
  if (!entry) {
    if (verifyKeys.size >= VERIFY_CACHE_LIMIT) verifyKeys.delete(verifyKeys.keys().next().value!);
    entry = isAcceptablePublicKey(publicKey)
      ? subtle().importKey('raw', bs(publicKey.slice()), { name: 'Ed25519' }, false, ['verify']).catch(() => null)
      : Promise.resolve(null);
    verifyKeys.set(id, entry);
  }
  return entry;
}

/** Ed25519 verification with a cached imported key; S and A checks are done by the caller / cache. */
export async function verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const key = await verifyKey(publicKey);
  if (!key) return false;
  try {
    return await subtle().verify({ name: 'Ed25519' }, key, bs(signature), bs(message));
  } catch {
    return false;
  }
}

const X25519_ALGORITHM = { name: 'X25519' } as const;
const NO_USAGES: KeyUsage[] = [];
const ignore = (): void => {};

/**
 * X25519 with an imported private key; rejects with `refuse()` when the platform
 * refuses the peer key or the result is all zero (a low-order peer key; Node
 * and browsers already fail deriveBits then, the byte check is for any that
 * do not). `meanwhile` runs after the job is dispatched and before it is
 * awaited, one microtask later, so that derivations started together are all
 * dispatched first (an error it throws is passed on as is).
 */
export async function deriveShared(key: CryptoKey, peerPublic: Uint8Array, refuse: () => Error, meanwhile?: () => void): Promise<Uint8Array> {
  let bits: Promise<ArrayBuffer>;
  try {
    const pub = await subtle().importKey('raw', bs(peerPublic), X25519_ALGORITHM, false, NO_USAGES);
    bits = subtle().deriveBits({ name: 'X25519', public: pub }, key, 256);
  } catch {
    throw refuse();
  }
  if (meanwhile) {
    // Yield once first: when several derivations start together, every X25519 is dispatched before any caller work runs.
    await undefined;
    try {
      meanwhile();
    } catch (error) {
      bits.catch(ignore); // not awaited any more; no unhandled rejection
      throw error;
    }
  }
  let shared: Uint8Array;
  try {
    shared = new Uint8Array(await bits);
  } catch {
    throw refuse();
  }
  let acc = 0;
  for (let i = 0; i < shared.length; i++) acc |= shared[i]!;
  if (acc === 0) throw refuse();
  return shared;
}

/**
 * Probes support with real known answers (RFC 8032 test 1, RFC 7748 §6.1),
 * covering every operation used: import, sign, JWK public-key export, deriveBits.
 */
export async function probe(): Promise<boolean> {
  try {
    if (!globalThis.crypto?.subtle) return false;
    const hex = (t: string): Uint8Array => Uint8Array.from(t.match(/../g)!, (h) => parseInt(h, 16));
    const seed = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
    const sig = await sign(await importPrivate('Ed25519', seed), new Uint8Array(0));
    if (sig[0] !== 0xe5 || sig[63] !== 0x0b) return false;
    const edPub = await publicKeyOf('Ed25519', seed);
    if (edPub[0] !== 0xd7 || edPub[31] !== 0x1a) return false;
    const alice = hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    const xPub = await publicKeyOf('X25519', alice);
    if (xPub[0] !== 0x85 || xPub[31] !== 0x6a) return false;
    const refuse = (): Error => new Error('X25519 refused');
    const shared = await deriveShared(await importPrivate('X25519', alice), hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'), refuse);
    return shared[0] === 0x4a && shared[31] === 0x42;
  } catch {
    return false;
  }
}
