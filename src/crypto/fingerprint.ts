/**
 * Key card fingerprints for out-of-band comparison: the first 16 bytes of
 * SHA-256(canonical(card body)), rendered as grouped base32 or as 16 words.
 */
import { CryptoError } from './errors.ts';
import { sha256 } from './encoding.ts';
import { canonicalBytes } from './canonical.ts';
import { FINGERPRINT_WORDS } from './wordlist.ts';
import type { KeyCard, KeyCardBody } from './card.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const FP_LENGTH = 16;
// 16 bytes = 128 bits = 26 base32 characters (the last one carries 3 bits).
const FP_BASE32_CHARS = 26;

/** First 16 bytes of SHA-256(canonical(body)). Accepts a card or its body. */
export function fingerprint(card: KeyCard | KeyCardBody): Uint8Array {
  const body = 'body' in card ? card.body : card;
  return sha256(canonicalBytes({ ...body })).slice(0, FP_LENGTH);
}

function assertFingerprint(fp: Uint8Array): void {
  if (!(fp instanceof Uint8Array) || fp.length !== FP_LENGTH) {
    throw new CryptoError('bad-length', `a fingerprint is ${FP_LENGTH} bytes`);
  }
}

/** RFC 4648 base32 without padding, in groups of 4 separated by spaces, e.g. "ABCD EFGH ...". */
export function formatFingerprint(fp: Uint8Array): string {
  assertFingerprint(fp);
  let bits = 0;
  let acc = 0;
  let text = '';
  for (const byte of fp) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      text += BASE32[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) text += BASE32[(acc << (5 - bits)) & 31];
  return text.match(/.{1,4}/g)!.join(' ');
}

/** The fingerprint as 16 words, one per byte. */
export function fingerprintWords(fp: Uint8Array): string[] {
  assertFingerprint(fp);
  return Array.from(fp, (b) => FINGERPRINT_WORDS[b]!);
}

let wordIndex: Map<string, number> | null = null;

/**
 * Parses either rendering (grouped base32 or 16 words), ignoring case and
 * whitespace (and '-' between words).
 * @throws CryptoError `bad-encoding` with a hint when it is neither.
 */
export function parseFingerprint(text: string): Uint8Array {
  if (typeof text !== 'string') throw new CryptoError('bad-encoding', 'fingerprint must be a string');
  const words = text.trim().toLowerCase().split(/[\s,-]+/).filter(Boolean);
  if (words.length === FP_LENGTH) {
    wordIndex ??= new Map(FINGERPRINT_WORDS.map((w, i) => [w, i]));
    const out = new Uint8Array(FP_LENGTH);
    for (let i = 0; i < FP_LENGTH; i++) {
      const v = wordIndex.get(words[i]!);
      if (v === undefined) throw new CryptoError('bad-encoding', `"${words[i]}" is not a fingerprint word; check the spelling`);
      out[i] = v;
    }
    return out;
  }
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (compact.length !== FP_BASE32_CHARS) {
    throw new CryptoError('bad-encoding', `a fingerprint is ${FP_BASE32_CHARS} base32 characters or ${FP_LENGTH} words`);
  }
  const out = new Uint8Array(FP_LENGTH);
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const ch of compact) {
    const v = BASE32.indexOf(ch);
    if (v < 0) throw new CryptoError('bad-encoding', `"${ch}" is not a base32 character (A-Z, 2-7)`);
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  }
  if (acc !== 0) throw new CryptoError('bad-encoding', 'fingerprint has non-zero trailing bits; it was mistyped');
  return out;
}
