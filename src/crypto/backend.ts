/**
 * Curve backends: WebCrypto (X25519 deriveBits, Ed25519 sign/verify) where the
 * platform has it, @noble/curves otherwise. Support is probed once, lazily,
 * and cached. Both paths produce identical bytes and are run through the same
 * test vectors; the WebCrypto verify path adds byte-level pre-checks so it is
 * exactly as strict as noble's RFC 8032 mode (`zip215: false`).
 */
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { CryptoError, assertLength } from './errors.ts';
import { concatBytes, toBase64Url } from './encoding.ts';
import { isStrictPublicKey, nobleVerifyStrict, scalarIsCanonical } from './ed25519-strict.ts';

/** Which implementation of the curve operations to use. */
export type CryptoBackend = 'auto' | 'webcrypto' | 'noble';

// PKCS#8 wrappers for raw 32-byte private keys (RFC 8410): fixed 16-byte prefixes.
const ED25519_PKCS8 = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]);
const X25519_PKCS8 = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20]);

let selected: CryptoBackend = 'auto';
let probe: Promise<boolean> | null = null;

/** Forces a backend (tests and benchmarks); the default is `auto`. */
export function setCryptoBackend(backend: CryptoBackend): void {
  if (backend !== 'auto' && backend !== 'webcrypto' && backend !== 'noble') {
    throw new CryptoError('bad-input', `unknown crypto backend "${String(backend)}" (use auto, webcrypto or noble)`);
  }
  selected = backend;
}

/** Returns the backend setting last passed to {@link setCryptoBackend}. */
export function getCryptoBackend(): CryptoBackend {
  return selected;
}

// TS types BufferSource as ArrayBuffer-backed only; our arrays always are.
function bs(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}

function subtle(): SubtleCrypto | undefined {
  return globalThis.crypto?.subtle;
}

async function probeWebCrypto(): Promise<boolean> {
  const s = subtle();
  if (!s) return false;
  try {
    // RFC 8032 test 1 and RFC 7748 §6.1: a real round trip, not just "the name exists".
    const seed = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
    const edKey = await s.importKey('pkcs8', bs(concatBytes(ED25519_PKCS8, seed)), { name: 'Ed25519' }, false, ['sign']);
    const sig = new Uint8Array(await s.sign({ name: 'Ed25519' }, edKey, bs(new Uint8Array(0))));
    if (sig[0] !== 0xe5 || sig[63] !== 0x0b) return false;
    const a = hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    const bPub = hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
    const xKey = await s.importKey('pkcs8', bs(concatBytes(X25519_PKCS8, a)), { name: 'X25519' }, false, ['deriveBits']);
    const pub = await s.importKey('raw', bs(bPub), { name: 'X25519' }, false, []);
    const shared = new Uint8Array(await s.deriveBits({ name: 'X25519', public: pub }, xKey, 256));
    return shared[0] === 0x4a && shared[31] === 0x42;
  } catch {
    return false;
  }
}

function hex(text: string): Uint8Array {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** True when the WebCrypto path should be used (probes once, then cached). */
export async function useWebCrypto(): Promise<boolean> {
  if (selected === 'noble') return false;
  probe ??= probeWebCrypto();
  const ok = await probe;
  if (!ok && selected === 'webcrypto') {
    throw new CryptoError('bad-input', 'WebCrypto Ed25519/X25519 is not available on this platform; use the noble or auto backend');
  }
  return ok;
}

// ---------------------------------------------------------------- Ed25519

/** Derives the Ed25519 public key of a 32-byte seed. */
export function ed25519PublicKey(seed: Uint8Array): Uint8Array {
  assertLength(seed, 32, 'Ed25519 private key');
  return ed25519.getPublicKey(seed);
}

/** Returns a signing function bound to `seed` (imports it once on WebCrypto). */
export async function ed25519SignerFor(seed: Uint8Array): Promise<(message: Uint8Array) => Promise<Uint8Array>> {
  assertLength(seed, 32, 'Ed25519 private key');
  if (await useWebCrypto()) {
    const pkcs8 = concatBytes(ED25519_PKCS8, seed);
    const key = await subtle()!.importKey('pkcs8', bs(pkcs8), { name: 'Ed25519' }, false, ['sign']);
    pkcs8.fill(0);
    return async (message) => new Uint8Array(await subtle()!.sign({ name: 'Ed25519' }, key, bs(message)));
  }
  const copy = seed.slice();
  return async (message) => ed25519.sign(message, copy);
}

const VERIFY_CACHE_LIMIT = 256;
// b64u(public key) -> imported verify key, or null when the key is rejected.
const verifyKeys = new Map<string, Promise<CryptoKey | null>>();

async function importVerifyKey(publicKey: Uint8Array): Promise<CryptoKey | null> {
  // Once per key (then cached): the strict decode + small-order check that
  // OpenSSL does not do (see ed25519-strict.ts).
  if (!isStrictPublicKey(publicKey)) return null;
  try {
    return await subtle()!.importKey('raw', bs(publicKey), { name: 'Ed25519' }, false, ['verify']);
  } catch {
    return null;
  }
}

function cachedVerifyKey(publicKey: Uint8Array): Promise<CryptoKey | null> {
  const id = toBase64Url(publicKey);
  let entry = verifyKeys.get(id);
  if (!entry) {
    if (verifyKeys.size >= VERIFY_CACHE_LIMIT) verifyKeys.delete(verifyKeys.keys().next().value!);
    entry = importVerifyKey(publicKey.slice());
    verifyKeys.set(id, entry);
  }
  return entry;
}

/**
 * Strict Ed25519 verification (rules in ed25519-strict.ts): S < L, canonical
 * non-small-order A, cofactorless equation, same answer on both backends. Returns false on any failure; throws `bad-length`
 * only for wrong input lengths.
 */
export async function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  assertLength(publicKey, 32, 'Ed25519 public key');
  assertLength(signature, 64, 'Ed25519 signature');
  if (!(message instanceof Uint8Array)) throw new CryptoError('bad-input', 'message must be a Uint8Array');
  if (await useWebCrypto()) {
    if (!scalarIsCanonical(signature.subarray(32))) return false;
    const key = await cachedVerifyKey(publicKey);
    if (!key) return false;
    try {
      return await subtle()!.verify({ name: 'Ed25519' }, key, bs(signature), bs(message));
    } catch {
      return false;
    }
  }
  return nobleVerifyStrict(publicKey, message, signature);
}

// ----------------------------------------------------------------- X25519

/** Derives the X25519 public key of a 32-byte private key. */
export function x25519PublicKey(privateKey: Uint8Array): Uint8Array {
  assertLength(privateKey, 32, 'X25519 private key');
  return x25519.getPublicKey(privateKey);
}

function isAllZero(b: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < b.length; i++) acc |= b[i]!;
  return acc === 0;
}

/**
 * Returns an X25519 function bound to `privateKey` (imported once on
 * WebCrypto). The function throws CryptoError `bad-key` when the peer key is a
 * low-order point (all-zero shared secret), on both backends.
 */
export async function x25519DeriverFor(privateKey: Uint8Array): Promise<(peerPublic: Uint8Array) => Promise<Uint8Array>> {
  assertLength(privateKey, 32, 'X25519 private key');
  const lowOrder = (): CryptoError => new CryptoError('bad-key', 'X25519 peer public key is a low-order point; the data is malformed or malicious');
  if (await useWebCrypto()) {
    const pkcs8 = concatBytes(X25519_PKCS8, privateKey);
    const key = await subtle()!.importKey('pkcs8', bs(pkcs8), { name: 'X25519' }, false, ['deriveBits']);
    pkcs8.fill(0);
    return async (peerPublic) => {
      assertLength(peerPublic, 32, 'X25519 public key');
      let shared: Uint8Array;
      try {
        const pub = await subtle()!.importKey('raw', bs(peerPublic), { name: 'X25519' }, false, []);
        shared = new Uint8Array(await subtle()!.deriveBits({ name: 'X25519', public: pub }, key, 256));
      } catch {
        throw lowOrder(); // WebCrypto refuses all-zero outputs with an OperationError
      }
      if (isAllZero(shared)) throw lowOrder();
      return shared;
    };
  }
  const copy = privateKey.slice();
  return async (peerPublic) => {
    assertLength(peerPublic, 32, 'X25519 public key');
    let shared: Uint8Array;
    try {
      shared = x25519.getSharedSecret(copy, peerPublic);
    } catch {
      throw lowOrder(); // noble throws on all-zero outputs
    }
    if (isAllZero(shared)) throw lowOrder();
    return shared;
  };
}

/** One-shot X25519(privateKey, peerPublic) on the current backend. */
export async function x25519Derive(privateKey: Uint8Array, peerPublic: Uint8Array): Promise<Uint8Array> {
  return (await x25519DeriverFor(privateKey))(peerPublic);
}
