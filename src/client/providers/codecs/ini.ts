/**
 * INI-style files edited line by line: only the lines of our keys change, so
 * other sections, comments, ordering and spacing survive byte for byte.
 * Variants: `ini` (aws, databricks), `toml` (quoted strings, modal) and
 * `keyvalue` (no sections, lambda).
 */
import { ProviderFormatError, ProviderValueError } from '../errors.ts';
import { eolOf, type Codec, type Fields } from './types.ts';

interface Line {
  kind: 'blank' | 'comment' | 'section' | 'key' | 'continuation';
  text: string;
  name?: string;
  key?: string;
  value?: string;
}

const SECTION = /^\s*\[\s*(.+?)\s*\]\s*(?:[;#].*)?$/;
const KEY = /^(\s*)([^\s=:[][^=:]*?)\s*([=:])\s*(.*?)\s*$/;

function parse(text: string, path: string, quoted: boolean): Line[] {
  if (text === '') return [];
  const raw = text.split(/\r?\n/);
  if (raw[raw.length - 1] === '') raw.pop();
  const lines: Line[] = [];
  raw.forEach((t, i) => {
    if (/^\s*$/.test(t)) lines.push({ kind: 'blank', text: t });
    else if (/^\s*[;#]/.test(t)) lines.push({ kind: 'comment', text: t });
    else if (/^\s*\[/.test(t)) {
      const m = SECTION.exec(t);
      if (!m) throw new ProviderFormatError(path, i + 1, 'section header without a closing "]"');
      lines.push({ kind: 'section', text: t, name: quoted ? unquote(m[1]!, path, i + 1) : m[1]! });
    } else if (/^\s/.test(t) && lines.some((l) => l.kind === 'key')) {
      lines.push({ kind: 'continuation', text: t });
    } else {
      const m = KEY.exec(t);
      if (!m) throw new ProviderFormatError(path, i + 1, 'expected "key = value", a [section] or a comment');
      const value = quoted ? unquote(m[4]!, path, i + 1) : m[4]!;
      lines.push({ kind: 'key', text: t, key: m[2]!, value });
    }
  });
  return lines;
}

function unquote(value: string, path: string, line: number): string {
  if (value.startsWith('"')) {
    const end = value.lastIndexOf('"');
    try {
      if (end <= 0) throw new Error('unterminated');
      return JSON.parse(value.slice(0, end + 1)) as string;
    } catch {
      throw new ProviderFormatError(path, line, 'unterminated or invalid quoted string');
    }
  }
  if (value.startsWith("'")) {
    const end = value.indexOf("'", 1);
    if (end < 0) throw new ProviderFormatError(path, line, 'unterminated literal string');
    return value.slice(1, end);
  }
  return value.replace(/\s+#.*$/, '');
}

/** Index range [start, end) of a section's body lines; start = header index (or 0 for the global part). */
function findSection(lines: Line[], section: string | null): { header: number; end: number } | null {
  if (section === null) {
    const end = lines.findIndex((l) => l.kind === 'section');
    return { header: -1, end: end < 0 ? lines.length : end };
  }
  const header = lines.findIndex((l) => l.kind === 'section' && l.name === section);
  if (header < 0) return null;
  let end = header + 1;
  while (end < lines.length && lines[end]!.kind !== 'section') end++;
  return { header, end };
}

function checkValue(key: string, value: string): void {
  if (/[\r\n]/.test(value)) throw new ProviderValueError(`The value for "${key}" contains a line break, which this file format cannot hold.`);
}

/**
 * A TOML basic string: JSON's escapes, plus DEL (a control character JSON
 * leaves bare and TOML refuses) and U+2028/U+2029 (line separators to
 * line-oriented readers, this one included).
 */
function tomlString(text: string): string {
  return JSON.stringify(text).replace(/[\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function makeCodec(quoted: boolean, sections: boolean): Codec {
  const fmt = (value: string): string => (quoted ? tomlString(value) : value);
  const header = (name: string): string => (quoted && !/^[A-Za-z0-9_-]+$/.test(name) ? `[${tomlString(name)}]` : `[${name}]`);
  const sel = (s: string | null): string | null => (sections ? s : null);
  return {
    async read(text, selector, path) {
      const lines = parse(text, path, quoted);
      if (!sections && lines.some((l) => l.kind === 'section')) {
        throw new ProviderFormatError(path, null, 'unexpected [section] in a key = value file');
      }
      const range = findSection(lines, sel(selector));
      if (!range) return null;
      const out: Fields = {};
      for (let i = range.header + 1; i < range.end; i++) {
        const l = lines[i]!;
        if (l.kind === 'key' && !(l.key! in out)) out[l.key!] = l.value!;
      }
      return range.header < 0 && Object.keys(out).length === 0 ? null : out;
    },
    async write(text, selector, fields, managed, path) {
      for (const [k, v] of Object.entries(fields)) checkValue(k, v);
      const eol = eolOf(text);
      const lines = parse(text ?? '', path, quoted);
      const s = sel(selector);
      // A name that cannot stay on its own header line would write lines of its own (a profile
      // named "x]\ncredential_process = ..." adds a command for the tool to run).
      if (s !== null && !quoted && /[[\]\u0000-\u001f\u007f]/.test(s)) {
        throw new ProviderValueError(`${path}: a section (profile) name may not contain "[", "]", line breaks or control characters; choose another name. Nothing was changed.`);
      }
      let range = findSection(lines, s);
      if (!range) {
        const last = lines[lines.length - 1];
        if (last && last.kind !== 'blank') lines.push({ kind: 'blank', text: '' });
        lines.push({ kind: 'section', text: header(s!), name: s! });
        range = { header: lines.length - 1, end: lines.length };
      }
      let insertAt = range.header + 1;
      for (let i = range.header + 1; i < range.end; i++) if (lines[i]!.kind === 'key' || lines[i]!.kind === 'continuation') insertAt = i + 1;
      const out: Line[] = [];
      const pending = new Map(Object.entries(fields));
      let dropping = false;
      lines.forEach((l, i) => {
        const inPart = i > range.header && i < range.end;
        if (l.kind === 'continuation' && dropping) {
          // continuation lines of a value we replace go with it
        } else if (inPart && l.kind === 'key' && (managed.includes(l.key!) || l.key! in fields)) {
          dropping = true;
          const m = KEY.exec(l.text)!;
          const next = pending.get(l.key!);
          if (next !== undefined) {
            out.push({ kind: 'key', text: `${m[1]}${m[2]} ${m[3]} ${fmt(next)}`, key: l.key! });
            pending.delete(l.key!);
          }
        } else {
          dropping = false;
          out.push(l);
        }
        if (i === insertAt - 1) for (const [k, v] of pending) { out.push({ kind: 'key', text: `${k} = ${fmt(v)}`, key: k }); pending.delete(k); }
      });
      if (insertAt === 0) out.unshift(...[...pending].map(([k, v]): Line => ({ kind: 'key', text: `${k} = ${fmt(v)}`, key: k })));
      return out.map((l) => l.text).join(eol) + eol;
    },
    async remove(text, selector, managed, path) {
      const eol = eolOf(text);
      const lines = parse(text, path, quoted);
      const range = findSection(lines, sel(selector));
      if (!range) return text;
      let dropping = false;
      const keep = lines.filter((l, i) => {
        if (l.kind === 'continuation' && dropping) return false;
        dropping = i > range.header && i < range.end && l.kind === 'key' && managed.includes(l.key!);
        return !dropping;
      });
      const after = findSection(keep, sel(selector))!;
      const body = keep.slice(after.header + 1, after.end);
      if (after.header >= 0 && body.every((l) => l.kind === 'blank')) {
        let start = after.header;
        if (start > 0 && keep[start - 1]!.kind === 'blank') start--;
        keep.splice(start, after.end - start);
      }
      if (keep.every((l) => l.kind === 'blank')) return null;
      return keep.map((l) => l.text).join(eol) + eol;
    },
  };
}

/** `[section]` + `key = value` (aws credentials, databricks). */
export const iniCodec: Codec = makeCodec(false, true);
/** TOML subset: `[profile]` sections with quoted string values (modal). */
export const tomlCodec: Codec = makeCodec(true, true);
/** Plain `key = value` lines without sections (lambda). */
export const keyValueCodec: Codec = makeCodec(false, false);
