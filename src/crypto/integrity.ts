/**
 * Hashes that identify a published file (the browser client a server serves):
 * sha256 = hex(SHA-256(bytes)), for ETags and comparing by eye, and
 * sri = "sha384-" || base64(SHA-384(bytes)), a Subresource Integrity string
 * (W3C Subresource Integrity §3.5; SHA-2 of FIPS 180-4) for `<script integrity>`.
 * WebCrypto digests: the bundle may be hundreds of KB.
 */
import { toBase64, toHex } from './encoding.ts';

/** SHA-256 (hex) and SRI (`sha384-…`) of `bytes`. */
export async function fileIntegrity(bytes: Uint8Array): Promise<{ sha256: string; sri: string }> {
  const body = bytes as Uint8Array<ArrayBuffer>;
  const [sha256, sha384] = await Promise.all([crypto.subtle.digest('SHA-256', body), crypto.subtle.digest('SHA-384', body)]);
  return { sha256: toHex(new Uint8Array(sha256)), sri: `sha384-${toBase64(new Uint8Array(sha384))}` };
}
