/**
 * Canonical encoding (latchkey/v1): deterministic JSON, UTF-8 encoded.
 *
 * - Values: strings, booleans, null, arrays, plain objects and safe integers
 *   (|n| <= 2^53 - 1). Floats, -0, NaN, Infinity, undefined, bigint,
 *   functions, symbols and non-plain objects (Date, Map, class instances,
 *   Uint8Array ...) are rejected with CryptoError `bad-input`.
 * - Objects: keys sorted by UTF-16 code unit order (JavaScript's default
 *   string comparison), each key once, no whitespace anywhere.
 * - Strings: JSON.stringify escaping (", \, control chars as \uXXXX or short
 *   escapes; lone surrogates as \uXXXX since ES2019), everything else literal.
 * - Integers: shortest decimal form, no exponent, no leading zeros, no "+".
 *
 * Two equal values therefore always have the same bytes, which is what makes
 * it safe to sign and hash them.
 */
import { CryptoError } from './errors.ts';
import { utf8Encode } from './encoding.ts';

/** A value the canonical encoding accepts. */
export type CanonicalValue = string | number | boolean | null | CanonicalValue[] | { [k: string]: CanonicalValue };

function encode(value: unknown, depth: number): string {
  if (depth > 64) throw new CryptoError('bad-input', 'canonical value is nested too deeply (max 64)');
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) throw new CryptoError('bad-input', `canonical numbers must be safe integers, got ${String(value)}`);
      if (Object.is(value, -0)) throw new CryptoError('bad-input', 'canonical numbers must not be -0');
      return String(value);
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) throw new CryptoError('bad-input', 'canonical arrays must not have holes');
          out += (i ? ',' : '') + encode(value[i], depth + 1);
        }
        return out + ']';
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new CryptoError('bad-input', 'canonical objects must be plain objects');
      }
      const keys = Object.keys(value).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        out += (i ? ',' : '') + JSON.stringify(k) + ':' + encode((value as Record<string, unknown>)[k], depth + 1);
      }
      return out + '}';
    }
    default:
      throw new CryptoError('bad-input', `canonical encoding does not accept ${typeof value}`);
  }
}

/** Returns the canonical text form of `value` (see file header). */
export function canonicalString(value: CanonicalValue): string {
  return encode(value, 0);
}

/** Returns the canonical UTF-8 bytes of `value` (see file header). */
export function canonicalBytes(value: CanonicalValue): Uint8Array {
  return utf8Encode(encode(value, 0));
}
