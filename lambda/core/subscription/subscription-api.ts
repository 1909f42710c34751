/**
 * The subscription API as one function from request to response, over the ports: the Lambda
 * HTTP API handler and the local `newsletter api` server both call it.
 *
 *   GET  /subscribe                  the hosted sign-up form
 *   POST /subscribe                  sign up (JSON or form): always 202; queued for processSignUp
 *   GET  /confirm?token=…            a page whose form POSTs the confirmation; never changes anything
 *   POST /confirm?token=…            double opt-in: activates a pending sign-up
 *   GET  /unsubscribe?token=…        a page with a button; never changes anything
 *   POST /unsubscribe?token=…        RFC 8058 one-click (`List-Unsubscribe=One-Click`)
 */
import type { NewsletterConfig } from '../config';
import { NewsletterError, TokenError } from '../errors';
import type { Clock, Logger, RateCounter, SignUpQueue, SubscriberStore } from '../ports';
import { acceptFromEdge } from './edge';
import { type HttpRequest, type HttpResponse, MAX_BODY_BYTES } from './http';
import { DEFAULT_SUBSCRIBE_LIMITS, type SubscribeLimits } from './rate-limits';
import { acceptsHtml, wantsJson } from './request-body';
import { json, page, text } from './responses';
import { failedSignUp, handleSubscribe, showSignUpForm } from './subscribe-route';
import {
  brokenLinkPage,
  expiredConfirmPage,
  handleConfirm,
  handleUnsubscribe,
  showConfirm,
  showUnsubscribe,
} from './token-routes';

export interface SubscriptionApiDeps {
  readonly subscribers: SubscriberStore;
  readonly rateCounter: RateCounter;
  /** Where accepted sign-ups go; processSignUp takes them from there, after the answer. */
  readonly signUps: SignUpQueue;
  readonly config: NewsletterConfig;
  /** Signs tokens, keys subscriber ids and rate-limit keys. */
  readonly secret: string;
  readonly clock: Pick<Clock, 'now'>;
  readonly logger: Logger;
  /** @default DEFAULT_SUBSCRIBE_LIMITS */
  readonly limits?: SubscribeLimits;
  /**
   * The secret CloudFront sends when the API is behind it (context `waf`): see acceptFromEdge.
   * @default none: requests are taken as they come, `sourceIp` being the client's
   */
  readonly originSecret?: string;
}

/** What every route gets. */
export interface RouteContext extends SubscriptionApiDeps {
  readonly limits: SubscribeLimits;
}

type Route = (context: RouteContext, request: HttpRequest) => Promise<HttpResponse>;

const ROUTES: Readonly<Record<string, Readonly<Record<string, Route>>>> = {
  '/subscribe': { GET: showSignUpForm, POST: handleSubscribe },
  '/confirm': { GET: showConfirm, POST: handleConfirm },
  '/unsubscribe': { GET: showUnsubscribe, POST: handleUnsubscribe },
};

export const ROUTE_SUMMARY = Object.entries(ROUTES).flatMap(([path, methods]) =>
  Object.keys(methods).map((method) => `${method} ${path}`),
);

export function createSubscriptionApi(
  deps: SubscriptionApiDeps,
): (request: HttpRequest) => Promise<HttpResponse> {
  const context: RouteContext = { ...deps, limits: deps.limits ?? DEFAULT_SUBSCRIBE_LIMITS };

  const answer = async (request: HttpRequest): Promise<HttpResponse> => {
    const methods = ROUTES[request.path];
    if (!methods) {
      // A person gets the page, a form posted to a mistyped action too; a script the routes.
      if (request.method !== 'GET' && request.method !== 'HEAD' && !acceptsHtml(request)) {
        return text(404, `Not found. The routes are: ${ROUTE_SUMMARY.join(', ')}.`);
      }
      return notFoundPage(deps.config);
    }
    // HEAD is GET without the body (link checkers and previews ask it); GET changes nothing.
    const route = methods[request.method === 'HEAD' ? 'GET' : request.method];
    if (!route) {
      const allow = Object.keys(methods)
        .flatMap((method) => (method === 'GET' ? ['GET', 'HEAD'] : [method]))
        .join(', ');
      return text(405, `Method not allowed on ${request.path}: use ${allow}.`, { allow });
    }
    if (request.body.byteLength > MAX_BODY_BYTES) {
      return text(413, `Request body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
    }
    const coding = contentCodingOf(request);
    if (coding !== undefined) {
      // RFC 7694: the codings the server reads are named in Accept-Encoding.
      return text(
        415,
        `The body is compressed (Content-Encoding: ${coding}), which this API does not read: send it uncompressed.`,
        { 'accept-encoding': 'identity' },
      );
    }
    return route(context, request).catch((error: unknown) =>
      errorResponse(context, request, error),
    );
  };

  return async (incoming) => {
    // Read as meant before the edge's check, which must see the route it is for.
    const meant = asLinkMeantIt(incoming);
    const request = deps.originSecret
      ? acceptFromEdge(meant, deps.originSecret, deps.config.publicUrl)
      : meant;
    if ('status' in request) return request;
    const answered = await answer(request);
    const response = wantsJson(request) ? inJson(answered) : answered;
    return request.method === 'HEAD' ? { ...response, body: '' } : response;
  };
}

/**
 * The request as its link meant it when the link was URL-encoded once or more too often, as
 * redirects that wrap links leave it: `/unsubscribe%3Ftoken%3D…` (or `%253F…%253D`, twice) is
 * `/unsubscribe?token=…` (a parameter the query string gives too is taken from there: the pages'
 * forms post back with `?token=…`), and a parameter written `?token%3D…` is `token` with its value.
 */
function asLinkMeantIt(request: HttpRequest): HttpRequest {
  let { path, query } = request;
  if (!ROUTES[path] && ENCODED_SIGN.test(path)) {
    const decoded = decodedAgain(path);
    const mark = decoded.indexOf('?');
    const route = decoded.slice(0, mark);
    if (mark < 0 || !ROUTES[route]) return request;
    path = route;
    query = new URLSearchParams(decoded.slice(mark + 1));
    for (const name of new Set(request.query.keys())) {
      query.delete(name);
      for (const value of request.query.getAll(name)) query.append(name, value);
    }
  }
  if ([...query.keys()].some((name) => name.includes('=') || ENCODED_SIGN.test(name))) {
    const split = new URLSearchParams();
    for (const [name, value] of query) {
      const decoded = value === '' ? decodedAgain(name) : '';
      const mark = decoded.indexOf('=');
      if (mark > 0) split.append(decoded.slice(0, mark), decoded.slice(mark + 1));
      else split.append(name, value);
    }
    query = split;
  }
  return path === request.path && query === request.query ? request : { ...request, path, query };
}

/** A URL's `?`, `=` or `%` percent-encoded: a link encoded once or more too often holds one. */
const ENCODED_SIGN = /%(3f|3d|25)/i;

/**
 * `text` percent-decoded as often as it holds an encoded `?`, `=` or `%`, at most three times (a
 * link wrapped by three redirects): `%253F` is `?`.
 */
function decodedAgain(text: string): string {
  let decoded = text;
  for (let round = 0; round < 3 && ENCODED_SIGN.test(decoded); round++) {
    decoded = decodedOnce(decoded);
  }
  return decoded;
}

/** `text` percent-decoded once, or as it is when it holds a `%` that encodes nothing. */
function decodedOnce(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The content coding of a request's body (`gzip`), or undefined when it has none: the body
 * would be read as the bytes of its compressed form, as a form of one field named with them.
 */
function contentCodingOf(request: HttpRequest): string | undefined {
  const coding = request.headers['content-encoding']?.trim().toLowerCase().slice(0, 40) ?? '';
  return request.body.byteLength === 0 || coding === '' || coding === 'identity'
    ? undefined
    : coding;
}

/**
 * A page or a line of text as JSON, for a script that asked for JSON (a fetch with
 * `Accept: application/json`): `{"message"}`, or `{"error"}` from 400 on, its headers (Allow,
 * Retry-After) kept.
 */
function inJson(response: HttpResponse): HttpResponse {
  const { message } = response;
  if (message === undefined) return response;
  const { 'content-type': _, ...headers } = response.headers;
  return json(response.status, response.status < 400 ? { message } : { error: message }, headers);
}

/**
 * A page a person asked for, or posted a form to, that is not there ('/subscribe/', '/Subscribe',
 * an old link, a form embedded elsewhere whose action is mistyped): the way to the sign-up form,
 * by its public URL, as a relative link from an unknown path could lead anywhere.
 */
function notFoundPage(config: NewsletterConfig): HttpResponse {
  return page(404, {
    listName: config.listName,
    heading: 'There is no page here',
    paragraphs: [
      `Check the address: it may be mistyped. To subscribe to ${config.listName}, use the sign-up form.`,
    ],
    link: { href: `${config.publicUrl}/subscribe`, label: 'Go to the sign-up form' },
  });
}

/** Errors a client caused get their one-line reason; anything else is logged and kept vague. */
async function errorResponse(
  context: RouteContext,
  request: HttpRequest,
  error: unknown,
): Promise<HttpResponse> {
  const listName = context.config.listName;
  // Only confirm tokens expire (unsubscribe links work for ever).
  if (error instanceof TokenError && error.problem === 'expired')
    return expiredConfirmPage(listName);
  if (error instanceof TokenError) return brokenLinkPage(listName, request.path, error);
  if (error instanceof NewsletterError && error.status < 500) {
    return page(error.status, {
      listName,
      heading: 'This request cannot be used',
      paragraphs: [error.message],
    });
  }
  context.logger.error('request failed', {
    route: `${request.method} ${request.path}`,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
  if (request.method === 'POST' && request.path === '/subscribe') {
    return failedSignUp(context, request);
  }
  return page(500, {
    listName,
    heading: 'Something went wrong',
    paragraphs: ['Nothing was changed. Please try again in a few minutes.'],
  });
}
