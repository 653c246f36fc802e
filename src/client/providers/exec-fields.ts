/**
 * File fields that make a tool run a command: the only home of that list.
 * A secret shared by another account may carry credentials, never a command:
 * kubectl runs `users[].user.exec` (and the `auth-provider` plugins), the AWS
 * CLI and SDKs run `credential_process`, docker runs
 * `docker-credential-<name>` for `credsStore`/`credHelpers`, Google auth
 * libraries run `credential_source.executable` of external-account
 * credentials, and ftp runs netrc `macdef` macros. A shared secret whose
 * files would hold any of them is placed nowhere (`write` and `materialize`
 * with `shared`); your own secrets are unaffected.
 *
 * The check renders the secret's part of each file on its own (as if the
 * file were empty) and inspects that text, so a field smuggled in through a
 * selector name or a whole-file value is found the same way as a field key.
 * @module
 */
import { loadCodec } from '#provider-codecs';
import { ProviderExecFieldError } from './errors.ts';
import { toFileFields, type FileTarget } from './targets.ts';
import type { CodecName, ProviderValues } from './types.ts';

/** One field that runs a command: where it is read and which tool runs it. */
export interface ExecField {
  /** File formats that can hold it. */
  readonly codecs: readonly CodecName[];
  /** The key as it appears in the file (compared without letter case). */
  readonly key: string;
  /** How warnings name it. */
  readonly field: string;
  /** What runs it. */
  readonly tool: string;
  /** Only a key of the top-level object counts (docker reads these there alone). */
  readonly topLevel?: boolean;
}

/** Every file field no shared secret may place. */
export const EXEC_FIELDS: readonly ExecField[] = [
  { codecs: ['kubeconfig'], key: 'exec', field: 'users[].user.exec', tool: 'kubectl runs its command' },
  { codecs: ['kubeconfig'], key: 'auth-provider', field: 'users[].user.auth-provider', tool: 'kubectl runs its plugin' },
  { codecs: ['ini', 'toml', 'keyvalue'], key: 'credential_process', field: 'credential_process', tool: 'AWS tools run its command' },
  { codecs: ['json-whole', 'json-keys', 'docker-auth'], key: 'credsStore', field: 'credsStore', tool: 'docker runs docker-credential-<name>', topLevel: true },
  { codecs: ['json-whole', 'json-keys', 'docker-auth'], key: 'credHelpers', field: 'credHelpers', tool: 'docker runs docker-credential-<name>', topLevel: true },
  { codecs: ['json-whole', 'json-keys', 'docker-auth'], key: 'executable', field: 'credential_source.executable', tool: 'Google auth libraries run its command' },
  { codecs: ['netrc'], key: 'macdef', field: 'macdef', tool: 'ftp runs the macro' },
];

/** A command-running field found in a secret's file. */
export interface ExecFinding {
  readonly path: string;
  readonly field: string;
  readonly tool: string;
}

/** Keys (lower case) of a parsed YAML/JSON tree: at any depth, and of the top-level object. */
interface Keys {
  readonly all: Set<string>;
  readonly top: Set<string>;
}

function keysDeep(node: unknown, out: Set<string>, depth = 0): Set<string> {
  if (depth > 64 || node === null || typeof node !== 'object') return out;
  if (Array.isArray(node)) for (const item of node) keysDeep(item, out, depth + 1);
  else {
    for (const [k, v] of Object.entries(node)) {
      out.add(k.toLowerCase());
      keysDeep(v, out, depth + 1);
    }
  }
  return out;
}

function treeKeys(tree: unknown): Keys {
  const top = tree !== null && typeof tree === 'object' && !Array.isArray(tree) ? Object.keys(tree).map((k) => k.toLowerCase()) : [];
  return { all: keysDeep(tree, new Set()), top: new Set(top) };
}

/** Keywords of a netrc text: every word that is not the value after `machine`, `login`, `password`, `account` or `port`. */
function netrcKeywords(text: string): Set<string> {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const out = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.toLowerCase();
    out.add(w);
    if (['machine', 'login', 'password', 'account', 'port'].includes(w)) i++;
  }
  return out;
}

/** Keys a text of `codec` sets; unparsable text yields all its words, so nothing hides in it. */
async function keysOf(codec: CodecName, text: string): Promise<Keys> {
  try {
    // yaml is loaded only when needed, like its codecs, to keep the browser bundle small
    if (codec === 'kubeconfig') return treeKeys((await import('yaml')).parse(text));
    if (codec.startsWith('json') || codec === 'docker-auth') return treeKeys(JSON.parse(text));
  } catch {
    // fall through to the word scan
  }
  let words: Set<string>;
  if (codec === 'ini' || codec === 'toml' || codec === 'keyvalue') {
    words = new Set([...text.matchAll(/^\s*"?([^\s=:"[]+)"?\s*[=:]/gm)].map((m) => m[1]!.toLowerCase()));
  } else if (codec === 'netrc') words = netrcKeywords(text);
  else words = new Set(text.split(/[\s"'{}[\],:]+/).map((w) => w.toLowerCase()));
  return { all: words, top: words };
}

/** Command-running fields in `text`, a file of `codec`. */
export async function execFieldsIn(codec: CodecName, text: string): Promise<ExecField[]> {
  const fields = EXEC_FIELDS.filter((f) => f.codecs.includes(codec));
  if (fields.length === 0) return [];
  const keys = await keysOf(codec, text);
  return fields.filter((f) => (f.topLevel ? keys.top : keys.all).has(f.key.toLowerCase()));
}

/** Command-running fields the secret's values would put in these files. */
export async function execFieldsOf(targets: readonly FileTarget[], values: ProviderValues): Promise<ExecFinding[]> {
  const found: ExecFinding[] = [];
  for (const t of targets) {
    if (EXEC_FIELDS.every((f) => !f.codecs.includes(t.file.codec))) continue;
    const fields = { ...toFileFields(t.file, values), ...(t.file.constants ?? {}) };
    if (Object.keys(fields).length === 0) continue;
    const codec = await loadCodec(t.file.codec);
    let text: string;
    try {
      text = await codec.write(null, t.selector, fields, [], t.path);
    } catch {
      continue; // the real write refuses these values with its own message
    }
    for (const f of await execFieldsIn(t.file.codec, text)) found.push({ path: t.path, field: f.field, tool: f.tool });
  }
  return found;
}

/** Throws unless none of the files would run a command; names the secret, file and field, never a value. */
export async function refuseExecFields(secretName: string, targets: readonly FileTarget[], values: ProviderValues): Promise<void> {
  const found = await execFieldsOf(targets, values);
  if (found.length === 0) return;
  const what = found.map((f) => `${f.path} field ${f.field} (${f.tool})`).join('; ');
  throw new ProviderExecFieldError(
    `the ${secretName} secret is shared by another account and would set ${what}; a shared secret may not make a tool run a command, so nothing from it was placed. Ask its owner for credentials without a command.`,
  );
}
