/**
 * The subscription API's own view of HTTP: a request in, a response out. The Lambda handler
 * (HTTP API event) and the local server (node:http) both convert to and from these, so the
 * same code answers in AWS and on 127.0.0.1.
 */

/** Larger request bodies are refused with 413 before anything reads them. */
export const MAX_BODY_BYTES = 10 * 1024;

export interface HttpRequest {
  /** Upper-case. */
  readonly method: string;
  /** Without the query string, e.g. `/unsubscribe`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Names lower-cased. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The raw body bytes (empty when there is none). */
  readonly body: Uint8Array;
  /** The client's address as the platform saw it: for rate limits only, never stored as is. */
  readonly sourceIp: string;
}

export interface HttpResponse {
  readonly status: number;
  /** Names lower-cased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /**
   * What a page or a line of text says, in words: the answer given as JSON instead when the
   * client asked for JSON. The adapters send status, headers and body only.
   */
  readonly message?: string;
}
