import { describe, expect, it } from 'vitest';
import {
  classifyAddress,
  type ResolvedAddress,
  type Resolver,
} from '../../../../lambda/adapters/http/address-guard';
import { createFetcher, type Transport } from '../../../../lambda/adapters/http/fetcher';
import { FetchError } from '../../../../lambda/core/errors';

/** A resolver answering from a table: no DNS query leaves the process. */
function stubResolver(answers: Record<string, readonly string[]>): Resolver {
  return async (hostname) => {
    const addresses = answers[hostname];
    if (!addresses) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses.map(
      (address): ResolvedAddress => ({ address, family: address.includes(':') ? 6 : 4 }),
    );
  };
}

/**
 * Stands in for the network: records what it was asked to connect to and answers from a script.
 * A refused address must never reach it, so no socket is ever opened in these tests.
 */
function scriptedTransport(
  answer: (url: URL) => { status: number; headers?: Record<string, string> },
) {
  const connections: string[] = [];
  const transport: Transport = async ({ url, address }) => {
    connections.push(`${url.href} @ ${address.address}`);
    const { status, headers = {} } = answer(url);
    return {
      status,
      headers,
      body: (async function* () {
        yield Buffer.from('<rss/>');
      })(),
      close() {},
    };
  };
  return { transport, connections };
}

const resolve = stubResolver({
  'metadata.test': ['169.254.169.254'],
  'linklocal.test': ['169.254.10.20'],
  'private.test': ['10.1.2.3'],
  'private6.test': ['fd12:3456::1'],
  'loopback.test': ['127.0.0.1'],
  'mixed.test': ['93.184.216.34', '192.168.1.1'],
  'mapped.test': ['::ffff:169.254.169.254'],
  'public.test': ['93.184.216.34'],
});

function fetcherWith(transport: Transport, allowLoopback = false) {
  return createFetcher({ allowLoopback, resolve, transport, timeoutMs: 1_000 });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return (error as FetchError).reason;
}

describe('the address guard', () => {
  it('classifies metadata, link-local, private, loopback and reserved addresses', () => {
    expect(classifyAddress('169.254.169.254')).toBe('metadata');
    expect(classifyAddress('fd00:ec2::254')).toBe('metadata');
    expect(classifyAddress('169.254.1.1')).toBe('link-local');
    expect(classifyAddress('fe80::1')).toBe('link-local');
    expect(classifyAddress('10.0.0.1')).toBe('private');
    expect(classifyAddress('172.31.255.255')).toBe('private');
    expect(classifyAddress('192.168.0.10')).toBe('private');
    expect(classifyAddress('fd12::1')).toBe('private');
    expect(classifyAddress('127.0.0.1')).toBe('loopback');
    expect(classifyAddress('127.8.9.10')).toBe('loopback');
    expect(classifyAddress('::1')).toBe('loopback');
    expect(classifyAddress('::ffff:10.0.0.1')).toBe('private');
    expect(classifyAddress('0.0.0.0')).toBe('reserved');
    expect(classifyAddress('::')).toBe('reserved');
    expect(classifyAddress('93.184.216.34')).toBeUndefined();
    expect(classifyAddress('2606:2800:220:1::1')).toBeUndefined();
    expect(classifyAddress('172.32.0.1')).toBeUndefined();
  });

  it.each([
    ['http://metadata.test/latest/meta-data/', 'metadata address 169.254.169.254'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata address 169.254.169.254'],
    ['http://linklocal.test/', 'link-local address 169.254.10.20'],
    ['http://private.test/feed.xml', 'private address 10.1.2.3'],
    ['http://private6.test/feed.xml', 'private address fd12:3456::1'],
    ['http://[::1]:8080/', 'loopback address ::1'],
    ['http://loopback.test/', 'loopback address 127.0.0.1'],
    ['http://mixed.test/', 'private address 192.168.1.1'],
    ['http://mapped.test/', 'metadata address ::ffff:169.254.169.254'],
  ])('refuses %s before any connection is opened', async (url, reason) => {
    const network = scriptedTransport(() => ({ status: 200 }));
    const message = await refusal(fetcherWith(network.transport)(url, { accept: '*/*' }));
    expect(message).toContain(reason);
    expect(message).toContain('never fetched');
    expect(network.connections).toEqual([]);
  });

  it('refuses a redirect to the metadata address without following it', async () => {
    const network = scriptedTransport((url) =>
      url.hostname === 'public.test'
        ? { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }
        : { status: 200 },
    );
    const message = await refusal(
      fetcherWith(network.transport)('http://public.test/feed.xml', { accept: '*/*' }),
    );
    expect(message).toContain('metadata address 169.254.169.254');
    expect(network.connections).toEqual(['http://public.test/feed.xml @ 93.184.216.34']);
  });

  it('refuses a redirect to a host that resolves to a private address', async () => {
    const network = scriptedTransport((url) =>
      url.hostname === 'public.test'
        ? { status: 301, headers: { location: 'http://private.test/admin' } }
        : { status: 200 },
    );
    const message = await refusal(
      fetcherWith(network.transport)('http://public.test/', { accept: '*/*' }),
    );
    expect(message).toBe(
      'private.test resolves to private address 10.1.2.3, which is never fetched',
    );
    expect(network.connections).toHaveLength(1);
  });

  it('connects to the checked address of a public host', async () => {
    const network = scriptedTransport(() => ({ status: 200 }));
    const result = await fetcherWith(network.transport)('https://public.test/feed.xml', {
      accept: '*/*',
    });
    expect(result.status).toBe('ok');
    expect(network.connections).toEqual(['https://public.test/feed.xml @ 93.184.216.34']);
  });

  it('allows loopback, and only loopback, when told to (the local CLI)', async () => {
    const network = scriptedTransport(() => ({ status: 200 }));
    const fetcher = fetcherWith(network.transport, true);
    expect((await fetcher('http://loopback.test/', { accept: '*/*' })).status).toBe('ok');
    expect(await refusal(fetcher('http://private.test/', { accept: '*/*' }))).toContain(
      'private address',
    );
    expect(network.connections).toEqual(['http://loopback.test/ @ 127.0.0.1']);
  });

  it.each([
    ['file:///etc/passwd', 'is not http(s) (file:)'],
    ['ftp://public.test/feed.xml', 'is not http(s) (ftp:)'],
    ['http://user:secret@public.test/', 'carries a user name or password'],
    ['not a url', 'is not an absolute URL'],
  ])('refuses %s', async (url, reason) => {
    const network = scriptedTransport(() => ({ status: 200 }));
    expect(await refusal(fetcherWith(network.transport)(url, { accept: '*/*' }))).toContain(reason);
    expect(network.connections).toEqual([]);
  });
});
