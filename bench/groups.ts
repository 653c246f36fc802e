/**
 * Groups benchmark against a local server (the real worker under Miniflare).
 * Run: npx tsx bench/groups.ts      (BENCH_MEMBERS=100 BENCH_SECRETS=500 BENCH_RUNS=5)
 *
 * 1. Remove one member from a group of BENCH_MEMBERS with BENCH_SECRETS secrets
 *    shared to it, end to end through the SDK (verify the chain, new keys and
 *    card, a seed wrap per remaining member, fetch + unwrap + re-wrap of every
 *    shared secret's data key, the server's checks and one atomic write).
 *    Target <= 2 s. Beside it, the crypto lower bound measured in the same run:
 *    (members - 1) seed wraps + BENCH_SECRETS unwrap/wrap pairs with the same
 *    functions, all in parallel, nothing else.
 * 2. pullAll() of the same secrets by a member (through the group) against a
 *    direct grantee of the same secrets (target <= 1.2x).
 * Members other than the three SDK accounts are created with raw requests
 * (no scrypt): only their key cards matter to the group.
 */
import { encodeContext, generateAccountKeys, generateDataKey, groupSeedContext, newAccountId, randomBytes, unwrapDataKey, wrapDataKey, createDecrypter } from '../src/crypto/index.ts';
import { createClient } from '../src/client/index.ts';
import { signUp, urlFetcher } from '../src/worker/test-fixtures.ts';
import { startTestServer } from '../test/helpers/server.ts';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100);
const SECRETS = Number(process.env.BENCH_SECRETS ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PASS = 'benchmark passphrase, not secret';
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const out = await fn();
  return [out, performance.now() - start];
}

/** The crypto floor of one removal: seed wraps to the members who remain, and one unwrap + wrap per shared secret. */
async function cryptoFloor(members: number, secrets: number): Promise<number> {
  const memberKeys = await Promise.all(Array.from({ length: members - 1 }, () => generateAccountKeys()));
  const oldGroup = await generateAccountKeys();
  const newGroup = await generateAccountKeys();
  const decrypter = await createDecrypter(oldGroup.encryption.privateKey);
  const group = newAccountId();
  const wraps = await Promise.all(Array.from({ length: secrets }, async (_, i) => {
    const context = encodeContext({ owner: group, secret: group, name: `s${i}`, provider: null, version: 1 });
    return { context, wrap: await wrapDataKey(generateDataKey(), oldGroup.encryption.publicKey, context) };
  }));
  const seed = randomBytes(32);
  const [, ms] = await timed(() => Promise.all([
    ...memberKeys.map((k, i) => wrapDataKey(seed, k.encryption.publicKey, groupSeedContext({ group, epoch: 2, member: String(i) }))),
    ...wraps.map(async ({ context, wrap }) => wrapDataKey((await unwrapDataKey(wrap, decrypter, context))!, newGroup.encryption.publicKey, context)),
  ]));
  return ms;
}

const server = await startTestServer();
try {
  const f = urlFetcher(server.url);
  const admin = createClient({ server: server.url, store: 'memory' });
  const member = createClient({ server: server.url, store: 'memory' });
  const direct = createClient({ server: server.url, store: 'memory' });
  await admin.signup('bench-admin', PASS);
  await member.signup('bench-member', PASS);
  await direct.signup('bench-direct', PASS);
  process.stdout.write(`setting up a group of ${MEMBERS} and ${SECRETS} shared secrets on ${server.url} ... `);
  const [, setupMs] = await timed(async () => {
    await admin.createGroup('bench-team');
    const team = admin.group('bench-team');
    await team.add('bench-member');
    for (let i = 0; i < MEMBERS - 2; i++) {
      const m = await signUp(f, `bench-m${String(i).padStart(3, '0')}`);
      await team.add(m.handle);
    }
    for (let i = 0; i < SECRETS; i += 16) {
      await Promise.all(Array.from({ length: Math.min(16, SECRETS - i) }, async (_, j) => {
        const s = await admin.secret({ name: `bench/s-${String(i + j).padStart(4, '0')}`, values: { api_key: `sk-${i + j}-${'x'.repeat(40)}` }, provider: 'openai' });
        await s.save();
        await s.share('bench-team');
        await s.share('bench-direct');
      }));
    }
  });
  console.log(`${(setupMs / 1000).toFixed(1)} s`);

  // Each run removes one member from a group of exactly MEMBERS, then (untimed) adds a new one back.
  const removal: number[] = [];
  const floor: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const [after, ms] = await timed(() => admin.group('bench-team').remove(`bench-m${String(r).padStart(3, '0')}`));
    if (after.members.length !== MEMBERS - 1) throw new Error(`unexpected member count ${after.members.length}`);
    removal.push(ms);
    floor.push(await cryptoFloor(MEMBERS, SECRETS));
    await admin.group('bench-team').add((await signUp(f, `bench-new${r}`)).handle);
  }
  const viaGroup: number[] = [];
  const viaGrant: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const [a, msGroup] = await timed(() => member.pullAll({ includePending: true }));
    const [b, msDirect] = await timed(() => direct.pullAll({ includePending: true }));
    if (a.length !== SECRETS || b.length !== SECRETS) throw new Error(`pulled ${a.length} / ${b.length}, expected ${SECRETS}`);
    viaGroup.push(msGroup);
    viaGrant.push(msDirect);
  }
  const rm = median(removal);
  const fl = median(floor);
  console.log(`\ngroups bench, p50 of ${RUNS} runs (Node ${process.version})\n`);
  console.log(`| ${'measurement'.padEnd(62)} | ${'p50 ms'.padStart(8)} | ${'ratio'.padStart(6)} | target`);
  console.log(`|${'-'.repeat(64)}|${'-'.repeat(10)}|${'-'.repeat(8)}|-------`);
  console.log(`| ${`remove 1 of ${MEMBERS} members, ${SECRETS} secrets shared (end to end)`.padEnd(62)} | ${rm.toFixed(0).padStart(8)} | ${(rm / fl).toFixed(2).padStart(6)} | <= 2000 ms`);
  console.log(`| ${`  crypto lower bound: ${MEMBERS - 1} seed wraps + ${SECRETS} unwrap/wrap pairs`.padEnd(62)} | ${fl.toFixed(0).padStart(8)} | ${'1.00'.padStart(6)} |`);
  console.log(`| ${`pullAll() of ${SECRETS} secrets through the group (member)`.padEnd(62)} | ${median(viaGroup).toFixed(0).padStart(8)} | ${(median(viaGroup) / median(viaGrant)).toFixed(2).padStart(6)} | <= 1.2x`);
  console.log(`| ${`pullAll() of the same ${SECRETS} secrets shared directly`.padEnd(62)} | ${median(viaGrant).toFixed(0).padStart(8)} | ${'1.00'.padStart(6)} |`);
} finally {
  await server.close();
}
