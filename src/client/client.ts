/**
 * createClient and the LatchkeyClient facade: one object per server that
 * holds the session and exposes accounts, secrets, sharing and machines.
 * @module
 */
import * as account from './account.ts';
import type { LoginOptions, SignupResult, WhoAmI } from './account.ts';
import { changeCredentials, revealSecretKey, rotateKeys, type KeyRotationResult } from '#credentials';
import type { CredentialsResult } from './credentials.ts';
import { acceptOwner, shareState, verifiedShares, type ShareState } from './acceptance.ts';
import { auditLog, type AuditEntry, type AuditOptions } from './audit.ts';
import { pullAll, type PullAllOptions } from './bulk.ts';
import { formatFingerprint } from '../crypto/index.ts';
import { ClientState } from './client-state.ts';
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
import { groupShareStates, groupSummaries, myGroups } from './group-reads.ts';
import { Group, createGroup, groupInfo, type GroupInfo } from '#group-admin';
import type { SecretSummary } from '../protocol/index.ts';
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
  /** True for your own secrets and shares you accepted; false for pending shares. */
  accepted: boolean;
  /** The group (handle) you read this secret through, when it is shared with a group you are in. */
  via?: string;
}

/** A share waiting for your consent. */
export interface PendingShare {
  /** `owner:name`: what to accept, decline or load explicitly. */
  address: string;
  id: string;
  name: string;
  provider: string | null;
  owner: { id: string; handle: string };
  /** Grouped fingerprint of the owner's key card (compare it with the owner before accepting). */
  ownerFingerprint: string;
  access: 'read' | 'write';
  sharedAt: number;
}

const states = new WeakMap<LatchkeyClient, Promise<ClientState>>();

/** @internal The state behind a client, for Node-only modules (backups) that are not part of every bundle. */
export function clientStateOf(client: LatchkeyClient): Promise<ClientState> {
  const state = states.get(client);
  if (!state) throw new BadInputError('not a latchkey client; make one with createClient({ server })');
  return state;
}

/** A latchkey client bound to one server. */
export class LatchkeyClient {
  readonly #state: Promise<ClientState>;
  readonly #notice: ((line: string) => void) | undefined;

  /** @internal Use {@link createClient}. */
  constructor(options: ClientOptions) {
    if (typeof options !== 'object' || options === null || typeof options.server !== 'string') {
      throw new BadInputError('createClient needs { server: "http://127.0.0.1:8787" } (the URL of your latchkey server)');
    }
    const transport = new Transport(options.server, options.fetch, options.limits);
    this.server = transport.server;
    this.#notice = options.notice;
    this.#state = (async () => {
      const store = await openStore(options.store ?? 'auto', options.notice);
      const state = new ClientState(transport, store);
      const saved = await loadSession(store, transport.server);
      if (saved) {
        state.identity = saved.identity;
        state.expiresAt = saved.expiresAt;
        transport.setToken(saved.token);
      }
      return state;
    })();
    // Surface store errors on first use rather than as an unhandled rejection.
    this.#state.catch(() => undefined);
    states.set(this, this.#state);
  }

  /** Normalised server URL. */
  readonly server: string;

  /** The store holding this client's session and trust state. */
  async store(): Promise<KeyStore> {
    return (await this.#state).store;
  }

  /** True when a (locally unexpired) session is loaded. */
  async isLoggedIn(): Promise<boolean> {
    const state = await this.#state;
    return state.identity !== null && state.expiresAt > Date.now();
  }

  /**
   * Creates a person account (scrypt N=2^17: about half a second) and logs in.
   * The passphrase must score 3 of 4 on zxcvbn. Returns the new Secret Key
   * and its emergency kit: show them to the user once (this device keeps the key).
   */
  async signup(handle: string, passphrase: string): Promise<SignupResult> {
    return account.signup(await this.#state, handle, passphrase, this.#notice);
  }

  /** Changes the passphrase (fresh salt, keyring re-sealed, login verifier replaced). */
  async changePassphrase(passphrase: string, newPassphrase: string, options: { secretKey?: string } = {}): Promise<CredentialsResult> {
    return changeCredentials(await this.#state, { passphrase, newPassphrase, ...options }, this.#notice);
  }

  /** Replaces the Secret Key (needs the passphrase and the current key, by default the one this device keeps). */
  async rotateSecretKey(passphrase: string, options: { secretKey?: string } = {}): Promise<CredentialsResult> {
    return changeCredentials(await this.#state, { passphrase, rotateSecretKey: true, ...options }, this.#notice);
  }

  /**
   * Replaces your account keys: a new key card chained to the old one (signed
   * by both keys), the keyring re-sealed, and the latest version of every
   * secret you own written again under the new key with its access list and
   * grants re-signed. People who pinned your old card follow the chain; other
   * devices log in again. Needs the passphrase (and this device's Secret Key,
   * or `secretKey`).
   */
  async rotateKeys(passphrase: string, options: { secretKey?: string } = {}): Promise<KeyRotationResult> {
    return rotateKeys(await this.#state, passphrase, options);
  }

  /** The Secret Key this device keeps, after checking the passphrase with the server. */
  async secretKey(passphrase: string): Promise<CredentialsResult> {
    return revealSecretKey(await this.#state, passphrase);
  }

  /** Logs in with `{ handle, passphrase, secretKey? }` or a machine `{ token }`. */
  async login(options: LoginOptions): Promise<WhoAmI> {
    return account.login(await this.#state, options);
  }

  /** Ends the session (server and local). Pins and high-water marks stay. */
  async logout(): Promise<void> {
    return account.logout(await this.#state);
  }

  /** Who the session belongs to, confirmed with the server. */
  async whoami(): Promise<WhoAmI> {
    return account.whoami(await this.#state);
  }

  /**
   * Loads a secret by address (`name`, or `owner:name` for one shared with
   * you), verified and decrypted; or, given `{ name, values, provider? }`,
   * builds a new one (call `.save()` to store it).
   */
  async secret(addressOrNew: string | NewSecretInput): Promise<Secret> {
    const state = await this.#state;
    if (typeof addressOrNew === 'object' && addressOrNew !== null) {
      state.me();
      assertSecretName(addressOrNew.name);
      return Secret.create(state, addressOrNew.name, addressOrNew.values, addressOrNew.provider ?? null);
    }
    const summary = await findSummary(state, addressOrNew);
    const ref = await refFromSummary(state, summary);
    const loaded = await loadLatest(state, ref);
    const access = await verifiedAccess(state, ref, loaded.summary.access, loaded.opened);
    const secret = Secret.fromLoaded(state, ref, loaded.summary, loaded.opened, access);
    if (ref.via) secret.setAcceptance((await groupShareStates(state))(ref.owner.id));
    else if (ref.owner.id !== state.me().account.id) secret.setAcceptance(shareState((await verifiedShares(state, new Set([ref.id]))).get(ref.id), ref.owner.id));
    return secret;
  }

  /** Lists readable secrets (metadata as the server reports it; `accepted` from verified acceptances). */
  async secrets(): Promise<SecretInfo[]> {
    const state = await this.#state;
    const me = state.me().account.id;
    const direct = await listSummaries(state);
    const summaries: Array<SecretSummary & { viaHandle?: string }> = [...direct, ...(await groupSummaries(state, direct))];
    const shares = summaries.some((s) => s.owner.id !== me) ? await verifiedShares(state) : new Map<string, ShareState>();
    const viaGroup = summaries.length > direct.length ? await groupShareStates(state) : null;
    return summaries.map((s) => ({
      id: s.id, name: s.name, address: addressOf(s, me), provider: s.provider, owner: { id: s.owner.id, handle: s.owner.handle },
      version: s.version, access: s.access, rotate: s.rotate, updatedAt: s.updatedAt,
      accepted: s.owner.id === me || !(s.viaHandle ? viaGroup!(s.owner.id) : shareState(shares.get(s.id), s.owner.id)).pending,
      ...(s.viaHandle ? { via: s.viaHandle } : {}),
    }));
  }

  /** Shares waiting for your consent, with each owner's fingerprint (nothing is decrypted). */
  async pending(): Promise<PendingShare[]> {
    const state = await this.#state;
    const me = state.me().account.id;
    const summaries = (await listSummaries(state)).filter((s) => s.owner.id !== me);
    if (summaries.length === 0) return [];
    const shares = await verifiedShares(state);
    const out: PendingShare[] = [];
    for (const s of summaries) {
      const share = shares.get(s.id);
      if (!shareState(share, s.owner.id).pending) continue;
      const owner = await state.cardById(s.owner.id, `owner of secret "${s.name}"`, s.owner.handle);
      out.push({
        address: addressOf(s, me), id: s.id, name: s.name, provider: s.provider, owner: { id: owner.id, handle: owner.handle },
        ownerFingerprint: formatFingerprint(owner.fingerprint), access: share?.grant.access ?? (s.access === 'write' ? 'write' : 'read'),
        sharedAt: share?.grant.time ?? s.updatedAt,
      });
    }
    return out;
  }

  /**
   * Accepts every present and future share of `handle`, bound to its key
   * card as pinned here (a changed card makes its shares pending again).
   * Check its fingerprint first (`verify(handle)`).
   */
  async acceptFrom(handle: string): Promise<{ id: string; handle: string; fingerprint: string }> {
    const owner = await acceptOwner(await this.#state, handle);
    return { id: owner.id, handle: owner.handle, fingerprint: formatFingerprint(owner.fingerprint) };
  }

  /** Creates a group named `name` with you as its admin; share secrets with it like with a person. */
  async createGroup(name: string): Promise<GroupInfo> {
    return createGroup(await this.#state, name);
  }

  /** Every group you are a member of, each verified. */
  async groups(): Promise<GroupInfo[]> {
    const state = await this.#state;
    return Promise.all((await myGroups(state)).map((g) => groupInfo(state, g.handle)));
  }

  /** The group called `name`: `.add`, `.remove`, `.members()`, `.info()`, `.delete()`. */
  group(name: string): Group {
    return new Group(this.#state, name);
  }

  /**
   * Fetches, verifies and decrypts every readable secret in one request:
   * your own and the shares you accepted (`includePending` adds the others).
   */
  async pullAll(options: PullAllOptions = {}): Promise<Secret[]> {
    return pullAll(await this.#state, options);
  }

  /** Creates a machine account; the returned token is shown once. */
  async createMachine(name: string, options?: { handle?: string }): Promise<NewMachine> {
    return machines.createMachine(await this.#state, name, options);
  }

  /** Lists your machines. */
  async machines(): Promise<MachineInfo[]> {
    return machines.listMachines(await this.#state);
  }

  /** Deletes one of your machines by name. */
  async deleteMachine(name: string): Promise<void> {
    return machines.deleteMachine(await this.#state, name);
  }

  /** One page of your audit log, newest first; pass `{ before: lastEntry.id }` for the next page. */
  async audit(options?: AuditOptions): Promise<AuditEntry[]> {
    return auditLog(await this.#state, options);
  }

  /**
   * Shows the fingerprint of the card the server presents for `handle`, or,
   * given the fingerprint they told you, checks it and pins the card.
   */
  async verify(handle: string, fingerprint?: string): Promise<VerifyResult> {
    return verifyAccount(await this.#state, handle, fingerprint);
  }
}

/** Creates a client for one server. The store is opened and any saved session restored lazily. */
export function createClient(options: ClientOptions): LatchkeyClient {
  return new LatchkeyClient(options);
}
