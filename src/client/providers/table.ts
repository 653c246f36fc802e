/**
 * The table of providers in docs/providers.md, generated from the registry so docs cannot
 * drift from the code.
 */
import { describeLocations } from './locate.ts';
import { providers } from './registry.ts';
import type { FileSpec, ProviderSpec } from './types.ts';

/** Markers around the generated table in docs/providers.md. */
export const TABLE_START = '<!-- providers:start -->';
/** End marker. */
export const TABLE_END = '<!-- providers:end -->';

const FORMAT: Record<string, string> = {
  ini: 'INI section',
  toml: 'TOML profile',
  keyvalue: '`key = value` line',
  'json-whole': 'JSON (whole file)',
  'json-keys': 'JSON keys',
  'docker-auth': 'JSON `auths.<server>.auth`',
  'yaml-key': 'YAML host key',
  kubeconfig: 'kubeconfig (whole or one context)',
  netrc: 'netrc machine',
  token: 'token file',
  raw: 'raw text',
};

function fileCell(f: FileSpec): string {
  const where = describeLocations(f).split(' or ').map((p) => `\`${p}\``).join(' or ');
  const sel = f.selector?.default ? ` [${f.selector.default}]` : '';
  return `${where}${sel}`;
}

function row(p: ProviderSpec): string {
  const files = p.keyPair
    ? p.keyPair.names.map((n) => `\`~/${p.keyPair!.dir}/${n}\``).join(', ') + ' (+ `.pub`)'
    : p.files.map(fileCell).join('; ') || '—';
  const env = p.env.map((e) => e.names.map((n) => `\`${n}\``).join(e.exportAll ? ' + ' : ' / ')).join(', ') || '—';
  const formats = p.keyPair ? 'key pair' : [...new Set(p.files.map((f) => FORMAT[f.codec]))].join('; ') || 'env only';
  const keys = p.valueKeys.map((k) => (p.required.includes(k) ? `\`${k}\`` : `\`${k}\`?`)).join(', ');
  return `| \`${p.name}\` | ${keys} | ${files} | ${env} | ${formats} |`;
}

/** The markdown table (with markers) for every built-in provider. */
export function providerTable(): string {
  return [
    TABLE_START,
    '| provider | values (`?` optional) | file | env vars | format |',
    '|---|---|---|---|---|',
    ...providers.map(row),
    TABLE_END,
  ].join('\n');
}

/** Replaces the text between the markers in `doc` with a fresh table; null when the markers are missing. */
export function replaceTable(doc: string): string | null {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start) return null;
  return doc.slice(0, start) + providerTable() + doc.slice(end + TABLE_END.length);
}
