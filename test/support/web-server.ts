import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a route answers; a function may also answer by hand (slow, never-ending). */
type Route =
  | {
      readonly status?: number;
      readonly type?: string;
      readonly body?: string | Buffer;
      readonly headers?: Record<string, string>;
    }
  | ((request: IncomingMessage, response: ServerResponse) => void);

export interface WebServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Routes by path; change them between requests. */
  readonly routes: Map<string, Route>;
  /** Paths requested, in order, with the conditional headers they carried. */
  readonly requests: { path: string; ifNoneMatch?: string; userAgent?: string }[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on a random loopback port serving feeds and pages from a route table.
 * A feed route with an `etag` header answers 304 to a request that carries the same ETag.
 */
export async function startWebServer(): Promise<WebServer> {
  const routes = new Map<string, Route>();
  const requests: WebServer['requests'] = [];
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push({
      path,
      ifNoneMatch: request.headers['if-none-match'],
      userAgent: request.headers['user-agent'],
    });
    const route = routes.get(path);
    if (typeof route === 'function') return route(request, response);
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const etag = route.headers?.etag;
    if (etag && request.headers['if-none-match'] === etag) {
      response.writeHead(304, { etag }).end();
      return;
    }
    const body = route.body ?? '';
    response
      .writeHead(route.status ?? 200, {
        'content-type': route.type ?? 'text/html; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
        ...route.headers,
      })
      .end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
