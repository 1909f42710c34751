/**
 * The one error hierarchy of the newsletter. Every error a user can see is a NewsletterError:
 * its message is one line that names what failed and where, and says how to fix it when we know.
 * The CLI prints `message` alone and exits non-zero; HTTP handlers map `status` to the response.
 */
export class NewsletterError extends Error {
  override name = 'NewsletterError';
  /** HTTP status this error maps to when it reaches an HTTP handler. */
  readonly status: number = 500;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An article file could not be used: missing, empty, binary, too large, nothing to summarise. */
export class ArticleError extends NewsletterError {
  override name = 'ArticleError';
  override readonly status = 400;

  constructor(
    /** The file name or object key the article came from. */
    readonly source: string,
    /** Short reason, e.g. "is empty" or "is larger than 5 MB (7.2 MB)". */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Article ${source} ${reason}`, options);
  }
}

/**
 * The article is not there (deleted, or never uploaded). Unlike its bytes being unusable this may
 * change: a scheduled run that listed it passes over it without recording anything.
 */
export class ArticleNotFoundError extends ArticleError {
  override name = 'ArticleNotFoundError';
}

/** A configuration value is missing or invalid. `key` is the setting's name. */
export class ConfigError extends NewsletterError {
  override name = 'ConfigError';

  constructor(
    readonly key: string,
    /** What is wrong and, ideally, an example of a good value. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Configuration ${key} ${reason}`, options);
  }
}

/**
 * A template failed to compile or render. `file`, `line` and `column` (from 1) point at the source
 * when known: "Template newsletter.mjml:14:8: …", as editors and terminals link a place.
 */
export class TemplateError extends NewsletterError {
  override name = 'TemplateError';
  readonly column?: number;

  constructor(
    readonly file: string,
    /** What is wrong, without the place: the message after "Template file:line:column: ". */
    readonly reason: string,
    readonly line?: number,
    options?: { cause?: unknown; column?: number },
  ) {
    const at = line === undefined ? '' : `:${line}${options?.column ? `:${options.column}` : ''}`;
    super(`Template ${file}${at}: ${reason}`, options);
    if (line !== undefined) this.column = options?.column;
  }
}

/** A TemplateError at `offset` (from 0) of `source`: at its line and column, counted from 1. */
export function templateErrorAt(
  file: string,
  source: string,
  offset: number,
  reason: string,
  options?: { cause?: unknown },
): TemplateError {
  const before = source.slice(0, offset);
  const column = offset - before.lastIndexOf('\n');
  return new TemplateError(file, reason, before.split('\n').length, { ...options, column });
}

/** Input data (a request body, a CSV row, a header value) is invalid. Maps to HTTP 400. */
export class ValidationError extends NewsletterError {
  override name = 'ValidationError';
  override readonly status = 400;

  constructor(
    /** Where the bad value was: a field name, "subscribers.csv:7", a header name. */
    readonly where: string,
    /** What is wrong with it, without the where: what a form shows beside the field. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${where}: ${reason}`, options);
  }
}

/** Why a token was refused. Forged covers a wrong secret, purpose or list: the MAC binds them. */
export type TokenProblem = 'malformed' | 'forged' | 'expired';

/**
 * A confirm or unsubscribe token was refused. Status 400 when it is malformed or forged (wrong
 * signature, purpose or list); 403 when it was genuine but has expired, so a handler can offer
 * to send a fresh link instead of calling the link broken.
 */
export class TokenError extends NewsletterError {
  override name = 'TokenError';
  override readonly status: number;
  /** Whose genuine token this is: set only when it has expired (its signature was checked). */
  readonly subscriberId?: string;

  constructor(
    readonly problem: TokenProblem,
    /** A sentence about the link, in a subscriber's words: the pages show it as it is. */
    reason: string,
    options?: { cause?: unknown; subscriberId?: string },
  ) {
    super(reason, options);
    this.status = problem === 'expired' ? 403 : 400;
    if (options?.subscriberId !== undefined) this.subscriberId = options.subscriberId;
  }
}

/**
 * A URL could not be fetched, or what came back cannot be used: refused address, timeout, too
 * large, not HTML. `reason` is short and says what happened ("timed out after 5 s").
 */
export class FetchError extends NewsletterError {
  override name = 'FetchError';

  constructor(
    readonly url: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${url}: ${reason}`, options);
  }
}
