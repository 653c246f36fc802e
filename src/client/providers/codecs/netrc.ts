/**
 * ~/.netrc: one `machine` entry is ours; every other entry, comment and
 * `macdef` keeps its bytes.
 */
import { ProviderFormatError, ProviderValueError } from '../errors.ts';
import { eolOf, lineOf, type Codec, type Fields } from './types.ts';

interface Entry {
  /** `machine` host, or null for `default`. */
  host: string | null;
  start: number;
  /** Offset where the next entry (or the end) begins. */
  end: number;
  fields: Fields;
}

const KEYS = new Set(['login', 'password', 'account', 'port']);

function parse(text: string, path: string): Entry[] {
  const entries: Entry[] = [];
  const re = /#[^\n]*|\S+/g;
  let current: Entry | null = null;
  let lastEnd = 0;
  const close = (): void => {
    if (!current) return;
    const tail = /^[ \t]*(\r?\n)?/.exec(text.slice(lastEnd))!;
    current.end = lastEnd + tail[0].length;
  };
  const next = (): RegExpExecArray | null => {
    let t: RegExpExecArray | null;
    while ((t = re.exec(text)) && t[0].startsWith('#') && isLineStart(text, t.index));
    return t;
  };
  const end = (t: RegExpExecArray): number => t.index + t[0].length;
  let m: RegExpExecArray | null;
  while ((m = next())) {
    const tok = m[0];
    if (tok === 'machine' || tok === 'default') {
      close();
      let host: string | null = null;
      lastEnd = end(m);
      if (tok === 'machine') {
        const h = next();
        if (!h) throw new ProviderFormatError(path, lineOf(text, m.index), '"machine" without a host name');
        host = h[0];
        lastEnd = end(h);
      }
      current = { host, start: m.index, end: text.length, fields: {} };
      entries.push(current);
    } else if (tok === 'macdef') {
      if (!current) throw new ProviderFormatError(path, lineOf(text, m.index), '"macdef" before any machine');
      const blank = /\r?\n[ \t]*\r?\n/g;
      blank.lastIndex = m.index;
      const b = blank.exec(text);
      re.lastIndex = b ? b.index + b[0].length : text.length;
      lastEnd = re.lastIndex;
    } else if (KEYS.has(tok)) {
      if (!current) throw new ProviderFormatError(path, lineOf(text, m.index), `"${tok}" before any "machine" line`);
      const v = next();
      if (!v) throw new ProviderFormatError(path, lineOf(text, m.index), `"${tok}" without a value`);
      if (!(tok in current.fields)) current.fields[tok] = v[0];
      lastEnd = end(v);
    } else {
      throw new ProviderFormatError(path, lineOf(text, m.index), 'unexpected word (expected machine, default, login, password, account or macdef)');
    }
  }
  close();
  return entries;
}

function isLineStart(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i < 0 || text[i] === '\n';
}

function render(host: string, fields: Fields, eol: string): string {
  const order = ['login', 'password', 'account', 'port'];
  const keys = Object.keys(fields).sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return [`machine ${host}`, ...keys.map((k) => `  ${k} ${fields[k]}`)].join(eol) + eol;
}

function checkValue(key: string, value: string): void {
  if (value === '' || /\s/.test(value)) throw new ProviderValueError(`The netrc value for "${key}" must be non-empty and contain no spaces or line breaks.`);
}

/** Codec for ~/.netrc machine entries. */
export const netrcCodec: Codec = {
  async read(text, selector, path) {
    const e = parse(text, path).find((x) => x.host === selector);
    return e ? { ...e.fields } : null;
  },
  async write(text, selector, fields, managed, path) {
    for (const [k, v] of Object.entries(fields)) checkValue(k, v);
    const src = text ?? '';
    const eol = eolOf(text);
    const entry = parse(src, path).find((x) => x.host === selector);
    if (!entry) {
      const sep = src === '' || src.endsWith('\n') ? '' : eol;
      return src + sep + render(selector!, fields, eol);
    }
    const merged: Fields = {};
    for (const [k, v] of Object.entries(entry.fields)) if (!managed.includes(k)) merged[k] = v;
    Object.assign(merged, fields);
    const chunk = src.slice(entry.start, entry.end);
    const trailing = /\s*$/.exec(chunk)![0];
    return src.slice(0, entry.start) + render(selector!, merged, eol).replace(/\r?\n$/, '') + (trailing || eol) + src.slice(entry.end);
  },
  async remove(text, selector, managed, path) {
    const entry = parse(text, path).find((x) => x.host === selector);
    if (!entry) return text;
    const rest = Object.keys(entry.fields).filter((k) => !managed.includes(k));
    let out: string;
    if (rest.length === 0) out = text.slice(0, entry.start) + text.slice(entry.end);
    else {
      const kept: Fields = {};
      for (const k of rest) kept[k] = entry.fields[k]!;
      const chunk = text.slice(entry.start, entry.end);
      out = text.slice(0, entry.start) + render(selector!, kept, eolOf(text)).replace(/\r?\n$/, '') + /\s*$/.exec(chunk)![0] + text.slice(entry.end);
    }
    return out.trim() === '' ? null : out;
  },
};
