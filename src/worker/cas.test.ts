// Compare-and-swap on versions: concurrent writers of the same next version.
import { expect, test } from 'vitest';
import { HistoryResponse, parseWire } from '../protocol/index.ts';
import { putVersion } from './store/secret-writes.ts';
import { ciphertextHash } from './routes/version-checks.ts';
import type { FetchLike } from './test-fixtures.ts';
import { bearer, createSecret, json, nextVersionBody, putNextVersion, share, signUp } from './test-fixtures.ts';
import { testEnv as env, workerFetch } from './test-worker.ts';

const f: FetchLike = workerFetch;

test('20 concurrent writers of the same next version: exactly one wins, history stays contiguous', async () => {
  const owner = await signUp(f, 'owner');
  const writer = await signUp(f, 'writer');
  const s = await createSecret(f, owner, 'race/key', 'v1');
  await share(f, s, writer, 'write');
  await putNextVersion(f, s, owner, 'v2');
  const hashes: string[] = [];

  for (let round = 0; round < 3; round++) {
    const n = s.version + 1;
    const bodies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => nextVersionBody(s, i % 2 ? writer : owner, `v${n}-writer${i}`).then((b) => ({ ...b, author: i % 2 ? writer : owner }))),
    );
    const results = await Promise.all(
      bodies.map(async (b) => {
        const res = await f(`/v1/secrets/${s.id}/versions/${n}`, json('PUT', b.body, b.author.token));
        return { status: res.status, body: (await res.json()) as { error?: { code: string } }, hash: b.hash };
      }),
    );
    const winners = results.filter((r) => r.status === 201);
    const losers = results.filter((r) => r.status !== 201);
    expect(winners).toHaveLength(1);
    expect(losers.map((r) => [r.status, r.body.error?.code])).toEqual(Array.from({ length: 19 }, () => [409, 'conflict']));
    s.version = n;
    hashes.push(s.hash);
    s.hash = winners[0]!.hash;
    // A stale writer (version already taken) changes nothing either.
    const late = await nextVersionBody({ ...s, version: n - 1 }, owner, 'late');
    expect((await f(`/v1/secrets/${s.id}/versions/${n}`, json('PUT', late.body, owner.token))).status).toBe(409);
  }

  const history = parseWire(HistoryResponse, await (await f(`/v1/secrets/${s.id}/versions`, bearer(owner.token))).json());
  expect(history.versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
  // Versions 3..5 are the winners, each linking to the version before it: no lost or duplicated writes.
  expect(history.versions.slice(2).map((v) => v.prev)).toEqual(hashes);
  expect(new Set(history.versions.map((v) => v.signature)).size).toBe(5);
  const latest = (await (await f(`/v1/secrets/${s.id}`, bearer(writer.token))).json()) as { version: { version: number; signature: string }; secret: { version: number } };
  expect(latest.version.version).toBe(5);
  expect(latest.secret.version).toBe(5);
  expect(latest.version.signature).toBe(history.versions[4]!.signature);
});

test('a grant change between reading grantees and writing makes the write a 409 instead of skipping a recipient', async () => {
  const owner = await signUp(f, 'owner2');
  const late = await signUp(f, 'late');
  const s = await createSecret(f, owner, 'race/grants', 'v1');
  // The writer prepares v2 for the current recipients (owner only) ...
  const prepared = await nextVersionBody(s, owner, 'v2');
  // ... meanwhile a grant is added: the prepared version lacks the new grantee's wrap.
  await share(f, s, late, 'read');
  const res = await f(`/v1/secrets/${s.id}/versions/2`, json('PUT', prepared.body, owner.token));
  expect(res.status).toBe(400);
  expect(((await res.json()) as { error: { message: string } }).error.message).toContain(late.id);
  expect(((await (await f(`/v1/secrets/${s.id}`, bearer(owner.token))).json()) as { secret: { version: number } }).secret.version).toBe(1);

  // The same race inside the write itself: a batch prepared against the old grant epoch changes nothing.
  const full = (await nextVersionBody(s, owner, 'v2')).body as { version: Parameters<typeof putVersion>[4]; wraps: Parameters<typeof putVersion>[5] };
  const caller = { id: owner.id, handle: owner.handle, kind: 'person' as const };
  const staleEpoch = await putVersion(env.DB, caller, owner.id, 0, full.version, full.wraps, ciphertextHash(full.version.ciphertext), Date.now());
  expect(staleEpoch).toBe(false);
  const rows = await env.DB.prepare('SELECT COUNT(*) AS n FROM versions WHERE secret_id = ?1').bind(s.id).first<number>('n');
  expect(rows).toBe(1);
  const epoch = await env.DB.prepare('SELECT grant_epoch AS e FROM secrets WHERE id = ?1').bind(s.id).first<number>('e');
  expect(await putVersion(env.DB, caller, owner.id, epoch!, full.version, full.wraps, ciphertextHash(full.version.ciphertext), Date.now())).toBe(true);
});
