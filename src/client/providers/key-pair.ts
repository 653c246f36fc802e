/**
 * ssh-style key pairs: written only where no key exists, never replaced (even
 * with overwrite) and never deleted by `remove`.
 */
import { ProviderConflictError, ProviderValueError } from './errors.ts';
import type { NodeFiles } from './files.ts';
import { keyPairCandidates } from './read.ts';
import type { FileWriteRecord, LocateContext, PartOptions, ProviderSpec, ProviderValues } from './types.ts';

const TYPE_NAMES: Record<string, string> = { 'ssh-ed25519': 'id_ed25519', 'ssh-rsa': 'id_rsa' };

/** The default file name for a public key's type (ssh: id_ed25519 / id_ecdsa / id_rsa). */
function nameFor(spec: ProviderSpec, publicKey: string): string {
  const names = spec.keyPair!.names;
  if (names.length === 1) return names[0]!;
  const type = publicKey.trim().split(/\s+/)[0] ?? '';
  const name = type.startsWith('ecdsa-') ? 'id_ecdsa' : TYPE_NAMES[type];
  return name && names.includes(name) ? name : names[0]!;
}

function norm(text: string | null): string | null {
  return text === null ? null : text.replace(/\s+$/, '');
}

/** Writes a key pair where none exists; refuses a different existing pair, always. */
export async function writeKeyPair(nf: NodeFiles, spec: ProviderSpec, opts: PartOptions & { path?: string }, ctx: LocateContext, values: ProviderValues): Promise<FileWriteRecord> {
  const privateKey = values['private_key'];
  const publicKey = values['public_key'];
  if (!privateKey || !publicKey) throw new ProviderValueError(`${spec.name} needs "private_key" and "public_key".`);
  const priv = nf.resolvePath(keyPairCandidates(spec, { ...opts, keyName: opts.keyName ?? nameFor(spec, publicKey) }, ctx)[0]!);
  const pub = `${priv}.pub`;
  const havePriv = await nf.readTextFile(priv);
  const havePub = await nf.readTextFile(pub);
  const base = { path: priv, codec: 'key-pair' as const, selector: null, fileKeys: [], compareKeys: [], mode: 0o600, extraPaths: [pub], backup: null, writtenSha256: null, partSha256: null };
  if (havePriv !== null || havePub !== null) {
    if (norm(havePriv) === norm(privateKey) && norm(havePub) === norm(publicKey)) return { ...base, action: 'unchanged', created: false, createdDirs: [] };
    throw new ProviderConflictError(priv, `${priv} (or its .pub) already holds a different key; latchkey never replaces ssh keys. Pass another keyName (or path), or move the existing key yourself.`);
  }
  const { createdDirs } = await nf.writeFileAtomic(priv, privateKey.endsWith('\n') ? privateKey : `${privateKey}\n`, 0o600);
  try {
    await nf.writeFileAtomic(pub, publicKey.endsWith('\n') ? publicKey : `${publicKey}\n`, 0o644);
  } catch (e) {
    await nf.removeFile(priv);
    await nf.removeEmptyDirs(createdDirs);
    throw e;
  }
  return { ...base, action: 'created', created: true, createdDirs };
}
