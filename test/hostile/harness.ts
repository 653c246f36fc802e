/**
 * Shared setup of the hostile-server suite: the real worker, the hostile
 * proxy in front of it, and clients (memory stores, so each has its own pins
 * and high-water marks) that talk only to the proxy.
 */
import { createKeyCard, generateAccountKeys, type AccountKind, type KeyCard } from '../../src/crypto/index.ts';
import { createClient, type LatchkeyClient } from '../../src/client/index.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startProxy, type HostileProxy } from './proxy.ts';

export const PASS = 'hostile server test passphrase';

/** Server, proxy and logged-in clients by handle. */
export interface Harness {
  server: TestServer;
  proxy: HostileProxy;
  clients: Record<string, LatchkeyClient>;
  ids: Record<string, string>;
  /** Each account's Secret Key, for logins from fresh clients. */
  secretKeys: Record<string, string>;
  /** A fresh client (own memory store) through the proxy, not logged in. */
  newClient(): LatchkeyClient;
  close(): Promise<void>;
}

/** Starts everything and signs up one account per handle. */
export async function startHarness(handles: string[]): Promise<Harness> {
  const server = await startTestServer();
  const proxy = await startProxy(server.url);
  const newClient = () => createClient({ server: proxy.url, store: 'memory' });
  const clients: Record<string, LatchkeyClient> = {};
  const ids: Record<string, string> = {};
  const secretKeys: Record<string, string> = {};
  for (const handle of handles) {
    clients[handle] = newClient();
    const me = await clients[handle].signup(handle, PASS);
    ids[handle] = me.id;
    secretKeys[handle] = me.secretKey;
  }
  return {
    server, proxy, clients, ids, secretKeys, newClient,
    close: async () => {
      await proxy.close();
      await server.close();
    },
  };
}

/** A well-formed, self-signed card for `id`/`handle` but with fresh (attacker) keys. */
export async function forgeCard(id: string, handle: string, kind: AccountKind = 'person'): Promise<KeyCard> {
  return createKeyCard(await generateAccountKeys(), { id, handle, kind });
}

/** Flips one character of a base64url string (keeps its length and alphabet). */
export function flipChar(text: string, at = Math.floor(text.length / 2)): string {
  const c = text[at] === 'A' ? 'B' : 'A';
  return text.slice(0, at) + c + text.slice(at + 1);
}

/** Path matchers. */
export const paths = {
  secret: (id: string) => new RegExp(`^/v1/secrets/${id}$`),
  version: (id: string, n: number) => new RegExp(`^/v1/secrets/${id}/versions/${n}$`),
  grants: (id: string) => new RegExp(`^/v1/secrets/${id}/grants$`),
  list: /^\/v1\/secrets$/,
  bulk: /^\/v1\/secrets-bulk$/,
};
