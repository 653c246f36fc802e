/**
 * Byte helpers shared by every crypto module: base64url (and hex and base64 for display), UTF-8, constant-time
 * comparison, zeroisation, concatenation, randomness and SHA-256.
 * Only Web APIs (globalThis.crypto, TextEncoder/TextDecoder) and @noble/hashes.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { CryptoError } from './errors.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Encodes bytes as base64url without padding (RFC 4648 §5). */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 3 <= n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + ALPHABET[v & 63]!;
  }
  const rest = n - i;
  if (rest === 1) {
    const v = bytes[i]!;
    out += ALPHABET[v >> 2]! + ALPHABET[(v & 3) << 4]!;
  } else if (rest === 2) {
    const v = (bytes[i]! << 8) | bytes[i + 1]!;
    out += ALPHABET[v >> 10]! + ALPHABET[(v >> 4) & 63]! + ALPHABET[(v & 15) << 2]!;
  }
  return out;
}

/**
 * Strictly decodes base64url without padding. Rejects padding, characters
 * outside the URL-safe alphabet, impossible lengths and non-zero trailing
 * bits, so every byte string has exactly one accepted text form.
 * @param expectedLength - when given, the decoded length must equal it.
 * @throws CryptoError `bad-encoding` or `bad-length`.
 */
export function fromBase64Url(text: string, expectedLength?: number): Uint8Array {
  if (typeof text !== 'string') throw new CryptoError('bad-encoding', 'base64url input must be a string');
  const len = text.length;
  if (len % 4 === 1) throw new CryptoError('bad-encoding', 'base64url text has an impossible length; check it was copied completely');
  const outLen = Math.floor((len * 3) / 4);
  if (expectedLength !== undefined && outLen !== expectedLength) {
    throw new CryptoError('bad-length', `expected ${expectedLength} bytes of base64url data, got ${outLen}`);
  }
  const out = new Uint8Array(outLen);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? DECODE[c]! : -1;
    if (v < 0) {
      throw new CryptoError('bad-encoding', `invalid base64url character at position ${i} (use A-Z a-z 0-9 - _ without padding)`);
    }
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  }
  if (acc !== 0) throw new CryptoError('bad-encoding', 'base64url text has non-zero trailing bits (not canonical)');
  return out;
}

/** Lower-case hex of bytes (digests shown to people, ETags). */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (bytes[i]! < 16 ? '0' : '') + bytes[i]!.toString(16);
  return out;
}

/** Standard padded base64 (RFC 4648 §4), for Subresource Integrity strings; everything else uses base64url. */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]!);
  return btoa(text);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 encodes a string (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8, throwing `bad-encoding` on invalid sequences instead of substituting. */
export function utf8Decode(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new CryptoError('bad-encoding', 'bytes are not valid UTF-8');
  }
}

/** Compares two byte arrays in time independent of where they differ. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Overwrites buffers with zeros (best effort: JS engines may have made copies). */
export function zeroize(...buffers: Uint8Array[]): void {
  for (const b of buffers) b.fill(0);
}

/** Concatenates byte arrays into a new one. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** Returns `length` bytes from the platform CSPRNG (chunked: getRandomValues caps at 64 KiB). */
export function randomBytes(length: number): Uint8Array {
  if (!Number.isSafeInteger(length) || length < 0) throw new CryptoError('bad-input', 'random length must be a non-negative integer');
  const out = new Uint8Array(length);
  for (let off = 0; off < length; off += 65536) {
    globalThis.crypto.getRandomValues(out.subarray(off, Math.min(length, off + 65536)));
  }
  return out;
}

/** SHA-256 of `data` (32 bytes). */
export function sha256(data: Uint8Array): Uint8Array {
  if (!(data instanceof Uint8Array)) throw new CryptoError('bad-input', 'SHA-256 input must be a Uint8Array');
  return nobleSha256(data);
}
