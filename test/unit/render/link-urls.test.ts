import { describe, expect, it } from 'vitest';
import { linkUrls as styledLinks } from '../../../lambda/core/render/link-urls';

/** The links' style (the button's blue; a long URL may break anywhere, so a phone never scrolls). */
const STYLE = ' style="color: #1d4ed8; word-break: break-all;"';
const linkUrls = (text: string) => styledLinks(text).replaceAll(STYLE, '');

describe('linkUrls', () => {
  it('links an https URL, leaving the text around it escaped', () => {
    expect(linkUrls('See https://example.com/a?b=1&c=2 & more <b>')).toBe(
      'See <a href="https://example.com/a?b&#x3D;1&amp;c&#x3D;2">https://example.com/a?b&#x3D;1&amp;c&#x3D;2</a> &amp; more &lt;b&gt;',
    );
  });

  it('links a www. address to https, showing it as written', () => {
    expect(linkUrls('at www.example.org.')).toBe(
      'at <a href="https://www.example.org/">www.example.org</a>.',
    );
  });

  it('leaves trailing punctuation out of the link, but keeps a closing parenthesis it opened', () => {
    expect(linkUrls('(see https://example.com/x), then')).toBe(
      '(see <a href="https://example.com/x">https://example.com/x</a>), then',
    );
    expect(linkUrls('https://en.wikipedia.org/wiki/Foo_(bar).')).toBe(
      '<a href="https://en.wikipedia.org/wiki/Foo_(bar)">https://en.wikipedia.org/wiki/Foo_(bar)</a>.',
    );
  });

  it('ends a URL at the Chinese or Japanese punctuation after it, which no URL holds', () => {
    expect(linkUrls('詳しくはhttps://example.jp/news。来年から施行される。')).toBe(
      '詳しくは<a href="https://example.jp/news">https://example.jp/news</a>。来年から施行される。',
    );
    expect(linkUrls('（见https://example.cn/a，或www.example.cn）')).toBe(
      '（见<a href="https://example.cn/a">https://example.cn/a</a>，或<a href="https://www.example.cn/">www.example.cn</a>）',
    );
    // Letters of those scripts are a path's as any other.
    expect(linkUrls('https://ja.wikipedia.org/wiki/東京 is')).toBe(
      '<a href="https://ja.wikipedia.org/wiki/%E6%9D%B1%E4%BA%AC">https://ja.wikipedia.org/wiki/東京</a> is',
    );
  });

  it('keeps the backticks and asterisks Markdown put around a URL out of the link', () => {
    expect(
      linkUrls('Run `curl https://api.example.com/v1` or see **https://example.com/docs**.'),
    ).toBe(
      'Run &#x60;curl <a href="https://api.example.com/v1">https://api.example.com/v1</a>&#x60; or see **<a href="https://example.com/docs">https://example.com/docs</a>**.',
    );
  });

  it('never links another scheme, or a URL run into a word', () => {
    for (const text of [
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'xhttps://example.com',
      'awww.example.com',
      // Inside an email address or another host name, a path: not the start of a URL.
      'news@www.example.com',
      'cdn.www.example.com',
      'my-www.example.com',
      'example.org/www.example.com',
      'news@https://example.com',
      'ftp://example.com',
    ]) {
      expect(linkUrls(text)).not.toContain('<a');
    }
  });

  // What comes before an "@" in the host part is a user name: "www.bank.com@evil.example" goes to
  // evil.example, the shape of a phishing link, which spam filters count against the whole issue.
  it('never links a URL that carries a user name or password, showing it as text', () => {
    for (const text of [
      'log in at www.bank.com@evil.example/login now',
      'https://bank.com:secret@evil.example/',
      'https://user@example.com/private',
    ]) {
      expect(linkUrls(text)).not.toContain('<a');
    }
  });

  // A cut lead or summary (cutToWords), a feed's excerpt or a post's shortened display URL ends a
  // URL cut short with "…": its address is not known, and a link would go to ".../annual-rep%E2%80%A6".
  it('never links a URL cut short with an ellipsis, showing it as text', () => {
    for (const text of [
      'The report is at https://example.com/reports/2026/annual-rep…',
      'via www.example.org/2026/12/07/world/europe/counc…)',
      '(https://example.com/a/b…).',
    ]) {
      expect(linkUrls(text)).not.toContain('<a');
    }
    expect(linkUrls('https://example.com/a… and https://example.com/b.')).toBe(
      'https://example.com/a… and <a href="https://example.com/b">https://example.com/b</a>.',
    );
  });

  it('links a URL with an "@" in its path or query', () => {
    expect(linkUrls('https://medium.com/@writer/post and https://maps.example/?q=a@b')).toBe(
      '<a href="https://medium.com/@writer/post">https://medium.com/@writer/post</a> and <a href="https://maps.example/?q&#x3D;a@b">https://maps.example/?q&#x3D;a@b</a>',
    );
  });

  it('keeps quotes and angle brackets out of the link and its attribute', () => {
    expect(linkUrls('"https://example.com/"onmouseover="x"<i>')).toBe(
      '&quot;<a href="https://example.com/">https://example.com/</a>&quot;onmouseover&#x3D;&quot;x&quot;&lt;i&gt;',
    );
  });

  it('styles every link', () => {
    expect(styledLinks('https://a.example and www.b.example').split(STYLE)).toHaveLength(3);
  });

  it('leaves text without a URL as Handlebars would escape it', () => {
    expect(linkUrls('Tom & Jerry’s "show"')).toBe('Tom &amp; Jerry’s &quot;show&quot;');
  });
});
