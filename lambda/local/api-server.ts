/**
 * The subscription API on node:http: converts each request to the core's HttpRequest and the
 * answer back, so `newsletter api` serves exactly what the deployed HTTP API serves.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NewsletterError } from '../core/errors';
import { type HttpRequest, type HttpResponse, MAX_BODY_BYTES } from '../core/subscription/http';
import { text } from '../core/subscription/responses';

export type RequestHandler = (request: HttpRequest) => Promise<HttpResponse>;

export interface RunningApiServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests and closes every open connection. */
  close(): Promise<void>;
}

export const DEFAULT_API_HOST = '127.0.0.1';
export const DEFAULT_API_PORT = 8787;

/**
 * Reads at most one byte more than the API accepts: that is enough for it to answer 413, and a
 * huge upload is never held in memory (the rest is left unread and the connection closed).
 */
function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error?: Error) => {
      request.off('data', onData).off('end', onEnd).off('error', finish);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES + 1));
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        request.pause();
        finish();
      }
    };
    const onEnd = () => finish();
    request.on('data', onData).on('end', onEnd).on('error', finish);
  });
}

export function toHttpRequest(request: IncomingMessage, body: Uint8Array): HttpRequest {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers,
    body,
    sourceIp: request.socket.remoteAddress ?? '',
  };
}

function send(response: ServerResponse, answer: HttpResponse, closeAfter: boolean): void {
  response.writeHead(answer.status, {
    ...answer.headers,
    ...(closeAfter ? { connection: 'close' } : {}),
  });
  response.end(answer.body);
}

/** Listens on host:port (port 0 picks a free one) and answers every request with `handle`. */
export async function startApiServer(
  handle: RequestHandler,
  options: {
    readonly host?: string;
    readonly port?: number;
    readonly onError?: (error: unknown) => void;
  } = {},
): Promise<RunningApiServer> {
  const host = options.host ?? DEFAULT_API_HOST;
  const server: Server = createServer(async (request, response) => {
    try {
      const body = await readBody(request);
      // A body cut short was not read to its end: the connection cannot carry another request.
      send(response, await handle(toHttpRequest(request, body)), body.length > MAX_BODY_BYTES);
    } catch (error) {
      options.onError?.(error);
      if (!response.headersSent) send(response, text(500, 'Internal error.'), true);
    }
  });
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new NewsletterError(
              `Port ${options.port} on ${host} is already in use; stop what uses it or pass --port <another>`,
              { cause: error },
            )
          : error,
      );
    });
    server.listen(options.port ?? DEFAULT_API_PORT, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    async close() {
      if (!server.listening) return;
      const closed = new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      server.closeAllConnections();
      await closed;
    },
  };
}
