/**
 * Integrity of the browser client a server serves at `/v1/client.js`: the
 * SHA-256 (also its ETag) and the Subresource Integrity string to pin it.
 * Isomorphic (fetch + WebCrypto); `latchkey serve` / `npm start` print it so
 * a careful user can compare it with a published build before trusting it.
 * @module
 */
import { toBase64, toHex } from '../crypto/index.ts';

/** Hashes of one served client bundle. */
export interface ClientBundleIntegrity {
  /** Where it was fetched from. */
  url: string;
  /** SHA-256 of the file, lowercase hex (the server's ETag, without quotes). */
  sha256: string;
  /** SRI string for `<script integrity>` / import maps: `sha384-<base64>`. */
  sri: string;
  /** Size in bytes. */
  bytes: number;
}

/** SHA-256 (hex) and SRI (`sha384-…`) of bundle bytes. */
export async function bundleHashes(body: Uint8Array<ArrayBuffer>): Promise<{ sha256: string; sri: string }> {
  const [sha256, sha384] = await Promise.all([crypto.subtle.digest('SHA-256', body), crypto.subtle.digest('SHA-384', body)]);
  return { sha256: toHex(new Uint8Array(sha256)), sri: `sha384-${toBase64(new Uint8Array(sha384))}` };
}

/**
 * Fetches `<server>/v1/client.js` and hashes what came back. Returns null when
 * the server has no client bundle (built without it: 503).
 */
export async function fetchClientIntegrity(server: string, fetchImpl: typeof fetch = fetch): Promise<ClientBundleIntegrity | null> {
  const url = `${server.replace(/\/+$/, '')}/v1/client.js`;
  const response = await fetchImpl(url);
  if (response.status === 503) {
    await response.body?.cancel();
    return null;
  }
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  const body = new Uint8Array(await response.arrayBuffer());
  return { url, bytes: body.length, ...(await bundleHashes(body)) };
}
