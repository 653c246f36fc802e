/**
 * A tiny static file server for test pages, on `http://localhost:<port>` so
 * pages run on another origin than the API (`http://127.0.0.1:<port>`) and
 * every API call is a real cross-origin (CORS) request.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One served file. */
export interface StaticFile {
  body: string | Uint8Array;
  type: string;
}

/** A running static server. */
export interface StaticServer {
  /** `http://localhost:<port>` */
  origin: string;
  /** Adds or replaces a file at `path` (e.g. `/worker.js`). */
  put(path: string, file: StaticFile): void;
  close(): Promise<void>;
}

/** Starts the server with an initial set of files (path -> file). */
export async function startStaticServer(files: Record<string, StaticFile> = {}): Promise<StaticServer> {
  const table = new Map(Object.entries(files));
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const file = table.get(path);
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    // Opaque-origin iframes (Origin: null) fetch scripts from here too.
    res.writeHead(200, {
      'content-type': file.type,
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
    });
    res.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    put: (path, file) => table.set(path, file),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
