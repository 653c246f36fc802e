/**
 * One top-level key of a YAML mapping (gh hosts.yml `github.com:`), edited
 * through the `yaml` Document API so other keys and comments survive.
 */
import { parseDocument, isMap, isScalar, YAMLMap, type Document } from 'yaml';
import { ProviderFormatError } from '../errors.ts';
import type { Codec, Fields } from './types.ts';

/** Parses YAML, throwing ProviderFormatError with the line of the first error. */
export function parseYaml(text: string, path: string): Document.Parsed {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) throw new ProviderFormatError(path, err.linePos?.[0]?.line ?? null, `not valid YAML (${err.code})`);
  if (doc.contents !== null && !isMap(doc.contents)) throw new ProviderFormatError(path, 1, 'expected a YAML mapping at the top level');
  return doc;
}

/** Serialises with the file's own indentation (gh uses 4 spaces, kubectl 2). */
export function yamlText(doc: Document.Parsed, original: string | null): string {
  const m = original ? /^[^\s#][^\n]*:[ \t]*\r?\n( +)[^\s#]/m.exec(original) : null;
  const indent = m ? Math.min(Math.max(m[1]!.length, 1), 8) : 2;
  return doc.toString({ indent });
}

function scalarFields(node: unknown): Fields | null {
  if (!isMap(node)) return null;
  const out: Fields = {};
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : null;
    if (key !== null && isScalar(pair.value) && pair.value.value !== null) out[key] = String(pair.value.value);
  }
  return out;
}

/** Codec for one key of a top-level YAML mapping. */
export const yamlKeyCodec: Codec = {
  async read(text, selector, path) {
    const doc = parseYaml(text, path);
    return scalarFields(doc.get(selector ?? '', true));
  },
  async write(text, selector, fields, managed, path) {
    const doc = parseYaml(text ?? '', path);
    if (doc.contents === null) doc.contents = new YAMLMap() as never;
    const key = selector ?? '';
    let entry = doc.get(key, true);
    if (!isMap(entry)) {
      entry = doc.createNode({});
      doc.set(key, entry);
    }
    const map = entry as YAMLMap;
    for (const k of managed) if (!(k in fields)) map.delete(k);
    for (const [k, v] of Object.entries(fields)) map.set(k, v);
    return yamlText(doc, text);
  },
  async remove(text, selector, managed, path) {
    const doc = parseYaml(text, path);
    const key = selector ?? '';
    const entry = doc.get(key, true);
    if (isMap(entry)) {
      for (const k of managed) entry.delete(k);
      if (entry.items.length === 0) doc.delete(key);
    }
    if (!isMap(doc.contents) || doc.contents.items.length === 0) return null;
    return yamlText(doc, text);
  },
};
