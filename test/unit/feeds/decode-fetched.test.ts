import { describe, expect, it } from 'vitest';
import { FetchError } from '../../../lambda/core/errors';
import { decodeFetched } from '../../../lambda/core/feeds/decode-fetched';
import { readPageArticle } from '../../../lambda/core/feeds/read-item-article';
import { articlePage } from '../../support/feed-fixtures';

const fetched = (body: Uint8Array, charset?: string, contentType = 'text/html') => ({
  status: 'ok' as const,
  url: 'https://news.example.com/a',
  contentType,
  ...(charset ? { charset } : {}),
  body,
});
/** "München" as a Windows-1252 page or feed has it: ü is the single byte 0xFC. */
const windows1252 = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

describe('decodeFetched', () => {
  it("takes the encoding from the Content-Type's charset", () => {
    expect(decodeFetched(fetched(windows1252('<p>München</p>'), 'ISO-8859-1'))).toBe(
      '<p>München</p>',
    );
  });

  it("takes it from the page's own <meta charset> or the feed's XML declaration", () => {
    const page = '<html><head><meta charset="windows-1252"></head><p>München</p>';
    expect(decodeFetched(fetched(windows1252(page)))).toContain('München');
    const feed = '<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>München</title></rss>';
    expect(decodeFetched(fetched(windows1252(feed), undefined, 'application/rss+xml'))).toContain(
      '<title>München</title>',
    );
    const shiftJis = new Uint8Array([
      ...Buffer.from('<meta charset="Shift_JIS"><p>'),
      0x93,
      0xfa,
      0x96,
      0x7b, // 日本
    ]);
    expect(decodeFetched(fetched(shiftJis))).toContain('<p>日本');
  });

  it("takes the document's own declaration when the Content-Type's charset disagrees and the bytes are not in it", () => {
    // A server that labels every file UTF-8 (or, as old Apaches did, ISO-8859-1) whatever it holds.
    const feed = '<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>München</title></rss>';
    expect(decodeFetched(fetched(windows1252(feed), 'utf-8', 'application/rss+xml'))).toContain(
      '<title>München</title>',
    );
    const page = '<html><head><meta charset="utf-8"></head><p>München – 5 €</p>';
    expect(decodeFetched(fetched(new TextEncoder().encode(page), 'ISO-8859-1'))).toContain(
      '<p>München – 5 €</p>',
    );
  });

  it('keeps to the Content-Type when the bytes are in its encoding, whatever the document declares', () => {
    const utf8 = '<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>München</title></rss>';
    expect(decodeFetched(fetched(new TextEncoder().encode(utf8), 'utf-8'))).toContain(
      '<title>München</title>',
    );
    const latin1 = '<html><head><meta charset="utf-8"></head><p>München</p>';
    expect(decodeFetched(fetched(windows1252(latin1), 'windows-1252'))).toContain('<p>München</p>');
  });

  it('reads the curly quotes, dashes and € of a Windows-1252 or Latin-1 labelled page', () => {
    // “Zu teuer” – 5 € as Windows-1252 bytes: 0x93 0x94 0x96 0x80 are no Latin-1 letters.
    const body = new Uint8Array([
      ...Buffer.from('<p>'),
      0x93,
      ...Buffer.from('Zu teuer'),
      0x94,
      0x20,
      0x96,
      ...Buffer.from(' 5 '),
      0x80,
      ...Buffer.from('</p>'),
    ]);
    for (const charset of ['windows-1252', 'ISO-8859-1', 'us-ascii']) {
      expect(decodeFetched(fetched(body, charset))).toBe('<p>“Zu teuer” – 5 €</p>');
    }
  });

  it('reads a page that declares nothing as UTF-8', () => {
    expect(decodeFetched(fetched(new TextEncoder().encode('<p>München 日本</p>')))).toBe(
      '<p>München 日本</p>',
    );
  });

  it('passes over a page in an encoding it has no decoder for, naming it', () => {
    const page = fetched(windows1252('<p>x</p>'), 'x-user-defined');
    expect(() => decodeFetched(page)).toThrow(FetchError);
    expect(() => decodeFetched(page)).toThrow(
      'is in an encoding that cannot be read (x-user-defined)',
    );
  });

  it('gives the article of a Windows-1252 page its accented letters', () => {
    const html = articlePage('Bridge repairs in München', 'bridge').replace(
      '<meta charset="utf-8">',
      '<meta charset="windows-1252">',
    );
    const article = readPageArticle(fetched(windows1252(html)));
    expect(article.title).toBe('Bridge repairs in München');
  });
});
