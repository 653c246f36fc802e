/**
 * The API reference in docs/api/, generated from the TSDoc of the package's
 * public entry points. The declarations come from `deno doc --json` (Deno is
 * already a devDependency, and its documentation parser does not depend on
 * the TypeScript compiler API, which TypeScript 7 no longer ships as a
 * JavaScript library and which TypeDoc therefore cannot use); this file only
 * renders that JSON as Markdown. `npm run docs` writes the files;
 * test/docs/docs.test.ts checks they are fresh.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOURCE_CONDITION } from './conditions.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** A public entry point of the package and the page documenting it. */
interface Entry {
  /** The import specifier users write. */
  specifier: string;
  /** Source of the entry, relative to the repository root. */
  source: string;
  /** Page under docs/api/. */
  page: string;
  /** Another entry whose page documents the same declarations (only names are listed then). */
  sameAs?: string;
}

/** The entry points of package.json `exports`, in the order the index lists them. */
export const ENTRIES: readonly Entry[] = [
  { specifier: 'latchkey', source: 'src/client/index.ts', page: 'latchkey.md' },
  { specifier: 'latchkey/crypto', source: 'src/crypto/index.ts', page: 'crypto.md' },
  { specifier: 'latchkey/protocol', source: 'src/protocol/index.ts', page: 'protocol.md' },
  { specifier: 'latchkey/browser', source: 'src/client/browser.ts', page: 'browser.md', sameAs: 'latchkey' },
];

/** Folder of the generated pages, relative to the repository root. */
export const API_DIR = 'docs/api';

// The subset of deno doc's JSON (format version 2) that is rendered here.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
interface JsDoc {
  doc?: string;
  tags?: { kind: string; name?: string; doc?: string; type?: string }[];
}
interface Declaration {
  kind: string;
  location: { filename: string };
  jsDoc?: JsDoc;
  def: Json;
}
interface DocSymbol {
  name: string;
  declarations: Declaration[];
}

/**
 * An import map sending each package.json `#name` to its Node source variant
 * (under SOURCE_CONDITION): Deno takes no custom conditions, and its default
 * would be the built file in dist/, which may not exist yet.
 */
function sourceImportMap(dir: string): string {
  type Target = string | { [condition: string]: Target };
  const pick = (t: Target): string => (typeof t === 'string' ? t : pick(t.node ?? t.default!));
  const { imports } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { imports: Record<string, Record<string, Target>> };
  const map: Record<string, string> = {};
  for (const [name, target] of Object.entries(imports)) map[name] = new URL(pick(target[SOURCE_CONDITION]!), `file://${ROOT}`).href;
  const file = join(dir, 'import-map.json');
  writeFileSync(file, JSON.stringify({ imports: map }));
  return file;
}

function denoDoc(source: string): { moduleDoc: JsDoc | undefined; symbols: DocSymbol[] } {
  let out: string;
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-api-docs-'));
  try {
    const importMap = sourceImportMap(dir);
    out = execFileSync(join(ROOT, 'node_modules/.bin/deno'), ['doc', '--json', '--no-lock', `--import-map=${importMap}`, source], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'pipe'], // stderr carries harmless type-resolution warnings; shown only on failure
      env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
    });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n').slice(-5).join('\n');
    throw new Error(`deno doc --json ${source} failed (run npm ci to install the deno devDependency):\n${stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const parsed = JSON.parse(out) as { version: number; nodes: Record<string, { module_doc?: JsDoc; symbols: DocSymbol[] }> };
  if (parsed.version !== 2) throw new Error(`deno doc --json format ${parsed.version} is not the one this renderer reads (2)`);
  const node = Object.values(parsed.nodes)[0]!;
  return { moduleDoc: node.module_doc, symbols: node.symbols };
}

// ---- types -------------------------------------------------------------------------------------------------

function typeList(types: Json[] | undefined): string {
  return (types ?? []).map(type).join(', ');
}

function typeParams(params: Json[] | undefined): string {
  if (!params?.length) return '';
  return `<${params
    .map((p: Json) => `${p.name}${p.constraint ? ` extends ${type(p.constraint)}` : ''}${p.default ? ` = ${type(p.default)}` : ''}`)
    .join(', ')}>`;
}

function literal(v: Json): string {
  switch (v.kind) {
    case 'string':
      return JSON.stringify(v.string);
    case 'number':
      return String(v.number);
    case 'boolean':
      return String(v.boolean);
    case 'bigInt':
      return `${v.string}n`;
    case 'template':
      return `\`${(v.tsTypes ?? []).map((t: Json) => (t.kind === 'literal' && t.value.kind === 'string' ? t.value.string : `\${${type(t)}}`)).join('')}\``;
    default:
      return '?';
  }
}

function member(m: Json): string {
  const ro = m.readonly ? 'readonly ' : '';
  if (m.kind === 'method' || m.params) {
    const name = m.kind === 'getter' ? `get ${m.name}` : m.kind === 'setter' ? `set ${m.name}` : m.name;
    return `${name}${m.optional ? '?' : ''}${typeParams(m.typeParams)}(${params(m.params)})${m.returnType ? `: ${type(m.returnType)}` : ''}`;
  }
  return `${ro}${m.name}${m.optional ? '?' : ''}${m.tsType ? `: ${type(m.tsType)}` : ''}`;
}

function typeLiteral(v: Json): string {
  const parts = [
    ...(v.callSignatures ?? []).map((c: Json) => `${typeParams(c.typeParams)}(${params(c.params)}): ${type(c.tsType)}`),
    ...(v.indexSignatures ?? []).map((s: Json) => `${s.readonly ? 'readonly ' : ''}[${params(s.params)}]: ${type(s.tsType)}`),
    ...(v.properties ?? []).map(member),
    ...(v.methods ?? []).map(member),
  ];
  return parts.length ? `{ ${parts.join('; ')} }` : '{}';
}

/** Renders a deno doc TsTypeDef as TypeScript source. */
function type(t: Json): string {
  if (!t) return 'unknown';
  const v = t.value;
  switch (t.kind) {
    case 'keyword':
      return v;
    case 'typeRef':
      return `${v.typeName}${v.typeParams?.length ? `<${typeList(v.typeParams)}>` : ''}`;
    case 'literal':
      return literal(v);
    case 'union':
      return v.map(type).join(' | ');
    case 'intersection':
      return v.map(type).join(' & ');
    case 'array': {
      const inner = type(v);
      return /^[\w.<>, ]+$/.test(inner) ? `${inner}[]` : `(${inner})[]`;
    }
    case 'tuple':
      return `[${typeList(v)}]`;
    case 'typeOperator':
      return `${v.operator} ${type(v.tsType)}`;
    case 'parenthesized':
      return `(${type(v)})`;
    case 'rest':
      return `...${type(v)}`;
    case 'optional':
      return `${type(v)}?`;
    case 'typeQuery':
      return `typeof ${typeof v === 'string' ? v : (v.exprName ?? t.repr)}`;
    case 'this':
      return 'this';
    case 'fnOrConstructor':
      return `${v.constructor ? 'new ' : ''}${typeParams(v.typeParams)}(${params(v.params)}) => ${type(v.tsType)}`;
    case 'conditional':
      return `${type(v.checkType)} extends ${type(v.extendsType)} ? ${type(v.trueType)} : ${type(v.falseType)}`;
    case 'infer':
      return `infer ${v.typeParam.name}`;
    case 'indexedAccess':
      return `${type(v.objType)}[${type(v.indexType)}]`;
    case 'mapped':
      return `{ ${v.readonly ? 'readonly ' : ''}[${v.typeParam.name} in ${type(v.typeParam.constraint)}]${v.optional ? '?' : ''}: ${type(v.tsType)} }`;
    case 'typeLiteral':
      return typeLiteral(v);
    case 'typePredicate':
      return `${v.asserts ? 'asserts ' : ''}${v.param.type === 'this' ? 'this' : v.param.name}${v.type ? ` is ${type(v.type)}` : ''}`;
    case 'importType':
      return `import(${JSON.stringify(v.specifier)})${v.qualifier ? `.${v.qualifier}` : ''}${v.typeParams?.length ? `<${typeList(v.typeParams)}>` : ''}`;
    default:
      return t.repr || 'unknown';
  }
}

function param(p: Json): string {
  switch (p.kind) {
    case 'identifier':
      return `${p.name}${p.optional ? '?' : ''}${p.tsType ? `: ${type(p.tsType)}` : ''}`;
    case 'assign': {
      const left = p.left.kind === 'identifier' ? { ...p.left, optional: true } : p.left;
      return param(p.tsType ? { ...left, tsType: p.tsType } : left);
    }
    case 'rest':
      return `...${param(p.arg)}${p.tsType ? `: ${type(p.tsType)}` : ''}`;
    case 'object':
      return `{ ${(p.props ?? []).map((x: Json) => x.key ?? x.name ?? '...').join(', ')} }${p.optional ? '?' : ''}${p.tsType ? `: ${type(p.tsType)}` : ''}`;
    case 'array':
      return `[...]${p.optional ? '?' : ''}${p.tsType ? `: ${type(p.tsType)}` : ''}`;
    default:
      return '?';
  }
}

function params(list: Json[] | undefined): string {
  return (list ?? []).map(param).join(', ');
}

// ---- declarations ------------------------------------------------------------------------------------------

const isInternal = (doc: JsDoc | undefined): boolean => Boolean(doc?.tags?.some((t) => t.kind === 'internal'));

function signature(name: string, d: Declaration): string {
  const def = d.def;
  switch (d.kind) {
    case 'function':
      return `function ${name}${typeParams(def.typeParams)}(${params(def.params)})${def.returnType ? `: ${type(def.returnType)}` : ''}`;
    case 'class': {
      const ext = def.extends ? ` extends ${def.extends}${def.superTypeParams?.length ? `<${typeList(def.superTypeParams)}>` : ''}` : '';
      const impl = def.implements?.length ? ` implements ${typeList(def.implements)}` : '';
      return `${def.isAbstract ? 'abstract ' : ''}class ${name}${typeParams(def.typeParams)}${ext}${impl}`;
    }
    case 'interface': {
      const ext = def.extends?.length ? ` extends ${typeList(def.extends)}` : '';
      return `interface ${name}${typeParams(def.typeParams)}${ext}`;
    }
    case 'typeAlias':
      return `type ${name}${typeParams(def.typeParams)} = ${type(def.tsType)}`;
    case 'variable':
      return `${def.kind} ${name}${def.tsType ? `: ${type(def.tsType)}` : ''}`;
    case 'enum':
      return `enum ${name} { ${(def.members ?? []).map((m: Json) => m.name).join(', ')} }`;
    default:
      return `${d.kind} ${name}`;
  }
}

function tagLines(doc: JsDoc | undefined): string[] {
  const out: string[] = [];
  for (const tag of doc?.tags ?? []) {
    if (tag.kind === 'param' && tag.name) out.push(`- \`${tag.name}\`: ${oneLine(tag.doc ?? '')}`);
    else if (tag.kind === 'return') out.push(`- returns: ${oneLine(tag.doc ?? '')}`);
    else if (tag.kind === 'throws') out.push(`- throws: ${oneLine([tag.type, tag.doc].filter(Boolean).join(' '))}`);
    else if (tag.kind === 'deprecated') out.push(`- deprecated: ${oneLine(tag.doc ?? '')}`);
  }
  return out;
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ').trim();

/** `{@link X}` becomes `X` in code style (links to other pages would go stale with every rename). */
const prose = (text: string | undefined): string => (text ?? '').replace(/\{@link(?:code|plain)?\s+([^}|\s]+)(?:[\s|]+([^}]*))?\}/g, (_, target: string, label?: string) => `\`${label?.trim() || target}\``).trim();

function members(name: string, d: Declaration): string[] {
  const def = d.def;
  const rows: string[] = [];
  const add = (sig: string, doc: JsDoc | undefined): void => {
    if (isInternal(doc)) return;
    const text = prose(doc?.doc);
    rows.push(`- \`${sig}\`${text ? `: ${oneLine(text)}` : ''}`);
  };
  if (d.kind === 'class') {
    for (const c of def.constructors ?? []) {
      if (c.accessibility === 'private' || c.accessibility === 'protected') continue;
      add(`new ${name}(${params(c.params)})`, c.jsDoc);
    }
    for (const p of def.properties ?? []) {
      if (p.accessibility === 'private' || p.accessibility === 'protected' || String(p.name).startsWith('#')) continue;
      add(`${p.isStatic ? 'static ' : ''}${member(p)}`, p.jsDoc);
    }
    for (const m of def.methods ?? []) {
      if (m.accessibility === 'private' || m.accessibility === 'protected' || String(m.name).startsWith('#')) continue;
      add(`${m.isStatic ? 'static ' : ''}${member({ ...m.functionDef, name: m.name, kind: m.kind, optional: m.optional })}`, m.jsDoc);
    }
  } else if (d.kind === 'interface') {
    for (const c of def.callSignatures ?? []) add(`(${params(c.params)}): ${type(c.tsType)}`, c.jsDoc);
    for (const p of def.properties ?? []) add(member(p), p.jsDoc);
    for (const m of def.methods ?? []) add(member(m), m.jsDoc);
  }
  return rows;
}

const KIND_TITLES: [string, string][] = [
  ['function', 'Functions'],
  ['class', 'Classes'],
  ['interface', 'Interfaces'],
  ['typeAlias', 'Types'],
  ['variable', 'Constants'],
  ['enum', 'Enums'],
];

function sourceOf(d: Declaration): string {
  return relative(ROOT, fileURLToPath(d.location.filename));
}

function renderSymbol(s: DocSymbol): string[] {
  const decls = s.declarations.filter((d) => !isInternal(d.jsDoc) && d.kind !== 'import');
  const lines = [`### ${s.name}`, '', '```ts', ...decls.map((d) => signature(s.name, d)), '```', ''];
  const doc = decls.map((d) => prose(d.jsDoc?.doc)).find(Boolean);
  if (doc) lines.push(doc, '');
  const tags = decls.flatMap((d) => tagLines(d.jsDoc));
  const rows = decls.flatMap((d) => members(s.name, d));
  if (tags.length) lines.push(...tags, '');
  if (rows.length) lines.push(...rows, '');
  lines.push(`Defined in [${sourceOf(decls[0]!)}](../../${sourceOf(decls[0]!)}).`, '');
  return lines;
}

function primaryKind(s: DocSymbol): string {
  const kinds = s.declarations.map((d) => d.kind);
  // A zod schema and its inferred type share a name: list it with the constants.
  if (kinds.includes('variable') && kinds.includes('typeAlias')) return 'variable';
  return KIND_TITLES.find(([k]) => kinds.includes(k))?.[0] ?? kinds[0]!;
}

const HEADER = (source: string): string =>
  `<!-- Generated by \`npm run docs\` (scripts/api-docs.ts) from the TSDoc of ${source}; do not edit. -->`;

function renderEntry(entry: Entry): string {
  const { moduleDoc, symbols } = denoDoc(entry.source);
  const visible = symbols.filter((s) => s.declarations.some((d) => !isInternal(d.jsDoc) && d.kind !== 'import')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines = [HEADER(entry.source), '', `# \`${entry.specifier}\``, ''];
  const intro = prose(moduleDoc?.doc);
  if (intro) lines.push(intro, '');
  if (entry.sameAs) {
    const page = ENTRIES.find((e) => e.specifier === entry.sameAs)!.page;
    lines.push(`Every name below is the same declaration as in [\`${entry.sameAs}\`](${page}); see there for signatures and documentation.`, '');
    for (const [kind, title] of KIND_TITLES) {
      const group = visible.filter((s) => primaryKind(s) === kind);
      if (group.length) lines.push(`- ${title}: ${group.map((s) => `[${s.name}](${page}#${slug(s.name)})`).join(', ')}`);
    }
    return lines.join('\n') + '\n';
  }
  lines.push('## Contents', '');
  for (const [kind, title] of KIND_TITLES) {
    const group = visible.filter((s) => primaryKind(s) === kind);
    if (group.length) lines.push(`- [${title}](#${slug(title)}): ${group.map((s) => `[${s.name}](#${slug(s.name)})`).join(', ')}`);
  }
  lines.push('');
  for (const [kind, title] of KIND_TITLES) {
    const group = visible.filter((s) => primaryKind(s) === kind);
    if (!group.length) continue;
    lines.push(`## ${title}`, '');
    for (const s of group) lines.push(...renderSymbol(s));
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

/**
 * GitHub's heading anchor for `text` (lower case, punctuation dropped, spaces
 * to `-`). Names here are identifiers, so no two headings of a page collide
 * unless they differ only in case, which {@link renderApiDocs} refuses.
 */
export function slug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function renderIndex(): string {
  return [
    HEADER('the package entry points'),
    '',
    '# API reference',
    '',
    'Generated from the TSDoc comments of the public entry points (package.json `exports`) by `npm run docs`;',
    'a test fails when these pages are stale. Guides: [sdk.md](../sdk.md), [providers.md](../providers.md),',
    '[notebooks.md](../notebooks.md), [format-v1.md](../format-v1.md), [http-api.md](../http-api.md).',
    '',
    '| import | page | source |',
    '|---|---|---|',
    ...ENTRIES.map((e) => `| \`${e.specifier}\` | [${e.page}](${e.page}) | [${e.source}](../../${e.source}) |`),
    '',
  ].join('\n');
}

/** Every page of docs/api/, by file name. */
export function renderApiDocs(): Map<string, string> {
  const pages = new Map<string, string>([['README.md', renderIndex()]]);
  for (const entry of ENTRIES) {
    const text = renderEntry(entry);
    const anchors = [...text.matchAll(/^#{2,3} (.+)$/gm)].map((m) => slug(m[1]!));
    const dup = anchors.find((a, i) => anchors.indexOf(a) !== i);
    if (dup) throw new Error(`${entry.page}: two headings share the anchor #${dup}; rename one of the exports`);
    pages.set(entry.page, text);
  }
  return pages;
}
