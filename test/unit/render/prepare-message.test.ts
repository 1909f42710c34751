import addresses from 'email-addresses';
import { describe, expect, it } from 'vitest';
import { TemplateError, ValidationError } from '../../../lambda/core/errors';
import { buildMessageKit } from '../../../lambda/core/render/message-kit';
import { createMessageRenderer } from '../../../lambda/core/render/message-renderer';
import {
  createMessageContext,
  type MessageRecipient,
  prepareMessage,
} from '../../../lambda/core/render/prepare-message';
import type { PreparedIssue } from '../../../lambda/core/render/types';
import { verifyToken } from '../../../lambda/core/tokens';
import { decodeWords, readMessage } from '../mime/read-message';
import { preparedIssue, testConfig, testSecret } from './fixtures';

const now = Date.UTC(2026, 10, 26, 12);
const clock = { now: () => now };
const named: MessageRecipient = {
  id: 'sub_named_0001',
  email: 'ann@example.org',
  name: 'Ann <b>Müller</b> & Co',
};
const anonymous: MessageRecipient = { id: 'sub_anon_0002', email: 'bob@example.org', name: null };

async function context(prepared?: PreparedIssue) {
  return createMessageContext({
    prepared: prepared ?? (await preparedIssue()),
    config: testConfig,
    secret: testSecret,
    clock,
  });
}

const unsubscribeUrlOf = (message: ReturnType<typeof readMessage>) =>
  /^<(.*)>$/.exec(message.header('list-unsubscribe') ?? '')?.[1] ?? '';

describe('prepareMessage', () => {
  it('sends each recipient exactly what the Handlebars renderer renders for them', async () => {
    const prepared = await preparedIssue();
    const ctx = await context(prepared);
    const renderer = createMessageRenderer(prepared);
    for (const recipient of [named, anonymous]) {
      const message = readMessage(prepareMessage(ctx, recipient).raw);
      const expected = renderer.render({
        name: recipient.name,
        unsubscribeUrl: unsubscribeUrlOf(message),
      });
      expect(message.part('text/plain').body).toBe(expected.text.replace(/\r?\n/g, '\r\n'));
      expect(message.part('text/html').body).toBe(expected.html.replace(/\r?\n/g, '\r\n'));
    }
  });

  it('gives each recipient an unsubscribe URL whose token verifies for them alone', async () => {
    const message = readMessage(prepareMessage(await context(), named).raw);
    const url = new URL(unsubscribeUrlOf(message));
    expect(`${url.origin}${url.pathname}`).toBe('https://news.example.com/unsubscribe');
    const token = url.searchParams.get('token');
    const check = { purpose: 'unsubscribe' as const, list: testConfig.listId, now };
    expect(verifyToken(token, check, testSecret)).toEqual({ subscriberId: named.id });
    expect(() => verifyToken(token, { ...check, purpose: 'confirm' }, testSecret)).toThrow();
    expect(message.part('text/plain').body).toContain(`Unsubscribe: ${url.href}`);
    expect(message.part('text/html').body).toContain(`href="${url.href.replace('=', '&#x3D;')}"`);
  });

  it('carries the list headers, sender, reply address and subject of the issue', async () => {
    const prepared = await preparedIssue();
    const message = readMessage(prepareMessage(await context(prepared), anonymous).raw);
    expect(message.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(message.header('list-id')).toBe('Weekly Briefing <weekly.example.com>');
    expect(message.header('from')).toBe('Weekly Briefing <news@example.com>');
    expect(message.header('reply-to')).toBe('editor@example.com');
    expect(message.header('to')).toBe('bob@example.org');
    expect(decodeWords(message.header('subject') ?? '')).toBe(prepared.issue.subject);
    expect(message.header('date')).toBe('Thu, 26 Nov 2026 12:00:00 +0000');
  });

  it('addresses a named recipient by name, encoded in the header and escaped in the HTML', async () => {
    const message = readMessage(prepareMessage(await context(), named).raw);
    const to = message.header('to') ?? '';
    expect(addresses.parseAddressList(to)).toMatchObject([
      { type: 'mailbox', address: named.email },
    ]);
    expect(decodeWords(to)).toBe(`${named.name} <${named.email}>`);
    expect(message.part('text/html').body).toContain('Hi Ann &lt;b&gt;Müller&lt;/b&gt; &amp; Co,');
    expect(message.part('text/plain').body).toContain(`Hi ${named.name},`);
  });

  it('gives every message its own Message-ID under the sender domain', async () => {
    const ctx = await context();
    const ids = Array.from({ length: 50 }, () =>
      readMessage(prepareMessage(ctx, anonymous).raw).header('message-id'),
    );
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^<[0-9a-f-]{36}@example\.com>$/);
  });

  it('returns the envelope recipient and ids for the mailer, and keeps bodies within 76 columns', async () => {
    const prepared = await preparedIssue();
    const message = prepareMessage(await context(prepared), named);
    expect(message).toMatchObject({
      to: named.email,
      subscriberId: named.id,
      issueId: prepared.issueId,
    });
    for (const part of readMessage(message.raw).parts) {
      for (const line of part.encoded.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    }
  });

  it('treats a blank name as no name', async () => {
    const message = readMessage(prepareMessage(await context(), { ...named, name: '   ' }).raw);
    expect(message.header('to')).toBe(named.email);
    expect(message.part('text/plain').body).toContain('Hi there,');
  });

  it('refuses a name or address that could inject a header', async () => {
    const ctx = await context();
    expect(() => prepareMessage(ctx, { ...named, name: 'Ann\r\nBcc: v@example.net' })).toThrow(
      /^recipient name: contains a line break/,
    );
    expect(() =>
      prepareMessage(ctx, { ...named, email: 'ann@example.org\r\nBcc: v@example.net' }),
    ).toThrow(ValidationError);
    expect(() =>
      prepareMessage(ctx, { ...named, email: 'ann@example.org, v@example.net' }),
    ).toThrow(/^to address:/);
  });

  it('is never built for a template that uses recipient fields in ways it cannot fill per recipient', async () => {
    const prepared = await preparedIssue();
    const template = {
      ...prepared.template,
      html: `${prepared.template.html}<p>{{recipient.unsubscribeUrl.length}}</p>`,
    };
    await expect(buildMessageKit({ ...prepared, template }, testConfig)).rejects.toThrow(
      TemplateError,
    );
  });

  it('is never built for a template that sends a part without the unsubscribe link, also only to some', async () => {
    const prepared = await preparedIssue();
    const { html, text } = prepared.template;
    const link = '<a href="{{recipient.unsubscribeUrl}}">Unsubscribe</a>';
    const cases = [
      // The text part's footer left out: a text-only reader had no way to leave but the header.
      [
        'newsletter.txt.hbs',
        { text: text.replace('Unsubscribe: {{recipient.unsubscribeUrl}}', '') },
      ],
      ['newsletter.mjml', { html: html.replace(link, '') }],
      // Shown to named recipients only.
      ['newsletter.mjml', { html: html.replace(link, `{{#if recipient.name}}${link}{{/if}}`) }],
    ] as const;
    expect(html).toContain(link);
    for (const [file, change] of cases) {
      const template = { ...prepared.template, ...change };
      const built = buildMessageKit({ ...prepared, template }, testConfig);
      await expect(built).rejects.toThrow(
        `Template ${file}: never shows {{recipient.unsubscribeUrl}} to some recipients`,
      );
    }
  });

  it('is never built for a template that sends a part without the postal address', async () => {
    const prepared = await preparedIssue();
    const { html, text } = prepared.template;
    for (const [file, change] of [
      ['newsletter.txt.hbs', { text: text.replace('{{list.postalAddress}}', '') }],
      ['newsletter.mjml', { html: html.replace('{{list.postalAddress}}', '') }],
    ] as const) {
      const template = { ...prepared.template, ...change };
      const built = buildMessageKit({ ...prepared, template }, testConfig);
      await expect(built).rejects.toThrow(
        `Template ${file}: never shows {{list.postalAddress}} to some recipients`,
      );
    }
  });
});
