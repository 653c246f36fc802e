// The server refuses versions whose signature or chain link it can tell are wrong.
import { expect, test } from 'vitest';
import { toBase64Url } from '../crypto/index.ts';
import type { FetchLike } from './test-fixtures.ts';
import { bearer, buildVersion, createSecret, json, nextVersionBody, putNextVersion, signUp } from './test-fixtures.ts';
import { workerFetch } from './test-worker.ts';

const f: FetchLike = workerFetch;

async function errorOf(res: Response): Promise<[number, string]> {
  const body = (await res.json()) as { error: { message: string } };
  return [res.status, body.error.message];
}

test('versions with a bad signature, a foreign context or a broken chain are refused and change nothing', async () => {
  const alice = await signUp(f, 'alice');
  const mallory = await signUp(f, 'mallory');
  const s = await createSecret(f, alice, 'db/password', 'one');
  await putNextVersion(f, s, alice, 'two');

  // Signature bytes flipped.
  const next = (await nextVersionBody(s, alice, 'three')).body as { version: { signature: string }; wraps: unknown };
  const tampered = { ...next, version: { ...next.version, signature: toBase64Url(new Uint8Array(64).fill(7)) } };
  const [s1, m1] = await errorOf(await f(`/v1/secrets/${s.id}/versions/3`, json('PUT', tampered, alice.token)));
  expect([s1, m1]).toEqual([400, expect.stringContaining('version.signature')]);

  // Signed for another name (e.g. replayed from another secret).
  const other = await buildVersion({ ...s, name: 'db/other' }, alice, 3, s.hash, 'three', [alice]);
  const [s2, m2] = await errorOf(await f(`/v1/secrets/${s.id}/versions/3`, json('PUT', { version: other.version, wraps: other.wraps }, alice.token)));
  expect([s2, m2]).toEqual([400, expect.stringContaining('version.signature')]);

  // Correctly signed but linked to the wrong predecessor.
  const forked = await buildVersion(s, alice, 3, toBase64Url(new Uint8Array(32).fill(1)), 'three', [alice]);
  const [s3, m3] = await errorOf(await f(`/v1/secrets/${s.id}/versions/3`, json('PUT', { version: forked.version, wraps: forked.wraps }, alice.token)));
  expect([s3, m3]).toEqual([400, expect.stringContaining('version.prev')]);

  // A new secret whose first version is signed by someone else's key.
  const id = toBase64Url(new Uint8Array(16).fill(9));
  const byMallory = await buildVersion({ id, name: 'x/y', provider: null, owner: alice }, mallory, 1, null, 'v', [alice]);
  const forged = { ...byMallory.version, author: alice.id };
  const [s4] = await errorOf(await f('/v1/secrets', json('POST', { id, name: 'x/y', provider: null, version: forged, wraps: byMallory.wraps }, alice.token)));
  expect(s4).toBe(400);

  const latest = (await (await f(`/v1/secrets/${s.id}`, bearer(alice.token))).json()) as { secret: { version: number } };
  expect(latest.secret.version).toBe(2);
  expect((await f(`/v1/secrets/${id}`, bearer(alice.token))).status).toBe(404);
  await putNextVersion(f, s, alice, 'three');
});
