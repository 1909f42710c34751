import type { IncomingMessage, ServerResponse } from 'node:http';
import { NewsletterError } from '../../core/errors';
import { readBody, securityHeaders } from '../http-server';

/** Send-test bodies are an address and a selection. */
const MAX_BODY_BYTES = 10 * 1024;

export const PAGE_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: http: https:",
  "style-src 'self' 'unsafe-inline'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
/** Emails have no scripts; their images and styles are their own. */
export const EMAIL_POLICY = [
  "default-src 'none'",
  'img-src data: http: https:',
  "style-src 'unsafe-inline'",
  'font-src http: https:',
  "frame-ancestors 'self'",
].join('; ');

/** An answer other than 200, with the message the page shows. */
export class HttpError extends NewsletterError {
  override name = 'HttpError';
  constructor(
    override readonly status: number,
    message: string,
    /** A 405's `Allow` header. */
    readonly allow?: string,
  ) {
    super(message);
  }
}

export function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  policy?: string,
): void {
  response.writeHead(status, { 'content-type': type, ...securityHeaders(policy ?? PAGE_POLICY) });
  response.end(body);
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body));
}

/** A JSON object body of at most 10 KB; anything else is a 4xx. */
export async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  if (!/^application\/json\b/.test(request.headers['content-type'] ?? '')) {
    throw new HttpError(415, 'Send JSON (content-type: application/json)');
  }
  const raw = await readBody(request, MAX_BODY_BYTES);
  if (raw.length > MAX_BODY_BYTES) throw new HttpError(413, 'Request body is larger than 10 KB');
  try {
    const body: unknown = JSON.parse(raw.toString('utf8'));
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
      return body as Record<string, unknown>;
    }
  } catch {
    // reported below
  }
  throw new HttpError(400, 'Request body is not a JSON object');
}

/** A string field of a JSON body, or undefined when it is missing or null. */
export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `"${key}" must be a string`);
  return value;
}
