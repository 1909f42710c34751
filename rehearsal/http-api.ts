/**
 * The stack's HTTP API (API Gateway v2, `$default` route, Lambda proxy integration with payload
 * format 2.0) on a local port: each HTTP request becomes the event API Gateway would send, and
 * the function's answer becomes the HTTP response. The stage's throttling applies (429), a
 * function error is a 500 and an integration that runs past 30 s a 503, as in API Gateway.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FunctionHost } from './function-host';
import { readBody } from './lambda-service';
import { type LocalServer, listen } from './local-server';

interface HttpApiOptions {
  readonly apiId: string;
  readonly accountId: string;
  /** Stage throttling: steady requests per second and burst. */
  readonly rateLimit?: number;
  readonly burstLimit?: number;
}

export interface HttpApiServer extends LocalServer {
  /** Routes requests to this function (the server listens before the functions exist). */
  connect(host: FunctionHost, options: HttpApiOptions): void;
}

/** API Gateway's payload limit and integration timeout. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const INTEGRATION_TIMEOUT_MS = 30_000;

export async function startHttpApi(): Promise<HttpApiServer> {
  let target: { host: FunctionHost; options: HttpApiOptions; bucket: TokenBucket } | undefined;
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendMessage(res, 500, 'Internal Server Error');
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!target) return sendMessage(res, 503, 'Service Unavailable');
    if (!target.bucket.take()) return sendMessage(res, 429, 'Too Many Requests');
    const body = await readBody(req, MAX_BODY_BYTES);
    const event = toEvent(req, body, target.options);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), INTEGRATION_TIMEOUT_MS);
    });
    const result = await Promise.race([target.host.invoke(event), timeout]);
    clearTimeout(timer);
    if (result === 'timeout') return sendMessage(res, 503, 'Service Unavailable');
    if (!result.ok) return sendMessage(res, 500, 'Internal Server Error');
    sendResult(res, result.value);
  };
  const local = await listen(server);
  return {
    ...local,
    connect(host, options) {
      const rate = options.rateLimit ?? 10_000;
      target = { host, options, bucket: new TokenBucket(rate, options.burstLimit ?? rate * 2) };
    },
  };
}

/** The payload format 2.0 event of one request. */
function toEvent(req: IncomingMessage, body: Buffer, options: HttpApiOptions) {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie')
      headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const cookies = req.headers.cookie?.split(/;\s*/).filter(Boolean);
  const textual = isTextual(String(req.headers['content-type'] ?? ''));
  const now = new Date();
  const host = String(req.headers.host ?? '127.0.0.1');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: options.accountId,
      apiId: options.apiId,
      domainName: host,
      domainPrefix: host.split('.')[0],
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
        userAgent: String(req.headers['user-agent'] ?? ''),
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0
      ? {
          body: textual ? body.toString('utf8') : body.toString('base64'),
          isBase64Encoded: !textual,
        }
      : { isBase64Encoded: false }),
  };
}

function isTextual(contentType: string): boolean {
  return /^(text\/|application\/(json|x-www-form-urlencoded|xml))/i.test(contentType);
}

/** API Gateway's reading of the function's answer (a structured result, or any JSON value). */
function sendResult(res: ServerResponse, value: unknown) {
  const structured =
    value !== null && typeof value === 'object' && 'statusCode' in value
      ? (value as {
          statusCode: number;
          headers?: Record<string, string | number | boolean>;
          body?: string;
          isBase64Encoded?: boolean;
          cookies?: string[];
        })
      : undefined;
  if (!structured) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, header] of Object.entries(structured.headers ?? {}))
    headers[name] = String(header);
  if (structured.cookies?.length) headers['set-cookie'] = structured.cookies;
  const body = structured.body ?? '';
  res
    .writeHead(structured.statusCode, headers)
    .end(structured.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

function sendMessage(res: ServerResponse, status: number, message: string) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message }));
}

class TokenBucket {
  private tokens: number;
  private last = Date.now();
  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
