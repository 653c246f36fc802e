/**
 * Stable fake KDF parameters and account id for unknown handles, so
 * `GET /v1/kdf/:handle` does not reveal which handles exist:
 * m = HMAC-SHA256(server secret, "latchkey/v2/fake-salt/" || handle), salt = m[0..16], id = m[16..32].
 */
import { toBase64Url } from '../crypto/index.ts';
import type { WireKdfParams } from '../protocol/index.ts';
import type { Env } from './types.ts';

const encoder = new TextEncoder();

let cachedKey: { source: string; key: CryptoKey } | null = null;

async function serverSecret(env: Env): Promise<string> {
  if (env.KDF_SALT_SECRET) return env.KDF_SALT_SECRET;
  const fresh = toBase64Url(globalThis.crypto.getRandomValues(new Uint8Array(32)));
  // INSERT OR IGNORE keeps the first secret ever stored; every later reader gets that one.
  const [, row] = await env.DB.batch<{ value: string }>([
    env.DB.prepare("INSERT OR IGNORE INTO server_meta (key, value) VALUES ('kdf_salt_secret', ?1)").bind(fresh),
    env.DB.prepare("SELECT value FROM server_meta WHERE key = 'kdf_salt_secret'"),
  ]);
  return row!.results[0]!.value;
}

async function hmacKey(env: Env): Promise<CryptoKey> {
  const source = await serverSecret(env);
  if (cachedKey?.source === source) return cachedKey.key;
  const key = await globalThis.crypto.subtle.importKey('raw', encoder.encode(source), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  cachedKey = { source, key };
  return key;
}

/** The KDF answer served for a handle that has no account. */
export async function fakeKdfParams(env: Env, handle: string): Promise<{ kdf: WireKdfParams; accountId: string }> {
  const mac = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', await hmacKey(env), encoder.encode(`latchkey/v2/fake-salt/${handle}`)));
  return {
    kdf: { v: 2, alg: 'scrypt', N: 131072, r: 8, p: 1, salt: toBase64Url(mac.subarray(0, 16)), proof: null },
    accountId: toBase64Url(mac.subarray(16, 32)),
  };
}
