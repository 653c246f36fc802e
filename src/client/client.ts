/**
 * createClient and the LatchkeyClient facade: one object per server that
 * holds the session and exposes accounts, secrets, sharing and machines.
 * @module
 */
import * as account from './account.ts';
import type { LoginOptions, WhoAmI } from './account.ts';
import { pullAll } from './bulk.ts';
import { Core } from './core.ts';
import type { ClientLimits } from './bounds.ts';
import { BadInputError } from './errors.ts';
import { verifiedAccess } from './grants.ts';
import { Transport, type FetchLike } from './http.ts';
import { loadSession } from './identity.ts';
import * as machines from './machines.ts';
import type { MachineInfo, NewMachine } from './machines.ts';
import type { ProviderRef } from './payload.ts';
import { assertSecretName } from './payload.ts';
import { addressOf } from './address.ts';
import { findSummary, listSummaries, loadLatest, refFromSummary } from './resolve.ts';
import { Secret, type SecretAccess } from './secret.ts';
import { openStore, type StoreChoice } from './store/select.ts';
import type { KeyStore } from './store/types.ts';
import { verifyAccount, type VerifyResult } from './verify.ts';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** Server base URL, e.g. `http://127.0.0.1:8787`. */
  server: string;
  /**
   * Where to keep the session, pins and high-water marks. Default `auto`:
   * files under LATCHKEY_HOME on Node, IndexedDB in browsers, memory elsewhere.
   */
  store?: StoreChoice;
  /** fetch implementation (default: the global fetch). */
  fetch?: FetchLike;
  /** Where one-line notices go (default console.info). */
  notice?: (line: string) => void;
  /**
   * Bounds on every answer (defaults in DEFAULT_LIMITS): connect and total
   * timeouts, the largest answer accepted, how many unknown key cards one
   * bulk answer may make the client fetch, and how many look-ups run at once.
   */
  limits?: Partial<ClientLimits>;
}

/** What a new secret is built from. */
export interface NewSecretInput {
  name: string;
  values: Record<string, string>;
  provider?: ProviderRef | string | null;
}

/** A secret as listed (server-reported metadata; values are verified on load). */
export interface SecretInfo {
  id: string;
  name: string;
  /** What to pass to `client.secret()`: `name`, or `owner:name` for shared secrets. */
  address: string;
  provider: string | null;
  owner: { id: string; handle: string };
  version: number;
  access: SecretAccess;
  rotate: boolean;
  updatedAt: number;
}

const cores = new WeakMap<LatchkeyClient, Promise<Core>>();

/** @internal The state behind a client, for Node-only modules (backups) that are not part of every bundle. */
export function coreOf(client: LatchkeyClient): Promise<Core> {
  const core = cores.get(client);
  if (!core) throw new BadInputError('not a latchkey client; make one with createClient({ server })');
  return core;
}

/** A latchkey client bound to one server. */
export class LatchkeyClient {
  readonly #core: Promise<Core>;

  /** @internal Use {@link createClient}. */
  constructor(options: ClientOptions) {
    if (typeof options !== 'object' || options === null || typeof options.server !== 'string') {
      throw new BadInputError('createClient needs { server: "http://127.0.0.1:8787" } (the URL of your latchkey server)');
    }
    const transport = new Transport(options.server, options.fetch, options.limits);
    this.server = transport.server;
    this.#core = (async () => {
      const store = await openStore(options.store ?? 'auto', options.notice);
      const core = new Core(transport, store);
      const saved = await loadSession(store, transport.server);
      if (saved) {
        core.identity = saved.identity;
        core.expiresAt = saved.expiresAt;
        transport.setToken(saved.token);
      }
      return core;
    })();
    // Surface store errors on first use rather than as an unhandled rejection.
    this.#core.catch(() => undefined);
    cores.set(this, this.#core);
  }

  /** Normalised server URL. */
  readonly server: string;

  /** The store holding this client's session and trust state. */
  async store(): Promise<KeyStore> {
    return (await this.#core).store;
  }

  /** True when a (locally unexpired) session is loaded. */
  async isLoggedIn(): Promise<boolean> {
    const core = await this.#core;
    return core.identity !== null && core.expiresAt > Date.now();
  }

  /** Creates a person account (scrypt N=2^17: about half a second) and logs in. */
  async signup(handle: string, passphrase: string): Promise<WhoAmI> {
    return account.signup(await this.#core, handle, passphrase);
  }

  /** Logs in with `{ handle, passphrase }` or a machine `{ token }`. */
  async login(options: LoginOptions): Promise<WhoAmI> {
    return account.login(await this.#core, options);
  }

  /** Ends the session (server and local). Pins and high-water marks stay. */
  async logout(): Promise<void> {
    return account.logout(await this.#core);
  }

  /** Who the session belongs to, confirmed with the server. */
  async whoami(): Promise<WhoAmI> {
    return account.whoami(await this.#core);
  }

  /**
   * Loads a secret by address (`name`, or `owner:name` for one shared with
   * you), verified and decrypted; or, given `{ name, values, provider? }`,
   * builds a new one (call `.save()` to store it).
   */
  async secret(addressOrNew: string | NewSecretInput): Promise<Secret> {
    const core = await this.#core;
    if (typeof addressOrNew === 'object' && addressOrNew !== null) {
      core.me();
      assertSecretName(addressOrNew.name);
      return Secret.create(core, addressOrNew.name, addressOrNew.values, addressOrNew.provider ?? null);
    }
    const summary = await findSummary(core, addressOrNew);
    const ref = await refFromSummary(core, summary);
    const loaded = await loadLatest(core, ref);
    const access = await verifiedAccess(core, ref, loaded.summary.access, loaded.opened);
    return Secret.fromLoaded(core, ref, loaded.summary, loaded.opened, access);
  }

  /** Lists readable secrets (metadata as the server reports it). */
  async secrets(): Promise<SecretInfo[]> {
    const core = await this.#core;
    const me = core.me().account.id;
    return (await listSummaries(core)).map((s) => ({
      id: s.id, name: s.name, address: addressOf(s, me), provider: s.provider, owner: { id: s.owner.id, handle: s.owner.handle },
      version: s.version, access: s.access, rotate: s.rotate, updatedAt: s.updatedAt,
    }));
  }

  /** Fetches, verifies and decrypts every readable secret in one request. */
  async pullAll(): Promise<Secret[]> {
    return pullAll(await this.#core);
  }

  /** Creates a machine account; the returned token is shown once. */
  async createMachine(name: string, options?: { handle?: string }): Promise<NewMachine> {
    return machines.createMachine(await this.#core, name, options);
  }

  /** Lists your machines. */
  async machines(): Promise<MachineInfo[]> {
    return machines.listMachines(await this.#core);
  }

  /** Deletes one of your machines by name. */
  async deleteMachine(name: string): Promise<void> {
    return machines.deleteMachine(await this.#core, name);
  }

  /**
   * Shows the fingerprint of the card the server presents for `handle`, or,
   * given the fingerprint they told you, checks it and pins the card.
   */
  async verify(handle: string, fingerprint?: string): Promise<VerifyResult> {
    return verifyAccount(await this.#core, handle, fingerprint);
  }
}

/** Creates a client for one server. The store is opened and any saved session restored lazily. */
export function createClient(options: ClientOptions): LatchkeyClient {
  return new LatchkeyClient(options);
}
