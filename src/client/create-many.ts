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
import type { ClientState } from './client-state.ts';
import { ConflictError, IntegrityError } from './errors.ts';
import { assertSecretName, checkProvider, checkPayloadValues } from './payload.ts';
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

/** Creates new secrets owned by the caller, in batches; returns them saved, in input order. */
export async function createSecrets(state: ClientState, inputs: readonly NewSecretInput[]): Promise<Secret[]> {
  const me = state.me();
  const owner = await state.cardById(me.account.id, 'your own key card');
  // Every input is checked before anything is sent.
  const checked = inputs.map((input) => {
    assertSecretName(input.name);
    const provider = checkProvider(input.provider ?? null);
    return { name: input.name, payload: { values: checkPayloadValues(input.values), provider } };
  });
  const prepare = async ({ name, payload }: (typeof checked)[number]): Promise<Prepared> => {
    const ref: SecretRef = { id: newAccountId(), name, provider: payload.provider?.name ?? null, owner };
    const sealed = await sealVersion(state, ref, { version: 1, prev: null, payload, recipients: [owner], authorGrant: null, list: 0 });
    const body: CreateSecretRequest = { id: ref.id, name: ref.name, provider: ref.provider, version: sealed.record, wraps: sealed.wraps };
    const opened: OpenedVersion = {
      version: 1, hash: sealed.hash, prev: null, time: sealed.record.time, author: owner, authorGrant: null, list: 0, dek: sealed.dek, payload,
    };
    return { ref, sealed, opened, body, bytes: utf8Encode(JSON.stringify(body)).length + 1 };
  };
  const out: Secret[] = [];
  // One request at a time (the server is one thread); the next chunk is sealed meanwhile.
  let sending: Promise<void> = Promise.resolve();
  for (let i = 0; i < checked.length; i += MAX_BATCH_CREATE) {
    const prepared = await Promise.all(checked.slice(i, i + MAX_BATCH_CREATE).map(prepare));
    await sending;
    sending = sendChunk(state, prepared).then((made) => void out.push(...made));
    sending.catch(() => undefined);
  }
  await sending;
  return out;
}

/** Sends prepared secrets in as few batches as the count and body bounds allow. */
async function sendChunk(state: ClientState, prepared: Prepared[]): Promise<Secret[]> {
  const made: Secret[] = [];
  let from = 0;
  while (from < prepared.length) {
    let to = from;
    let size = 16;
    while (to < prepared.length && (to === from || size + prepared[to]!.bytes <= MAX_BATCH_BODY_BYTES)) size += prepared[to++]!.bytes;
    made.push(...(await sendBatch(state, prepared.slice(from, to))));
    from = to;
  }
  return made;
}

async function sendBatch(state: ClientState, batch: Prepared[]): Promise<Secret[]> {
  const answer = await state.transport.request('POST', '/v1/secrets-batch', SecretSummariesResponse, {
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
    return Secret.fromLoaded(state, p.ref, summary, p.opened, 'owner');
  });
  await state.trust.raiseMarks(batch.map((p) => ({ id: p.ref.id, version: 1, hash: p.sealed.hash })));
  return secrets;
}
