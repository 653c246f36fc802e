/**
 * The account Secret Key (format v2): 16 bytes from the CSPRNG, made at signup
 * and never sent to the server. Written for people as
 *   "LK-" || groups of 5 of Crockford-Base32(key || check),  check = SHA-256("latchkey/v2/secret-key/check\0" || key)[0..2]
 * 16 + 2 bytes = 144 bits = 29 symbols (the last carries 4 bits and a zero),
 * padded to 30 with a fixed "0" so the groups are even: 6 groups of 5. The
 * check catches typos before any scrypt runs. Parsing ignores case, spaces and
 * dashes and reads O as 0 and I/L as 1 (Crockford's rules).
 */
import { CryptoError } from './errors.ts';
import { concatBytes, randomBytes, sha256 } from './encoding.ts';
import { DOMAIN } from './domains.ts';

/** Length of a Secret Key in bytes (128 bits). */
export const SECRET_KEY_BYTES = 16;
const CHECK_BYTES = 2;
const SYMBOLS = 30;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PREFIX = 'LK';

/** A fresh random Secret Key. */
export function newSecretKey(): Uint8Array {
  return randomBytes(SECRET_KEY_BYTES);
}

function check(key: Uint8Array): Uint8Array {
  return sha256(concatBytes(DOMAIN.secretKeyCheck, key)).subarray(0, CHECK_BYTES);
}

function toBase32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out.padEnd(SYMBOLS, '0');
}

/** The grouped form people copy: `LK-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX`. */
export function formatSecretKey(key: Uint8Array): string {
  if (!(key instanceof Uint8Array) || key.length !== SECRET_KEY_BYTES) throw new CryptoError('bad-input', `a Secret Key is ${SECRET_KEY_BYTES} bytes`);
  const symbols = toBase32(concatBytes(key, check(key)));
  return [PREFIX, ...symbols.match(/.{5}/g)!].join('-');
}

/**
 * Reads a Secret Key as {@link formatSecretKey} writes it.
 * @throws CryptoError `bad-input` when it has the wrong length, a foreign character or a wrong check (a typo).
 */
export function parseSecretKey(text: string): Uint8Array {
  if (typeof text !== 'string') throw new CryptoError('bad-input', 'a Secret Key must be a string');
  let symbols = text.toUpperCase().replace(/[\s-]/g, '');
  if (symbols.startsWith(PREFIX)) symbols = symbols.slice(PREFIX.length);
  symbols = symbols.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (symbols.length !== SYMBOLS) {
    throw new CryptoError('bad-input', `a Secret Key has ${SYMBOLS} characters after "LK-" (6 groups of 5); this one has ${symbols.length}`);
  }
  const bytes = new Uint8Array(SECRET_KEY_BYTES + CHECK_BYTES);
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const [i, ch] of [...symbols.slice(0, 29)].entries()) {
    const digit = ALPHABET.indexOf(ch);
    // The position, not the character: an error must not carry any part of the key.
    if (digit < 0) throw new CryptoError('bad-input', `character ${i + 1} after "LK-" is not a Secret Key character (digits and letters except I, L, O, U)`);
    value = (value << 5) | digit;
    bits += 5;
    if (bits >= 8) {
      bytes[at++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
      value &= (1 << bits) - 1;
    }
  }
  const key = bytes.slice(0, SECRET_KEY_BYTES);
  const expected = check(key);
  if (value !== 0 || symbols[29] !== '0' || expected[0] !== bytes[16] || expected[1] !== bytes[17]) {
    throw new CryptoError('bad-input', 'the Secret Key does not check out (a character is mistyped); copy it again from your emergency kit');
  }
  return key;
}
