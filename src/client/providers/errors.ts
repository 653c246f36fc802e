/**
 * Errors of the provider module. Messages name files and keys but never values.
 */

/** Base class: every provider error has a stable `code`. */
export class ProviderError extends Error {
  /** Machine-readable reason. */
  readonly code: 'not-found' | 'conflict' | 'format' | 'unsafe-file' | 'bad-value' | 'unsupported' | 'bad-name' | 'unknown-provider' | 'exec-field';
  constructor(code: ProviderError['code'], message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** No file and no env vars held the provider's credentials. */
export class ProviderNotFoundError extends ProviderError {
  /** Files and env vars that were checked. */
  readonly lookedAt: readonly string[];
  constructor(provider: string, lookedAt: readonly string[]) {
    super('not-found', `No ${provider} credentials found. Looked at: ${lookedAt.join(', ')}. Pass values, or set one of these.`);
    this.lookedAt = lookedAt;
  }
}

/** The target already holds different values (or a different key pair). */
export class ProviderConflictError extends ProviderError {
  /** The file (or env var) in the way. */
  readonly location: string;
  constructor(location: string, message: string) {
    super('conflict', message);
    this.location = location;
  }
}

/** A credentials file could not be parsed. */
export class ProviderFormatError extends ProviderError {
  readonly path: string;
  readonly line: number | null;
  constructor(path: string, line: number | null, problem: string) {
    super('format', `${path}${line === null ? '' : `:${line}`}: ${problem}. Fix or move the file, then retry; nothing was changed.`);
    this.path = path;
    this.line = line;
  }
}

/** A file we refuse to touch: symlink, too large, not UTF-8, not a regular file. */
export class ProviderUnsafeFileError extends ProviderError {
  readonly path: string;
  constructor(path: string, problem: string) {
    super('unsafe-file', `${path}: ${problem}; nothing was changed.`);
    this.path = path;
  }
}

/** File operations were asked for where there is no Node file system. */
export class ProviderUnsupportedError extends ProviderError {
  constructor(message = 'file providers need Node; use values/env in the browser') {
    super('unsupported', message);
  }
}

/** Values of the wrong shape (missing required key, newline in an INI value ...). */
export class ProviderValueError extends ProviderError {
  constructor(message: string) {
    super('bad-value', message);
  }
}

/** A custom secret name that is not allowed. */
export class ProviderNameError extends ProviderError {
  constructor(message: string) {
    super('bad-name', message);
  }
}

/** `getProvider` of a name not in the registry. */
export class UnknownProviderError extends ProviderError {
  constructor(name: string) {
    super('unknown-provider', `Unknown provider "${name}". Use customSecret() for anything not in the registry.`);
  }
}

/** A shared secret's files would hold a field that makes a tool run a command (see exec-fields.ts). */
export class ProviderExecFieldError extends ProviderError {
  constructor(message: string) {
    super('exec-field', message);
  }
}
