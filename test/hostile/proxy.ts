/**
 * A programmable hostile HTTP proxy for tests: node:http on 127.0.0.1 (free
 * port) in front of the real local server. It forwards every request and lets
 * a test rewrite JSON requests and responses, or answer on its own, to play a
 * malicious server or network. Every exchange is logged (original bodies) so
 * tests can replay captured data.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request/response pair as it passed the proxy (before tampering). */
export interface Exchange {
  method: string;
  path: string;
  reqBody: unknown;
  status: number;
  resBody: unknown;
}

/** What a test may do to traffic. Return undefined to leave things unchanged. */
export interface Tamper {
  /**
   * Rewrite a request body, or answer it without forwarding: `respond` with a
   * JSON body, or `stream` to write the raw answer yourself (huge or endless ones).
   */
  request?(req: { method: string; path: string; body: unknown }):
    | { body?: unknown; respond?: { status: number; body: unknown }; stream?: (res: ServerResponse) => void }
    | undefined;
  /** Return a replacement JSON body for a response (a string is sent as it is: JSON that JSON.stringify cannot write, e.g. -0). */
  response?(res: { method: string; path: string; status: number; body: unknown; reqBody: unknown }): unknown;
}

/** A running proxy. */
export interface HostileProxy {
  url: string;
  log: Exchange[];
  /** Installs (or with null removes) the current attack. */
  setTamper(tamper: Tamper | null): void;
  /** The latest logged exchange matching method and path pattern. */
  last(method: string, path: RegExp): Exchange | undefined;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parse(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Starts a proxy forwarding to `upstream` (base URL). */
export async function startProxy(upstream: string): Promise<HostileProxy> {
  let tamper: Tamper | null = null;
  const log: Exchange[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const reqText = await readBody(req);
      let reqBody = parse(reqText);
      const decision = tamper?.request?.({ method, path, body: reqBody });
      if (decision?.stream) {
        log.push({ method, path, reqBody, status: 200, resBody: '(streamed by the test)' });
        decision.stream(res);
        return;
      }
      if (decision?.respond) {
        log.push({ method, path, reqBody, status: decision.respond.status, resBody: decision.respond.body });
        res.writeHead(decision.respond.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(decision.respond.body));
        return;
      }
      if (decision && 'body' in decision) reqBody = decision.body;
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type', 'accept']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const upstreamRes = await fetch(upstream + path, {
        method,
        headers,
        ...(reqBody !== undefined ? { body: typeof reqBody === 'string' ? reqBody : JSON.stringify(reqBody) } : {}),
      });
      const text = await upstreamRes.text();
      const body = parse(text);
      log.push({ method, path, reqBody, status: upstreamRes.status, resBody: body });
      let out = text;
      if (body !== undefined && typeof body === 'object' && tamper?.response) {
        const replaced = tamper.response({ method, path, status: upstreamRes.status, body: structuredClone(body), reqBody });
        if (replaced !== undefined) out = typeof replaced === 'string' ? replaced : JSON.stringify(replaced);
      }
      const outHeaders: Record<string, string> = {};
      const type = upstreamRes.headers.get('content-type');
      if (type) outHeaders['content-type'] = type;
      const retry = upstreamRes.headers.get('retry-after');
      if (retry) outHeaders['retry-after'] = retry;
      res.writeHead(upstreamRes.status, outHeaders);
      res.end(upstreamRes.status === 204 ? undefined : out);
    })().catch((error: unknown) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'proxy', message: String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    setTamper(t) {
      tamper = t;
    },
    last(method, path) {
      for (let i = log.length - 1; i >= 0; i--) {
        const e = log[i]!;
        if (e.method === method && path.test(e.path)) return e;
      }
      return undefined;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Answers 200 with the start of a JSON list, then 1 MiB chunks of filler
 * written with back-pressure (nothing piles up here) until `total` bytes or
 * the client hangs up; `sent.bytes` counts what was written.
 */
export function flood(res: ServerResponse, total: number, sent: { bytes: number }): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(1024 * 1024, 'x');
  let closed = false;
  res.on('close', () => (closed = true));
  res.write('{"secrets":["');
  const pump = () => {
    while (!closed && sent.bytes < total) {
      sent.bytes += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!closed) res.end('"]}');
  };
  pump();
}
