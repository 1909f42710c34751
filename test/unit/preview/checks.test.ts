import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../../lambda/core/errors';
import {
  checkEmail,
  checkTemplateError,
  GMAIL_CLIP_BYTES,
} from '../../../lambda/local/preview/checks';

const FOOTER = {
  unsubscribeUrl: 'https://news.example.com/unsubscribe?token=abc',
  postalAddress: '1 Example Street, Springfield',
};

function html(body: string, lang = ' lang="en"'): string {
  return `<!doctype html><html${lang}><head><title>t</title></head><body>${body}</body></html>`;
}

const GOOD_BODY = `<p>Hi</p><a href="https://news.example.com/unsubscribe?token&#x3D;abc">Unsubscribe</a><p>${FOOTER.postalAddress}</p>`;
const GOOD_TEXT = `Hi\nUnsubscribe: ${FOOTER.unsubscribeUrl}\n${FOOTER.postalAddress}\n`;

function levelsOf(checks: Awaited<ReturnType<typeof checkEmail>>, group: string) {
  return checks.filter((check) => check.group === group).map((check) => check.level);
}

describe('the checks panel', () => {
  it('passes a well-formed list message', async () => {
    const checks = await checkEmail({ html: html(GOOD_BODY), text: GOOD_TEXT, footer: FOOTER });
    for (const group of ['MJML', 'Size', 'Accessibility', 'Content']) {
      expect(levelsOf(checks, group).every((level) => level === 'ok')).toBe(true);
    }
  });

  it('flags a missing lang, images without alt text and unrendered braces', async () => {
    const checks = await checkEmail({
      html: html(
        '<p>{{issue.title}}</p><img src="https://img.example.com/a.png"><img src="https://img.example.com/b.png" alt="">',
        '',
      ),
      text: 'Hello {{ name }}',
      footer: null,
    });
    const errors = checks.filter((check) => check.level === 'error');
    expect(errors.map((check) => check.message)).toEqual([
      expect.stringContaining('No lang on <html>'),
      '1 image without alt text',
      'Unrendered {{ }} in 2 lines',
    ]);
    expect(errors[1]?.details).toEqual(['https://img.example.com/a.png']);
    expect(errors[2]?.details).toEqual([
      expect.stringContaining('{{issue.title}}'),
      'text line 1: Hello {{ name }}',
    ]);
  });

  it('flags images a mail client cannot load: paths and a missing src, not web addresses or data', async () => {
    const images = [
      'https://img.example.com/a.png',
      'HTTP://img.example.com/b.png',
      'data:image/png;base64,AAAA',
      'cid:logo',
      'images/logo.png',
      '/Users/me/logo.png',
      '',
    ];
    const checks = await checkEmail({
      html: html(images.map((src) => `<img src="${src}" alt="">`).join('')),
      text: 'x',
      footer: null,
    });
    expect(checks.find((check) => check.message.includes('web address'))?.details).toEqual([
      'images/logo.png',
      '/Users/me/logo.png',
      '(no src)',
    ]);
  });

  it("warns near Gmail's clip and fails past it", async () => {
    const padded = (bytes: number) => html(`<p>${'x'.repeat(bytes)}</p>`);
    const size = async (bytes: number) =>
      (await checkEmail({ html: padded(bytes), text: 'x', footer: null })).find(
        (c) => c.group === 'Size',
      );
    expect((await size(10))?.level).toBe('ok');
    expect((await size(GMAIL_CLIP_BYTES * 0.9))?.level).toBe('warning');
    expect(await size(GMAIL_CLIP_BYTES)).toMatchObject({
      level: 'error',
      message: expect.stringContaining('Gmail will clip it'),
    });
  });

  it('names what a list message footer lacks', async () => {
    const checks = await checkEmail({ html: html('<p>Hi</p>'), text: GOOD_TEXT, footer: FOOTER });
    expect(checks.at(-1)).toMatchObject({
      level: 'error',
      message: 'Footer is missing: HTML unsubscribe link, HTML postal address',
    });
  });

  it('lists every MJML validation error behind a template error', async () => {
    const cause = Object.assign(new Error('invalid'), {
      errors: [
        {
          line: 3,
          message: 'Attribute a is illegal',
          formattedMessage: 'Line 3 of /x/templates (mj-text) — Attribute a is illegal',
        },
        {
          line: 9,
          message: 'Attribute b is illegal',
          formattedMessage:
            'Line 9 of /x/templates/partials/footer.mjml, included at line 2 of file /x/templates (mj-text) — Attribute b is illegal',
        },
      ],
    });
    const [check] = checkTemplateError(
      new TemplateError('newsletter.mjml', 'Attribute a is illegal', 3, { cause }),
      '/x/templates',
      'newsletter',
    );
    expect(check).toMatchObject({
      group: 'MJML',
      level: 'error',
      message: '2 validation errors (strict)',
    });
    expect(check?.details).toEqual([
      'Line 3 of newsletter.mjml (mj-text) — Attribute a is illegal',
      'Line 9 of partials/footer.mjml, included at line 2 of newsletter.mjml (mj-text) — Attribute b is illegal',
    ]);
  });

  it('shows a Handlebars error as itself', async () => {
    const checks = checkTemplateError(
      new TemplateError('newsletter.txt.hbs', 'Parse error', 4),
      '/x/templates',
      'newsletter',
    );
    expect(checks).toEqual([
      { group: 'MJML', level: 'error', message: 'Template newsletter.txt.hbs:4: Parse error' },
    ]);
  });
});
