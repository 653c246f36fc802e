/**
 * Creating many new secrets in few requests: `POST /v1/secrets-batch` takes up
 * to MAX_BATCH_CREATE secrets (and MAX_BATCH_BODY_BYTES) and creates them all
 * or none. Each is sealed, signed and wrapped exactly as `Secret.save()` seals
 * a version 1, and comes back as a saved {@link Secret}.
 * @module
 */
import { newAccountId, utf8Encode } from '../crypto/index.ts';
import { MAX_BATCH_BODY_BYTES, MAX_BATCH_CREATE, SecretSummariesResponse } from '../protocol/index.ts';
import type { CreateSecretRequest } from '../protocol/index.ts';
import type { NewSecretInput } from './client.ts';
import type { Core } from './core.ts';
import { ConflictError, IntegrityError } from './errors.ts';
import { forEachLimited } from './limit.ts';
import { assertSecretName, checkProvider, checkValues } from './payload.ts';
import { checkSameSecret } from './resolve.ts';
import { Secret } from './secret.ts';
import { sealVersion, type OpenedVersion, type SecretRef, type SealedVersion } from './versions.ts';

interface Prepared {
  ref: SecretRef;
  sealed: SealedVersion;
  opened: OpenedVersion;
  body: CreateSecretRequest;
  bytes: number;
}

/** Batches sent at once (the server is one thread; two overlap our sealing with its work). */
const PARALLEL = 2;

/** Creates new secrets owned by the caller, in batches; returns them saved, in input order. */
export async function createSecrets(core: Core, inputs: readonly NewSecretInput[]): Promise<Secret[]> {
  const me = core.me();
  const owner = await core.cardById(me.account.id, 'your own key card');
  const prepared: Prepared[] = [];
  for (const input of inputs) {
    assertSecretName(input.name);
    const provider = checkProvider(input.provider ?? null);
    const payload = { values: checkValues(input.values), provider };
    const ref: SecretRef = { id: newAccountId(), name: input.name, provider: provider?.name ?? null, owner };
    const sealed = await sealVersion(core, ref, { version: 1, prev: null, payload, recipients: [owner], authorGrant: null });
    const body: CreateSecretRequest = { id: ref.id, name: ref.name, provider: ref.provider, version: sealed.record, wraps: sealed.wraps };
    const opened: OpenedVersion = {
      version: 1, hash: sealed.hash, prev: null, time: sealed.record.time, author: owner, authorGrant: null, dek: sealed.dek, payload,
    };
    prepared.push({ ref, sealed, opened, body, bytes: utf8Encode(JSON.stringify(body)).length + 1 });
  }
  const batches: Prepared[][] = [];
  let current: Prepared[] = [];
  let size = 16;
  for (const p of prepared) {
    if (current.length > 0 && (current.length === MAX_BATCH_CREATE || size + p.bytes > MAX_BATCH_BODY_BYTES)) {
      batches.push(current);
      current = [];
      size = 16;
    }
    current.push(p);
    size += p.bytes;
  }
  if (current.length > 0) batches.push(current);

  const out = new Map<Prepared, Secret>();
  await forEachLimited(batches, PARALLEL, (batch) => sendBatch(core, batch, out));
  return prepared.map((p) => out.get(p)!);
}

async function sendBatch(core: Core, batch: Prepared[], out: Map<Prepared, Secret>): Promise<void> {
  const answer = await core.transport.request('POST', '/v1/secrets-batch', SecretSummariesResponse, {
    what: `create ${batch.length} secret(s)`,
    body: { secrets: batch.map((p) => p.body) },
  }).catch((error: unknown) => {
    if (error instanceof ConflictError) {
      throw new ConflictError(`one of ${batch.map((p) => `"${p.ref.name}"`).slice(0, 3).join(', ')}${batch.length > 3 ? ', ...' : ''} already exists; nothing of that batch was created`);
    }
    throw error;
  });
  if (answer.secrets.length !== batch.length) throw new IntegrityError('the server answered a batch create with the wrong number of secrets; refusing it');
  const secrets = batch.map((p, i) => {
    const summary = answer.secrets[i]!;
    checkSameSecret(p.ref, summary, `"${p.ref.name}"`);
    if (summary.version !== 1) throw new IntegrityError(`the server reports version ${summary.version} for the new secret "${p.ref.name}"; refusing it`);
    return Secret.fromLoaded(core, p.ref, summary, p.opened);
  });
  await core.trust.raiseMarks(batch.map((p) => ({ id: p.ref.id, version: 1, hash: p.sealed.hash })));
  batch.forEach((p, i) => out.set(p, secrets[i]!));
}
