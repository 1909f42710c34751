/**
 * A safe, polite HTTP GET for feeds and the pages they link to: http(s) only, a deadline and a
 * size cap per fetch, a few redirects at most, a user agent that says who we are, conditional
 * requests (ETag / Last-Modified), and every hop's address checked before it is connected to.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { FetchError } from '../../core/errors';
import type { WebClient, WebResponse } from '../../core/feeds/types';
import {
  type AddressPolicy,
  type ResolvedAddress,
  type Resolver,
  resolveAllowedAddress,
  systemResolver,
} from './address-guard';

/** Says who fetches and where a site owner can read about it (the list's public pages). */
export function userAgentFor(publicUrl: string): string {
  return `newsletter-digest/0.1 (+${publicUrl}; fetches feeds and the articles they link to)`;
}

const DEFAULT_USER_AGENT = 'newsletter-digest/0.1 (fetches feeds and the articles they link to)';

export interface FetcherOptions extends AddressPolicy {
  /** Whole fetch, redirects and body included. @default 10000 */
  readonly timeoutMs?: number;
  /** Largest body read unless a request sets its own; a longer one is refused. @default 5 MiB */
  readonly maxBytes?: number;
  /** @default 3 */
  readonly maxRedirects?: number;
  /** @default DEFAULT_USER_AGENT */
  readonly userAgent?: string;
  /** @default the system resolver */
  readonly resolve?: Resolver;
  /** Opens the connection to a checked address. @default node:http / node:https */
  readonly transport?: Transport;
}

/** One request to an address that has been checked. */
interface TransportRequest {
  readonly url: URL;
  readonly address: ResolvedAddress;
  readonly headers: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
}

interface TransportResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: AsyncIterable<Buffer>;
  /** Stops reading and closes the connection. */
  close(): void;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** node:http(s), connecting to the checked address (the lookup answers it, nothing else). */
const nodeTransport: Transport = ({ url, address, headers, signal }) =>
  new Promise((resolve, reject) => {
    const lookup: LookupFunction = (_hostname, options, callback) => {
      if (options.all) callback(null, [{ address: address.address, family: address.family }]);
      else callback(null, address.address, address.family);
    };
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, { method: 'GET', headers, signal, lookup }, (response) =>
      resolve({
        status: response.statusCode ?? 0,
        headers: response.headers,
        body: response,
        close: () => response.destroy(),
      }),
    );
    request.on('error', reject);
    request.end();
  });

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** `charset=…` among a Content-Type's parameters, quoted or not. */
const CHARSET_PARAMETER = /;\s*charset\s*=\s*"?([^";\s]+)/i;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function describeBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : `${Math.ceil(bytes / 1024)} KiB`;
}

/** Content codings a server may send although asked for `identity` (a pre-compressed file). */
const DECOMPRESSORS: Readonly<Record<string, () => NodeJS.ReadWriteStream>> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

/**
 * The body as sent, unpacked when the server compressed it anyway: the fetcher asks for
 * `identity`, but servers that keep feeds pre-compressed send gzip regardless, and a browser
 * reads it. The size cap counts the unpacked bytes.
 */
function unpacked(response: TransportResponse): AsyncIterable<Buffer> {
  const coding = header(response.headers, 'content-encoding')?.trim().toLowerCase() ?? '';
  if (coding === '' || coding === 'identity') return response.body;
  const decompressor = DECOMPRESSORS[coding];
  if (!decompressor) {
    response.close();
    throw new Error(`is compressed as ${coding}, which cannot be read`);
  }
  const stream = decompressor();
  pipeline(response.body, stream, () => {});
  return (async function* () {
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (error) {
      throw new Error(`cannot be decompressed (${coding}: ${(error as Error).message})`, {
        cause: error,
      });
    }
  })();
}

async function readCapped(response: TransportResponse, maxBytes: number): Promise<Buffer> {
  const declared = Number(header(response.headers, 'content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.close();
    throw new Error(
      `is larger than ${describeBytes(maxBytes)} (Content-Length ${describeBytes(declared)})`,
    );
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of unpacked(response)) {
    total += chunk.length;
    if (total > maxBytes) {
      response.close();
      throw new Error(`is larger than ${describeBytes(maxBytes)}`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Makes the fetcher. Every failure is a FetchError naming the URL and a short reason. */
export function createFetcher(options: FetcherOptions): WebClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 3;
  const resolve = options.resolve ?? systemResolver;
  const transport = options.transport ?? nodeTransport;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;

  return async (startUrl, request): Promise<WebResponse> => {
    const signal = AbortSignal.timeout(timeoutMs);
    const visited = new Set<string>();
    let url: URL;
    try {
      url = new URL(startUrl);
    } catch {
      throw new FetchError(startUrl, 'is not an absolute URL');
    }
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new FetchError(
          url.href,
          `is not http(s) (${url.protocol}); only web pages are fetched`,
        );
      }
      if (url.username || url.password) {
        throw new FetchError(url.href, 'carries a user name or password; refused');
      }
      visited.add(url.href);
      const headers: Record<string, string> = {
        'user-agent': userAgent,
        accept: request.accept,
        'accept-encoding': 'identity',
      };
      // Validators belong to the URL they were given for, not to where it redirects.
      if (hop === 0 && request.etag) headers['if-none-match'] = request.etag;
      if (hop === 0 && request.lastModified) headers['if-modified-since'] = request.lastModified;

      let response: TransportResponse;
      let body: Buffer | undefined;
      try {
        const address = await resolveAllowedAddress(url.hostname, resolve, options);
        response = await transport({ url, address, headers, signal });
        if (response.status === 200) {
          body = await readCapped(response, request.maxBytes ?? maxBytes);
        } else response.close();
      } catch (error) {
        throw new FetchError(url.href, describeFailure(error, signal, timeoutMs), { cause: error });
      }

      if (REDIRECTS.has(response.status)) {
        const location = header(response.headers, 'location');
        if (!location) throw new FetchError(url.href, `redirects (${response.status}) nowhere`);
        // A server's typo (a port past 65535, a space in the host) is that page's problem: thrown
        // as it stands it was no FetchError, and one item's page failed the whole digest.
        if (!URL.canParse(location, url.href)) {
          throw new FetchError(
            url.href,
            `redirects (${response.status}) to an address that cannot be read (${location})`,
          );
        }
        const next = new URL(location, url);
        if (visited.has(next.href)) {
          throw new FetchError(startUrl, `redirect loop (${url.href} → ${next.href})`);
        }
        if (hop + 1 > maxRedirects) {
          throw new FetchError(startUrl, `redirects more than ${maxRedirects} times`);
        }
        url = next;
        continue;
      }
      if (response.status === 304) return { status: 'not-modified', url: url.href };
      if (body === undefined) {
        throw new FetchError(url.href, `answered HTTP ${response.status}`);
      }
      const etag = header(response.headers, 'etag');
      const lastModified = header(response.headers, 'last-modified');
      const contentType = header(response.headers, 'content-type') ?? '';
      const charset = CHARSET_PARAMETER.exec(contentType)?.[1];
      return {
        status: 'ok',
        url: url.href,
        contentType: contentType.split(';')[0]?.trim().toLowerCase() as string,
        ...(charset ? { charset } : {}),
        body,
        ...(etag ? { etag } : {}),
        ...(lastModified ? { lastModified } : {}),
      };
    }
  };
}

function describeFailure(error: unknown, signal: AbortSignal, timeoutMs: number): string {
  if (signal.aborted) return `timed out after ${timeoutMs / 1000} s`;
  const code = (error as NodeJS.ErrnoException).code;
  const message = (error as Error).message ?? String(error);
  if (code === 'ENOTFOUND') return 'host not found';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET') return 'connection reset';
  return message;
}
