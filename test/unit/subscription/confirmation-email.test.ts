import { beforeAll, describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../lambda/adapters/templates/compile-template';
import type { OutgoingMessage } from '../../../lambda/core/ports';
import type { CompiledTemplate } from '../../../lambda/core/render/types';
import {
  CONFIRMATION_TEMPLATE,
  createConfirmationComposer,
} from '../../../lambda/core/subscription/confirmation-email';
import { previewData } from '../../../templates/confirmation.preview';
import { readMessage } from '../mime/read-message';
import { config } from './harness';

let template: CompiledTemplate;
beforeAll(async () => {
  template = await compileTemplate(CONFIRMATION_TEMPLATE);
});

const link = {
  url: 'https://news.example.com/confirm?token=abc.def_ghi-jkl',
  expiresIn: '48 hours',
};
const now = Date.UTC(2026, 10, 26, 12);

async function compose(): Promise<OutgoingMessage> {
  const composeConfirmation = createConfirmationComposer(template, config);
  return composeConfirmation({ id: 'ada-id', email: 'ada@example.com' }, link, now);
}

describe('the confirmation email', () => {
  it('compiles its own template under strict MJML validation', () => {
    expect(template.name).toBe('confirmation');
    expect(template.html).toContain('{{confirmation.url}}');
    expect(template.html).not.toContain('<mj-');
  });

  it('goes to one recipient as multipart/alternative with a text and an HTML part', async () => {
    const message = await compose();
    const read = readMessage(message.raw);
    expect(message.to).toBe('ada@example.com');
    expect(message.subscriberId).toBe('ada-id');
    expect(read.header('to')).toBe('ada@example.com');
    expect(read.header('cc')).toBeUndefined();
    expect(read.header('subject')).toBe(`Confirm your subscription to ${config.listName}`);
    expect(read.header('content-type')).toMatch(/^multipart\/alternative;/);
    expect(read.parts.map((part) => part.headers.get('content-type'))).toEqual([
      'text/plain; charset=utf-8',
      'text/html; charset=utf-8',
    ]);
    expect(read.header('date')).toBe('Thu, 26 Nov 2026 12:00:00 +0000');
  });

  it('carries the confirm link, how long it works, and the postal address in both parts', async () => {
    const read = readMessage((await compose()).raw);
    const text = read.part('text/plain').body;
    const html = read.part('text/html').body;
    expect(text).toContain(link.url);
    expect(html).toContain(`href="${link.url.replace('=', '&#x3D;')}"`);
    for (const part of [text, html]) {
      expect(part).toContain('48 hours');
      expect(part).toContain(config.postalAddress);
    }
    expect(read.header('list-unsubscribe')).toBeUndefined();
  });

  it('greets nobody by name: it carries nothing the person who signed up chose', async () => {
    const read = readMessage((await compose()).raw);
    expect(read.part('text/plain').body).toContain('Hello,');
    expect(template.html).not.toMatch(/recipient/);
    expect(template.text).not.toMatch(/recipient/);
  });

  it('renders its preview data with nothing left unfilled', async () => {
    const composeConfirmation = createConfirmationComposer(template, {
      ...config,
      listName: previewData.list.name,
      postalAddress: previewData.list.postalAddress,
    });
    const message = await composeConfirmation(
      { id: 'p', email: 'reader@example.com' },
      previewData.confirmation,
      now,
    );
    const read = readMessage(message.raw);
    for (const part of read.parts) expect(part.body).not.toMatch(/\{\{|\}\}/);
    expect(Buffer.byteLength(read.part('text/html').body)).toBeLessThan(30 * 1024);
  });
});
