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
export class MediaTypeError extends NewsletterError {
  override name = 'MediaTypeError';
  override readonly status = 415;

  constructor(received: string, accepted: readonly string[]) {
    super(`body: send ${accepted.join(' or ')}, not ${received || 'no Content-Type'}`);
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
 * The fields of a form body, urlencoded or multipart, parsed by the platform's own parser (the
 * Fetch API's `formData()`, the one browsers use), never by hand. Uploaded files are refused.
 */
export async function readFormFields(request: HttpRequest): Promise<Map<string, string[]>> {
  let form: FormData;
  try {
    form = await new Response(request.body, {
      headers: { 'content-type': request.headers['content-type'] ?? '' },
    }).formData();
  } catch (error) {
    throw new ValidationError('body', `is not a valid ${mediaTypeOf(request)} form`, {
      cause: error,
    });
  }
  const fields = new Map<string, string[]>();
  for (const [name, value] of form.entries()) {
    if (typeof value !== 'string') throw new ValidationError(name, 'must not be a file');
    fields.set(name, [...(fields.get(name) ?? []), value]);
  }
  return fields;
}

/** A JSON body that must be one object. */
export function readJsonObject(request: HttpRequest): Record<string, unknown> {
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
