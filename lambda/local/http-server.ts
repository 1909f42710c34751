/**
 * What both local servers (`newsletter api` and the preview studio) need from node:http: a body
 * read up to a limit, the request's target, a 405's `Allow`, the security headers every answer
 * carries, and listening and closing with a clear message when the port is taken.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NewsletterError } from '../core/errors';

/**
 * Reads at most one byte more than `maxBytes`: enough for the caller to answer 413, and a huge
 * upload is never held in memory (the rest is left unread; close the connection after answering).
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error?: Error) => {
      request.off('data', onData).off('end', onEnd).off('error', finish);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).subarray(0, maxBytes + 1));
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > maxBytes) {
        request.pause();
        finish();
      }
    };
    const onEnd = () => finish();
    request.on('data', onData).on('end', onEnd).on('error', finish);
  });
}

/**
 * The request's target as a URL, or undefined when it is none (`GET http://[/ HTTP/1.1` passes
 * Node's parser): the caller answers 400.
 */
export function requestTarget(request: IncomingMessage): URL | undefined {
  return URL.parse(request.url ?? '/', 'http://localhost') ?? undefined;
}

/** The `Allow` header of a 405: the methods given, and HEAD wherever GET is (HEAD is GET without the body). */
export function allowHeader(methods: readonly string[]): string {
  return methods.flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method])).join(', ');
}

/** What every answer of a local server carries: its CSP, no sniffing, no referrer, no caching. */
export function securityHeaders(policy: string): Record<string, string> {
  return {
    'content-security-policy': policy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  };
}

/** Why the system refused to listen on host:port, in a line saying what to pass instead. */
function refusedPort(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const say = (line: string) => new NewsletterError(line, { cause: error });
  if (error.code === 'EADDRINUSE') {
    return say(
      `Port ${port} on ${host} is already in use; stop what uses it or pass --port <another>`,
    );
  }
  // It was the system's bare "listen EACCES: permission denied 127.0.0.1:80".
  if (error.code === 'EACCES' && port < 1024) {
    return say(
      `Port ${port} on ${host} needs root, as every port below 1024 does: pass --port 1024 or above`,
    );
  }
  if (error.code === 'EACCES') {
    return say(`Port ${port} on ${host} is refused to this user (EACCES): pass --port <another>`);
  }
  return error;
}

/** Listens on host:port (0 picks a free port) and resolves with the port. */
export async function listen(server: Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(refusedPort(error, host, port));
    });
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Stops accepting requests and closes every open connection. */
export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  server.closeAllConnections();
  await closed;
}
