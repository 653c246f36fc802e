/**
 * Where an unwrap's time goes (diagnostic for bench/crypto.ts, no target):
 * - each @noble step of the wrap alone, in a tight loop;
 * - the same steps timed inside real unwraps, between the WebCrypto calls
 *   (caches and branch predictors then hold Node's WebCrypto code too);
 * - importing a 32-byte X25519 public key in each format WebCrypto accepts.
 * Run: npx tsx bench/unwrap-parts.ts
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { chachaOpen, chachaSeal, hkdf32Prepared, hkdfSaltState } from '../src/crypto/aead.ts';
import { deriveSharedOverlapped } from '../src/crypto/keys.ts';
import { prepareWrapKey } from '../src/crypto/wrap.ts';
import { DOMAIN, createDecrypter, encodeContext, randomBytes, setCryptoBackend, toBase64Url, wrapDataKey } from '../src/crypto/index.ts';

const N = 20_000;
const subtle = globalThis.crypto.subtle;
const bs = (b: Uint8Array): Uint8Array<ArrayBuffer> => b as Uint8Array<ArrayBuffer>;
const rows: [string, number][] = [];

function tight(what: string, fn: () => unknown): void {
  for (let i = 0; i < 2_000; i++) fn();
  const start = performance.now();
  for (let i = 0; i < N; i++) fn();
  rows.push([`${what}, tight loop`, ((performance.now() - start) * 1000) / N]);
}

async function serial(what: string, fn: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 500; i++) await fn(i);
  const start = performance.now();
  for (let i = 0; i < N; i++) await fn(i);
  rows.push([what, ((performance.now() - start) * 1000) / N]);
}

setCryptoBackend('webcrypto');
const context = encodeContext({ owner: 'AAAAAAAAAAAAAAAAAAAAAA', secret: 'BBBBBBBBBBBBBBBBBBBBBB', name: 'openai', provider: 'openai', version: 3 });
const me = await createDecrypter(randomBytes(32));
const wraps = await Promise.all(Array.from({ length: 256 }, () => wrapDataKey(randomBytes(32), me.publicKey, context)));
const zeroNonce = new Uint8Array(12);
const noAad = new Uint8Array(0);

// Each step alone.
const key = randomBytes(32);
const sealed = chachaSeal(key, zeroNonce, randomBytes(32), noAad);
const salt = randomBytes(64);
const state = hkdfSaltState(salt);
const info = new Uint8Array([...DOMAIN.wrap, ...sha256(context), 1]);
tight('SHA-256 of the context', () => sha256(context));
tight('HMAC state keyed with the salt', () => hkdfSaltState(salt));
tight('HKDF extract + expand from that state', () => hkdf32Prepared(state, key, info));
tight('ChaCha20-Poly1305 open of the 48-byte wrap body', () => chachaOpen(key, zeroNonce, sealed, noAad));

// The same steps inside real unwraps (what unwrapDataKey runs): before the X25519 result (overlapped) and after it.
let before = 0;
let after = 0;
let ops = 0;
for (let round = 0; round < 2; round++) {
  before = after = ops = 0;
  for (let i = 0; i < N; i++) {
    const wrap = wraps[i % 256]!;
    const eph = wrap.subarray(0, 32);
    let deriveKey: ((shared: Uint8Array) => Uint8Array) | undefined;
    const shared = await deriveSharedOverlapped(me, eph, () => {
      const t = performance.now();
      deriveKey = prepareWrapKey(eph, me.publicKey, context);
      before += performance.now() - t;
    });
    const t = performance.now();
    const wrapKey = deriveKey!(shared);
    if (!chachaOpen(wrapKey, zeroNonce, wrap.subarray(32), noAad)) throw new Error('bench: wrap did not open');
    after += performance.now() - t;
    ops++;
  }
}
rows.push(['in real unwraps: SHA-256 + HMAC state, while the X25519 runs', (before * 1000) / ops]);
rows.push(['in real unwraps: HKDF + open, after the X25519 result', (after * 1000) / ops]);

// Importing the ephemeral public key.
const pubs = wraps.map((w) => w.slice(0, 32));
const spkiPrefix = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e, 0x03, 0x21, 0x00];
const spkis = pubs.map((p) => new Uint8Array([...spkiPrefix, ...p]));
const jwks = pubs.map((p) => ({ kty: 'OKP', crv: 'X25519', x: toBase64Url(p) }));
await serial("importKey('raw')", (i) => subtle.importKey('raw', bs(pubs[i % 256]!), { name: 'X25519' }, false, []));
await serial("importKey('jwk')", (i) => subtle.importKey('jwk', jwks[i % 256]!, { name: 'X25519' }, false, []));
await serial("importKey('spki')", (i) => subtle.importKey('spki', bs(spkis[i % 256]!), { name: 'X25519' }, false, []));

const width = Math.max(...rows.map(([w]) => w.length));
console.log(`unwrap breakdown (Node ${process.version}; ${N.toLocaleString('en-US')} ops per row, µs per op)\n`);
console.log(`| ${'step'.padEnd(width)} |   µs/op |`);
console.log(`|${'-'.repeat(width + 2)}|--------:|`);
for (const [what, us] of rows) console.log(`| ${what.padEnd(width)} | ${us.toFixed(2).padStart(7)} |`);
