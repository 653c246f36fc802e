/**
 * Stable fake KDF parameters for unknown handles, so `GET /v1/kdf/:handle`
 * does not reveal which handles exist: salt = HMAC-SHA256(server secret, handle)[0..16].
 */
import { KDF_SALT_LENGTH, MIN_KDF, hmacSha256, randomBytes, toBase64Url, utf8Encode } from '../crypto/index.ts';
import type { WireKdfParams } from '../protocol/index.ts';
import { fakeSaltSecret } from './store/server-meta.ts';
import type { Env } from './types.ts';

async function serverSecret(env: Env): Promise<string> {
  if (env.KDF_SALT_SECRET) return env.KDF_SALT_SECRET;
  return fakeSaltSecret(env.DB, toBase64Url(randomBytes(32)));
}

/** The KDF parameters served for a handle that has no account. */
export async function fakeKdfParams(env: Env, handle: string): Promise<WireKdfParams> {
  const mac = hmacSha256(utf8Encode(await serverSecret(env)), utf8Encode(`latchkey/v1/fake-salt/${handle}`));
  // The parameters a real account gets at signup (newKdfParams), so the answer looks the same.
  return { alg: 'scrypt', N: MIN_KDF.N, r: MIN_KDF.r, p: MIN_KDF.p, salt: toBase64Url(mac.subarray(0, KDF_SALT_LENGTH)) };
}
