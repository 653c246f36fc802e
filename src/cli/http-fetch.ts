/**
 * A small fetch for the CLI on top of node:http(s). Node 20's global fetch
 * loads undici and compiles its WebAssembly HTTP parser on first use, which
 * costs 30-60 ms of every short command; the SDK needs only status, one
 * header and a streamed body, which this provides. TLS is verified as usual.
 * Size and time bounds are the SDK transport's (src/client/bounds.ts): it
 * reads `body` as a stream and aborts through `init.signal`.
 * @module
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

/** The part of a fetch Response the SDK transport reads. */
class LiteResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  readonly body: ReadableStream<Uint8Array>;

  constructor(res: IncomingMessage) {
    const headers: IncomingHttpHeaders = res.headers;
    this.status = res.statusCode ?? 0;
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = {
      get(name: string): string | null {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    };
    this.body = Readable.toWeb(res) as ReadableStream<Uint8Array>;
  }

  async text(): Promise<string> {
    return new Response(this.body).text();
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }
}

function failure(cause: NodeJS.ErrnoException): TypeError {
  return new TypeError('fetch failed', { cause });
}

/** fetch(url, { method, headers, body: string, signal }) over node:http or node:https; resolves once the headers arrive. */
export async function httpFetch(input: string, init: RequestInit = {}): Promise<Response> {
  const url = new URL(input);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`unsupported protocol ${url.protocol}`);
  const transport = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const body = typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : undefined;
  if (init.body !== undefined && init.body !== null && body === undefined) throw new TypeError('httpFetch sends string bodies only');
  const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
  if (body) headers['content-length'] = String(body.length);
  const signal = init.signal ?? undefined;
  signal?.throwIfAborted();
  return new Promise<Response>((resolve, reject) => {
    const req = transport.request(url, { method: init.method ?? 'GET', headers }, (res: IncomingMessage) => {
      resolve(new LiteResponse(res) as unknown as Response);
    });
    // Aborting ends the socket, which also errors a body still streaming in.
    const onAbort = () => req.destroy(Object.assign(new Error('aborted'), { code: 'ABORT_ERR' }));
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('close', () => signal?.removeEventListener('abort', onAbort));
    req.on('error', (error: NodeJS.ErrnoException) => reject(failure(error)));
    req.end(body);
  });
}
