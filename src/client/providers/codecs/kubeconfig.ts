/**
 * kubeconfig: the whole file (no selector), or one context with its cluster
 * and user merged into the `clusters`/`contexts`/`users` lists by name.
 */
import { isMap, isSeq, stringify, type Document } from 'yaml';
import { ProviderValueError } from '../errors.ts';
import { parseYaml, yamlText } from './yaml-key.ts';
import type { Codec } from './types.ts';

type Obj = Record<string, unknown>;
const LISTS = ['clusters', 'contexts', 'users'] as const;

interface ContextPart {
  name: string;
  context: Obj;
  cluster: Obj | null;
  user: Obj | null;
}

function named(list: unknown, name: unknown): Obj | null {
  if (!Array.isArray(list)) return null;
  return (list.find((x) => x && typeof x === 'object' && (x as Obj)['name'] === name) as Obj | undefined) ?? null;
}

function extract(config: Obj, name: string | null): ContextPart | null {
  const contexts = Array.isArray(config['contexts']) ? (config['contexts'] as Obj[]) : [];
  const ctx = name === null ? (contexts.length === 1 ? contexts[0]! : null) : named(contexts, name);
  if (!ctx || typeof ctx['name'] !== 'string') return null;
  const inner = (ctx['context'] ?? {}) as Obj;
  return { name: ctx['name'], context: ctx, cluster: named(config['clusters'], inner['cluster']), user: named(config['users'], inner['user']) };
}

function toText(part: ContextPart): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: part.cluster ? [part.cluster] : [],
    contexts: [part.context],
    users: part.user ? [part.user] : [],
    'current-context': part.name,
  });
}

function jsOf(text: string, path: string): Obj {
  return (parseYaml(text, path).toJS() ?? {}) as Obj;
}

function valueConfig(text: string): Obj {
  try {
    return jsOf(text, 'kubeconfig value');
  } catch {
    throw new ProviderValueError('The kubeconfig value is not a YAML mapping; pass the kubeconfig file text.');
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Obj)[k])]));
  return v;
}

function upsert(doc: Document.Parsed, list: string, item: Obj): void {
  let seq = doc.get(list, true);
  if (!isSeq(seq)) {
    seq = doc.createNode([]);
    doc.set(list, seq);
  }
  const items = (seq as { items: unknown[] }).items;
  const i = items.findIndex((n) => isMap(n) && n.get('name') === item['name']);
  const node = doc.createNode(item);
  if (i >= 0) items[i] = node;
  else items.push(node);
}

function drop(doc: Document.Parsed, list: string, name: unknown): void {
  const seq = doc.get(list, true);
  if (!isSeq(seq)) return;
  const i = seq.items.findIndex((n) => isMap(n) && n.get('name') === name);
  if (i >= 0) seq.items.splice(i, 1);
}

/** Codec for kubeconfig files. */
export const kubeconfigCodec: Codec = {
  async read(text, selector, path) {
    const config = jsOf(text, path);
    if (selector === null) return Object.keys(config).length === 0 ? null : { '*': text };
    const part = extract(config, selector);
    return part ? { '*': toText(part) } : null;
  },
  async write(text, selector, fields, _managed, path) {
    const value = fields['*'] ?? '';
    const incoming = valueConfig(value);
    if (selector === null) return value;
    const part = extract(incoming, selector) ?? extract(incoming, null);
    if (!part) throw new ProviderValueError(`The kubeconfig value has no context "${selector}".`);
    if (part.name !== selector) part.context = { ...part.context, name: selector };
    const doc = parseYaml(text ?? '', path);
    const fresh = doc.contents === null;
    if (fresh) doc.contents = doc.createNode({ apiVersion: 'v1', kind: 'Config', clusters: [], contexts: [], users: [] }) as never;
    if (part.cluster) upsert(doc, 'clusters', part.cluster);
    upsert(doc, 'contexts', part.context);
    if (part.user) upsert(doc, 'users', part.user);
    if (fresh || !doc.get('current-context')) doc.set('current-context', selector);
    return yamlText(doc, text);
  },
  async remove(text, selector, _managed, path) {
    if (selector === null) return null;
    const doc = parseYaml(text, path);
    const config = (doc.toJS() ?? {}) as Obj;
    const part = extract(config, selector);
    if (!part) return text;
    const inner = (part.context['context'] ?? {}) as Obj;
    drop(doc, 'contexts', selector);
    const rest = ((doc.toJS() as Obj)['contexts'] ?? []) as Obj[];
    const used = (key: string, name: unknown): boolean => rest.some((c) => ((c['context'] ?? {}) as Obj)[key] === name);
    if (part.cluster && !used('cluster', inner['cluster'])) drop(doc, 'clusters', inner['cluster']);
    if (part.user && !used('user', inner['user'])) drop(doc, 'users', inner['user']);
    if (doc.get('current-context') === selector) doc.delete('current-context');
    const left = (doc.toJS() ?? {}) as Obj;
    if (LISTS.every((l) => !Array.isArray(left[l]) || (left[l] as unknown[]).length === 0) && rest.length === 0 && Object.keys(left).every((k) => ['apiVersion', 'kind', 'preferences', ...LISTS].includes(k))) return null;
    return yamlText(doc, text);
  },
  async same(a, b, selector) {
    try {
      const ca = valueConfig(a['*'] ?? '');
      const cb = valueConfig(b['*'] ?? '');
      if (selector === null) return deepEqual(ca, cb);
      const pa = extract(ca, selector) ?? extract(ca, null);
      const pb = extract(cb, selector) ?? extract(cb, null);
      if (!pa || !pb) return false;
      const norm = (p: ContextPart): unknown => ({ cluster: p.cluster, user: p.user, context: { ...p.context, name: selector } });
      return deepEqual(norm(pa), norm(pb));
    } catch {
      return false;
    }
  },
};

