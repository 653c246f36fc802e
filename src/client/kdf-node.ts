/**
 * Node-only: scrypt from node:crypto (OpenSSL, on the thread pool). kdf.ts
 * loads it as `#node-scrypt` (package.json "imports") only when running on
 * Node; without the `node` condition that is kdf-node.browser.ts.
 * @module
 */

/** scrypt(password, salt, N, r, p) -> 32 bytes. */
export async function nodeScrypt(password: Uint8Array, salt: Uint8Array, N: number, r: number, p: number): Promise<Uint8Array> {
  const { scrypt } = await import('node:crypto');
  const maxmem = 128 * r * (N + p + 2) + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, 32, { N, r, p, maxmem }, (error, key) => {
      if (error) reject(error);
      else resolve(new Uint8Array(key.buffer, key.byteOffset, key.length));
    });
  });
}
