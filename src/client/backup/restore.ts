/**
 * Restoring a verified backup: a plan (what would be created, updated, left
 * alone or only listed) computed against the account's current secrets, then
 * applied through the normal signed save path. Only secrets the backup's
 * account owned are written, always as the logged-in account; secrets shared
 * with it are listed, never restored.
 * @module
 */
import { constantTimeEqual, formatFingerprint } from '../../crypto/index.ts';
import { SECRET_NAME_PATTERN } from '../../protocol/index.ts';
import { pullVerified, type PulledVersion } from '../bulk.ts';
import { clientStateOf, type LatchkeyClient } from '../client.ts';
import { IntegrityError } from '../errors.ts';
import { createSecrets } from '../create-many.ts';
import { forEachLimited } from '../limit.ts';
import { encodePayload } from '../payload.ts';
import { Secret } from '../secret.ts';
import type { VerifiedBackup, VerifiedSecret } from './verify.ts';

/** What a restore does with one backed-up secret. */
export type RestoreKind = 'create' | 'update' | 'unchanged' | 'conflict' | 'shared';

/** One line of a restore plan. */
export interface RestoreAction {
  kind: RestoreKind;
  /** The secret as backed up. */
  from: VerifiedSecret;
  /** Name it is written under (differs from `from.name` with `asNew` when the name is taken). */
  name: string;
  /** Versions that would be saved (0 for unchanged, conflict and shared). */
  writes: number;
  /** Why a conflict or share is not restored. */
  reason?: string;
}

/** What {@link planRestore} found. */
export interface RestorePlan {
  backup: VerifiedBackup;
  /** Who signed the backup: your current account, an account pinned on this device, or one this device never saw. */
  signer: 'you' | 'pinned' | 'unknown';
  /** Grouped fingerprint of the backup's account. */
  signerFingerprint: string;
  actions: RestoreAction[];
}

/** Options of {@link planRestore}. */
export interface RestoreOptions {
  /** Never touch an existing secret: restore a taken name as `NAME.restored` (or `NAME.restored-2`, ...). */
  asNew?: boolean;
}

/** Secrets saved at once during a restore. */
const PARALLEL = 8;

/** Compares a verified backup with the account's secrets; writes nothing. */
export async function planRestore(client: LatchkeyClient, backup: VerifiedBackup, options: RestoreOptions = {}): Promise<RestorePlan> {
  const state = await clientStateOf(client);
  const me = state.me();
  let signer: RestorePlan['signer'] = 'unknown';
  if (backup.account.id === me.account.id) {
    if (!constantTimeEqual(backup.account.signingKey, me.keys.signing.publicKey)) {
      throw new IntegrityError('the backup claims to come from your account but carries another key card; refusing it');
    }
    signer = 'you';
  } else {
    const pinned = await state.trust.pinned(backup.account.id);
    if (pinned && !constantTimeEqual(pinned.fingerprint, backup.account.fingerprint)) {
      throw new IntegrityError(`the backup's key card for "${backup.account.handle}" differs from the one pinned on this device; refusing it`);
    }
    if (pinned) signer = 'pinned';
  }
  const own = new Map<string, PulledVersion>();
  for (const p of await pullVerified(state)) if (p.ref.owner.id === me.account.id) own.set(p.entry.secret.name, p);
  const taken = new Set(own.keys());
  const seen = new Set<string>();
  const actions: RestoreAction[] = [];
  for (const s of backup.secrets) {
    if (s.owner.id !== backup.account.id) {
      actions.push({ kind: 'shared', from: s, name: `${s.owner.handle}:${s.name}`, writes: 0, reason: `shared by ${s.owner.handle}; ask them to share it again` });
      continue;
    }
    if (seen.has(s.name)) throw new IntegrityError(`the backup holds two secrets named "${s.name}"; refusing it`);
    seen.add(s.name);
    const latest = s.versions[s.versions.length - 1]!;
    const existing = own.get(s.name);
    if (!existing) {
      actions.push({ kind: 'create', from: s, name: s.name, writes: s.versions.length });
    } else if (options.asNew) {
      const name = freeName(s.name, taken);
      taken.add(name);
      actions.push({ kind: 'create', from: s, name, writes: s.versions.length });
    } else if (existing.ref.provider !== s.provider) {
      actions.push({
        kind: 'conflict', from: s, name: s.name, writes: 0,
        reason: `"${s.name}" exists with provider ${existing.ref.provider ?? 'none'}, the backup has ${s.provider ?? 'none'}; restore with --as-new`,
      });
    } else if (constantTimeEqual(encodePayload(existing.opened.payload), encodePayload(latest.payload))) {
      actions.push({ kind: 'unchanged', from: s, name: s.name, writes: 0 });
    } else {
      actions.push({ kind: 'update', from: s, name: s.name, writes: 1 });
    }
  }
  return { backup, signer, signerFingerprint: formatFingerprint(backup.account.fingerprint), actions };
}

/** `NAME.restored`, `NAME.restored-2`, ...: the first valid name not taken. */
function freeName(name: string, taken: Set<string>): string {
  for (let i = 1; ; i++) {
    const suffix = i === 1 ? '.restored' : `.restored-${i}`;
    const candidate = `${name.slice(0, 200 - suffix.length)}${suffix}`;
    if (!taken.has(candidate) && SECRET_NAME_PATTERN.test(candidate)) return candidate;
  }
}

/** What {@link applyRestore} wrote. */
export interface RestoreResult {
  created: number;
  updated: number;
  versions: number;
}

/**
 * Carries out a plan: created secrets are made in batches with their first
 * backed-up version, then get every later version in order (so their history
 * comes back); an updated one gets the latest backed-up values as a new
 * version. Each save is signed by you and compare-and-swap.
 */
export async function applyRestore(client: LatchkeyClient, plan: RestorePlan, onSaved?: (action: RestoreAction) => void): Promise<RestoreResult> {
  const state = await clientStateOf(client);
  const result: RestoreResult = { created: 0, updated: 0, versions: 0 };
  const creates = plan.actions.filter((a) => a.kind === 'create');
  const updates = plan.actions.filter((a) => a.kind === 'update');
  const made = await createSecrets(state, creates.map((a) => ({ name: a.name, values: a.from.versions[0]!.payload.values, provider: a.from.versions[0]!.payload.provider })));
  result.created = made.length;
  result.versions = made.length;
  const current = updates.length > 0 ? await currentOwn(client) : new Map<string, Secret>();
  const work: Array<() => Promise<void>> = [];
  creates.forEach((action, i) => {
    const rest = action.from.versions.slice(1);
    if (rest.length === 0) return onSaved?.(action);
    work.push(async () => {
      for (const v of rest) await made[i]!.set(v.payload.values).setProvider(v.payload.provider).save();
      result.versions += rest.length;
      onSaved?.(action);
    });
  });
  for (const action of updates) {
    work.push(async () => {
      const latest = action.from.versions[action.from.versions.length - 1]!;
      await current.get(action.name)!.set(latest.payload.values).setProvider(latest.payload.provider).save();
      result.updated++;
      result.versions++;
      onSaved?.(action);
    });
  }
  await forEachLimited(work, PARALLEL, (job) => job());
  return result;
}

async function currentOwn(client: LatchkeyClient): Promise<Map<string, Secret>> {
  const state = await clientStateOf(client);
  const me = state.me().account.id;
  const out = new Map<string, Secret>();
  for (const p of await pullVerified(state)) if (p.ref.owner.id === me) out.set(p.entry.secret.name, Secret.fromLoaded(state, p.ref, p.entry.secret, p.opened, p.access));
  return out;
}
