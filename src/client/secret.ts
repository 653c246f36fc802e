/**
 * A secret as the SDK user sees it: loaded (verified, decrypted) or new, with
 * save (compare-and-swap new version), history, rollback and sharing.
 * @module
 */
import { constantTimeEqual, fingerprint, formatFingerprint, newSecretId, toBase64Url } from '../crypto/index.ts';
import { SecretSummaryResponse, SecretVersionResponse } from '../protocol/index.ts';
import type { GrantRecord, SecretSummary } from '../protocol/index.ts';
import { acceptShare } from './acceptance.ts';
import { addressOf } from './address.ts';
import { verifiedHistory } from './chain.ts';
import type { ClientState } from './client-state.ts';
import { AuthError, BadInputError, ConflictError, IntegrityError, NotFoundError } from './errors.ts';
import { nextList, publishList, writerRecipients } from './access-list.ts';
import { makeGrant, verifiedAccess, verifiedGrants, verifiedSharing } from './grants.ts';
import { seg } from './http.ts';
import { checkPayloadValues, checkProvider, type ProviderRef, type SecretPayload } from './payload.ts';
import { checkSameSecret, loadLatest } from './resolve.ts';
import { label, openVersion, sealVersion, secretPath, wrapTo, type OpenedVersion, type SecretRef } from './versions.ts';
import { verifyAccount } from './verify.ts';
import type { Grantee, SecretAccess, SecretVersion, ShareOptions, VersionInfo } from './secret-types.ts';

export type { Grantee, SecretAccess, SecretVersion, ShareOptions, VersionInfo } from './secret-types.ts';

function copyPayload(p: SecretPayload): SecretPayload {
  return JSON.parse(JSON.stringify(p)) as SecretPayload;
}

/** A secret: its verified values and the operations on it. */
export class Secret {
  readonly #state: ClientState;
  #ref: SecretRef;
  #access: SecretAccess;
  #rotate = false;
  #version = 0;
  /** Counter of the access list the loaded version was wrapped under. */
  #list = 0;
  #hash: Uint8Array | null = null;
  #author: { id: string; handle: string } | null = null;
  #time = 0;
  #dek: Uint8Array | null = null;
  #payload: SecretPayload;
  #dirty: boolean;
  #deleted = false;
  #acceptedAt: number | null = null;
  #pending = false;

  /** @internal Use `client.secret(...)`. */
  constructor(state: ClientState, ref: SecretRef, access: SecretAccess, payload: SecretPayload, opened: OpenedVersion | null) {
    this.#state = state;
    this.#ref = ref;
    this.#access = access;
    // A share is pending until verified acceptances say otherwise (setAcceptance).
    this.#pending = access !== 'owner';
    this.#payload = copyPayload(payload);
    this.#dirty = opened === null;
    if (opened) this.#apply(opened);
  }

  /** @internal Builds a new, unsaved secret owned by the caller. */
  static async create(state: ClientState, name: string, values: unknown, provider: unknown): Promise<Secret> {
    const me = state.me();
    const owner = await state.cardById(me.account.id, 'your own key card');
    const p = checkProvider(provider);
    const ref: SecretRef = { id: newSecretId(), name, provider: p?.name ?? null, owner };
    return new Secret(state, ref, 'owner', { values: checkPayloadValues(values), provider: p }, null);
  }

  /**
   * @internal Wraps a loaded version; `access` comes from {@link verifiedAccess}, never from the summary,
   * and the summary's `rotate` was derived from the verified access list by the loader.
   */
  static fromLoaded(state: ClientState, ref: SecretRef, summary: SecretSummary, opened: OpenedVersion, access: SecretAccess): Secret {
    const s = new Secret(state, ref, access, opened.payload, opened);
    s.#rotate = summary.rotate;
    return s;
  }

  #apply(opened: OpenedVersion): void {
    this.#version = opened.version;
    this.#list = opened.list;
    this.#hash = opened.hash;
    this.#dek = opened.dek;
    this.#author = { id: opened.author.id, handle: opened.author.handle };
    this.#time = opened.time;
    this.#payload = copyPayload(opened.payload);
    this.#dirty = false;
  }

  #what(): string {
    return label(this.#ref, this.#state.identity?.account.id);
  }

  /** True when the owner's checked key card is the logged-in account's. */
  #mine(): boolean {
    return this.#ref.owner.id === this.#state.identity?.account.id;
  }

  #alive(): void {
    if (this.#deleted) throw new NotFoundError(`secret ${this.#what()} was deleted`);
  }

  #saved(): void {
    this.#alive();
    if (this.#version === 0) throw new BadInputError(`secret ${this.#what()} is not saved yet; call save() first`);
  }

  /** Secret id (random, fixed at creation). */
  get id(): string {
    return this.#ref.id;
  }
  /** Name (may contain `/` folders). */
  get name(): string {
    return this.#ref.name;
  }
  /** `name` for your own secrets, `owner:name` for shared ones: what `client.secret()` accepts. */
  get address(): string {
    return addressOf(this.#ref, this.#state.identity?.account.id);
  }
  /** The owner (from their pinned key card). */
  get owner(): { id: string; handle: string } {
    return { id: this.#ref.owner.id, handle: this.#ref.owner.handle };
  }
  /** Your access: owner, read or write, as verified (owner card, owner-signed grants); the server can only lower it. */
  get access(): SecretAccess {
    return this.#access;
  }
  /** The provider reference (name and config), a copy. */
  get provider(): ProviderRef | null {
    return this.#payload.provider ? (JSON.parse(JSON.stringify(this.#payload.provider)) as ProviderRef) : null;
  }
  /** The values, a copy (changing it changes nothing; use set/update). */
  get values(): Record<string, string> {
    return { ...this.#payload.values };
  }
  /** Loaded version number (0 when not saved yet). */
  get currentVersion(): number {
    return this.#version;
  }
  /** Who wrote the loaded version (null before the first save). */
  get author(): { id: string; handle: string } | null {
    return this.#author ? { ...this.#author } : null;
  }
  /** When the loaded version was written (ms since epoch; 0 before the first save). */
  get updatedAt(): number {
    return this.#time;
  }
  /** True when the values were changed locally and not saved. */
  get dirty(): boolean {
    return this.#dirty;
  }
  /** True after a grantee was removed: rotate the upstream credential (what was read cannot be unread). */
  get rotate(): boolean {
    return this.#rotate;
  }

  /**
   * True for a share you have not accepted (see {@link Secret.accept}):
   * loaded only because its `owner:name` address was named; never placed.
   */
  get pending(): boolean {
    return this.#pending;
  }
  /** When you accepted this share (ms); null for your own secrets and pending shares. */
  get acceptedAt(): number | null {
    return this.#acceptedAt;
  }
  /** @internal Set by the client from verified acceptances. */
  setAcceptance(state: { pending: boolean; acceptedAt: number | null }): void {
    this.#pending = state.pending;
    this.#acceptedAt = state.acceptedAt;
  }

  /** Replaces all values (locally; call save()). */
  set(values: Record<string, string>): this {
    this.#alive();
    this.#payload.values = checkPayloadValues(values);
    this.#dirty = true;
    return this;
  }

  /** Merges values (locally; call save()); a key set to null or undefined is removed. */
  update(patch: Record<string, string | null | undefined>): this {
    this.#alive();
    if (typeof patch !== 'object' || patch === null) throw new BadInputError('update() takes an object, e.g. { api_key: "..." }');
    const next = { ...this.#payload.values };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null || value === undefined) delete next[key];
      else next[key] = value;
    }
    this.#payload.values = checkPayloadValues(next);
    this.#dirty = true;
    return this;
  }

  /** Changes the provider config (the provider name is fixed when the secret is created). */
  setProvider(provider: ProviderRef | null): this {
    this.#alive();
    const p = checkProvider(provider);
    if ((p?.name ?? null) !== this.#ref.provider) {
      throw new BadInputError(`the provider of ${this.#what()} is ${this.#ref.provider ?? 'none'}; make a new secret to change it`);
    }
    this.#payload.provider = p;
    this.#dirty = true;
    return this;
  }

  /**
   * Saves the values as a new version (version 1 for a new secret), wrapped
   * to the owner and every verified grantee. Compare-and-swap: if someone
   * saved first, throws ConflictError and nothing is written.
   */
  async save(): Promise<this> {
    this.#alive();
    const state = this.#state;
    const me = state.me();
    if (this.#version === 0) {
      const sealed = await sealVersion(state, this.#ref, {
        version: 1, prev: null, payload: this.#payload, recipients: [this.#ref.owner], authorGrant: null, list: 0,
      });
      await state.transport.request('POST', '/v1/secrets', SecretSummaryResponse, {
        what: `create secret "${this.#ref.name}"`,
        body: { id: this.#ref.id, name: this.#ref.name, provider: this.#ref.provider, version: sealed.record, wraps: sealed.wraps },
      }).catch((error: unknown) => {
        if (error instanceof ConflictError) {
          throw new ConflictError(`a secret named "${this.#ref.name}" already exists; load it with client.secret("${this.#ref.name}"), change it and save`);
        }
        throw error;
      });
      return this.#afterSave(sealed.hash, sealed.dek, 1, 0, sealed.record.time);
    }
    if (this.#access === 'read') throw new AuthError(`you can only read ${this.#what()}; ask ${this.#ref.owner.handle} for write access`);
    const { grants, list } = await verifiedSharing(state, this.#ref, this.#list);
    const recipients = writerRecipients(this.#ref, grants, list, this.#what());
    let authorGrant: GrantRecord | null = null;
    if (this.#ref.owner.id !== me.account.id) {
      const mine = grants.find((g) => g.grant.grantee === me.account.id && g.grant.access === 'write');
      if (!mine) throw new AuthError(`you no longer have write access to ${this.#what()}`);
      authorGrant = mine.grant;
    }
    const version = this.#version + 1;
    const sealed = await sealVersion(state, this.#ref, {
      version, prev: this.#hash, payload: this.#payload, recipients: [this.#ref.owner, ...recipients], authorGrant, list: list?.counter ?? 0,
    });
    await state.transport.request('PUT', `/v1/secrets/${seg(this.#ref.id)}/versions/${version}`, SecretSummaryResponse, {
      what: `save ${this.#what()}`,
      body: { version: sealed.record, wraps: sealed.wraps },
    }).catch((error: unknown) => {
      if (error instanceof ConflictError) {
        throw new ConflictError(
          `${this.#what()} was changed by someone else since you loaded version ${this.#version}; reload it with ` +
            `client.secret("${this.address}"), apply your change again and save`,
        );
      }
      throw error;
    });
    return this.#afterSave(sealed.hash, sealed.dek, version, sealed.record.list, sealed.record.time);
  }

  async #afterSave(hash: Uint8Array, dek: Uint8Array, version: number, list: number, time: number): Promise<this> {
    const me = this.#state.me().account;
    this.#author = { id: me.id, handle: me.handle };
    this.#time = time;
    this.#version = version;
    this.#list = list;
    this.#hash = hash;
    this.#dek = dek;
    this.#dirty = false;
    // Written under the latest verified list: every revocation so far is behind this version.
    this.#rotate = false;
    await this.#state.trust.raiseMark(this.#ref.id, version, hash);
    return this;
  }

  /** Loads the latest version from the server, discarding unsaved local changes. */
  async reload(): Promise<this> {
    this.#saved();
    const { summary, opened } = await loadLatest(this.#state, this.#ref);
    this.#apply(opened);
    this.#access = await verifiedAccess(this.#state, this.#ref, summary.access, opened);
    this.#rotate = summary.rotate;
    return this;
  }

  /** Deletes the secret with all its versions (owner or write grantee). */
  async delete(): Promise<void> {
    this.#saved();
    await this.#state.transport.request('DELETE', `/v1/secrets/${seg(this.#ref.id)}`, null, { what: `delete ${this.#what()}` });
    await this.#state.trust.dropMark(this.#ref.id);
    await this.#state.lists.drop(this.#ref.id);
    this.#deleted = true;
  }

  /** The verified version history, oldest first. */
  async history(): Promise<VersionInfo[]> {
    this.#saved();
    const chain = await this.#checkedHistory();
    return chain.map((h) => ({ version: h.version, author: { id: h.author.id, handle: h.author.handle }, time: h.time, hash: toBase64Url(h.hash) }));
  }

  async #checkedHistory() {
    const chain = await verifiedHistory(this.#state, this.#ref);
    const mark = await this.#state.trust.mark(this.#ref.id);
    if (mark) {
      const at = chain[mark.version - 1];
      if (!at || !constantTimeEqual(at.hash, mark.hash)) {
        throw new IntegrityError(`the history of ${this.#what()} does not contain the version ${mark.version} this device saw (rolled back or forked); refusing it`);
      }
    }
    return chain;
  }

  /** Loads, verifies and decrypts version `n` (it must be part of the verified history). */
  async version(n: number): Promise<SecretVersion> {
    this.#saved();
    if (!Number.isSafeInteger(n) || n < 1) throw new BadInputError('a version number is an integer >= 1');
    const answer = await this.#state.transport.request('GET', `${secretPath(this.#ref)}/versions/${n}`, SecretVersionResponse, {
      what: `version ${n} of ${this.#what()}`,
    });
    checkSameSecret(this.#ref, answer.secret, this.#what());
    if (answer.version.version !== n) throw new IntegrityError(`asked for version ${n} of ${this.#what()}, the server sent version ${answer.version.version}; refusing it`);
    const opened = await openVersion(this.#state, this.#ref, answer.version, answer.wrap);
    const chain = await this.#checkedHistory();
    const inChain = chain[n - 1];
    if (!inChain || !constantTimeEqual(inChain.hash, opened.hash)) {
      throw new IntegrityError(`version ${n} of ${this.#what()} is not the one in its verified history; refusing it`);
    }
    return {
      version: n, author: { id: opened.author.id, handle: opened.author.handle }, time: opened.time, hash: toBase64Url(opened.hash),
      values: { ...opened.payload.values }, provider: opened.payload.provider,
    };
  }

  /** Writes the values of version `n` as a new latest version. */
  async rollback(n: number): Promise<this> {
    if (this.#dirty) throw new BadInputError(`${this.#what()} has unsaved changes; save or reload before rolling back`);
    const old = await this.version(n);
    await this.reload();
    this.#payload = { values: old.values, provider: old.provider };
    this.#dirty = true;
    return this.save();
  }

  /** Shares the secret with an account (person or machine) by handle; owner only. */
  async share(handle: string, options: ShareOptions = {}): Promise<Grantee> {
    this.#saved();
    const access = options.access ?? 'read';
    if (access !== 'read' && access !== 'write') throw new BadInputError('access must be "read" or "write"');
    if (!this.#mine()) throw new AuthError(`only the owner ${this.#ref.owner.handle} can share ${this.#what()}`);
    if (this.#dirty) throw new BadInputError(`${this.#what()} has unsaved changes; save them before sharing`);
    if (options.fingerprint !== undefined) await verifyAccount(this.#state, handle, options.fingerprint);
    const card = await this.#state.cardByHandle(handle, `share ${this.#what()}`);
    if (card.id === this.#ref.owner.id) throw new BadInputError('you already own this secret; share it with someone else');
    await this.reload();
    const { list } = await verifiedSharing(this.#state, this.#ref, this.#list);
    await publishList(this.#state, this.#ref, await nextList(this.#state, this.#ref, list, { set: card, access }));
    const grant = await makeGrant(this.#state, this.#ref, card, access);
    const wrap = await wrapTo(this.#ref, this.#version, this.#dek!, card);
    await this.#state.transport.request('PUT', `/v1/secrets/${seg(this.#ref.id)}/grants/${seg(card.id)}`, null, {
      what: `share ${this.#what()} with "${handle}"`,
      body: { grant, wrap },
    });
    return { id: card.id, handle: card.handle, kind: card.kind, access, fingerprint: formatFingerprint(card.fingerprint), grantedAt: grant.time };
  }

  /**
   * Removes an account's access. Later versions are not wrapped to it, but
   * what it already read cannot be unread: rotate the upstream credential.
   */
  async unshare(handle: string): Promise<void> {
    this.#saved();
    if (!this.#mine()) throw new AuthError(`only the owner ${this.#ref.owner.handle} can unshare ${this.#what()}`);
    const { grants, list } = await verifiedSharing(this.#state, this.#ref, this.#list);
    const hit = grants.find((g) => g.card.handle === handle);
    if (!hit) throw new NotFoundError(`${this.#what()} is not shared with "${handle}"`);
    // The signed list goes first: once it no longer names them, no writer wraps to them, whatever the server keeps.
    await publishList(this.#state, this.#ref, await nextList(this.#state, this.#ref, list, { remove: hit.card.id }));
    await this.#state.transport.request('DELETE', `/v1/secrets/${seg(this.#ref.id)}/grants/${seg(hit.card.id)}`, null, {
      what: `unshare ${this.#what()} from "${handle}"`,
    });
    this.#rotate = true;
  }

  /** Who the secret is shared with (every grant verified against the owner's key). */
  async grantees(): Promise<Grantee[]> {
    this.#saved();
    const grants = await verifiedGrants(this.#state, this.#ref);
    return grants.map((g) => ({
      id: g.card.id, handle: g.card.handle, kind: g.card.kind, access: g.grant.access,
      fingerprint: formatFingerprint(fingerprint(g.card.card.body)), grantedAt: g.grant.time,
    }));
  }

  /**
   * Accepts this share (signed with your key, stored by the server): from
   * now on it is placed by pull and answers to its bare name. Your own
   * secrets need no acceptance.
   */
  async accept(): Promise<this> {
    this.#alive();
    if (this.#access === 'owner') throw new BadInputError(`${this.#what()} is your own secret; only shares need accepting`);
    if (this.#ref.via) {
      throw new BadInputError(`${this.#what()} reaches you through a group: accept every share of ${this.#ref.owner.handle} instead (latchkey accept --from ${this.#ref.owner.handle}, client.acceptFrom)`);
    }
    this.#acceptedAt = await acceptShare(this.#state, this.#ref.id, this.#what());
    this.#pending = false;
    return this;
  }

  /**
   * Declines this share: your grant and your copies of its key are deleted
   * on the server, so you cannot read it any more (the owner can share again).
   */
  async decline(): Promise<void> {
    this.#alive();
    if (this.#access === 'owner') throw new BadInputError(`${this.#what()} is your own secret; delete it instead`);
    const me = this.#state.me().account.id;
    await this.#state.transport.request('DELETE', `/v1/secrets/${seg(this.#ref.id)}/grants/${seg(me)}`, null, { what: `decline ${this.#what()}` });
    await this.#state.trust.dropMark(this.#ref.id);
    this.#deleted = true;
  }

  /** Never prints values. */
  toJSON(): { address: string; id: string; version: number; provider: string | null; keys: string[] } {
    return { address: this.address, id: this.id, version: this.#version, provider: this.#ref.provider, keys: Object.keys(this.#payload.values) };
  }
}
