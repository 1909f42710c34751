/**
 * Requests that reach the API through the CloudFront distribution in front of it (context
 * `waf`). CloudFront adds a secret header to every request it forwards, and the viewer's address
 * in CloudFront-Viewer-Address: only a request carrying the secret is believed about its viewer
 * (anyone can send that header to the execute-api URL). A sign-up that skips CloudFront would
 * skip the WAF rate rule, so it is refused; confirm and unsubscribe links are token-authorised
 * and those in mails sent before `waf` was turned on name the execute-api host, so they still work.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { HttpRequest, HttpResponse } from './http';
import { text } from './responses';

/** The header CloudFront adds to every request it forwards (lower-case, as requests carry it). */
export const ORIGIN_SECRET_HEADER = 'x-newsletter-origin-secret';

/** `<ip>:<port>`, an IPv6 address unbracketed: `2001:db8::1:46532`. */
export const VIEWER_ADDRESS_HEADER = 'cloudfront-viewer-address';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6 = /^[0-9a-f:.]+$/i;

/**
 * The request as the API should see it: from CloudFront (the secret matches), with the viewer's
 * address as `sourceIp`; or straight to the API, as it came. Either way without the secret
 * header. A response instead when the request must not be answered.
 */
export function acceptFromEdge(
  request: HttpRequest,
  originSecret: string,
  publicUrl: string,
): HttpRequest | HttpResponse {
  const { [ORIGIN_SECRET_HEADER]: presented, ...headers } = request.headers;
  if (presented !== undefined && sameSecret(presented, originSecret)) {
    const viewer = viewerIp(headers[VIEWER_ADDRESS_HEADER]);
    // CloudFront sends it whenever the origin request policy asks: the stack's does.
    if (viewer === undefined) {
      return text(500, `CloudFront sent no valid ${VIEWER_ADDRESS_HEADER} header.`);
    }
    return { ...request, headers, sourceIp: viewer };
  }
  if (request.path === '/subscribe') {
    return text(403, `Sign up at ${publicUrl}/subscribe`);
  }
  return { ...request, headers };
}

/** Compares digests, so neither the time taken nor a length mismatch tells anything. */
function sameSecret(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The IP address of `<ip>:<port>`, or undefined when the value is not one. */
export function viewerIp(address: string | undefined): string | undefined {
  const separator = address?.lastIndexOf(':') ?? -1;
  if (address === undefined || separator < 1) return undefined;
  const ip = address.slice(0, separator).replace(/^\[(.*)\]$/, '$1');
  const port = address.slice(separator + 1);
  if (!/^\d{1,5}$/.test(port)) return undefined;
  if (IPV4.test(ip)) return ip;
  return ip.includes(':') && IPV6.test(ip) ? ip : undefined;
}
