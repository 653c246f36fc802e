/**
 * Curve backend selection: WebCrypto (X25519 deriveBits, Ed25519 sign/verify)
 * where the platform has it, @noble/curves otherwise (loaded lazily). Support
 * is probed once and cached. Both paths give identical bytes, apply the same
 * byte-level checks (ed25519-checks.ts, which also notes where their
 * verification equations differ) and run through the same test vectors.
 */
import { CryptoError, assertLength } from './errors.ts';
import { randomBytes } from './encoding.ts';
import { scalarIsCanonical } from './ed25519-checks.ts';
import * as web from './webcrypto-backend.ts';

/** Which implementation of the curve operations to use. */
export type CryptoBackend = 'auto' | 'webcrypto' | 'noble';

let selected: CryptoBackend = 'auto';
let probed: Promise<boolean> | null = null;
let noble: Promise<typeof import('./noble-backend.ts')> | null = null;

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

/** True when the WebCrypto path is in use (probes once, then cached). */
export async function useWebCrypto(): Promise<boolean> {
  if (selected === 'noble') return false;
  probed ??= web.probe();
  const ok = await probed;
  if (!ok && selected === 'webcrypto') {
    throw new CryptoError('bad-input', 'WebCrypto Ed25519/X25519 is not available on this platform; use the noble or auto backend');
  }
  return ok;
}

function loadNoble(): Promise<typeof import('./noble-backend.ts')> {
  noble ??= import('#noble-backend');
  return noble;
}

/** Ed25519 public key of a 32-byte seed. */
export async function ed25519PublicKey(seed: Uint8Array): Promise<Uint8Array> {
  assertLength(seed, 32, 'Ed25519 private key');
  return (await useWebCrypto()) ? web.publicKeyOf('Ed25519', seed) : (await loadNoble()).ed25519PublicKey(seed);
}

/** X25519 public key of a 32-byte private key. */
export async function x25519PublicKey(privateKey: Uint8Array): Promise<Uint8Array> {
  assertLength(privateKey, 32, 'X25519 private key');
  return (await useWebCrypto()) ? web.publicKeyOf('X25519', privateKey) : (await loadNoble()).x25519PublicKey(privateKey);
}

/** Returns a signing function bound to `seed` (imported once on WebCrypto). */
export async function ed25519SignerFor(seed: Uint8Array): Promise<(message: Uint8Array) => Promise<Uint8Array>> {
  assertLength(seed, 32, 'Ed25519 private key');
  if (await useWebCrypto()) {
    const key = await web.importPrivate('Ed25519', seed);
    return (message) => web.sign(key, message);
  }
  const lib = await loadNoble();
  const copy = seed.slice();
  return async (message) => lib.ed25519Sign(message, copy);
}

/**
 * Strict Ed25519 verification (rules in ed25519-checks.ts). Returns false on
 * any failure; throws `bad-length` only for wrong input lengths.
 */
export async function ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  assertLength(publicKey, 32, 'Ed25519 public key');
  assertLength(signature, 64, 'Ed25519 signature');
  if (!(message instanceof Uint8Array)) throw new CryptoError('bad-input', 'message must be a Uint8Array');
  if (!scalarIsCanonical(signature.subarray(32))) return false;
  if (await useWebCrypto()) return web.verify(publicKey, message, signature);
  return (await loadNoble()).ed25519VerifyStrict(publicKey, message, signature);
}

function isAllZero(b: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < b.length; i++) acc |= b[i]!;
  return acc === 0;
}

const lowOrder = (): CryptoError =>
  new CryptoError('bad-key', 'X25519 peer public key is a low-order point; the data is malformed or malicious');

/**
 * X25519 with a fixed private key. `meanwhile`, if given, runs once while the
 * platform computes (WebCrypto works off the main thread), so callers can
 * overlap work that does not need the shared secret.
 */
export type X25519Deriver = (peerPublic: Uint8Array, meanwhile?: () => void) => Promise<Uint8Array>;

/**
 * Returns an X25519 function bound to `privateKey` (imported once on
 * WebCrypto). It rejects with CryptoError `bad-key` for a low-order peer key
 * (all-zero shared secret) on both backends; an error thrown by `meanwhile` is passed on.
 */
export async function x25519DeriverFor(privateKey: Uint8Array): Promise<X25519Deriver> {
  assertLength(privateKey, 32, 'X25519 private key');
  if (await useWebCrypto()) {
    const key = await web.importPrivate('X25519', privateKey);
    // Not async itself: the WebCrypto call is the only promise between caller and result.
    return (peerPublic, meanwhile) => {
      try {
        assertLength(peerPublic, 32, 'X25519 public key');
      } catch (error) {
        return Promise.reject(error);
      }
      return web.deriveShared(key, peerPublic, lowOrder, meanwhile);
    };
  }
  const lib = await loadNoble();
  const copy = privateKey.slice();
  return async (peerPublic, meanwhile) => {
    assertLength(peerPublic, 32, 'X25519 public key');
    meanwhile?.();
    let shared: Uint8Array;
    try {
      shared = lib.x25519Shared(copy, peerPublic);
    } catch {
      throw lowOrder(); // noble refuses an all-zero output by throwing
    }
    if (isAllZero(shared)) throw lowOrder();
    return shared;
  };
}

/**
 * A fresh single-use X25519 key pair (a wrap's ephemeral key): its public key
 * and X25519 with it. On WebCrypto the platform generates the pair, which
 * saves parsing a private key twice per wrap; on noble, 32 random bytes.
 */
export async function x25519Ephemeral(): Promise<{ publicKey: Uint8Array; derive: (peerPublic: Uint8Array) => Promise<Uint8Array> }> {
  if (await useWebCrypto()) {
    const pair = await web.generateX25519();
    return {
      publicKey: pair.publicKey,
      derive: async (peerPublic) => {
        assertLength(peerPublic, 32, 'X25519 public key');
        return web.deriveShared(pair.privateKey, peerPublic, lowOrder);
      },
    };
  }
  const privateKey = randomBytes(32);
  try {
    return { publicKey: await x25519PublicKey(privateKey), derive: await x25519DeriverFor(privateKey) };
  } finally {
    privateKey.fill(0);
  }
}

/** One-shot X25519(privateKey, peerPublic) on the current backend. */
export async function x25519Derive(privateKey: Uint8Array, peerPublic: Uint8Array): Promise<Uint8Array> {
  return (await x25519DeriverFor(privateKey))(peerPublic);
}
