/**
 * Notebook helper: one call logs a notebook in (machine token, or handle +
 * passphrase) and returns a client whose `secret(name)` and `env(names)` hand
 * values to the cell. Works in Colab output frames and other opaque-origin
 * iframes (memory store), JupyterLite's page and worker kernels, Deno and
 * Node. Nothing here prints a value: what the notebook shows for the objects
 * it returns is redacted unless the cell asks for a value explicitly.
 *
 * ```js
 * const lk = await import('http://127.0.0.1:8787/v1/client.js');
 * const nb = await lk.notebookLogin({ server: 'http://127.0.0.1:8787', token });
 * Object.assign(process.env, await nb.env(['openai']));   // or hand to Python
 * ```
 * @module
 */
import type { LoginOptions, WhoAmI } from './account.ts';
import { LatchkeyClient, type ClientOptions } from './client.ts';
import { BadInputError } from './errors.ts';
import { mergeEnv, secretEnv } from './secret-env.ts';
import type { KeyStoreKind } from './store/types.ts';

/** How a notebook logs in: a machine token (recommended) or a person's handle and passphrase. */
export type NotebookLoginOptions = Omit<ClientOptions, 'server'> & { server: string } & (
  | { token: string; handle?: never; passphrase?: never }
  | { handle: string; passphrase: string; secretKey?: string; token?: never }
);

/**
 * Env vars of a secret, with the same rules as `latchkey run` (see
 * secret-env.ts): registry providers use their own names, custom secrets
 * `SECRETNAME_KEY` (your own may keep upper-case variable keys), and no
 * variable that changes which code runs. `shared` defaults to "the address
 * names an owner".
 */
export function notebookEnvVars(
  address: string, providerName: string | null, values: Readonly<Record<string, string>>, shared: boolean = address.includes(':'),
): Record<string, string> {
  const { vars, refused } = secretEnv({ address, provider: providerName, values, shared });
  for (const line of refused) console.warn(`latchkey: ${line}`);
  return vars;
}

/** What a notebook shows for an env object: variable names and lengths, never values. */
function describeEnv(env: Record<string, string>): string {
  const names = Object.keys(env);
  if (names.length === 0) return 'latchkey env: (no variables)';
  return `latchkey env: ${names.map((n) => `${n} (${env[n]!.length} chars, hidden)`).join(', ')}`;
}

/**
 * Marks a plain object so notebook displays (Deno's Jupyter kernel, Node's
 * inspect) show names only. Non-enumerable symbol keys: spreading,
 * `Object.entries`, `JSON.stringify` and Colab's hand-back still see the values.
 */
function redactDisplay<T extends Record<string, string>>(env: T): T {
  const hidden = () => describeEnv(env);
  for (const key of [Symbol.for('Deno.customInspector'), Symbol.for('nodejs.util.inspect.custom')]) {
    Object.defineProperty(env, key, { value: hidden, enumerable: false });
  }
  Object.defineProperty(env, Symbol.for('Jupyter.display'), {
    value: () => ({ 'text/plain': describeEnv(env) }),
    enumerable: false,
  });
  return env;
}

/** A logged-in client for notebook cells: the full SDK client plus `env()`. */
export class NotebookClient extends LatchkeyClient {
  /**
   * Env vars for one or more secrets (by address: `openai`, `team/db`,
   * `alice:openai`). When two set the same variable the first named keeps
   * it and the other is reported (a console warning naming the variable);
   * variables that change which code runs are never set. Returns a plain
   * object to hand to code (`os.environ`, `Deno.env.set`, a child process);
   * displaying it shows names only.
   */
  async env(names: string | readonly string[]): Promise<Record<string, string>> {
    const list = typeof names === 'string' ? [names] : [...names];
    if (list.length === 0 || list.some((n) => typeof n !== 'string' || n === '')) {
      throw new BadInputError('env() needs one or more secret names, e.g. env(["openai", "huggingface"])');
    }
    const entries = [];
    for (const address of list) {
      const secret = await this.secret(address);
      const { vars, refused } = secretEnv({ address, provider: secret.provider?.name ?? null, values: secret.values, shared: secret.access !== 'owner' });
      for (const line of refused) console.warn(`latchkey: ${line}`);
      entries.push({ address, vars });
    }
    const merged = mergeEnv(entries);
    for (const line of merged.conflicts) console.warn(`latchkey: not set: ${line}`);
    return redactDisplay(merged.vars);
  }

  /** Kind of local store holding this notebook's session (`memory` in opaque frames, Deno and workers without IndexedDB). */
  async storeKind(): Promise<KeyStoreKind> {
    return (await this.store()).kind;
  }

  /** Shown when a cell's last expression is the client: who, where, never a key or value. */
  [Symbol.for('Deno.customInspector')](): string {
    return `NotebookClient { server: ${JSON.stringify(this.server)} }`;
  }
}

/**
 * Logs a notebook in and returns its client. With `{ token }` (a machine
 * token from `latchkey machine create NAME`) no passphrase is involved and the
 * machine can be revoked on its own; `{ handle, passphrase, secretKey }` logs
 * in as the person (scrypt: about a second in a browser; `secretKey` is the
 * LK-... line of the emergency kit, needed where the store does not keep it yet). The session lives in the
 * runtime's store: IndexedDB where usable, else memory (ends with the page or
 * kernel). Call `logout()` to end it on the server too.
 */
export async function notebookLogin(options: NotebookLoginOptions): Promise<NotebookClient & { me: WhoAmI }> {
  if (typeof options !== 'object' || options === null || typeof options.server !== 'string' || options.server === '') {
    throw new BadInputError('notebookLogin needs { server, token } or { server, handle, passphrase }; server is the URL of your latchkey server');
  }
  const { server, token, handle, passphrase, secretKey, ...clientOptions } = options as NotebookLoginOptions & {
    token?: unknown;
    handle?: unknown;
    passphrase?: unknown;
    secretKey?: unknown;
  };
  let login: LoginOptions;
  if (typeof token === 'string' && token !== '') login = { token };
  else if (typeof handle === 'string' && typeof passphrase === 'string' && handle !== '' && passphrase !== '') {
    login = { handle, passphrase, ...(typeof secretKey === 'string' && secretKey !== '' ? { secretKey } : {}) };
  }
  else {
    throw new BadInputError(
      'notebookLogin needs a machine token ({ server, token }) or a handle and passphrase ({ server, handle, passphrase }); ' +
        'make a token with `latchkey machine create NAME` and keep it in the notebook\'s secret store, not in a cell',
    );
  }
  const client = new NotebookClient({ ...clientOptions, server });
  const me = await client.login(login);
  return Object.assign(client, { me });
}
