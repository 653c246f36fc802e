/**
 * `latchkey export` formats: dotenv, json, shell, and a Kubernetes Secret
 * manifest. Input is an ordered list of environment variables; every format
 * quotes so that any value (spaces, quotes, newlines, `$`) round-trips.
 * @module
 */

/** Supported `--format` values. */
export const EXPORT_FORMATS = ['dotenv', 'json', 'shell', 'k8s'] as const;

/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** An environment variable to export. */
export interface ExportVar {
  readonly name: string;
  readonly value: string;
}

const SAFE_BARE = /^[A-Za-z0-9_./:@%+,=-]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True for a portable environment variable name. */
export function isEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}

/** POSIX shell single-quoting: `it's` -> `'it'\''s'`. */
export function shellQuote(value: string): string {
  if (value !== '' && SAFE_BARE.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * dotenv quoting: bare when safe, single quotes (literal in dotenv parsers)
 * when there is no single quote or newline, else double quotes with escapes.
 */
export function dotenvQuote(value: string): string {
  if (value !== '' && SAFE_BARE.test(value)) return value;
  if (!/['\n\r]/.test(value)) return `'${value}'`;
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\$/g, '\\$');
  return `"${escaped}"`;
}

/** RFC 1123 name for a Kubernetes object: lower case, digits, `-`, at most 253 characters. */
export function k8sName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 253);
  return cleaned === '' ? 'latchkey-secret' : cleaned;
}

/** Renders variables in one format. `k8sSecretName` names the manifest (k8s only). */
export function formatExport(format: ExportFormat, vars: readonly ExportVar[], k8sSecretName = 'latchkey'): string {
  switch (format) {
    case 'dotenv':
      return vars.map((v) => `${v.name}=${dotenvQuote(v.value)}\n`).join('');
    case 'shell':
      return vars.map((v) => `export ${v.name}=${shellQuote(v.value)}\n`).join('');
    case 'json': {
      const object: Record<string, string> = {};
      for (const v of vars) object[v.name] = v.value;
      return `${JSON.stringify(object, null, 2)}\n`;
    }
    case 'k8s': {
      const lines = [
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        `  name: ${k8sName(k8sSecretName)}`,
        'type: Opaque',
      ];
      if (vars.length === 0) lines.push('data: {}');
      else {
        lines.push('data:');
        for (const v of vars) lines.push(`  ${v.name}: ${Buffer.from(v.value, 'utf8').toString('base64')}`);
      }
      return `${lines.join('\n')}\n`;
    }
  }
}
