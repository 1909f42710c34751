import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Subscriber } from '../../../lambda/core/model';
import { type OutgoingMessage, SendFailure } from '../../../lambda/core/ports';
import { escapeHtml } from '../../../lambda/core/render/escape-html';
import {
  CONFIRMATION_RESEND_AFTER_MS,
  PENDING_TTL_MS,
} from '../../../lambda/core/subscription/lifecycle';
import { page } from '../../../lambda/core/subscription/responses';
import { signUpPage } from '../../../lambda/core/subscription/sign-up-page';
import { subscriber } from '../../support/fakes';
import { readMessage } from '../mime/read-message';
import {
  config,
  confirmLinkOf,
  confirmToken,
  createApiHarness,
  idOf,
  multipartBody,
  unsubscribeToken,
} from './harness';

const ADA = 'ada@example.com';

/** A sign-up form body sent as it is written, `+` and all (subscribeForm encodes its fields). */
function postUrlencoded(h: ReturnType<typeof createApiHarness>, body: string, parameters = '') {
  return h.request('POST', '/subscribe', {
    body,
    contentType: `application/x-www-form-urlencoded${parameters}`,
  });
}

/** A stored subscriber for ada@example.com in the given state. */
function ada(status: Subscriber['status'], changes: Partial<Subscriber> = {}): Subscriber {
  return { ...subscriber(idOf(ADA), status, ADA), ...changes };
}

describe('POST /subscribe', () => {
  it('stores a pending subscriber with the consent record and emails one confirmation link', async () => {
    const h = createApiHarness();
    const response = await h.subscribeJson(
      { email: ' Ada@Example.COM ', name: 'Ada', consentVersion: 'v3', source: 'homepage' },
      { headers: { 'User-Agent': 'Mozilla/5.0 (test)' } },
    );
    expect(response.status).toBe(202);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(response.body)).toMatchObject({ status: 'accepted' });

    const stored = await h.subscribers.get(idOf('Ada@example.com'));
    expect(stored).toMatchObject({
      email: 'Ada@example.com',
      name: 'Ada',
      status: 'pending',
      consent: {
        at: new Date(h.clock.now()).toISOString(),
        source: 'homepage',
        ip: '203.0.113.7',
        userAgent: 'Mozilla/5.0 (test)',
        textVersion: 'v3',
      },
    });
    expect(h.mailer.sent).toHaveLength(1);
    const [message] = h.mailer.sent;
    expect(message?.to).toBe('Ada@example.com');
    expect(message?.issueId).toBe('confirmations');
    expect(confirmLinkOf(message as never).origin + confirmLinkOf(message as never).pathname).toBe(
      'https://news.example.com/confirm',
    );
  });

  it('takes a urlencoded form and answers with a small page, recording the source as "form"', async () => {
    const h = createApiHarness();
    const response = await h.subscribeForm({ email: ADA, name: '', submit: 'Subscribe' });
    expect(response.status).toBe(202);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<h1>Check your inbox</h1>');
    expect(response.body).toContain('<a href="subscribe">Back to the sign-up form</a>');
    expect((await h.subscribers.get(idOf(ADA)))?.consent.source).toBe('form');
    expect((await h.subscribers.get(idOf(ADA)))?.name).toBeNull();
  });

  it('names the address as it was typed on the "Check your inbox" page, so a typo can be seen', async () => {
    const h = createApiHarness();
    const typo = await h.subscribeForm({ email: ' ada@exmaple.com ' });
    expect(typo.status).toBe(202);
    expect(typo.body).toContain(
      '<p>If ada@exmaple.com can receive Weekly Briefing, a confirmation email is on its way. Open the link in it to finish subscribing.</p>',
    );
    expect(typo.body).toContain('<p>Not your address? Sign up again with the right one.</p>');
    const international = await h.subscribeForm({ email: 'zoe@bücher.de' });
    expect(international.body).toContain('<p>If zoe@bücher.de can receive');
    // Browsers send a type=email field's international domain in punycode.
    const punycode = await h.subscribeForm({ email: 'zoe@xn--bcher-kva.de' });
    expect(punycode.body).toContain('<p>If zoe@bücher.de can receive');
    const json = await h.subscribeJson({ email: ADA });
    expect(JSON.stringify(json.body)).not.toContain(ADA);
  });

  it('names the address without the direction marks it was pasted with, which would reorder the page', async () => {
    const h = createApiHarness();
    const pasted = await h.subscribeForm({ email: '\u202eada@example.com\u2066 ' });
    expect(pasted.status).toBe(202);
    expect(pasted.body).toContain('<p>If ada@example.com can receive Weekly Briefing,');
    expect(pasted.body).not.toMatch(/[\u202e\u2066]/);
  });

  it('says on the "Check your inbox" page, to everyone alike, what to do when no email comes', async () => {
    const h = createApiHarness({
      subscribers: [ada('suppressed', { reason: 'bounce:Permanent:General' })],
    });
    const suppressed = await h.subscribeForm({ email: ADA });
    const fresh = await h.subscribeForm({ email: 'new@example.com' });
    const advice =
      '<p>No email within a few minutes? Check your spam folder. We never send to an address whose mail bounced or was marked as spam: if that happened to this one, sign up with another address.</p>';
    expect(suppressed.body).toContain(advice);
    expect(fresh.body).toContain(advice);
    expect(suppressed.body.replace(ADA, 'new@example.com')).toBe(fresh.body);
  });

  it.each([
    ['active', ada('active')],
    ['suppressed', ada('suppressed', { reason: 'bounce:Permanent:General' })],
  ])(
    'answers an %s address exactly like a new one, and sends and changes nothing',
    async (_, existing) => {
      const fresh = await createApiHarness().subscribeJson({ email: 'new@example.com' });
      const h = createApiHarness({ subscribers: [existing] });
      const response = await h.subscribeJson({ email: ADA });
      expect(response).toEqual(fresh);
      expect(h.mailer.sent).toHaveLength(0);
      expect(await h.subscribers.get(idOf(ADA))).toEqual(existing);
    },
  );

  it('ignores an erased address: 202, nothing stored, nothing sent', async () => {
    const h = createApiHarness({ subscribers: [ada('active')] });
    await h.subscribers.erase(idOf(ADA), '2026-11-20T00:00:00.000Z');
    const response = await h.subscribeJson({ email: ADA });
    expect(response.status).toBe(202);
    expect(await h.subscribers.get(idOf(ADA))).toBeUndefined();
    expect(h.mailer.sent).toHaveLength(0);
  });

  it('sends a pending address the confirmation again, keeping its first consent and name', async () => {
    const h = createApiHarness();
    await h.subscribeJson({ email: ADA, name: 'Ada', consentVersion: 'v1' });
    const first = await h.subscribers.get(idOf(ADA));
    await h.clock.sleep(CONFIRMATION_RESEND_AFTER_MS);
    await h.subscribeJson(
      { email: ADA, name: 'Buy pills', consentVersion: 'v2' },
      { ip: '192.0.2.9' },
    );
    expect(h.mailer.sent).toHaveLength(2);
    const at = new Date(h.clock.now()).toISOString();
    expect(await h.subscribers.get(idOf(ADA))).toEqual({
      ...first,
      confirmationSentAt: at,
      updatedAt: at,
    });
    expect(first?.consent.textVersion).toBe('v1');
    const outcomes = h.logs.filter((entry) => entry.message === 'sign-up').map((e) => e.outcome);
    expect(outcomes).toEqual(['created', 'resent']);
    // Both links end where the first sign-up's 48 hours do.
    const expiry = (message: unknown) =>
      confirmLinkOf(message as never)
        .searchParams.get('token')
        ?.split('.')[0];
    expect(expiry(h.mailer.sent[1])).toBe(expiry(h.mailer.sent[0]));
  });

  it('says how long the link works in whole hours rounded up: 48 hours, then 1 hour, never 0', async () => {
    const h = createApiHarness();
    const worksFor = (index: number) =>
      /works for ([^)]+)\)/.exec(
        readMessage((h.mailer.sent[index] as OutgoingMessage).raw).part('text/plain').body,
      )?.[1];
    await h.subscribeJson({ email: ADA });
    await h.clock.sleep(30 * 60_000);
    await h.subscribeJson({ email: ADA });
    await h.clock.sleep(PENDING_TTL_MS - 60 * 60_000);
    await h.subscribeJson({ email: ADA });
    expect([0, 1, 2].map(worksFor)).toEqual(['48 hours', '48 hours', '1 hour']);
  });

  it('starts over with a new consent when a pending sign-up is older than 48 hours', async () => {
    const h = createApiHarness();
    await h.subscribeJson({ email: ADA });
    await h.clock.sleep(PENDING_TTL_MS + 1);
    await h.subscribeJson({ email: ADA });
    expect(h.logs.some((entry) => entry.outcome === 'restarted')).toBe(true);
    const link = confirmLinkOf(h.mailer.sent[1] as never);
    expect((await postConfirm(h, link)).status).toBe(200);
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('active');
  });

  it('lets someone who unsubscribed ask again: pending with the new consent, old reason cleared', async () => {
    const left = ada('unsubscribed', { reason: 'one-click', reasonAt: '2026-11-01T00:00:00.000Z' });
    const h = createApiHarness({ subscribers: [left] });
    await h.subscribeForm({ email: ADA, name: 'Ada' });
    const stored = await h.subscribers.get(idOf(ADA));
    expect(stored?.status).toBe('pending');
    expect(stored?.reason).toBeUndefined();
    expect(stored?.name).toBe('Ada');
    expect(h.mailer.sent).toHaveLength(1);
  });

  it.each([
    ['no email', {}, 'email: is required'],
    ['an empty email', { email: '  ' }, 'email: is required'],
    ['a number', { email: 42 }, 'email: must be a string, not a number'],
    // JSON gives one string per field: an array is not a form field given once.
    ['an address in an array', { email: [ADA] }, 'email: must be a string, not an array'],
    ['a name in an array', { email: ADA, name: ['Ada'] }, 'name: must be a string, not an array'],
    [
      'a name as an object',
      { email: ADA, name: { first: 'Ada' } },
      'name: must be a string, not an object',
    ],
    ['a boolean source', { email: ADA, source: true }, 'source: must be a string, not a boolean'],
    [
      'a honeypot in an array',
      { email: ADA, homepage: [''] },
      'homepage: must be a string, not an array',
    ],
    [
      'two addresses',
      { email: 'a@example.com, b@example.com' },
      'email: is not a valid email address',
    ],
    [
      'a header injection',
      { email: 'ada@example.com\r\nBcc: x@example.com' },
      'email: contains a line break',
    ],
    ['a display name', { email: 'Ada <ada@example.com>' }, 'email: is not a valid email address'],
    ['255 characters', { email: `${'a'.repeat(243)}@example.com` }, 'email: is longer than 254'],
    ['a name with a line break', { email: ADA, name: 'Ada\nBcc: x' }, 'name: must be one line'],
    [
      'a name with a right-to-left override',
      { email: ADA, name: 'Ada \u202Egnp.exe' },
      'name: must be one line without control characters or invisible formatting characters such as bidi controls; it holds U+202E',
    ],
    [
      'a name with a right-to-left isolate',
      { email: ADA, name: '\u2067Ada' },
      'name: must be one line without control characters or invisible formatting characters such as bidi controls; it holds U+2067',
    ],
    ['a long name', { email: ADA, name: 'x'.repeat(101) }, 'name: is longer than 100'],
    [
      'a strange consent version',
      { email: ADA, consentVersion: '<v1>' },
      'consentVersion: must be',
    ],
  ])(
    'refuses %s with 400 and a short reason, storing and sending nothing',
    async (_, body, reason) => {
      const h = createApiHarness();
      const response = await h.subscribeJson(body);
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body).error).toContain(reason);
      expect(h.subscribers.rows.size).toBe(0);
      expect(h.mailer.sent).toHaveLength(0);
    },
  );

  it('refuses a body that is not a JSON object, or broken JSON, with 400', async () => {
    const h = createApiHarness();
    for (const body of ['["ada@example.com"]', '{"email":', 'null', '\u00ff']) {
      const response = await h.request('POST', '/subscribe', {
        body,
        contentType: 'application/json',
      });
      expect(response.status).toBe(400);
    }
    expect(h.subscribers.rows.size).toBe(0);
  });

  it('names the fields a sign-up without an email field has, as a form copied from another service sends them', async () => {
    const h = createApiHarness();
    // Mailchimp's embedded form, its action changed to this API.
    const form = await h.subscribeForm({ EMAIL: ADA, FNAME: 'Ada', LNAME: 'Lovelace' });
    expect(form.status).toBe(400);
    expect(form.body).toContain(
      '<p class="error" id="email-error">is required, and the request has no field named email (it has EMAIL, FNAME and LNAME): name the address field email</p>',
    );
    const json = await h.subscribeJson({ emailAddress: ADA });
    expect(JSON.parse(json.body)).toEqual({
      error:
        'email: is required, and the request has no field named email (it has emailAddress): name the address field email',
    });
    const many = await h.subscribeJson(Object.fromEntries('abcdefg'.split('').map((k) => [k, ''])));
    expect(JSON.parse(many.body).error).toContain('(it has a, b, c, d, e and 2 more)');
    // An email field left empty is only required; names that cannot be read are not shown.
    expect(JSON.parse((await h.subscribeJson({ email: '', name: 'Ada' })).body)).toEqual({
      error: 'email: is required',
    });
    const binary = await h.request('POST', '/subscribe', {
      body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]),
      contentType: 'application/x-www-form-urlencoded',
      headers: { accept: 'application/json' },
    });
    expect(JSON.parse(binary.body)).toEqual({ error: 'email: is required' });
    expect(h.subscribers.rows.size).toBe(0);
  });

  it('says of a body sent as the other kind than its Content-Type says which kind it is, and of an empty one that it is empty', async () => {
    const h = createApiHarness();
    const json = '{"email": "ada@example.com", "name": "Ada"}';
    const accept = { accept: 'application/json' };
    const cases: [string, string, string][] = [
      // jQuery's $.ajax({data: JSON.stringify(…)}) labels JSON as a urlencoded form.
      [
        json,
        'application/x-www-form-urlencoded; charset=UTF-8',
        'body: is JSON, but its Content-Type says application/x-www-form-urlencoded: send it with Content-Type: application/json',
      ],
      [
        json,
        'multipart/form-data',
        'body: is JSON, but its Content-Type says multipart/form-data: send it with Content-Type: application/json',
      ],
      // curl -H 'Content-Type: application/json' -d 'email=…' labels a form as JSON.
      [
        'email=ada%40example.com&name=Ada',
        'application/json',
        'body: is a urlencoded form, but its Content-Type says application/json: send it with Content-Type: application/x-www-form-urlencoded, or send a JSON object like {"email": "ada@example.com"}',
      ],
      [
        '',
        'application/json',
        'body: is empty: send a JSON object like {"email": "ada@example.com"}',
      ],
    ];
    for (const [body, contentType, error] of cases) {
      const response = await h.request('POST', '/subscribe', {
        body,
        contentType,
        headers: accept,
      });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toEqual({ error });
    }
    // A person gets the form back with the reason above it.
    const page = await h.request('POST', '/subscribe', {
      body: json,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(page.status).toBe(400);
    expect(page.body).toContain(
      '<p class="error" id="form-error">body: is JSON, but its Content-Type says application/x-www-form-urlencoded',
    );
    // A form whose fields hold braces is a form.
    const braces = await h.subscribeForm({ email: ADA, name: '{Ada}' });
    expect(braces.status).toBe(202);
    expect(h.subscribers.rows.size).toBe(1);
  });

  it('gives a refused form back filled in, the error tied to its field; JSON gets JSON', async () => {
    const h = createApiHarness();
    const response = await h.subscribeForm({ email: 'ada@example', name: 'Ada <3' });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    // Beside its field, the error says what is wrong without naming the field again.
    const error = /<p class="error" id="email-error">([^<]+)<\/p>/.exec(response.body)?.[1];
    expect(error).toMatch(/^is not a valid email address/);
    expect(response.body).toContain(
      '<input id="email" name="email" type="email" required maxlength="254" autocomplete="email" inputmode="email" value="ada@example" aria-invalid="true" aria-describedby="email-error" autofocus>',
    );
    expect(response.body).toContain(
      'name="name" type="text" maxlength="100" autocomplete="name" dir="auto" value="Ada &lt;3">',
    );
    expect(response.body).toContain('<title>Error: Subscribe – Weekly Briefing</title>');
    const style = /<style>(.*)<\/style>/.exec(response.body)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(response.headers['content-security-policy']).toContain(`style-src 'sha256-${hash}'`);

    const asJson = await h.subscribeJson({ email: 'ada@example' });
    expect(asJson.status).toBe(400);
    expect(JSON.parse(asJson.body)).toEqual({
      error: `email: ${error?.replaceAll('&#x27;', "'")}`,
    });
    expect(h.subscribers.rows.size).toBe(0);
  });

  it('shows a name refused for a bidi control beside the name field, naming the character', async () => {
    const h = createApiHarness();
    const response = await h.subscribeForm({ email: ADA, name: 'Ada \u202Egnp.exe' });
    expect(response.status).toBe(400);
    expect(response.body).toMatch(
      /<p class="error" id="name-error">must be one line without control characters or invisible formatting characters such as bidi controls; it holds U\+202E<\/p>/,
    );
    expect(h.subscribers.rows.size).toBe(0);
    expect(h.mailer.sent).toHaveLength(0);
  });

  it('shows an error of no visible field above the form it gives back', async () => {
    const response = await createApiHarness().subscribeForm({ email: ADA, source: 'bad<source>' });
    expect(response.status).toBe(400);
    expect(response.body).toMatch(/<p class="error" id="form-error">source: [^<]+<\/p>\n<form /);
    expect(response.body).toContain(`value="${ADA}">`);
    expect(response.body).not.toContain('aria-invalid');
  });

  it('takes a source and consent version in any script, as a site in Spanish, German or Japanese labels its form', async () => {
    for (const [email, source] of [
      ['ana@example.com', 'página-principal'],
      ['jo@example.com', 'Startseite Fußzeile'],
      ['ren@example.com', 'ホームページ/フッター'],
      ['ravi@example.com', 'मुखपृष्ठ'],
    ] as const) {
      const h = createApiHarness();
      const response = await h.subscribeForm({ email, source, consentVersion: 'versión-2' });
      expect(response.status).toBe(202);
      expect((await h.subscribers.get(idOf(email)))?.consent).toMatchObject({
        source,
        textVersion: 'versión-2',
      });
    }
    // Still a label: no bidi control, no emoji, at most 64 characters (UTF-16 units, as the
    // sign-up queue counts them).
    for (const source of ['home\u202Epage', 'home 🏠', 'x'.repeat(65), '𝒜'.repeat(33)]) {
      const response = await createApiHarness().subscribeJson({ email: ADA, source });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body).error).toMatch(/^source: must be up to 64 letters/);
    }
  });

  it('refuses a form not sent as UTF-8 with 400 instead of storing the name with "�" in it', async () => {
    const h = createApiHarness();
    // "Zoë" from a windows-1252 page: percent-encoded, and as raw bytes.
    for (const body of [
      Buffer.from('email=zoe@example.com&name=Zo%EB'),
      Buffer.concat([Buffer.from('email=zoe@example.com&name=Zo'), Buffer.from([0xeb])]),
    ]) {
      const response = await h.request('POST', '/subscribe', {
        body,
        contentType: 'application/x-www-form-urlencoded',
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatch(/<p class="error" id="name-error">is not UTF-8 text/);
      expect(response.body).toContain('value="zoe@example.com">');
    }
    expect((await h.subscribeJson({ email: 'zoe@example.com', name: 'Zo\uFFFD' })).status).toBe(
      400,
    );
    expect(h.subscribers.rows.size).toBe(0);
    expect(h.mailer.sent).toHaveLength(0);
  });

  it('reads a form in the charset its Content-Type names, and refuses one it cannot read with 415', async () => {
    const h = createApiHarness();
    const sent = [
      // "Zoë" from a client that labels its windows-1252 form (curl, PHP, a Java client do).
      ['zoe@example.com', 'Zo%EB', '; charset=ISO-8859-1', 'Zoë'],
      // Its curly apostrophe (byte 0x92) too, which Latin-1 would make a C1 control character.
      ['obi@example.com', 'O%92Brien', '; charset=ISO-8859-1', 'O’Brien'],
      ['yui@example.com', '%8ER%93c', ';charset="Shift_JIS"', '山田'],
      ['ana@example.com', 'Ana+L%C3%ADma', '; charset=utf-8', 'Ana Líma'],
    ] as const;
    for (const [email, name, parameters, stored] of sent) {
      const response = await postUrlencoded(h, `email=${email}&name=${name}`, parameters);
      expect(response.status).toBe(202);
      expect((await h.subscribers.get(idOf(email)))?.name).toBe(stored);
    }

    const kai = 'email=kai@example.com&name=';
    const unknown = await postUrlencoded(h, `${kai}Kai`, '; charset=x-klingon');
    expect(unknown.status).toBe(415);
    expect(unknown.body).toContain(
      'body: the charset x-klingon is not one this API reads: send the form as UTF-8</p>',
    );
    // A byte sequence the named charset has no character for is refused beside its field.
    const broken = await postUrlencoded(h, `${kai}%81%FF`, '; charset=Shift_JIS');
    expect(broken.status).toBe(400);
    expect(broken.body).toContain(
      '<p class="error" id="name-error">is not Shift_JIS text, as the request says it is</p>',
    );
    expect(await h.subscribers.get(idOf('kai@example.com'))).toBeUndefined();
  });

  it('refuses a JSON name cut inside an emoji (half a surrogate pair) with 400, taking the whole emoji', async () => {
    const h = createApiHarness();
    const cut = 'Zoë 😀'.slice(0, 5); // a client cutting at 5 UTF-16 units keeps half the emoji
    const refused = await h.subscribeJson({ email: 'zoe@example.com', name: cut });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body)).toEqual({
      error: expect.stringMatching(
        /^name: is not valid Unicode text: it holds half of a character \(U\+D83D\)/,
      ),
    });
    expect(h.subscribers.rows.size).toBe(0);
    expect((await h.subscribeJson({ email: 'zoe@example.com', name: 'Zoë 😀' })).status).toBe(202);
  });

  it('says of an address whose + arrived as a space (urlencoded by hand, as curl -d sends it) to send the + as %2B', async () => {
    const h = createApiHarness();
    const response = await postUrlencoded(h, 'email=mia+news@example.com&name=Mia');
    expect(response.status).toBe(400);
    expect(response.body).toContain(
      '<p class="error" id="email-error">holds a space: in a urlencoded form a + stands for a space, so send mia+news@example.com with its + as %2B</p>',
    );
    expect(h.subscribers.rows.size).toBe(0);
    // Written as %2B, it is taken; sent as JSON or multipart, a space is only a space.
    expect((await postUrlencoded(h, 'email=mia%2Bnews%40example.com')).status).toBe(202);
    const json = await h.subscribeJson({ email: 'mia news@example.com' });
    expect(JSON.parse(json.body).error).toMatch(/^email: is not a valid email address: the part/);
  });

  it('refuses a form field given twice with 400', async () => {
    const h = createApiHarness();
    const response = await postUrlencoded(h, 'email=a@example.com&email=b@example.com');
    expect(response.status).toBe(400);
    expect(response.body).toContain(
      '<p class="error" id="email-error">is given more than once</p>',
    );
  });

  it('refuses a JSON field given twice with 400, as a form field, instead of taking the last', async () => {
    const h = createApiHarness();
    for (const body of [
      '{"email": "ada@example.com", "email": "eve@example.com"}',
      '{"email": "ada@example.com", "name": "Ada", "\\u006eame": "Eve"}',
    ]) {
      const response = await h.request('POST', '/subscribe', {
        body,
        contentType: 'application/json',
      });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toEqual({
        error: expect.stringMatching(/^(email|name): is given more than once$/),
      });
    }
    expect(h.subscribers.rows.size).toBe(0);
    // A field it does not read may repeat, a key inside a value, and a value like a key's name.
    const taken = await h.request('POST', '/subscribe', {
      body: '{"email": "ada@example.com", "tags": 1, "tags": 2, "meta": {"email": "x", "email": "y"}, "note": "email"}',
      contentType: 'application/json',
    });
    expect(taken.status).toBe(202);
  });

  it('takes a JSON null as no value and leaves alone the JSON fields it does not read', async () => {
    const h = createApiHarness();
    const response = await h.subscribeJson({ email: ADA, name: null, tags: ['a', 'b'] });
    expect(response.status).toBe(202);
    expect((await h.subscribers.get(idOf(ADA)))?.name).toBeNull();
  });

  it('refuses other media types with 415', async () => {
    const h = createApiHarness();
    const response = await h.request('POST', '/subscribe', {
      body: 'email=ada@example.com',
      contentType: 'text/plain',
    });
    expect(response.status).toBe(415);
    expect(response.body).toContain(', not text/plain</p>');
    const untyped = await h.request('POST', '/subscribe', { body: 'email=ada@example.com' });
    expect(untyped.status).toBe(415);
    expect(untyped.body).toContain(
      'body: send application/json or application/x-www-form-urlencoded or multipart/form-data, but the request has no Content-Type</p>',
    );
    expect(h.subscribers.rows.size).toBe(0);
  });

  it('limits sign-ups per client address with 429 and Retry-After, counting an IPv6 /64 as one client', async () => {
    const limits = {
      perClient: { limit: 2, windowMs: 600_000 },
      perAddress: { limit: 10, windowMs: 3_600_000 },
    };
    const h = createApiHarness({ limits });
    const ip = '2001:db8:1:2::1';
    expect((await h.subscribeJson({ email: 'a@example.com' }, { ip })).status).toBe(202);
    expect(
      (await h.subscribeJson({ email: 'b@example.com' }, { ip: '2001:db8:1:2::ffff' })).status,
    ).toBe(202);
    const limited = await h.subscribeJson({ email: 'c@example.com' }, { ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatch(
      /"error":"Too many sign-ups from your network; try again in \d+ minutes?\."/,
    );
    await h.clock.sleep(Number(limited.headers['retry-after']) * 1000 - 30_000);
    const soon = await h.subscribeJson({ email: 'c@example.com' }, { ip });
    expect(soon.body).toContain('try again in 1 minute.');
    expect(h.subscribers.rows.size).toBe(2);
    expect((await h.subscribeJson({ email: 'c@example.com' }, { ip: '198.51.100.9' })).status).toBe(
      202,
    );
  });

  it('gives a rate-limited form back filled in as it was sent, escaped, with 429 and Retry-After', async () => {
    const limits = {
      perClient: { limit: 0, windowMs: 600_000 },
      perAddress: { limit: 10, windowMs: 3_600_000 },
    };
    const h = createApiHarness({ limits });
    const typed = { email: 'ada+"news"@example.com', name: 'Ada <b>&</b> Lovelace' };
    const urlencoded = await h.subscribeForm(typed);
    const multipart = await h.request('POST', '/subscribe', await multipartBody(typed));
    for (const response of [urlencoded, multipart]) {
      expect(response.status).toBe(429);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('value="ada+&quot;news&quot;@example.com">');
      expect(response.body).toContain('value="Ada &lt;b&gt;&amp;&lt;/b&gt; Lovelace">');
      const minutes = Math.ceil(Number(response.headers['retry-after']) / 60);
      const wait = minutes === 1 ? '1 minute' : `${minutes} minutes`;
      expect(response.body).toContain(
        `<p class="error" id="form-error">Too many sign-ups from your network; try again in ${wait}.</p>\n<form `,
      );
    }
    // A body that cannot be read still gets the form, empty, with the same answer.
    const broken = await h.request('POST', '/subscribe', {
      body: 'x',
      contentType: 'multipart/form-data; boundary=nope',
    });
    expect(broken.status).toBe(429);
    expect(broken.body).toContain('inputmode="email">');
    expect((await h.subscribeJson(typed)).headers['content-type']).toMatch(/^application\/json/);
    expect(h.subscribers.rows.size).toBe(0);
    expect(h.mailer.sent).toHaveLength(0);
  });

  it('gives the form back filled in, with 500, when the store fails; JSON gets JSON, and the log says why', async () => {
    const h = createApiHarness();
    h.rateCounter.take = async () => {
      throw new Error('DynamoDB is unavailable');
    };
    const response = await h.subscribeForm({ email: ADA, name: 'Ada <3' });
    expect(response.status).toBe(500);
    expect(response.body).toContain(`value="${ADA}">`);
    expect(response.body).toContain('value="Ada &lt;3">');
    expect(response.body).toMatch(
      /<p class="error" id="form-error">Something went wrong and nothing was changed\. [^<]+<\/p>\n<form /,
    );
    const asJson = await h.subscribeJson({ email: ADA });
    expect(asJson.status).toBe(500);
    expect(JSON.parse(asJson.body).error).toMatch(/^Something went wrong/);
    expect(h.logs.filter((entry) => entry.level === 'error')).toHaveLength(2);
    expect(JSON.stringify(h.logs)).toContain('DynamoDB is unavailable');
    expect(h.subscribers.rows.size).toBe(0);
  });

  it('sends a pending address no second confirmation within 10 minutes of one (a form submitted twice, a script), still answering 202', async () => {
    const h = createApiHarness();
    const answers = [await h.subscribeJson({ email: ADA })];
    await h.clock.sleep(1000);
    answers.push(await h.subscribeJson({ email: ADA }, { ip: '198.51.100.1' }));
    await h.clock.sleep(CONFIRMATION_RESEND_AFTER_MS - 2000);
    answers.push(await h.subscribeJson({ email: ADA }, { ip: '198.51.100.2' }));
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202]);
    expect(h.mailer.sent).toHaveLength(1);
    const outcomes = h.logs.filter((entry) => entry.message === 'sign-up').map((e) => e.outcome);
    expect(outcomes).toEqual(['created', 'recently-sent', 'recently-sent']);
  });

  it('sends one address at most three confirmations an hour, still answering 202', async () => {
    const h = createApiHarness();
    for (let n = 0; n < 5; n++) {
      const ip = `198.51.100.${n}`;
      expect((await h.subscribeJson({ email: ADA }, { ip })).status).toBe(202);
      await h.clock.sleep(CONFIRMATION_RESEND_AFTER_MS + 60_000);
    }
    expect(h.mailer.sent).toHaveLength(3);
    await h.clock.sleep(3_600_000);
    await h.subscribeJson({ email: ADA });
    expect(h.mailer.sent).toHaveLength(4);
  });

  it('still answers 202 when SES refuses the confirmation, and logs it by id', async () => {
    const h = createApiHarness({ fail: () => new SendFailure('rejected', 'Address blacklisted') });
    const response = await h.subscribeJson({ email: ADA });
    expect(response.status).toBe(202);
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('pending');
    expect(h.logs).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'confirmation not sent',
        subscriberId: idOf(ADA),
      }),
    );
    expect(h.errors).toEqual([]);
  });

  it('answers 202 before the sign-up is processed, and a failure SES may get over is left to the queue to retry', async () => {
    const h = createApiHarness({ fail: () => new SendFailure('transient', 'SES timed out') });
    const response = await h.subscribeJson({ email: ADA }, { settle: false });
    expect(response.status).toBe(202);
    expect(await h.subscribers.get(idOf(ADA))).toBeUndefined();
    await h.settled();
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('pending');
    expect(h.errors).toEqual([expect.objectContaining({ kind: 'transient' })]);
  });

  it('counts a sign-up SES throttled once against the limits, however often the queue retries it', async () => {
    const h = createApiHarness({
      fail: (_message, call) =>
        call <= 4 ? new SendFailure('throttled', 'Maximum sending rate exceeded') : undefined,
    });
    await h.subscribeJson({ email: ADA });
    // Three per mailbox an hour: the 4th and 5th deliveries are still allowed, and the 5th sends.
    for (let retry = 1; retry <= 3; retry++) {
      await expect(h.redeliver()).rejects.toMatchObject({ kind: 'throttled' });
    }
    // Each failed attempt took its mark off the record, or the retry would send nothing.
    expect(await h.redeliver()).toEqual({ outcome: 'resent', sent: true });
    expect(h.mailer.sent).toHaveLength(1);
    // The client's POST, the mailbox and the list-wide cap: each counted once.
    expect([...h.rateCounter.hits.values()]).toEqual([1, 1, 1]);
  });

  it('counts every spelling of one Gmail mailbox as one: five sign-ups, three confirmations', async () => {
    const h = createApiHarness();
    const variants = [
      'j.doe+1@gmail.com',
      'jdoe+2@gmail.com',
      'J.Doe@gmail.com',
      'j.d.o.e@googlemail.com',
      'JDOE+news@GMAIL.com',
    ];
    for (const [n, email] of variants.entries()) {
      expect((await h.subscribeJson({ email }, { ip: `198.51.100.${n}` })).status).toBe(202);
    }
    expect(h.mailer.sent).toHaveLength(3);
    const limited = h.logs.filter((entry) => entry.outcome === 'mailbox-rate-limited');
    expect(limited).toHaveLength(2);
  });

  it('stops sending confirmations when the list-wide hourly cap is reached, and says so in the log', async () => {
    const h = createApiHarness({ confirmationsPerHour: 2 });
    for (const n of [1, 2, 3]) await h.subscribeJson({ email: `p${n}@example.com` });
    expect(h.mailer.sent.map((message) => message.to)).toEqual([
      'p1@example.com',
      'p2@example.com',
    ]);
    // Not marked as sent: a sign-up again once the cap has room is not taken for a repeat.
    expect(await h.subscribers.get(idOf('p3@example.com'))).toMatchObject({ status: 'pending' });
    expect(await h.subscribers.get(idOf('p3@example.com'))).not.toHaveProperty(
      'confirmationSentAt',
    );
    expect(h.logs).toContainEqual(
      expect.objectContaining({ level: 'warn', outcome: 'confirmation-cap-reached' }),
    );
    await h.clock.sleep(3_600_000);
    await h.subscribeJson({ email: 'p3@example.com' });
    expect(h.mailer.sent.at(-1)?.to).toBe('p3@example.com');
  });

  it('never echoes the name: a URL in it reaches no mailbox', async () => {
    const h = createApiHarness();
    const name = 'Win big https://spam.example/x now';
    await h.subscribeJson({ email: ADA, name });
    expect((await h.subscribers.get(idOf(ADA)))?.name).toBe(name);
    const raw = Buffer.from(h.mailer.sent[0]?.raw ?? []).toString('latin1');
    expect(raw).not.toMatch(/spam\.example|Win big/);
  });

  it('drops a sign-up whose honeypot field is filled in, with the same answer', async () => {
    const h = createApiHarness();
    const trapped = await h.subscribeForm({ email: ADA, homepage: 'https://bot.example' });
    const fresh = await createApiHarness().subscribeForm({ email: ADA });
    expect(trapped).toEqual(fresh);
    expect(h.subscribers.rows.size).toBe(0);
    expect(h.mailer.sent).toHaveLength(0);
    expect(h.logs).toContainEqual(expect.objectContaining({ outcome: 'honeypot' }));
  });

  it('compiles the confirmation template once, on the first sign-up', async () => {
    const h = createApiHarness();
    await h.request('GET', `/unsubscribe?token=${unsubscribeToken('x')}`);
    expect(h.templateLoads).toBe(0);
    await h.subscribeJson({ email: 'a@example.com' });
    await h.subscribeJson({ email: 'b@example.com' });
    expect(h.templateLoads).toBe(1);
  });

  it('never logs an email address', async () => {
    const h = createApiHarness();
    await h.subscribeJson({ email: ADA });
    await h.subscribeJson({ email: 'not an address' });
    const link = confirmLinkOf(h.mailer.sent[0] as never);
    await postConfirm(h, link);
    expect(h.logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(h.logs)).not.toMatch(/@/);
  });
});

/** What the confirm page's form sends (its script submits it at once). */
function postConfirm(h: ReturnType<typeof createApiHarness>, link: URL, ip = '198.51.100.20') {
  return h.request('POST', link.pathname + link.search, {
    body: 'confirm=yes',
    contentType: 'application/x-www-form-urlencoded',
    headers: { 'User-Agent': 'Mozilla/5.0 (confirming)' },
    ip,
  });
}

describe('confirming', () => {
  it('GET changes nothing: it answers a page whose form POSTs confirm=yes back to the link, submitted by its script', async () => {
    const h = createApiHarness();
    await h.subscribeJson({ email: ADA });
    const before = await h.subscribers.get(idOf(ADA));
    const link = confirmLinkOf(h.mailer.sent[0] as never);
    const shown = await h.request('GET', link.pathname + link.search);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain(
      `<form method="post" action="?token&#x3D;${link.searchParams.get('token')}" id="auto-submit">`,
    );
    expect(shown.body).toContain('<input type="hidden" name="confirm" value="yes">');
    const script = /<script>(.*)<\/script>/.exec(shown.body)?.[1] ?? '';
    expect(script).toContain("getElementById('auto-submit').submit()");
    const hash = createHash('sha256').update(script).digest('base64');
    expect(shown.headers['content-security-policy']).toContain(`script-src 'sha256-${hash}'`);
    await h.request('GET', link.pathname + link.search);
    expect(await h.subscribers.get(idOf(ADA))).toEqual(before);
  });

  it('POST activates a pending subscriber, records when and from which client, and is idempotent', async () => {
    const h = createApiHarness();
    await h.subscribeJson({ email: ADA });
    const link = confirmLinkOf(h.mailer.sent[0] as never);
    await h.clock.sleep(5_000);
    const first = await postConfirm(h, link);
    expect(first.status).toBe(200);
    expect(first.body).toContain('<h1>You are subscribed</h1>');
    const stored = await h.subscribers.get(idOf(ADA));
    expect(stored?.status).toBe('active');
    expect(stored?.expiresAt).toBeUndefined();
    expect(stored?.consent).toMatchObject({
      ip: '203.0.113.7',
      confirmedAt: new Date(h.clock.now()).toISOString(),
      confirmedIp: '198.51.100.20',
      confirmedUserAgent: 'Mozilla/5.0 (confirming)',
    });

    const again = await postConfirm(h, link);
    expect(again.status).toBe(200);
    expect(again.body).toContain('You are already subscribed');
    expect(await h.subscribers.get(idOf(ADA))).toEqual(stored);
    const page = await h.request('GET', link.pathname + link.search);
    expect(page.body).toContain('You are already subscribed');
    expect(page.body).not.toContain('<form');
  });

  it('refuses a POST without confirm=yes with 400 and changes nothing', async () => {
    const h = createApiHarness();
    await h.subscribeJson({ email: ADA });
    const link = confirmLinkOf(h.mailer.sent[0] as never);
    const response = await h.request('POST', link.pathname + link.search, {
      body: '{}',
      contentType: 'application/json',
    });
    expect(response.status).toBe(400);
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('pending');
  });

  it('refuses a link older than 48 hours with 403 and leaves the sign-up pending', async () => {
    const h = createApiHarness();
    await h.subscribeJson({ email: ADA });
    const link = confirmLinkOf(h.mailer.sent[0] as never);
    await h.clock.sleep(PENDING_TTL_MS);
    for (const response of [
      await postConfirm(h, link),
      await h.request('GET', link.pathname + link.search),
    ]) {
      expect(response.status).toBe(403);
      expect(response.body).toContain('<h1>This link has expired</h1>');
      expect(response.body).toContain(
        '<p>Confirmation links work for 48 hours. Sign up again for a new one.</p>',
      );
      expect(response.body).toContain('<a href="subscribe">Sign up again</a>');
      expect(response.body).not.toContain('Token');
    }
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('pending');
  });

  it('tells someone already subscribed so when they open their expired link again, changing nothing', async () => {
    const h = createApiHarness();
    await h.subscribeJson({ email: ADA });
    const link = confirmLinkOf(h.mailer.sent[0] as never);
    await postConfirm(h, link);
    const active = await h.subscribers.get(idOf(ADA));
    await h.clock.sleep(PENDING_TTL_MS * 10);
    for (const response of [
      await h.request('GET', link.pathname + link.search),
      await postConfirm(h, link),
    ]) {
      expect(response.status).toBe(200);
      expect(response.body).toContain('<h1>You are already subscribed</h1>');
      expect(response.body).not.toContain('Sign up again');
    }
    expect(await h.subscribers.get(idOf(ADA))).toEqual(active);
    // Anyone else's expired link is still refused: one who left, one never confirmed.
    await h.subscribers.put({ ...(active as Subscriber), status: 'unsubscribed' });
    expect((await h.request('GET', link.pathname + link.search)).status).toBe(403);
  });

  it.each([
    ['no token', '/confirm'],
    ['an empty token', '/confirm?token='],
    ['two tokens', `/confirm?token=a&token=b`],
    ['a malformed token', '/confirm?token=%3Cscript%3E'],
    ['an unsubscribe token', `/confirm?token=${unsubscribeToken(idOf(ADA))}`],
    [
      'a token for another list',
      `/confirm?token=${unsubscribeToken(idOf(ADA), 'other.example.com')}`,
    ],
  ])('refuses %s with 400 and changes nothing', async (_, target) => {
    const pending = ada('pending', { consent: { at: '2026-11-26T11:00:00.000Z', source: 'form' } });
    const h = createApiHarness({ subscribers: [pending] });
    const response = await h.request('GET', target);
    expect(response.status).toBe(400);
    expect(response.body).not.toContain('<script>');
    expect(await h.subscribers.get(idOf(ADA))).toEqual(pending);
  });

  it('says on a confirm link that does not work what happened and what to do, linking the sign-up form', async () => {
    const h = createApiHarness();
    const forged = `${idOf(ADA)}.${'A'.repeat(43)}`;
    // In words a subscriber knows: no "token", no "malformed".
    for (const [target, reason] of [
      [
        `/confirm?token=${forged}`,
        'This is not a working confirmation link of this list: part of it was changed on its way to you, or it is another kind of link.',
      ],
      [
        '/confirm?token=cut.sho',
        'This link is cut short or was changed on its way to you: copy the whole link from the email.',
      ],
      [
        '/confirm',
        'This link has lost its code, the part after “token=”: open the link exactly as it is in the email.',
      ],
    ]) {
      const response = await h.request('GET', target as string);
      expect(response.status).toBe(400);
      expect(response.body).toContain('<h1>This link does not work</h1>');
      expect(response.body).toContain(`<p>${escapeHtml(reason as string)}</p>`);
      expect(response.body).toContain(
        '<p>If the link in the email does not work either, sign up again for a new one.</p>',
      );
      expect(response.body).toContain('<a href="subscribe">Sign up again</a>');
    }
  });

  it('refuses a forged token (one character changed) with 400', async () => {
    const h = createApiHarness();
    await h.subscribeJson({ email: ADA });
    const link = confirmLinkOf(h.mailer.sent[0] as never);
    const token = link.searchParams.get('token') ?? '';
    const forged = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect((await h.request('GET', `/confirm?token=${forged}`)).status).toBe(400);
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('pending');
  });

  it('confirms from a link a mail client ended with a full stop, its page posting the token alone', async () => {
    const h = createApiHarness();
    await h.subscribeJson({ email: ADA });
    const link = confirmLinkOf(h.mailer.sent[0] as never);
    const token = link.searchParams.get('token') ?? '';
    const shown = await h.request('GET', `/confirm?token=${token}.`);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain(`action="?token&#x3D;${token}" id="auto-submit"`);
    const changed = new URL(`${link.origin}${link.pathname}?token=${token}).`);
    expect((await postConfirm(h, changed)).status).toBe(200);
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('active');
  });

  it('confirms from the link as the email\'s source holds it (quoted-printable: "=3D", soft line breaks), pasted into a browser', async () => {
    const h = createApiHarness();
    await h.subscribeJson({ email: ADA });
    const token = confirmLinkOf(h.mailer.sent[0] as never).searchParams.get('token') ?? '';
    const source = Buffer.from(h.mailer.sent[0]?.raw ?? []).toString('latin1');
    // The text part's link, with its "=" as "=3D" and the "=" that ends each wrapped line.
    const raw = /https:\/\/\S+\/confirm\?token=3D(?:\S*=\r\n)+\S+/.exec(source)?.[0] ?? '';
    expect(raw).toContain('=\r\n');
    // A browser drops the line breaks of what is pasted into its address bar; the "=" stay.
    const pasted = new URL(raw.replaceAll('\r\n', ''));
    const shown = await h.request('GET', pasted.pathname + pasted.search);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain(`action="?token&#x3D;${token}" id="auto-submit"`);
    expect((await postConfirm(h, pasted)).status).toBe(200);
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('active');
  });

  it('confirms only the sign-up a link was sent for: a link of an earlier one, opened after the address left and was signed up again, confirms nothing', async () => {
    const h = createApiHarness();
    await h.subscribeJson({ email: ADA });
    const earlier = confirmLinkOf(h.mailer.sent[0] as never);
    expect((await postConfirm(h, earlier)).status).toBe(200);
    const unsubscribe = `/unsubscribe?token=${unsubscribeToken(idOf(ADA))}`;
    await h.request('POST', unsubscribe, { body: '', contentType: 'text/plain' });
    await h.clock.sleep(60_000);
    // Signed up again, by the person or by anyone who knows the address.
    await h.subscribeJson({ email: ADA }, { ip: '192.0.2.99' });
    const latest = confirmLinkOf(h.mailer.sent[1] as never);
    const pending = await h.subscribers.get(idOf(ADA));
    expect(pending?.status).toBe('pending');

    const shown = await h.request('GET', earlier.pathname + earlier.search);
    const posted = await postConfirm(h, earlier);
    expect(shown.body).toContain(
      '<p>Nothing was changed. Open the link in the latest confirmation email from Weekly Briefing, or sign up again for a new one.</p>\n\n<p><a href="subscribe">Sign up again</a></p>',
    );
    expect(shown.body).not.toContain('auto-submit');
    expect([shown.status, posted.status]).toEqual([410, 410]);
    expect(posted.body).toBe(shown.body);
    expect(await h.subscribers.get(idOf(ADA))).toEqual(pending);
    expect((await postConfirm(h, latest)).status).toBe(200);
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('active');
  });

  it('does not bring back a subscriber who left after signing up (410)', async () => {
    const left = ada('unsubscribed', { reason: 'one-click' });
    const h = createApiHarness({ subscribers: [left] });
    const token = confirmToken(idOf(ADA), h.clock.now() + 60_000);
    const shown = await h.request('GET', `/confirm?token=${token}`);
    expect(shown.status).toBe(410);
    expect(shown.body).toContain('<a href="subscribe">Sign up again</a>');
    const link = new URL(`https://news.example.com/confirm?token=${token}`);
    expect((await postConfirm(h, link)).status).toBe(410);
    expect(await h.subscribers.get(idOf(ADA))).toEqual(left);
  });

  it('tells the holder of a confirm link whose address is suppressed that signing up again will not help', async () => {
    const suppressed = ada('suppressed', { reason: 'bounce:Transient:MailboxFull (3 in a row)' });
    const h = createApiHarness({ subscribers: [suppressed] });
    const fresh = confirmToken(idOf(ADA), h.clock.now() + 60_000);
    const expired = confirmToken(idOf(ADA), h.clock.now() - 60_000);
    const link = new URL(`https://news.example.com/confirm?token=${fresh}`);
    for (const response of [
      await h.request('GET', `/confirm?token=${fresh}`),
      await postConfirm(h, link),
      await h.request('GET', `/confirm?token=${expired}`),
    ]) {
      expect(response.status).toBe(410);
      expect(response.body).toContain('<h1>We cannot send to this address</h1>');
      expect(response.body).toContain(
        '<p>Mail from Weekly Briefing to this address bounced, so we stopped sending to it.</p>',
      );
      expect(response.body).toContain('<a href="subscribe">Sign up with another address</a>');
      expect(response.body).not.toContain('Sign up again');
    }
    expect(await h.subscribers.get(idOf(ADA))).toEqual(suppressed);
  });
});

describe('/unsubscribe (RFC 8058)', () => {
  const oneClick = {
    body: 'List-Unsubscribe=One-Click',
    contentType: 'application/x-www-form-urlencoded',
  };

  it('shows a page whose button POSTs List-Unsubscribe=One-Click to the same URL, and changes nothing on GET', async () => {
    const h = createApiHarness({ subscribers: [ada('active')] });
    const token = unsubscribeToken(idOf(ADA));
    const response = await h.request('GET', `/unsubscribe?token=${token}`);
    expect(response.status).toBe(200);
    expect(response.body).toContain(`<form method="post" action="?token&#x3D;${token}">`);
    expect(response.body).toContain(
      '<input type="hidden" name="List-Unsubscribe" value="One-Click">',
    );
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('active');
  });

  it('unsubscribes at once on the one-click POST, with 200, no redirect and the reason kept', async () => {
    const h = createApiHarness({ subscribers: [ada('active')] });
    const response = await h.request(
      'POST',
      `/unsubscribe?token=${unsubscribeToken(idOf(ADA))}`,
      oneClick,
    );
    expect(response.status).toBe(200);
    expect(response.headers.location).toBeUndefined();
    expect(response.body).toContain('You are unsubscribed');
    expect(response.body).toContain('<a href="subscribe">Subscribe again</a>');
    expect(await h.subscribers.get(idOf(ADA))).toMatchObject({
      status: 'unsubscribed',
      reason: 'one-click',
      reasonAt: new Date(h.clock.now()).toISOString(),
    });
  });

  it('accepts a one-click body that ends with a line break', async () => {
    const h = createApiHarness({ subscribers: [ada('active')] });
    const target = `/unsubscribe?token=${unsubscribeToken(idOf(ADA))}`;
    const response = await h.request('POST', target, { ...oneClick, body: `${oneClick.body}\r\n` });
    expect(response.status).toBe(200);
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('unsubscribed');
  });

  it('unsubscribes whatever charset the one-click body is labelled with, one it cannot read too', async () => {
    for (const charset of ['ISO-8859-1', 'x-klingon', '']) {
      const h = createApiHarness({ subscribers: [ada('active')] });
      const target = `/unsubscribe?token=${unsubscribeToken(idOf(ADA))}`;
      const contentType = `${oneClick.contentType}; charset=${charset}`;
      const response = await h.request('POST', target, { ...oneClick, contentType });
      expect(response.status).toBe(200);
      expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('unsubscribed');
    }
  });

  it('accepts the one-click body as multipart/form-data', async () => {
    const h = createApiHarness({ subscribers: [ada('active')] });
    const multipart = await multipartBody({ 'List-Unsubscribe': 'One-Click' });
    const response = await h.request(
      'POST',
      `/unsubscribe?token=${unsubscribeToken(idOf(ADA))}`,
      multipart,
    );
    expect(response.status).toBe(200);
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('unsubscribed');
  });

  it('unsubscribes from a link URL-encoded once too often ("?" and "=" as %3F and %3D), as a redirect that wraps links twice leaves it', async () => {
    for (const target of [
      `/unsubscribe%3Ftoken%3D${unsubscribeToken(idOf(ADA))}`,
      `/unsubscribe%3ftoken%3d${unsubscribeToken(idOf(ADA))}&utm_source=x`,
      `/unsubscribe?token%3D${unsubscribeToken(idOf(ADA))}`,
    ]) {
      const h = createApiHarness({ subscribers: [ada('active')] });
      const shown = await h.request('GET', target);
      expect(shown.status).toBe(200);
      const action = /action="([^"]*)"/.exec(shown.body)?.[1]?.replaceAll('&#x3D;', '=') ?? '';
      // The page's button posts to its action, relative to the link as it was opened.
      const posted = new URL(action, new URL(target, 'https://news.example.com'));
      expect((await h.request('POST', posted.pathname + posted.search, oneClick)).status).toBe(200);
      expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('unsubscribed');
    }
  });

  it('unsubscribes from a link URL-encoded twice too often ("?" and "=" as %253F and %253D), as links wrapped by two redirects leave it', async () => {
    for (const target of [
      `/unsubscribe%253Ftoken%253D${unsubscribeToken(idOf(ADA))}`,
      `/unsubscribe%25253Ftoken%25253D${unsubscribeToken(idOf(ADA))}`,
      `/unsubscribe?token%253D${unsubscribeToken(idOf(ADA))}`,
    ]) {
      const h = createApiHarness({ subscribers: [ada('active')] });
      const shown = await h.request('GET', target);
      expect(shown.status).toBe(200);
      expect(shown.body).toContain('<h1>Unsubscribe from Weekly Briefing?</h1>');
      const action = /action="([^"]*)"/.exec(shown.body)?.[1]?.replaceAll('&#x3D;', '=') ?? '';
      const posted = new URL(action, new URL(target, 'https://news.example.com'));
      expect((await h.request('POST', posted.pathname + posted.search, oneClick)).status).toBe(200);
      expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('unsubscribed');
    }
    // A path that is no route however often it is decoded is still the 404 page.
    const h = createApiHarness();
    expect((await h.request('GET', '/unsub%253Ftoken%253Dx')).status).toBe(404);
  });

  it('is idempotent: a repeated POST answers 200 and changes nothing more', async () => {
    const h = createApiHarness({ subscribers: [ada('active')] });
    const target = `/unsubscribe?token=${unsubscribeToken(idOf(ADA))}`;
    await h.request('POST', target, oneClick);
    const after = await h.subscribers.get(idOf(ADA));
    await h.clock.sleep(1000);
    expect((await h.request('POST', target, oneClick)).status).toBe(200);
    expect(await h.subscribers.get(idOf(ADA))).toEqual(after);
  });

  it('tells an address that gets nothing that it is not subscribed, and links the sign-up form', async () => {
    const h = createApiHarness({ subscribers: [ada('unsubscribed')] });
    const response = await h.request('GET', `/unsubscribe?token=${unsubscribeToken(idOf(ADA))}`);
    expect(response.status).toBe(200);
    expect(response.body).toContain('<h1>You are not subscribed</h1>');
    expect(response.body).toContain('<a href="subscribe">Subscribe to Weekly Briefing</a>');
  });

  it.each([
    ['a full stop after it', (token: string) => `${token}.`],
    ['a closing bracket after it', (token: string) => `${token})`],
    ['">" after it', (token: string) => `${token}%3E`],
    ['"=" after it', (token: string) => `${token}=`],
    ['a space after it', (token: string) => `${token}%20`],
    ['a line break in it', (token: string) => `${token.slice(0, 30)}%0D%0A${token.slice(30)}`],
  ])('unsubscribes from a link a mail client changed: %s', async (_, change) => {
    const h = createApiHarness({ subscribers: [ada('active')] });
    const token = unsubscribeToken(idOf(ADA));
    const shown = await h.request('GET', `/unsubscribe?token=${change(token)}`);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain(`<form method="post" action="?token&#x3D;${token}">`);
    const target = `/unsubscribe?token=${change(token)}`;
    expect((await h.request('POST', target, oneClick)).status).toBe(200);
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('unsubscribed');
  });

  it('says on an unsubscribe link that does not work what happened and where a working one is', async () => {
    const h = createApiHarness({ subscribers: [ada('active')] });
    const forged = `${idOf(ADA)}.${'A'.repeat(43)}`;
    for (const [target, reason] of [
      [`/unsubscribe?token=${forged}`, 'This is not a working unsubscribe link of this list'],
      ['/unsubscribe?token=cut.sho', 'This link is cut short or was changed on its way to you'],
    ]) {
      const response = await h.request('GET', target as string);
      expect(response.status).toBe(400);
      expect(response.body).toContain(`<p>${reason}`);
      expect(response.body).toContain(
        '<p>To unsubscribe, open the unsubscribe link at the foot of any issue, exactly as it is in the email.</p>',
      );
    }
  });

  it('says that a link with the token twice has more than one', async () => {
    const h = createApiHarness({ subscribers: [ada('active')] });
    const token = unsubscribeToken(idOf(ADA));
    const response = await h.request('GET', `/unsubscribe?token=${token}&token=${token}`);
    expect(response.status).toBe(400);
    expect(response.body).toContain(
      '<p>This link holds its code 2 times where it should hold it once: open the link exactly as it is in the email.</p>',
    );
  });

  it('keeps a suppressed address suppressed, and answers 200 for an erased one', async () => {
    const suppressed = ada('suppressed', { reason: 'complaint:abuse' });
    const h = createApiHarness({ subscribers: [suppressed] });
    const target = `/unsubscribe?token=${unsubscribeToken(idOf(ADA))}`;
    expect((await h.request('POST', target, oneClick)).status).toBe(200);
    expect(await h.subscribers.get(idOf(ADA))).toEqual(suppressed);
    await h.subscribers.erase(idOf(ADA), 'now');
    expect((await h.request('POST', target, oneClick)).status).toBe(200);
  });

  it.each([
    ['bounced', 'bounce:Permanent:General', 'Mail from Weekly Briefing to this address bounced'],
    [
      'was marked as spam',
      'complaint:abuse',
      'An email from Weekly Briefing to this address was marked as spam',
    ],
  ])(
    'tells the holder of an unsubscribe link whose address %s that it gets nothing, why, and to use another address',
    async (_, reason, why) => {
      const suppressed = ada('suppressed', { reason });
      const h = createApiHarness({ subscribers: [suppressed] });
      const target = `/unsubscribe?token=${unsubscribeToken(idOf(ADA))}`;
      for (const response of [
        await h.request('GET', target),
        await h.request('POST', target, oneClick),
      ]) {
        expect(response.status).toBe(200);
        expect(response.body).toContain('<h1>We cannot send to this address</h1>');
        expect(response.body).toContain(`<p>${why}, so we stopped sending to it.</p>`);
        expect(response.body).toContain(
          '<p>Signing up again with this address will not change that. To receive Weekly Briefing, sign up with another address.</p>',
        );
        expect(response.body).toContain('<a href="subscribe">Sign up with another address</a>');
        expect(response.body).not.toContain('Subscribe again');
        expect(response.body).not.toContain('Subscribe to Weekly Briefing');
        expect(response.body).not.toContain('<form');
      }
      expect(await h.subscribers.get(idOf(ADA))).toEqual(suppressed);
    },
  );

  it('tells the holder of a link whose address was erased that it cannot be signed up again, instead of offering to', async () => {
    const h = createApiHarness({ subscribers: [ada('pending')] });
    await h.subscribers.erase(idOf(ADA), '2026-11-20T00:00:00.000Z');
    const unsubscribe = `/unsubscribe?token=${unsubscribeToken(idOf(ADA))}`;
    const confirm = confirmToken(idOf(ADA), h.clock.now() + 60_000);
    const answers = [
      [200, await h.request('GET', unsubscribe)],
      [200, await h.request('POST', unsubscribe, oneClick)],
      [410, await h.request('GET', `/confirm?token=${confirm}`)],
      [410, await postConfirm(h, new URL(`https://news.example.com/confirm?token=${confirm}`))],
    ] as const;
    for (const [status, response] of answers) {
      expect(response.status).toBe(status);
      expect(response.body).toContain('<h1>This address was erased</h1>');
      expect(response.body).toContain(
        '<p>Weekly Briefing deleted what it held about this address, keeping only a mark that stops it being added again: nothing is sent to it, and signing up again with it changes nothing.</p>',
      );
      expect(response.body).toContain('<a href="subscribe">Sign up with another address</a>');
      expect(response.body).not.toMatch(/Subscribe again|Subscribe to|Sign up again/);
    }
    expect(await h.subscribers.get(idOf(ADA))).toBeUndefined();
  });

  it('works with a years-old link (unsubscribe tokens never expire)', async () => {
    const h = createApiHarness({ subscribers: [ada('active')] });
    const target = `/unsubscribe?token=${unsubscribeToken(idOf(ADA))}`;
    await h.clock.sleep(5 * 365 * 86_400_000);
    expect((await h.request('POST', target, oneClick)).status).toBe(200);
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('unsubscribed');
  });

  // RFC 8058 asks for multipart/form-data or urlencoded, but the token in the URL is what
  // authorises; a mailbox provider's client that labels the body otherwise is still a click.
  it.each([
    ['no body and no Content-Type', {}],
    ['an empty form', { contentType: 'application/x-www-form-urlencoded' }],
    ['an empty JSON request', { contentType: 'application/json' }],
    ['a body of only a line break', { body: '\r\n', contentType: 'text/plain' }],
    ['the one-click body and no Content-Type', { body: 'List-Unsubscribe=One-Click' }],
    [
      'the one-click body as text/plain',
      { body: 'List-Unsubscribe=One-Click', contentType: 'text/plain; charset=utf-8' },
    ],
    [
      'the one-click body as application/octet-stream',
      { body: 'List-Unsubscribe=One-Click\n', contentType: 'application/octet-stream' },
    ],
    [
      'the one-click body labelled JSON',
      { body: 'List-Unsubscribe=One-Click', contentType: 'application/json' },
    ],
    [
      'a JSON object',
      { body: '{"List-Unsubscribe":"One-Click"}', contentType: 'application/json' },
    ],
    [
      'a JSON object as text/plain (how fetch labels a string body)',
      { body: '{"List-Unsubscribe": "One-Click"}', contentType: 'text/plain;charset=UTF-8' },
    ],
    ['a JSON object and no Content-Type', { body: ' {"List-Unsubscribe":"One-Click"}\n' }],
    [
      'the one-click body labelled multipart/form-data (no boundary, no parts)',
      { body: 'List-Unsubscribe=One-Click', contentType: 'multipart/form-data' },
    ],
    [
      'the one-click body labelled multipart/form-data with a boundary it does not use',
      { body: 'List-Unsubscribe=One-Click', contentType: 'multipart/form-data; boundary=x' },
    ],
  ])('unsubscribes on a POST with %s, as some mail clients send it', async (_, options) => {
    const h = createApiHarness({ subscribers: [ada('active')] });
    const target = `/unsubscribe?token=${unsubscribeToken(idOf(ADA))}`;
    const response = await h.request('POST', target, options);
    expect(response.status).toBe(200);
    expect(response.body).toContain('You are unsubscribed');
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('unsubscribed');
  });

  it.each([
    ['another value', { ...oneClick, body: 'List-Unsubscribe=Yes' }],
    ['another value as text/plain', { body: 'unsubscribe me', contentType: 'text/plain' }],
    [
      'a JSON object with another value',
      { body: '{"List-Unsubscribe":"Yes"}', contentType: 'application/json' },
    ],
    ['an empty JSON object', { body: '{}', contentType: 'application/json' }],
    [
      'a JSON object with another value as text/plain',
      { body: '{"List-Unsubscribe":"Yes"}', contentType: 'text/plain' },
    ],
    ['a JSON array', { body: '["List-Unsubscribe=One-Click"]', contentType: 'application/json' }],
    [
      'broken multipart',
      { body: '--x\r\ngarbage', contentType: 'multipart/form-data; boundary=x' },
    ],
  ])(
    'refuses a POST with %s with 400, saying what to send, and changes nothing',
    async (_, options) => {
      const h = createApiHarness({ subscribers: [ada('active')] });
      const response = await h.request(
        'POST',
        `/unsubscribe?token=${unsubscribeToken(idOf(ADA))}`,
        options,
      );
      expect(response.status).toBe(400);
      // A page, or JSON for a JSON body.
      expect(response.body).toMatch(/List-Unsubscribe(&#x3D;|=)One-Click \(RFC 8058\) or empty/);
      expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('active');
    },
  );

  it('refuses a one-click body over 10 KB with 413 and changes nothing', async () => {
    const h = createApiHarness({ subscribers: [ada('active')] });
    const body = `List-Unsubscribe=One-Click&pad=${'x'.repeat(10 * 1024)}`;
    const target = `/unsubscribe?token=${unsubscribeToken(idOf(ADA))}`;
    const response = await h.request('POST', target, { ...oneClick, body });
    expect(response.status).toBe(413);
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('active');
  });

  it('refuses a confirm token or a forged token with 400 and changes nothing', async () => {
    const h = createApiHarness({ subscribers: [ada('active')] });
    const confirm = confirmToken(idOf(ADA), h.clock.now() + 60_000);
    const forged = `${idOf(ADA)}.${'A'.repeat(43)}`;
    for (const token of [confirm, forged]) {
      expect((await h.request('POST', `/unsubscribe?token=${token}`, oneClick)).status).toBe(400);
      expect((await h.request('GET', `/unsubscribe?token=${token}`)).status).toBe(400);
    }
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('active');
  });
});

describe('routing, limits and headers', () => {
  it('answers an unknown route with 404', async () => {
    const response = await createApiHarness().request('POST', '/admin');
    expect(response.status).toBe(404);
    expect(response.body).toContain('POST /subscribe');
  });

  it('answers a page that is not there (a slash or a capital too many) with a 404 page leading to the form', async () => {
    for (const target of ['/subscribe/', '/Subscribe', '/signup?ref=footer']) {
      const response = await createApiHarness().request('GET', target);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain('<h1>There is no page here</h1>');
      expect(response.body).toContain(
        '<a href="https://news.example.com/subscribe">Go to the sign-up form</a>',
      );
    }
  });

  it('answers a form a browser posts to a page that is not there with the 404 page, a script with the routes', async () => {
    const h = createApiHarness();
    const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
    const form = {
      body: 'email=ada%40example.com',
      contentType: 'application/x-www-form-urlencoded',
    };
    const posted = await h.request('POST', '/subscribe/', {
      ...form,
      headers: { accept: browser },
    });
    expect(posted.status).toBe(404);
    expect(posted.body).toContain('<h1>There is no page here</h1>');
    expect(posted.body).toContain('<a href="https://news.example.com/subscribe">');
    const scripted = await h.request('POST', '/subscribe/', form);
    expect(scripted.status).toBe(404);
    expect(scripted.body).toContain('The routes are: GET /subscribe, POST /subscribe');
  });

  it.each([
    ['PUT', '/subscribe', 'GET, HEAD, POST'],
    ['PATCH', '/confirm', 'GET, HEAD, POST'],
    ['DELETE', '/unsubscribe', 'GET, HEAD, POST'],
    ['OPTIONS', '/subscribe', 'GET, HEAD, POST'],
  ])('answers %s %s with 405 and Allow: %s', async (method, path, allow) => {
    const response = await createApiHarness().request(method, path);
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe(allow);
  });

  it('answers a script that asks for JSON (Accept) in JSON on every route, and a browser in HTML', async () => {
    const h = createApiHarness({ subscribers: [ada('active')] });
    const asJson = { accept: 'application/json' };
    const unsubscribe = `/unsubscribe?token=${unsubscribeToken(idOf(ADA))}`;
    const answers = [
      [200, await h.request('POST', unsubscribe, { headers: asJson })],
      [400, await h.request('GET', '/unsubscribe?token=cut.sho', { headers: asJson })],
      [405, await h.request('PUT', '/unsubscribe', { headers: asJson })],
      [404, await h.request('GET', '/Subscribe', { headers: asJson })],
      [202, await h.subscribeForm({ email: 'grace@example.com' }, { headers: asJson })],
      [400, await h.subscribeForm({ email: 'grace@' }, { headers: asJson })],
      [200, await h.request('GET', '/subscribe', { headers: asJson })],
      [200, await h.request('GET', '/subscribe?email=lin%40example.com', { headers: asJson })],
    ] as const;
    const bodies = answers.map(([status, response]) => {
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      return JSON.parse(response.body);
    });
    expect(bodies[0]).toEqual({
      message: 'You are unsubscribed. Weekly Briefing will not be sent to this address again.',
    });
    expect(bodies[1].error).toMatch(/^This link does not work\. This link is cut short/);
    expect(bodies[2].error).toBe('Method not allowed on /unsubscribe: use GET, HEAD, POST.');
    expect(answers[2][1].headers.allow).toBe('GET, HEAD, POST');
    expect(bodies[3].error).toMatch(/^There is no page here\./);
    expect(bodies[4]).toMatchObject({ status: 'accepted' });
    expect(bodies[5].error).toMatch(/^email: /);
    // The form says what signing up means; one filled in from a query string, that it was not sent.
    expect(bodies[6].message).toMatch(
      /^Subscribe to Weekly Briefing\. By subscribing you agree to receive Weekly Briefing by email\..* We will email you a link to confirm: you are subscribed only once you open it/,
    );
    expect(bodies[7].message).toMatch(
      /^Subscribe to Weekly Briefing\. You are not subscribed yet: check your details and press Subscribe\. By subscribing/,
    );
    // A browser lists JSON among what it takes after HTML: it gets the page.
    const browser = 'text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8';
    const page = await h.request('GET', unsubscribe, { headers: { accept: browser } });
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('answers HEAD as GET without a body, changing nothing', async () => {
    const h = createApiHarness({ subscribers: [ada('active')] });
    const target = `/unsubscribe?token=${unsubscribeToken(idOf(ADA))}`;
    const [get, head] = [await h.request('GET', target), await h.request('HEAD', target)];
    expect(head).toEqual({ ...get, body: '' });
    expect((await h.request('HEAD', '/confirm?token=x')).status).toBe(400);
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('active');
  });

  it('refuses a body over 10 KB with 413 before reading it', async () => {
    const h = createApiHarness();
    const body = JSON.stringify({ email: ADA, name: 'x'.repeat(10 * 1024) });
    const response = await h.subscribeJson(JSON.parse(body));
    expect(response.status).toBe(413);
    expect(h.subscribers.rows.size).toBe(0);
  });

  it('refuses a compressed body with 415 saying to send it uncompressed, on every route, changing nothing', async () => {
    const h = createApiHarness({ subscribers: [ada('active')] });
    const token = unsubscribeToken(idOf(ADA));
    for (const [target, body, contentType] of [
      ['/subscribe', 'email=eve%40example.com', 'application/x-www-form-urlencoded'],
      ['/subscribe', '{"email": "eve@example.com"}', 'application/json'],
      [
        `/unsubscribe?token=${token}`,
        'List-Unsubscribe=One-Click',
        'application/x-www-form-urlencoded',
      ],
    ] as const) {
      const response = await h.request('POST', target, {
        body: gzipSync(body),
        contentType,
        headers: { 'content-encoding': 'gzip', accept: 'application/json' },
      });
      expect(response.status).toBe(415);
      expect(JSON.parse(response.body)).toEqual({
        error:
          'The body is compressed (Content-Encoding: gzip), which this API does not read: send it uncompressed.',
      });
    }
    expect(h.subscribers.rows.size).toBe(1);
    expect((await h.subscribers.get(idOf(ADA)))?.status).toBe('active');
    // 'identity' is no compression.
    const plain = await h.request('POST', '/subscribe', {
      body: 'email=eve%40example.com',
      contentType: 'application/x-www-form-urlencoded',
      headers: { 'content-encoding': 'identity' },
    });
    expect(plain.status).toBe(202);
  });

  it('sends the security headers with every response, errors included', async () => {
    const h = createApiHarness();
    const responses = await Promise.all([
      h.subscribeJson({ email: ADA }),
      h.subscribeJson({}),
      h.request('GET', '/confirm?token=x'),
      h.request('GET', '/nowhere'),
      h.request('PUT', '/subscribe'),
      h.request('GET', `/unsubscribe?token=${unsubscribeToken('x')}`),
    ]);
    for (const response of responses) {
      expect(response.headers['content-security-policy']).toMatch(/^default-src 'none';/);
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['cache-control']).toBe('no-store');
      // Pages carry tokens in their URLs: once over HTTPS, never again over plain HTTP.
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
    }
  });

  it('allows exactly the pages’ own stylesheet in the CSP', async () => {
    const response = await createApiHarness().request('GET', '/confirm');
    const style = /<style>(.*)<\/style>/.exec(response.body)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(response.headers['content-security-policy']).toContain(`style-src 'sha256-${hash}'`);
  });

  it('allows the sign-up form’s one script, which sends the form once, by its hash in the CSP', async () => {
    const response = await createApiHarness().request('GET', '/subscribe');
    const scripts = [...response.body.matchAll(/<script>(.*?)<\/script>/g)].map((m) => m[1] ?? '');
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toContain("getElementById('sign-up')");
    expect(response.body).toContain('<form method="post" id="sign-up"');
    const hash = createHash('sha256')
      .update(scripts[0] ?? '')
      .digest('base64');
    expect(response.headers['content-security-policy']).toMatch(
      new RegExp(`script-src [^;]*'sha256-${hash.replace(/[+/]/g, '\\$&')}'`),
    );
  });

  it('escapes everything a page shows', () => {
    const response = page(200, {
      listName: '<script>alert(1)</script>',
      heading: '"quoted" & <b>',
      paragraphs: ['<img src=x onerror=alert(1)>'],
      form: { action: '"><script>', fields: { '"a': '<b>' }, label: '<i>' },
    });
    expect(response.body).not.toMatch(/<script>|<img|<b>|<i>/);
    expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(response.body).toContain('&quot;quoted&quot; &amp; &lt;b&gt;');
  });

  it('uses the configured list name on its pages', async () => {
    const response = await createApiHarness().request('GET', '/confirm');
    expect(response.body).toContain(`<p class="list">${config.listName}</p>`);
  });
});

describe('the hosted sign-up page', () => {
  it('names the list once in its title', () => {
    expect(signUpPage('Weekly Briefing').body).toContain(
      '<title>Subscribe – Weekly Briefing</title>',
    );
  });

  it('fills itself from a form sent with GET (an embedded form without method="post"), signing up nobody', async () => {
    const h = createApiHarness();
    const response = await h.request('GET', '/subscribe?email=ada%40example.com&name=Ada+%3Cb%3E');
    expect(response.status).toBe(200);
    expect(response.body).toContain('<title>Subscribe – Weekly Briefing</title>');
    expect(response.body).toContain(
      'name="email" type="email" required maxlength="254" autocomplete="email" inputmode="email" value="ada@example.com"',
    );
    expect(response.body).toContain('value="Ada &lt;b&gt;"');
    expect(response.body).toContain(
      '<p id="form-note">You are not subscribed yet: check your details and press Subscribe.</p>',
    );
    expect(response.body).not.toContain('class="error"');
    expect(h.subscribers.rows.size).toBe(0);
    expect(h.mailer.sent).toEqual([]);
  });

  it('names the list in its consent text as it is spelled, $ signs included', () => {
    for (const listName of ["Deals$' Digest", 'A $& B', 'Make $$ Weekly']) {
      const { body } = signUpPage(listName);
      expect(body).toContain(`agree to receive ${escapeHtml(listName)} by email`);
      expect(body.match(/by email/g)).toHaveLength(1);
    }
  });
});
