/**
 * The subscription API on node:http: converts each request to the core's HttpRequest and the
 * answer back, so `newsletter api` serves exactly what the deployed HTTP API serves.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type HttpRequest, type HttpResponse, MAX_BODY_BYTES } from '../core/subscription/http';
import { text } from '../core/subscription/responses';
import { closeServer, listen, readBody, requestTarget } from './http-server';

export type RequestHandler = (request: HttpRequest) => Promise<HttpResponse>;

export interface RunningApiServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops accepting requests and closes every open connection. */
  close(): Promise<void>;
}

const DEFAULT_API_HOST = '127.0.0.1';
export const DEFAULT_API_PORT = 8787;

function toHttpRequest(request: IncomingMessage, url: URL, body: Uint8Array): HttpRequest {
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
      const url = requestTarget(request);
      if (!url) return send(response, text(400, 'Bad request target.'), true);
      const body = await readBody(request, MAX_BODY_BYTES);
      // A body cut short was not read to its end: the connection cannot carry another request.
      send(response, await handle(toHttpRequest(request, url, body)), body.length > MAX_BODY_BYTES);
    } catch (error) {
      options.onError?.(error);
      if (!response.headersSent) send(response, text(500, 'Internal error.'), true);
    }
  });
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  const port = await listen(server, host, options.port ?? DEFAULT_API_PORT);
  return {
    url: `http://${host}:${port}`,
    port,
    close: () => closeServer(server),
  };
}
