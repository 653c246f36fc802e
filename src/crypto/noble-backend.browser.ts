/**
 * `#noble-backend` in the browser build (the `latchkey-slim` condition; see
 * "imports" in package.json). Every runtime that build targets (current
 * Chromium, Firefox, Safari, Deno, workerd) has WebCrypto Ed25519/X25519, and
 * the @noble/curves fallback would cost ~9 KB of its 44 KB budget; the npm
 * package keeps the fallback.
 */
import { CryptoError } from './errors.ts';
import type * as FullVariant from './noble-backend.ts';

function unsupported(): never {
  throw new CryptoError(
    'bad-input',
    'this runtime lacks WebCrypto Ed25519/X25519, which the browser build of latchkey needs (current Chrome, Firefox, Safari, Deno and Workers have them); use the npm package build instead',
  );
}

export const ed25519PublicKey: typeof FullVariant.ed25519PublicKey = unsupported;
export const ed25519Sign: typeof FullVariant.ed25519Sign = unsupported;
export const ed25519VerifyStrict: typeof FullVariant.ed25519VerifyStrict = unsupported;
export const x25519PublicKey: typeof FullVariant.x25519PublicKey = unsupported;
export const x25519Shared: typeof FullVariant.x25519Shared = unsupported;
