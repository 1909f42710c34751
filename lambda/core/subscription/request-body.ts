import { NewsletterError, ValidationError } from '../errors';
import type { HttpRequest } from './http';

/** The request's media type, lower-cased, without parameters (`application/json`). */
export function mediaTypeOf(request: HttpRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export const FORM_TYPES: readonly string[] = [
  'application/x-www-form-urlencoded',
  'multipart/form-data',
];

/** The body's media type is not one the route reads. Maps to HTTP 415. */
class MediaTypeError extends NewsletterError {
  override name = 'MediaTypeError';
  override readonly status = 415;

  constructor(received: string, accepted: readonly string[]) {
    const sent = received ? `not ${received}` : 'but the request has no Content-Type';
    super(`body: send ${accepted.join(' or ')}, ${sent}`);
  }
}

/** The fields of a JSON or form body, each as the JSON value or the list of form values. */
export async function readFields(
  request: HttpRequest,
  accepted: readonly string[],
): Promise<(name: string) => unknown> {
  const type = mediaTypeOf(request);
  if (!accepted.includes(type)) throw new MediaTypeError(type, accepted);
  if (type === 'application/json') {
    const object = readJsonObject(request);
    return (name) => (Object.hasOwn(object, name) ? object[name] : undefined);
  }
  const form = await readFormFields(request);
  return (name) => form.get(name);
}

/**
 * The fields of a form body, urlencoded or multipart, parsed by the platform's own parsers, never
 * by hand: URLSearchParams (the URL standard's urlencoded parser, which the Fetch API's
 * `formData()` uses too) for the urlencoded forms every page and one-click unsubscribe send, and
 * `formData()` for multipart. Only multipart needs the Fetch API, whose first use loads Node's
 * fetch implementation (about 20 ms of a cold start). Uploaded files are refused.
 */
export async function readFormFields(request: HttpRequest): Promise<Map<string, string[]>> {
  const entries =
    mediaTypeOf(request) === 'multipart/form-data'
      ? await readMultipartEntries(request)
      : new URLSearchParams(URLENCODED_DECODER.decode(request.body)).entries();
  const fields = new Map<string, string[]>();
  for (const [name, value] of entries) {
    if (typeof value !== 'string') throw new ValidationError(name, 'must not be a file');
    fields.set(name, [...(fields.get(name) ?? []), value]);
  }
  return fields;
}

/** UTF-8 with replacement and the byte order mark kept, as the urlencoded parser decodes. */
const URLENCODED_DECODER = new TextDecoder('utf-8', { ignoreBOM: true });

async function readMultipartEntries(request: HttpRequest) {
  try {
    const form = await new Response(request.body, {
      headers: { 'content-type': request.headers['content-type'] ?? '' },
    }).formData();
    return form.entries();
  } catch (error) {
    throw new ValidationError('body', 'is not a valid multipart/form-data form', { cause: error });
  }
}

/** A JSON body that must be one object. */
function readJsonObject(request: HttpRequest): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(request.body));
  } catch (error) {
    throw new ValidationError('body', 'is not valid UTF-8 JSON', { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('body', 'must be a JSON object like {"email": "ada@example.com"}');
  }
  return value as Record<string, unknown>;
}

const MAX_USER_AGENT_LENGTH = 256;

/** The client's User-Agent for a consent record: control characters dropped, at most 256 characters. */
export function userAgentOf(request: HttpRequest): { userAgent?: string } {
  const userAgent = request.headers['user-agent']
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are dropped
    ?.replace(/[\u0000-\u001f\u007f]/g, '')
    .slice(0, MAX_USER_AGENT_LENGTH);
  return userAgent ? { userAgent } : {};
}
