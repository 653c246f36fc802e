/**
 * JSON credentials files: kept whole (gcp), a few top-level keys (kaggle), or
 * one `auths.<server>` entry of docker's config.json.
 */
import { toBase64, utf8Encode } from '../../../crypto/index.ts';
import { ProviderFormatError, ProviderValueError } from '../errors.ts';
import { jsonErrorOffset } from './json-position.ts';
import { lineOf, sameFields, type Codec, type Fields } from './types.ts';

type JsonObject = Record<string, unknown>;

/** Parses a JSON object; errors name the line but never echo file content. */
export function parseJsonObject(text: string, path: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const at = jsonErrorOffset(text);
    throw new ProviderFormatError(path, at === null ? null : lineOf(text, at), 'not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ProviderFormatError(path, 1, 'expected a JSON object');
  return value as JsonObject;
}

function indentOf(text: string | null): string | number {
  const m = text ? /\n([ \t]+)"/.exec(text) : null;
  return m ? m[1]! : text && !text.includes('\n') ? 0 : 2;
}

function stringify(obj: JsonObject, like: string | null): string {
  const indent = indentOf(like);
  return JSON.stringify(obj, null, indent === 0 ? undefined : indent) + (like === null || like.endsWith('\n') ? '\n' : '');
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as JsonObject);
  const kb = Object.keys(b as JsonObject);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as JsonObject)[k], (b as JsonObject)[k]));
}

/** Whole-file JSON object, value under `*` (gcp). */
export const jsonWholeCodec: Codec = {
  async read(text, _selector, path) {
    parseJsonObject(text, path);
    return { '*': text };
  },
  async write(_text, _selector, fields, _managed, path) {
    const value = fields['*'] ?? '';
    try {
      parseJsonObject(value, path);
    } catch {
      throw new ProviderValueError('The credentials value is not a JSON object; pass the JSON file text.');
    }
    return value;
  },
  async remove() {
    return null;
  },
  async same(a, b) {
    try {
      return deepEqual(JSON.parse(a['*'] ?? ''), JSON.parse(b['*'] ?? ''));
    } catch {
      return a['*'] === b['*'];
    }
  },
};

/** Some top-level string keys of a JSON object (kaggle.json); other keys are kept. */
export const jsonKeysCodec: Codec = {
  async read(text, _selector, path) {
    const obj = parseJsonObject(text, path);
    const out: Fields = {};
    for (const [k, v] of Object.entries(obj)) if (typeof v === 'string') out[k] = v;
    return Object.keys(out).length ? out : null;
  },
  async write(text, _selector, fields, managed, path) {
    const obj = text === null || text.trim() === '' ? {} : parseJsonObject(text, path);
    for (const k of managed) if (!(k in fields)) delete obj[k];
    Object.assign(obj, fields);
    return stringify(obj, text);
  },
  async remove(text, _selector, managed, path) {
    const obj = parseJsonObject(text, path);
    for (const k of managed) delete obj[k];
    return Object.keys(obj).length ? stringify(obj, text) : null;
  },
};

/** Docker Hub's key in `auths`. */
export const DOCKER_HUB = 'https://index.docker.io/v1/';

function encodeAuth(user: string, pass: string): string {
  return toBase64(utf8Encode(`${user}:${pass}`));
}

function decodeAuth(auth: string): { username: string; password: string } | null {
  try {
    const bin = atob(auth);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
    const i = text.indexOf(':');
    return i < 0 ? null : { username: text.slice(0, i), password: text.slice(i + 1) };
  } catch {
    return null;
  }
}

function authsOf(obj: JsonObject, path: string): JsonObject {
  const auths = obj['auths'] ?? {};
  if (typeof auths !== 'object' || auths === null || Array.isArray(auths)) throw new ProviderFormatError(path, null, '"auths" is not an object');
  return auths as JsonObject;
}

/** `auths.<server>.auth = base64(user:pass)` in docker's config.json; other registries and keys are kept. */
export const dockerAuthCodec: Codec = {
  async read(text, selector, path) {
    const auths = authsOf(parseJsonObject(text, path), path);
    const servers = selector !== null ? [selector] : [DOCKER_HUB, ...Object.keys(auths)];
    for (const server of servers) {
      const entry = auths[server] as JsonObject | undefined;
      if (entry && typeof entry === 'object' && typeof entry['auth'] === 'string') {
        const up = decodeAuth(entry['auth']);
        if (!up) throw new ProviderFormatError(path, null, `auths["${server}"].auth is not base64 of "user:password"`);
        return { ...up, server };
      }
    }
    return null;
  },
  async write(text, selector, fields, _managed, path) {
    const obj = text === null || text.trim() === '' ? {} : parseJsonObject(text, path);
    const auths = authsOf(obj, path);
    const server = fields['server'] ?? selector ?? DOCKER_HUB;
    if (fields['username']?.includes(':')) throw new ProviderValueError('A docker username cannot contain ":".');
    const entry = (auths[server] && typeof auths[server] === 'object' ? auths[server] : {}) as JsonObject;
    auths[server] = { ...entry, auth: encodeAuth(fields['username'] ?? '', fields['password'] ?? '') };
    obj['auths'] = auths;
    return stringify(obj, text);
  },
  async remove(text, selector, _managed, path) {
    const obj = parseJsonObject(text, path);
    const auths = authsOf(obj, path);
    const server = selector ?? DOCKER_HUB;
    const entry = auths[server] as JsonObject | undefined;
    if (entry && typeof entry === 'object') {
      delete entry['auth'];
      if (Object.keys(entry).length === 0) delete auths[server];
    }
    if (Object.keys(auths).length === 0 && Object.keys(obj).length === 1) return null;
    return stringify(obj, text);
  },
  async same(a, b) {
    return sameFields({ ...a, server: a['server'] ?? DOCKER_HUB }, { ...b, server: b['server'] ?? DOCKER_HUB });
  },
};
