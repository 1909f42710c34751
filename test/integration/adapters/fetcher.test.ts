import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher } from '../../../lambda/adapters/http/fetcher';
import { FetchError } from '../../../lambda/core/errors';
import { startWebServer, type WebServer } from '../../support/web-server';

let web: WebServer;
beforeAll(async () => {
  web = await startWebServer();
});
afterAll(async () => {
  await web?.close();
});

/** A deadline a loaded machine still meets; the slow-server test sets a short one. */
const fetcher = (timeoutMs = 5_000) =>
  createFetcher({ allowLoopback: true, timeoutMs, maxBytes: 10_000, maxRedirects: 3 });

async function reasonFor(path: string, timeoutMs?: number): Promise<string> {
  const error = await fetcher(timeoutMs)(`${web.url}${path}`, { accept: '*/*' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return (error as FetchError).reason;
}

describe('the fetcher against a real server on loopback', () => {
  it('gets a page with its media type, validators and a clear user agent', async () => {
    web.routes.set('/page', {
      body: '<p>hello</p>',
      headers: { etag: '"v1"', 'last-modified': 'Mon, 01 Dec 2026 10:00:00 GMT' },
    });
    const result = await fetcher()(`${web.url}/page`, { accept: 'text/html' });
    expect(result).toMatchObject({
      status: 'ok',
      contentType: 'text/html',
      charset: 'utf-8',
      etag: '"v1"',
      lastModified: 'Mon, 01 Dec 2026 10:00:00 GMT',
    });
    expect(result.status === 'ok' && result.body.toString()).toBe('<p>hello</p>');
    expect(web.requests.at(-1)?.userAgent).toMatch(/^newsletter-digest\//);
  });

  it('answers not-modified when the ETag still holds', async () => {
    web.routes.set('/feed', { body: '<rss/>', headers: { etag: '"f1"' } });
    const result = await fetcher()(`${web.url}/feed`, { accept: '*/*', etag: '"f1"' });
    expect(result.status).toBe('not-modified');
    expect(web.requests.at(-1)?.ifNoneMatch).toBe('"f1"');
  });

  it('follows a redirect', async () => {
    web.routes.set('/old', { status: 301, headers: { location: '/page' } });
    const result = await fetcher()(`${web.url}/old`, { accept: '*/*' });
    expect(result).toMatchObject({ status: 'ok', url: `${web.url}/page` });
  });

  it('refuses a redirect loop', async () => {
    web.routes.set('/a', { status: 302, headers: { location: '/b' } });
    web.routes.set('/b', { status: 302, headers: { location: '/a' } });
    expect(await reasonFor('/a')).toBe(`redirect loop (${web.url}/b → ${web.url}/a)`);
  });

  it('refuses more than three redirects', async () => {
    for (const n of [1, 2, 3, 4]) {
      web.routes.set(`/hop${n}`, { status: 302, headers: { location: `/hop${n + 1}` } });
    }
    expect(await reasonFor('/hop1')).toBe('redirects more than 3 times');
  });

  it('refuses a redirect to an address that cannot be read, as a reason about that page only', async () => {
    web.routes.set('/bad-port', {
      status: 301,
      headers: { location: 'https://example.com:99999/x' },
    });
    expect(await reasonFor('/bad-port')).toBe(
      'redirects (301) to an address that cannot be read (https://example.com:99999/x)',
    );
  });

  it('names the status of a missing page', async () => {
    expect(await reasonFor('/missing')).toBe('answered HTTP 404');
  });

  it('refuses a body over the size cap, declared or not', async () => {
    web.routes.set('/huge', { body: 'x'.repeat(50_000) });
    expect(await reasonFor('/huge')).toMatch(/^is larger than 10 KiB \(Content-Length 49 KiB\)$/);
    web.routes.set('/huge-chunked', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      for (let i = 0; i < 50; i++) response.write('x'.repeat(1_000));
      response.end();
    });
    expect(await reasonFor('/huge-chunked')).toBe('is larger than 10 KiB');
  });

  it("reads a body up to the request's own cap when it sets one (a feed), above or below the fetcher's", async () => {
    web.routes.set('/big-feed', { type: 'application/rss+xml', body: 'x'.repeat(50_000) });
    const url = `${web.url}/big-feed`;
    const result = await fetcher()(url, { accept: '*/*', maxBytes: 60_000 });
    expect(result.status === 'ok' && result.body.length).toBe(50_000);
    const error = await fetcher()(url, { accept: '*/*', maxBytes: 40_000 }).catch((e) => e);
    expect((error as FetchError).reason).toBe('is larger than 40 KiB (Content-Length 49 KiB)');
  });

  it('reads a body a server compresses although asked for identity, capping what it unpacks to', async () => {
    web.routes.set('/gz', {
      type: 'application/rss+xml',
      body: gzipSync('<rss version="2.0"/>'),
      headers: { 'content-encoding': 'gzip' },
    });
    const result = await fetcher()(`${web.url}/gz`, { accept: '*/*' });
    expect(result.status === 'ok' && result.body.toString()).toBe('<rss version="2.0"/>');
    web.routes.set('/bomb', {
      body: gzipSync('x'.repeat(200_000)),
      headers: { 'content-encoding': 'gzip' },
    });
    expect(await reasonFor('/bomb')).toBe('is larger than 10 KiB');
    web.routes.set('/broken', { body: 'not gzip at all', headers: { 'content-encoding': 'gzip' } });
    expect(await reasonFor('/broken')).toMatch(/^cannot be decompressed \(gzip: /);
    web.routes.set('/odd', { body: 'xx', headers: { 'content-encoding': 'zstd' } });
    expect(await reasonFor('/odd')).toBe('is compressed as zstd, which cannot be read');
  });

  it('gives up on a slow server at the deadline', async () => {
    web.routes.set('/slow', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<p>first bytes…');
      // Never ends: the fetcher's deadline must.
    });
    expect(await reasonFor('/slow', 300)).toBe('timed out after 0.3 s');
  });
});
