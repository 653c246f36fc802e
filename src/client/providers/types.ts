/**
 * Shapes of the declarative provider registry and of what `write` records.
 * Pure data types: nothing here touches the file system.
 */

/** A provider secret's values: value key -> string (e.g. aws `{ access_key, secret_key }`). */
export type ProviderValues = Record<string, string>;

/** Where a file may live. The first rule whose env var is set wins; `home` rules always apply. */
export type LocationRule =
  /** The variable holds the file path itself (`list`: a path list like KUBECONFIG, first entry used). */
  | { readonly env: string; readonly list?: boolean }
  /** The variable holds a folder; the file is `path` inside it. */
  | { readonly envDir: string; readonly path: string }
  /** A path relative to the home directory. */
  | { readonly home: string }
  /** An explicit path (custom secrets, `path` options); a leading `~/` means the home folder. */
  | { readonly path: string };

/** Names of the built-in file codecs. */
export type CodecName =
  | 'ini'
  | 'toml'
  | 'keyvalue'
  | 'json-whole'
  | 'json-keys'
  | 'docker-auth'
  | 'yaml-key'
  | 'kubeconfig'
  | 'netrc'
  | 'token'
  | 'raw';

/** Which part of a shared file belongs to a secret (an INI section, a netrc machine, a YAML key ...). */
export interface SelectorSpec {
  /** What the selector names, for records and messages. */
  readonly kind: 'section' | 'machine' | 'key' | 'context';
  /** Used when no option, env var or value picks one. */
  readonly default?: string;
  /** The `providerSecret` option that picks it. */
  readonly option?: 'profile' | 'host' | 'context';
  /** An env var that picks it when the option is not given (e.g. AWS_PROFILE). */
  readonly env?: string;
  /** A value key whose value picks it (docker: `server`). */
  readonly fromValue?: string;
  /** Turns the chosen name into the on-disk name (aws config: `profile NAME`). */
  readonly format?: (name: string) => string;
}

/** Points a tool at a materialised copy of a file (for `latchkey run`). */
export interface PointerSpec {
  readonly env: string;
  /** `file`: the variable holds the file path; `dir`: its folder. */
  readonly target: 'file' | 'dir';
}

/** One credentials file of a provider. */
export interface FileSpec {
  /** Short id within the provider (`credentials`, `config`). */
  readonly id: string;
  readonly locations: readonly LocationRule[];
  readonly codec: CodecName;
  /** value key -> key in the file; `*` means the whole file text (or the whole selected part). */
  readonly fields: Readonly<Record<string, string>>;
  /** Extra file keys written beside the values and never compared (netrc `login user`). */
  readonly constants?: Readonly<Record<string, string>>;
  readonly selector?: SelectorSpec;
  /** Optional files are read when present and written only when the values include one of their keys. */
  readonly optional?: boolean;
  /** File mode (0o600 for credentials). */
  readonly mode: number;
  readonly pointer?: PointerSpec;
  /** Value keys are file keys, all of them (custom JSON files). */
  readonly passthrough?: boolean;
}

/** An env var that carries one value; `names[0]` is written, the rest are also read. */
export interface EnvVarSpec {
  readonly key: string;
  readonly names: readonly string[];
  /** Set every name, not just the first (tools disagree on which one they read). */
  readonly exportAll?: boolean;
}

/** An ssh-style key pair in a folder (`<dir>/<name>` + `<dir>/<name>.pub`). */
export interface KeyPairSpec {
  /** Folder relative to home. */
  readonly dir: string;
  /** Candidate names, first existing wins on read. */
  readonly names: readonly string[];
}

/** One built-in provider: pure data, so adding one is a small entry. */
export interface ProviderSpec {
  readonly name: string;
  readonly description: string;
  /** Every value key the provider knows, in display order. */
  readonly valueKeys: readonly string[];
  /** Keys that must be present for the secret to count as found. */
  readonly required: readonly string[];
  readonly env: readonly EnvVarSpec[];
  readonly files: readonly FileSpec[];
  readonly keyPair?: KeyPairSpec;
  /** Optional value keys that env vars fill in when the values came from a file (azure service principal). */
  readonly envSupplements?: readonly string[];
}

/** What `write` did to one file; JSON-serialisable, stored in the CLI's ledger. */
export interface FileWriteRecord {
  readonly path: string;
  readonly codec: CodecName | 'key-pair';
  /** `created` new file, `merged` our part added, `replaced` our part overwritten, `unchanged` no-op, `kept` never touched (ssh). */
  readonly action: 'created' | 'merged' | 'replaced' | 'unchanged';
  /** True when the file did not exist before. */
  readonly created: boolean;
  /** Folders we created (deepest last), removed again on `remove` when empty. */
  readonly createdDirs: readonly string[];
  /** Copy of the file before we changed it (mode 0600), or null. */
  readonly backup: string | null;
  /** The part of a shared file that is ours. */
  readonly selector: { readonly kind: SelectorSpec['kind']; readonly name: string } | null;
  /** File keys we manage in that part (removed again by `remove`). */
  readonly fileKeys: readonly string[];
  /** File keys whose values are ours (compared for conflicts). */
  readonly compareKeys: readonly string[];
  /** Mode the file is written with. */
  readonly mode: number;
  /**
   * Mode of the file before we changed it (e.g. 0o644), restored by `remove`;
   * null when we created the file. Absent in records from older versions.
   */
  readonly originalMode?: number | null;
  /** SHA-256 (hex) of the whole file text we wrote: if still equal, `remove` restores byte for byte. */
  readonly writtenSha256: string | null;
  /** SHA-256 (hex) of our part's values: `remove` touches the part only if it still matches. */
  readonly partSha256: string | null;
  /** Extra paths (ssh public key). */
  readonly extraPaths?: readonly string[];
}

/** What `write` did to an env object. */
export interface EnvWriteRecord {
  /** Variables we set (removed again by `remove`). */
  readonly set: readonly string[];
  /** Variables left alone because they were already set to something else. */
  readonly skipped: readonly string[];
  /** Variables that already held the same value. */
  readonly unchanged: readonly string[];
}

/** Everything one `write` did; `remove(record)` undoes exactly this. */
export interface WriteRecord {
  readonly v: 1;
  /** Provider name, or `custom:<name>`. */
  readonly provider: string;
  readonly at: number;
  readonly files: readonly FileWriteRecord[];
  readonly env: EnvWriteRecord | null;
}

/** What `remove` did, per file and for env. */
export interface RemoveReport {
  readonly files: readonly {
    readonly path: string;
    readonly action: 'restored' | 'deleted' | 'part-removed' | 'left-changed' | 'missing' | 'nothing-to-do' | 'kept-key-pair';
    readonly note?: string;
  }[];
  readonly envUnset: readonly string[];
  readonly envLeft: readonly string[];
}

/** Context for resolving paths: the environment and home folder to use. */
export interface LocateContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
}

/** Options that pick a part of a shared file. */
export interface PartOptions {
  readonly profile?: string;
  readonly host?: string;
  readonly context?: string;
  /** ssh/sky key file name (e.g. `id_ed25519`). */
  readonly keyName?: string;
}
