import { decodeAs } from '../decode-text';
import { NewsletterError, ValidationError } from '../errors';
import type { HttpRequest } from './http';

/** The request's media type, lower-cased, without parameters (`application/json`). */
export function mediaTypeOf(request: HttpRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Whether the client wants JSON rather than a page: it sent JSON, or its Accept header names JSON
 * (`application/json`, `…+json`) and not HTML, as a script's fetch does. A browser names HTML.
 */
export function wantsJson(request: HttpRequest): boolean {
  if (mediaTypeOf(request) === 'application/json') return true;
  const types = acceptedTypes(request);
  return (
    types.some((type) => type === 'application/json' || type.endsWith('+json')) &&
    !types.includes('text/html')
  );
}

/** Whether the client takes a page: a browser names HTML in its Accept header, for a form too. */
export function acceptsHtml(request: HttpRequest): boolean {
  return acceptedTypes(request).includes('text/html');
}

/** The media types the Accept header names, lower-cased, without parameters. */
function acceptedTypes(request: HttpRequest): string[] {
  return (request.headers.accept ?? '')
    .split(',')
    .map((range) => range.split(';')[0]?.trim().toLowerCase() ?? '');
}

export const FORM_TYPES: readonly string[] = [
  'application/x-www-form-urlencoded',
  'multipart/form-data',
];

/** The body's media type is not one the route reads. Maps to HTTP 415. */
class MediaTypeError extends NewsletterError {
  override name = 'MediaTypeError';
  override readonly status = 415;

  constructor(message: string) {
    super(`body: ${message}`);
  }
}

/**
 * A body's fields by name: the values given for the field, one per time a form repeats it;
 * undefined when it is absent (or JSON null).
 */
export interface BodyFields {
  (name: string): readonly string[] | undefined;
  /** The names the body gives, each once, in its order. */
  readonly names: readonly string[];
}

/**
 * The fields of a JSON or form body. A form may repeat a field (its values are all kept, for the
 * reader to refuse); a JSON body gives one string per field: reading a field whose JSON value is
 * an array, object, number or boolean is a ValidationError naming the field, so
 * `{"email": ["a@example.com"]}` is not taken for a form that gave one value.
 */
export async function readFields(
  request: HttpRequest,
  accepted: readonly string[],
): Promise<BodyFields> {
  const type = mediaTypeOf(request);
  if (!accepted.includes(type)) {
    const sent = type ? `not ${type}` : 'but the request has no Content-Type';
    throw new MediaTypeError(`send ${accepted.join(' or ')}, ${sent}`);
  }
  if (type === 'application/json') {
    const { object, repeated } = readJsonObject(request);
    const field = (name: string) => {
      if (repeated.has(name)) throw new ValidationError(name, 'is given more than once');
      return jsonString(name, Object.hasOwn(object, name) ? object[name] : undefined);
    };
    return Object.assign(field, { names: Object.keys(object) });
  }
  if (isJsonObject(request.body)) {
    throw new ValidationError(
      'body',
      `is JSON, but its Content-Type says ${type}: send it with Content-Type: application/json`,
    );
  }
  const form = await readFormFields(request);
  return Object.assign((name: string) => form.get(name), { names: [...form.keys()] });
}

/** UTF-8, a byte order mark dropped: what a body is taken for when its label is in doubt. */
const BODY_DECODER = new TextDecoder('utf-8');

/**
 * Whether a body labelled a form is a JSON object (jQuery's `$.ajax({data: JSON.stringify(…)})`
 * labels it urlencoded): read as a form it is one field named after the whole object, and the
 * sign-up was refused for having no email.
 */
function isJsonObject(body: Uint8Array): boolean {
  const text = BODY_DECODER.decode(body).trim();
  if (!text.startsWith('{')) return false;
  try {
    // Text that opens with '{' and parses is an object.
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A JSON body's field as a form's would be: one string, or none when absent or null. */
function jsonString(name: string, value: unknown): readonly string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [value];
  throw new ValidationError(name, `must be a string, not ${jsonKindOf(value)}`);
}

function jsonKindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
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
      : readUrlencodedEntries(request);
  const fields = new Map<string, string[]>();
  for (const [name, value] of entries) {
    if (typeof value !== 'string') throw new ValidationError(name, 'must not be a file');
    fields.set(name, [...(fields.get(name) ?? []), value]);
  }
  return fields;
}

/** UTF-8 with replacement and the byte order mark kept, as the urlencoded parser decodes. */
const URLENCODED_DECODER = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * A urlencoded body's entries. The URL standard's parser reads the bytes its percent signs stand
 * for as UTF-8, which is what browsers send; a client that names another charset in the
 * Content-Type (`; charset=ISO-8859-1`, as curl, PHP or Java clients may) is read in that one, as
 * servers that honour the label do, so its "Zoë" is not refused for the "�" UTF-8 makes of it
 * (and, as everywhere the project reads a named charset, through decodeAs: a windows-1252 label
 * gives its curly quotes and €, not the C1 controls Node reads those bytes as).
 */
function readUrlencodedEntries(request: HttpRequest): Iterable<[string, string]> {
  const label = charsetOf(request);
  let encoding: string;
  try {
    encoding = new TextDecoder(label ?? 'utf-8').encoding;
  } catch {
    throw new MediaTypeError(
      `the charset ${label} is not one this API reads: send the form as UTF-8`,
    );
  }
  if (label === undefined || encoding === 'utf-8') {
    return new URLSearchParams(URLENCODED_DECODER.decode(request.body)).entries();
  }
  const entries: [string, string][] = [];
  for (const sequence of splitBytes(request.body, AMPERSAND)) {
    if (sequence.length === 0) continue;
    const equals = sequence.indexOf(EQUALS);
    const name = equals === -1 ? sequence : sequence.subarray(0, equals);
    const value = equals === -1 ? new Uint8Array() : sequence.subarray(equals + 1);
    const decodedName = decodeFormBytes(name, label, 'body');
    entries.push([decodedName, decodeFormBytes(value, label, decodedName)]);
  }
  return entries;
}

const AMPERSAND = 0x26;
const EQUALS = 0x3d;
const PLUS = 0x2b;
const PERCENT = 0x25;
const SPACE = 0x20;

/** The `charset` parameter of the request's Content-Type, unquoted, or undefined. */
function charsetOf(request: HttpRequest): string | undefined {
  for (const parameter of (request.headers['content-type'] ?? '').split(';').slice(1)) {
    const equals = parameter.indexOf('=');
    if (parameter.slice(0, equals).trim().toLowerCase() !== 'charset') continue;
    const value = parameter.slice(equals + 1).trim();
    const unquoted = value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
    return unquoted || undefined;
  }
  return undefined;
}

function* splitBytes(bytes: Uint8Array, separator: number): Generator<Uint8Array> {
  let start = 0;
  for (
    let index = bytes.indexOf(separator);
    index !== -1;
    index = bytes.indexOf(separator, start)
  ) {
    yield bytes.subarray(start, index);
    start = index + 1;
  }
  yield bytes.subarray(start);
}

/** A urlencoded name or value: `+` as a space, `%XX` as its byte, then read in the charset. */
function decodeFormBytes(encoded: Uint8Array, label: string, field: string): string {
  const bytes: number[] = [];
  for (let index = 0; index < encoded.length; index++) {
    const byte = encoded[index] as number;
    const hex = String.fromCharCode(encoded[index + 1] ?? 0, encoded[index + 2] ?? 0);
    if (byte === PERCENT && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      index += 2;
    } else {
      bytes.push(byte === PLUS ? SPACE : byte);
    }
  }
  try {
    return decodeAs(new Uint8Array(bytes), label, { fatal: true });
  } catch (error) {
    throw new ValidationError(field, `is not ${label} text, as the request says it is`, {
      cause: error,
    });
  }
}

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

/**
 * A JSON body that must be one object, and the names it gives more than once: JSON.parse keeps
 * the last of them silently, where a form's repeated field is refused, so
 * `{"email": "ada@…", "email": "eve@…"}` would be read as Eve's by us and as Ada's by a reader
 * that keeps the first.
 */
function readJsonObject(request: HttpRequest): {
  object: Record<string, unknown>;
  repeated: ReadonlySet<string>;
} {
  let text: string;
  let value: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(request.body);
    value = JSON.parse(text);
  } catch (error) {
    throw new ValidationError('body', notJson(request.body), { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('body', `must be a JSON object like ${JSON_EXAMPLE}`);
  }
  return { object: value as Record<string, unknown>, repeated: repeatedTopLevelNames(text) };
}

/** A urlencoded form's start, a field's name and its '=': what a body labelled JSON may be. */
const FORM_START = /^[\w.-]+=/;

const JSON_EXAMPLE = '{"email": "ada@example.com"}';

/** What a body labelled JSON that JSON.parse refused is: empty, a urlencoded form, or broken. */
function notJson(body: Uint8Array): string {
  const text = BODY_DECODER.decode(body).trim();
  if (text === '') return `is empty: send a JSON object like ${JSON_EXAMPLE}`;
  if (FORM_START.test(text)) {
    return `is a urlencoded form, but its Content-Type says application/json: send it with Content-Type: application/x-www-form-urlencoded, or send a JSON object like ${JSON_EXAMPLE}`;
  }
  return 'is not valid UTF-8 JSON';
}

/**
 * The names given more than once in the outermost object of `json`, which JSON.parse has read:
 * one pass, keeping the depth and whether it is inside a string; a string at depth 1 after `{`
 * or `,` is a name.
 */
function repeatedTopLevelNames(json: string): ReadonlySet<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  let depth = 0;
  let nameNext = false;
  for (let index = 0; index < json.length; index++) {
    const character = json[index];
    if (character === '"') {
      const start = index;
      for (index++; json[index] !== '"'; index++) if (json[index] === '\\') index++;
      if (depth === 1 && nameNext) {
        const name = JSON.parse(json.slice(start, index + 1)) as string;
        (seen.has(name) ? repeated : seen).add(name);
        nameNext = false;
      }
    } else if (character === '{' || character === '[') {
      depth++;
      nameNext = depth === 1;
    } else if (character === '}' || character === ']') {
      depth--;
    } else if (character === ',') {
      nameNext = depth === 1;
    }
  }
  return repeated;
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
