/**
 * Which addresses the fetcher may connect to. Feeds and the pages they link to are written by
 * other people: a link to http://169.254.169.254/ (the instance metadata service) or to a private
 * address must never be followed from inside AWS. Every hostname is resolved first and every
 * answer checked; the connection then goes to the checked address (no second lookup that could
 * answer differently).
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Why an address is refused; `undefined` from classifyAddress means it is a public address. */
export type AddressKind = 'loopback' | 'private' | 'link-local' | 'metadata' | 'reserved';

function blockList(subnets: readonly (readonly [string, number])[]): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of subnets) {
    list.addSubnet(network, prefix, network.includes(':') ? 'ipv6' : 'ipv4');
  }
  return list;
}

// BlockList also matches IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) against IPv4 subnets.
const KINDS: readonly (readonly [AddressKind, BlockList])[] = [
  // AWS instance metadata and time sync (IPv4 and the Nitro IPv6 endpoints).
  [
    'metadata',
    blockList([
      ['169.254.169.254', 32],
      ['169.254.169.123', 32],
      ['169.254.170.2', 32],
      ['fd00:ec2::', 32],
    ]),
  ],
  [
    'loopback',
    blockList([
      ['127.0.0.0', 8],
      ['::1', 128],
    ]),
  ],
  [
    'link-local',
    blockList([
      ['169.254.0.0', 16],
      ['fe80::', 10],
    ]),
  ],
  [
    'private',
    blockList([
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
      ['100.64.0.0', 10],
      ['fc00::', 7],
    ]),
  ],
  [
    'reserved',
    blockList([
      ['0.0.0.0', 8],
      ['192.0.0.0', 24],
      ['192.0.2.0', 24],
      ['198.18.0.0', 15],
      ['198.51.100.0', 24],
      ['203.0.113.0', 24],
      ['224.0.0.0', 4],
      ['240.0.0.0', 4],
      ['::', 128],
      ['64:ff9b::', 96],
      ['100::', 64],
      ['2001:db8::', 32],
      ['ff00::', 8],
    ]),
  ],
];

/** The kind of a non-public IP address, or undefined for a public one. */
export function classifyAddress(address: string): AddressKind | undefined {
  const family = isIP(address);
  if (family === 0) throw new TypeError(`${address} is not an IP address`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return KINDS.find(([, list]) => list.check(address, type))?.[0];
}

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves a hostname to every address it has (the system resolver, as a connection would). */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

export interface AddressPolicy {
  /**
   * Allow 127.0.0.0/8 and ::1: on for the local CLI (feeds served on this machine, tests),
   * off in Lambda. Nothing else private is ever allowed.
   */
  readonly allowLoopback: boolean;
}

/** What is wrong with this address ("private address 10.0.0.1"), or undefined when it is allowed. */
function refusalFor(address: string, policy: AddressPolicy): string | undefined {
  const kind = classifyAddress(address);
  if (kind === undefined || (kind === 'loopback' && policy.allowLoopback)) return undefined;
  return `${kind} address ${address}`;
}

/**
 * The address to connect to for `hostname`: resolved (an IP literal as it is), and refused unless
 * every answer is allowed. Throws an Error whose message is the reason.
 */
export async function resolveAllowedAddress(
  hostname: string,
  resolve: Resolver,
  policy: AddressPolicy,
): Promise<ResolvedAddress> {
  // URL.hostname keeps the brackets of an IPv6 literal.
  const bare = hostname.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(bare);
  const answers: readonly ResolvedAddress[] =
    family === 0 ? await resolve(bare) : [{ address: bare, family: family === 6 ? 6 : 4 }];
  const first = answers[0];
  if (first === undefined) throw new Error(`${bare} has no address`);
  for (const answer of answers) {
    const refusal = refusalFor(answer.address, policy);
    if (refusal !== undefined) {
      throw new Error(
        family === 0
          ? `${bare} resolves to ${refusal}, which is never fetched`
          : `${refusal} is never fetched`,
      );
    }
  }
  return first;
}
