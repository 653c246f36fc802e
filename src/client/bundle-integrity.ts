/**
 * Integrity of the browser client a server serves at `/v1/client.js`: the
 * SHA-256 (also its ETag) and the Subresource Integrity string to pin it.
 * Isomorphic (fetch + WebCrypto); `latchkey serve` / `npm start` print it so
 * a careful user can compare it with a published build before trusting it.
 * @module
 */
import { fileIntegrity } from '../crypto/index.ts';

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
  return { url, bytes: body.length, ...(await fileIntegrity(body)) };
}
