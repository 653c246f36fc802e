/**
 * Node file store: one JSON file per key under `LATCHKEY_HOME` (default
 * `~/.latchkey`). The folder is 0700, files 0600, every write is atomic
 * (writeFileAtomic of providers/node-files.ts: temp file + fsync + rename). The device-local sealing key lives in
 * `local.key` (0600), separate from the sealed session, so a copied or
 * pasted `session.json` alone reveals neither the token nor the private keys.
 *
 * Loaded as `#file-store` (package.json "imports"): without the `node`
 * condition that is file.browser.ts, which has no file system.
 * @module
 */
import { randomBytes } from '../../crypto/index.ts';
import { BadInputError, LatchkeyError } from '../errors.ts';
import { importLocalKey, openLocal, sealLocal } from './local-seal.ts';
import { STORE_KEY_PATTERN, type KeyStore } from './types.ts';

type Fs = typeof import('node:fs/promises');
type Path = typeof import('node:path');

interface NodeModules {
  fs: Fs;
  path: Path;
  os: typeof import('node:os');
}

let modules: Promise<NodeModules> | null = null;

function loadNode(): Promise<NodeModules> {
  modules ??= (async () => ({
    fs: await import('node:fs/promises'),
    path: await import('node:path'),
    os: await import('node:os'),
  }))();
  return modules;
}

/** Options of {@link openFileStore}. */
export interface FileStoreOptions {
  /** Folder to use; default `$LATCHKEY_HOME`, else `~/.latchkey`. */
  home?: string;
}

/** Resolves the latchkey home folder from options and the environment. */
export async function resolveHome(home?: string): Promise<string> {
  const { path, os } = await loadNode();
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  const chosen = home ?? env.LATCHKEY_HOME ?? path.join(os.homedir(), '.latchkey');
  if (!chosen) throw new BadInputError('no home folder for latchkey state; set LATCHKEY_HOME');
  return path.resolve(chosen);
}

/** Opens (creating if needed) the file store in `home`. */
export async function openFileStore(options: FileStoreOptions = {}): Promise<KeyStore> {
  const node = await loadNode();
  const home = await resolveHome(options.home);
  await node.fs.mkdir(home, { recursive: true, mode: 0o700 });
  const info = await node.fs.stat(home);
  if (!info.isDirectory()) throw new BadInputError(`${home} exists but is not a folder; set LATCHKEY_HOME to another path`);
  if ((info.mode & 0o077) !== 0) await node.fs.chmod(home, 0o700);
  return new FileStore(node, home);
}

class FileStore implements KeyStore {
  readonly kind = 'file' as const;
  readonly location: string;
  private key: Promise<CryptoKey> | null = null;

  constructor(
    private readonly node: NodeModules,
    home: string,
  ) {
    this.location = home;
  }

  private file(key: string): string {
    if (!STORE_KEY_PATTERN.test(key)) throw new BadInputError(`store key "${key}" must be a short lower-case word`);
    return this.node.path.join(this.location, `${key}.json`);
  }

  async get(key: string): Promise<unknown> {
    const file = this.file(key);
    let text: string;
    try {
      text = await this.node.fs.readFile(file, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new LatchkeyError('integrity', `${file} is not valid JSON; delete it (you may need to log in again)`);
    }
  }

  async set(key: string, value: unknown): Promise<void> {
    const { writeFileAtomic } = await import('../providers/node-files.ts');
    await writeFileAtomic(this.file(key), JSON.stringify(value, null, 2) + '\n', 0o600);
  }

  async delete(key: string): Promise<void> {
    await this.node.fs.rm(this.file(key), { force: true });
  }

  async seal(plain: Uint8Array, label: string): Promise<Uint8Array> {
    return sealLocal(await this.localKey(), plain, label);
  }

  async open(sealed: Uint8Array, label: string): Promise<Uint8Array> {
    return openLocal(await this.localKey(), sealed, label);
  }

  private localKey(): Promise<CryptoKey> {
    this.key ??= this.loadOrCreateKey().catch((error: unknown) => {
      this.key = null;
      throw error;
    });
    return this.key;
  }

  private async loadOrCreateKey(): Promise<CryptoKey> {
    const { fs, path } = this.node;
    const file = path.join(this.location, 'local.key');
    const fresh = randomBytes(32);
    try {
      // 'wx' fails if another process created the key first; then use theirs.
      const handle = await fs.open(file, 'wx', 0o600);
      try {
        await handle.writeFile(fresh);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return await importLocalKey(fresh);
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    } finally {
      fresh.fill(0);
    }
    let raw = new Uint8Array(await fs.readFile(file));
    // Another process may have created the file a moment ago and still be writing it.
    for (let attempt = 0; raw.length === 0 && attempt < 10; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      raw = new Uint8Array(await fs.readFile(file));
    }
    if (raw.length !== 32) {
      throw new LatchkeyError('integrity', `${file} is damaged (expected 32 bytes); delete it and log in again`);
    }
    try {
      return await importLocalKey(raw);
    } finally {
      raw.fill(0);
    }
  }
}
