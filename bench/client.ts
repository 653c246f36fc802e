/**
 * Client benchmark: a fresh client logs in (scrypt N=2^17) and pulls 1,000
 * secrets with pullAll() (one request; each verified, unwrapped, decrypted)
 * against a local server (the real worker under Miniflare). p50 over RUNS.
 * Run: npx tsx bench/client.ts        (BENCH_SECRETS, BENCH_RUNS to change)
 *
 * Breakdown (measured separately in the same run, same data):
 * - network: POST /v1/sessions + GET /v1/me + GET /v1/secrets-bulk (fetch + JSON), no crypto
 * - kdf: the SDK's derivation (scrypt on node:crypto, then the Secret Key mix) with the
 *   account's parameters; the portable @noble scrypt (what browsers use) is shown beside it
 * - before/after the Secret Key: the format v1 derivation (scrypt + HKDF split) against
 *   v2 (scrypt + HKDF of the Secret Key + XOR + HKDF split), same parameters, same run
 * - parse: zod validation of the bulk answer
 * - bounds: reading the same answer as the SDK does (streamed, under its byte cap and deadline)
 *   plus the entry-count check and the look-up scan of pullAll, against a plain
 *   Response.text() + JSON.parse of the same bytes in 64 KiB chunks: the cost of the bounds
 * - verify / unwrap / decrypt: verifyVersion, unwrapDataKey, openValue+JSON for every entry (parallel chunks)
 * - v2 access lists: what pullAll adds per shared secret over the v1-grant path
 *   (readerRotate on the owner-signed list each entry then carries, 3 grantees): in the
 *   common case (the list its version names) and the worst (every list newer than its
 *   version: signature, hash, marks), against the end-to-end figure of the same run
 * Lower bound: the same number of raw WebCrypto operations (N x Ed25519 verify with
 * an imported key + N x X25519 importKey(ephemeral) + deriveBits), all in parallel,
 * plus the KDF: nothing can log in and verify+unwrap N secrets with less work.
 */
import {
  createSigner, sha256, signAccessList, signPinList, toBase64Url, type KeyCard,
  accountSalt, combineKeys, createDecrypter, derivePassphraseKeys, parseSecretKey, passphraseBytes, utf8Encode, encodeContext, fromBase64Url, openKeyring, openValue, unwrapDataKey, utf8Decode, verifyVersion, type AccountKeys,
} from '../src/crypto/index.ts';
import { hkdfSha256 } from '../src/crypto/aead.ts';
import { scryptRaw } from '../src/crypto/kdf.ts';
import { BulkResponse, PinListResponse, parseWire } from '../src/protocol/index.ts';
import { mergePinList } from '../src/client/pin-list.ts';
import { createClient, MemoryStore } from '../src/client/index.ts';
import { DEFAULT_LIMITS, Deadline, capFor, checkItems, readAnswer } from '../src/client/bounds.ts';
import { checkLookups } from '../src/client/bulk.ts';
import { ClientState } from '../src/client/client-state.ts';
import { raiseListMarks, readerRotate } from '../src/client/access-list.ts';
import { toTrusted } from '../src/client/trust.ts';
import { Transport } from '../src/client/http.ts';
import { derivePassphrase } from '../src/client/kdf.ts';
import { startTestServer } from '../test/helpers/server.ts';

const N = Number(process.env.BENCH_SECRETS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/** Pins in the bench account's signed pin list (merged at every login). */
const PIN_COUNT = 100;
const PASS = 'benchmark passphrase, not secret';
const CHUNK = 128;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const subtle = globalThis.crypto.subtle;
const bs = (b: Uint8Array): Uint8Array<ArrayBuffer> => b as Uint8Array<ArrayBuffer>;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const out = await fn();
  return [out, performance.now() - start];
}

async function inChunks<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) await Promise.all(items.slice(i, i + CHUNK).map(fn));
}

/** The bytes as a body arriving in 64 KiB chunks. */
function chunked(bytes: Uint8Array): Response {
  let at = 0;
  return new Response(new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + 65536));
      at += 65536;
    },
  }));
}

const server = await startTestServer();
try {
  const owner = createClient({ server: server.url, store: 'memory' });
  const me = await owner.signup('bench', PASS);
  process.stdout.write(`creating ${N} secrets on ${server.url} ... `);
  const [, seedMs] = await timed(async () => {
    const names = Array.from({ length: N }, (_, i) => `bench/secret-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < names.length; i += 16) {
      await Promise.all(
        names.slice(i, i + 16).map(async (name, j) => {
          const s = await owner.secret({ name, values: { api_key: `sk-${i + j}-${'x'.repeat(40)}` }, provider: 'openai' });
          await s.save();
        }),
      );
    }
  });
  console.log(`${(seedMs / 1000).toFixed(1)} s`);

  const totals: number[] = [];
  const warm: number[] = [];
  const secretKey = parseSecretKey(me.secretKey);
  const who = { handle: 'bench', accountId: me.id };
  const parts = { lists: [] as number[], listsNewer: [] as number[], v1: [] as number[], v2: [] as number[], mix: [] as number[], network: [] as number[], login: [] as number[], pins: [] as number[], kdf: [] as number[], kdfNoble: [] as number[], parse: [] as number[], plainRead: [] as number[], boundedRead: [] as number[], verify: [] as number[], unwrap: [] as number[], decrypt: [] as number[] };
  const lower: number[] = [];

  for (let run = 0; run < RUNS; run++) {
    // 1. The real thing: fresh client, login + pullAll.
    const client = createClient({ server: server.url, store: 'memory' });
    const [pulled, total] = await timed(async () => {
      await client.login({ handle: 'bench', passphrase: PASS, secretKey: me.secretKey });
      return client.pullAll();
    });
    if (pulled.length !== N || pulled[N - 1]!.values.api_key === undefined) throw new Error('pullAll returned the wrong data');
    totals.push(total);
    warm.push((await timed(() => client.pullAll()))[1]);
    await client.logout();

    // 2. Breakdown on the same data.
    const kdfAnswer = (await (await fetch(`${server.url}/v1/kdf/bench`)).json()) as { kdf: { N: number; r: number; p: number; salt: string } };
    const params = { alg: 'scrypt' as const, N: kdfAnswer.kdf.N, r: kdfAnswer.kdf.r, p: kdfAnswer.kdf.p, salt: fromBase64Url(kdfAnswer.kdf.salt, 16) };
    const [derived, kdfMs] = await timed(() => derivePassphrase(PASS, secretKey, params, who));
    parts.kdfNoble.push((await timed(() => derivePassphraseKeys(PASS, secretKey, params, who)))[1]);
    // Before/after the Secret Key, both on @noble's scrypt so only the derivation differs.
    parts.v1.push((await timed(async () => {
      const root = await scryptRaw(passphraseBytes(PASS), params.salt, params.N, params.r, params.p, 32);
      hkdfSha256(root, new Uint8Array(0), utf8Encode('latchkey/v1/auth'), 32);
      hkdfSha256(root, new Uint8Array(0), utf8Encode('latchkey/v1/unlock'), 32);
    }))[1]);
    parts.v2.push((await timed(async () => {
      const p = await scryptRaw(passphraseBytes(PASS), accountSalt('bench', params.salt), params.N, params.r, params.p, 32);
      combineKeys(p, secretKey, me.id);
    }))[1]);
    const MIX = 1000;
    parts.mix.push((await timed(async () => {
      for (let i = 0; i < MIX; i++) combineKeys(new Uint8Array(32), secretKey, me.id);
    }))[1] / MIX);
    parts.kdf.push(kdfMs);
    const authKey = Buffer.from(derived.authKey).toString('base64url');
    let keyringText = '';
    const [bulkJson, netMs] = await timed(async () => {
      const login = (await (await fetch(`${server.url}/v1/sessions`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle: 'bench', authKey }),
      })).json()) as { token: string; keyring: string };
      keyringText = login.keyring;
      const headers = { authorization: `Bearer ${login.token}` };
      await (await fetch(`${server.url}/v1/me`, { headers })).json();
      const bulk = await (await fetch(`${server.url}/v1/secrets-bulk`, { headers })).json();
      await fetch(`${server.url}/v1/sessions/current`, { method: 'DELETE', headers });
      return bulk;
    });
    parts.network.push(netMs);
    const keys: AccountKeys = await openKeyring(fromBase64Url(keyringText), derived.unlockKey, me.id);
    const [bulk, parseMs] = await timed(async () => parseWire(BulkResponse, bulkJson));
    parts.parse.push(parseMs);
    const bulkBytes = new TextEncoder().encode(JSON.stringify(bulkJson));
    const scanState = new ClientState(new Transport(server.url), new MemoryStore());
    parts.plainRead.push((await timed(async () => JSON.parse(await chunked(bulkBytes).text()) as unknown))[1]);
    parts.boundedRead.push((await timed(async () => {
      const deadline = new Deadline(DEFAULT_LIMITS, 'bench');
      const text = await readAnswer(chunked(bulkBytes), capFor(BulkResponse, DEFAULT_LIMITS), deadline, 'bench');
      deadline.done();
      const json = JSON.parse(text) as unknown;
      checkItems(BulkResponse, json, 'bench');
      await checkLookups(scanState, me.id, bulk.secrets);
    }))[1]);
    const decrypter = await createDecrypter(keys.encryption.privateKey);
    const entries = bulk.secrets.map((e) => ({
      e,
      context: encodeContext({ owner: me.id, secret: e.secret.id, name: e.secret.name, provider: e.secret.provider, version: e.version.version }),
      ciphertext: fromBase64Url(e.version.ciphertext),
      wrap: fromBase64Url(e.wrap.wrap, 80),
      sig: fromBase64Url(e.version.signature, 64),
      dek: null as Uint8Array | null,
    }));
    parts.verify.push((await timed(() => inChunks(entries, async (x) => {
      const ok = await verifyVersion({ context: x.context, ciphertext: x.ciphertext, prev: null, author: x.e.version.author, list: x.e.version.list, time: x.e.version.time }, x.sig, keys.signing.publicKey);
      if (!ok) throw new Error('verify failed');
    })))[1]);
    parts.unwrap.push((await timed(() => inChunks(entries, async (x) => {
      x.dek = await unwrapDataKey(x.wrap, decrypter, x.context);
    })))[1]);
    parts.decrypt.push((await timed(async () => {
      for (const x of entries) JSON.parse(utf8Decode(openValue(x.dek!, x.ciphertext, x.context)));
    }))[1]);

    // v2: what pullAll adds per shared secret, through the SDK's own reader check (readerRotate).
    const signer = await createSigner(keys.signing.privateKey);
    const ownerCard = ((await (await fetch(`${server.url}/v1/cards/by-handle/bench`)).json()) as { card: KeyCard }).card;
    const lists = await Promise.all(entries.map(async (x, i) => {
      const statement = {
        secret: x.e.secret.id, owner: me.id, counter: 2, revoked: 1, time: 1_767_225_600_000 + i,
        grantees: [1, 2, 3].map((k) => ({ id: toBase64Url(sha256(utf8Encode(`g${k}`)).slice(0, 16)), card: sha256(utf8Encode(`c${k}`)), access: 'read' as const })),
      };
      const signature = await signAccessList(statement, signer);
      const record = {
        v: 2 as const, ...statement, grantees: statement.grantees.map((g) => ({ ...g, card: toBase64Url(g.card) })), signature: toBase64Url(signature),
      };
      return { record, ref: { id: x.e.secret.id, name: x.e.secret.name, provider: x.e.secret.provider, owner: toTrusted(ownerCard) } };
    }));
    // Pin list: what every login adds (one GET, a signature check, the merge), with a list of PIN_COUNT pins, against the SDK login alone.
    const session = (await (await fetch(`${server.url}/v1/sessions`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ handle: 'bench', authKey }),
    })).json()) as { token: string };
    const auth = { authorization: `Bearer ${session.token}` };
    if (run === 0) {
      const statement = { owner: me.id, counter: 1, time: Date.now(), pins: lists.slice(0, PIN_COUNT).map((l) => ({ id: l.record.secret, card: sha256(utf8Encode(l.record.secret)) })) };
      const list = { v: 2, ...statement, pins: statement.pins.map((p) => ({ id: p.id, card: toBase64Url(p.card) })), signature: toBase64Url(await signPinList(statement, signer)) };
      const put = await fetch(`${server.url}/v1/me/pins`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ list }) });
      if (!put.ok) throw new Error(`storing the bench pin list failed: ${put.status}`);
    }
    parts.pins.push((await timed(async () => {
      const { list } = parseWire(PinListResponse, await (await fetch(`${server.url}/v1/me/pins`, { headers: auth })).json());
      const warnings = await mergePinList(new ClientState(new Transport(server.url), new MemoryStore()), list, toTrusted(ownerCard));
      if (!list || list.pins.length !== PIN_COUNT || warnings.length) throw new Error('the bench pin list did not merge');
    }))[1]);
    await fetch(`${server.url}/v1/sessions/current`, { method: 'DELETE', headers: auth });
    const loginClient = createClient({ server: server.url, store: 'memory' });
    parts.login.push((await timed(() => loginClient.login({ handle: 'bench', passphrase: PASS, secretKey: me.secretKey })))[1]);
    await loginClient.logout();

    // Common case: each secret saved since its last share, so the list is the one its version names.
    const listState = new ClientState(new Transport(server.url), new MemoryStore());
    parts.lists.push((await timed(() => inChunks(lists, (l) => readerRotate(listState, l.ref, l.record, 2))))[1]);
    // Worst case: every list newer than its version (shared after the last save): full signature check, marks raised.
    const freshState = new ClientState(new Transport(server.url), new MemoryStore());
    parts.listsNewer.push((await timed(async () => {
      const verified: Array<{ id: string; list: Awaited<ReturnType<typeof readerRotate>>['list'] }> = [];
      await inChunks(lists, async (l) => verified.push({ id: l.ref.id, list: (await readerRotate(freshState, l.ref, l.record, 1)).list }));
      await raiseListMarks(freshState, verified);
    }))[1]);

    // 3. Lower bound: raw WebCrypto, same operation count, fully parallel, plus the KDF.
    const edKey = await subtle.importKey('raw', bs(keys.signing.publicKey), { name: 'Ed25519' }, false, ['verify']);
    const pkcs8 = new Uint8Array([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x04, 0x22, 0x04, 0x20, ...keys.encryption.privateKey]);
    const xKey = await subtle.importKey('pkcs8', bs(pkcs8), { name: 'X25519' }, false, ['deriveBits']);
    const digest = new Uint8Array(32);
    const [, rawMs] = await timed(() => Promise.all(entries.map(async (x) => {
      await subtle.verify({ name: 'Ed25519' }, edKey, bs(x.sig), bs(digest));
      const pub = await subtle.importKey('raw', bs(x.wrap.subarray(0, 32)), { name: 'X25519' }, false, []);
      await subtle.deriveBits({ name: 'X25519', public: pub }, xKey, 256);
    })));
    lower.push(rawMs + kdfMs);
  }

  const p50 = median(totals);
  const bound = median(lower);
  const row = (name: string, ms: number, note = '') => console.log(`| ${name.padEnd(44)} | ${ms.toFixed(0).padStart(8)} | ${(ms / bound).toFixed(2).padStart(6)} | ${note}`);
  console.log(`\nlogin + pullAll() of ${N} secrets, p50 of ${RUNS} runs (fresh client each run; target <= 1000 ms)\n`);
  console.log(`| ${'step'.padEnd(44)} | ${'p50 ms'.padStart(8)} | ${'x bound'.padStart(6)} | note`);
  console.log(`|${'-'.repeat(46)}|${'-'.repeat(10)}|${'-'.repeat(8)}|------`);
  row('login + pullAll (SDK, end to end)', p50, p50 <= 1000 ? 'within target' : 'OVER TARGET');
  row('pullAll again on the same client (marks set)', median(warm));
  row('  network (login, me, bulk; fetch + JSON)', median(parts.network));
  row('  kdf (scrypt N=2^17, r=8, p=1; node:crypto)', median(parts.kdf));
  row('  (kdf with the portable @noble scrypt)', median(parts.kdfNoble), 'browsers, Deno, workerd');
  row('  parse (zod validation of the bulk answer)', median(parts.parse));
  const plain = median(parts.plainRead);
  const bounded = median(parts.boundedRead);
  row('  read bulk answer, plain (text + JSON.parse)', plain);
  row('  read bulk answer, bounded (+ count, scan)', bounded, `bounds cost ${(bounded - plain).toFixed(1)} ms = ${((100 * (bounded - plain)) / p50).toFixed(1)}% of end to end (target < 5%)`);
  row('  verify (Ed25519 version signatures)', median(parts.verify));
  row('  unwrap (X25519 + HKDF + ChaCha20-Poly1305)', median(parts.unwrap));
  row('  decrypt (XChaCha20-Poly1305 + JSON)', median(parts.decrypt));
  row('lower bound: kdf + raw WebCrypto verify + X25519', bound, 'baseline');
  const listsMs = median(parts.lists);
  const newerMs = median(parts.listsNewer);
  row(`  v2: ${N} shared, lists as their versions name`, listsMs,
    `${((100 * listsMs) / p50).toFixed(1)}% over the v1-grant path end to end (target < 5%)`);
  row(`  v2: ${N} shared, every list newer than its version`, newerMs,
    `worst case (all shared after the last save): ${((100 * newerMs) / p50).toFixed(1)}%`);
  const loginMs = median(parts.login);
  const pinsMs = median(parts.pins);
  row('login alone (SDK, with the pin-list step)', loginMs);
  row(`  pin list: GET + verify + merge of ${PIN_COUNT} pins`, pinsMs, `${((100 * pinsMs) / loginMs).toFixed(1)}% of login (one request)`);
  const v1 = median(parts.v1);
  const v2 = median(parts.v2);
  console.log(`\nderivation before/after the Secret Key (@noble scrypt, same parameters, p50 of ${RUNS})\n`);
  console.log(`| ${'derivation'.padEnd(58)} | ${'p50 ms'.padStart(8)} | ${'x v1'.padStart(6)}`);
  console.log(`|${'-'.repeat(60)}|${'-'.repeat(10)}|${'-'.repeat(8)}`);
  console.log(`| ${'v1: scrypt + HKDF split (baseline)'.padEnd(58)} | ${v1.toFixed(0).padStart(8)} | ${'1.00'.padStart(6)}`);
  console.log(`| ${'v2: scrypt + HKDF(Secret Key) + XOR + HKDF split'.padEnd(58)} | ${v2.toFixed(0).padStart(8)} | ${(v2 / v1).toFixed(2).padStart(6)}`);
  console.log(`| ${'  the Secret Key mix alone (HKDF + XOR + split)'.padEnd(58)} | ${median(parts.mix).toFixed(3).padStart(8)} | ${(median(parts.mix) / v1).toFixed(4).padStart(6)}`);
} finally {
  await server.close();
}
