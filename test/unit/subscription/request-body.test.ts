import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../../lambda/core/subscription/http';
import { readFormFields } from '../../../lambda/core/subscription/request-body';
import { multipartBody } from './harness';

const URLENCODED = 'application/x-www-form-urlencoded';

function post(body: Uint8Array | string, contentType: string): HttpRequest {
  return {
    method: 'POST',
    path: '/unsubscribe',
    query: new URLSearchParams(),
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? new TextEncoder().encode(body) : body,
    sourceIp: '192.0.2.1',
  };
}

/** What the Fetch API's formData() makes of the same body: the parser browsers use. */
async function fetchFormData(body: Uint8Array, contentType: string) {
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  const fields = new Map<string, string[]>();
  for (const [name, value] of form.entries()) {
    fields.set(name, [...(fields.get(name) ?? []), String(value)]);
  }
  return fields;
}

describe('readFormFields', () => {
  it.each([
    ['one field', 'List-Unsubscribe=One-Click'],
    ['a repeated name, kept in order', 'a=1&b=2&a=3'],
    ['plus signs and percent-encoded UTF-8', 'name=Ada+Lovelace&city=K%C3%B6ln'],
    ['malformed percent signs, kept as they are', 'a=100%&b=%zz&c=%E2%82'],
    ['raw bytes that are not UTF-8', new Uint8Array([0x61, 0x3d, 0xff, 0xfe])],
    ['a byte order mark', new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x3d, 0x31])],
    ['empty names and values, and no body at all', '=&a&&b='],
    ['an empty body', ''],
  ])('reads a urlencoded body with %s exactly as the Fetch API does', async (_, body) => {
    const request = post(body, `${URLENCODED}; charset=UTF-8`);
    expect(await readFormFields(request)).toEqual(await fetchFormData(request.body, URLENCODED));
  });

  it('reads a multipart/form-data body', async () => {
    const { body, contentType } = await multipartBody({ 'List-Unsubscribe': 'One-Click', a: 'ö' });
    expect(await readFormFields(post(body, contentType))).toEqual(
      new Map([
        ['List-Unsubscribe', ['One-Click']],
        ['a', ['ö']],
      ]),
    );
  });

  it('refuses an uploaded file, naming its field', async () => {
    const form = new FormData();
    form.set('avatar', new Blob(['x']), 'avatar.png');
    const request = new Request('https://example.com', { method: 'POST', body: form });
    const body = new Uint8Array(await request.arrayBuffer());
    await expect(
      readFormFields(post(body, request.headers.get('content-type') ?? '')),
    ).rejects.toThrow('avatar: must not be a file');
  });

  it('refuses a multipart body it cannot parse, naming the body', async () => {
    await expect(
      readFormFields(post('--x\r\ngarbage', 'multipart/form-data; boundary=x')),
    ).rejects.toThrow('body: is not a valid multipart/form-data form');
  });
});
