/**
 * A small fetch for the CLI on top of node:http(s). Node 20's global fetch
 * loads undici and compiles its WebAssembly HTTP parser on first use, which
 * costs 30-60 ms of every short command; the SDK needs only status, one
 * header and a JSON body, which this provides. TLS is verified as usual.
 * @module
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** Largest response body accepted (a bulk pull of many secrets stays far below). */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
const TIMEOUT_MS = 30_000;

/** The part of a fetch Response the SDK transport reads. */
class LiteResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  readonly body: { cancel(): Promise<void> };
  readonly #bytes: Buffer;

  constructor(status: number, headers: IncomingHttpHeaders, bytes: Buffer) {
    this.status = status;
    this.ok = status >= 200 && status < 300;
    this.#bytes = bytes;
    this.headers = {
      get(name: string): string | null {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    };
    this.body = { cancel: async () => undefined };
  }

  async text(): Promise<string> {
    return new TextDecoder('utf-8', { fatal: true }).decode(this.#bytes);
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }
}

function failure(cause: NodeJS.ErrnoException): TypeError {
  return new TypeError('fetch failed', { cause });
}

/** fetch(url, { method, headers, body: string }) over node:http or node:https. */
export async function httpFetch(input: string, init: RequestInit = {}): Promise<Response> {
  const url = new URL(input);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`unsupported protocol ${url.protocol}`);
  const transport = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const body = typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : undefined;
  if (init.body !== undefined && init.body !== null && body === undefined) throw new TypeError('httpFetch sends string bodies only');
  const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
  if (body) headers['content-length'] = String(body.length);
  return new Promise<Response>((resolve, reject) => {
    const req = transport.request(url, { method: init.method ?? 'GET', headers }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) req.destroy(Object.assign(new Error('response too large'), { code: 'ERESPONSETOOLARGE' }));
        else chunks.push(chunk);
      });
      res.on('end', () => resolve(new LiteResponse(res.statusCode ?? 0, res.headers, Buffer.concat(chunks)) as unknown as Response));
      res.on('error', (error: NodeJS.ErrnoException) => reject(failure(error)));
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => reject(failure(error)));
    req.end(body);
  });
}
