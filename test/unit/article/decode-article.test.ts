import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ARTICLE_BYTES } from '../../../lambda/core/article/decode-article';
import { parseArticle } from '../../../lambda/core/article/parse-article';
import { ArticleError } from '../../../lambda/core/errors';

const fixtures = join(import.meta.dirname, '../../fixtures/articles');

function parseFixture(file: string) {
  return parseArticle({ name: file, bytes: readFileSync(join(fixtures, file)) });
}

function errorOf(action: () => unknown): ArticleError {
  try {
    action();
  } catch (error) {
    if (error instanceof ArticleError) return error;
    throw error;
  }
  throw new Error('expected an ArticleError');
}

describe('parseArticle on bad input', () => {
  it.each([
    ['empty.txt', 'is empty'],
    ['blank.txt', 'is empty'],
    ['binary.txt', 'is a PNG image, not an article'],
    ['latin1.txt', 'is not valid UTF-8 text (line 1: byte 0xE9) — save it as UTF-8'],
    ['control-character.txt', 'contains a control character on line 3'],
    ['no-sentences.txt', 'has no sentences to summarise'],
    ['only-boilerplate.txt', 'contains only boilerplate'],
  ])('rejects %s with a one-line message naming the file and the reason', (file, reason) => {
    const error = errorOf(() => parseFixture(file));
    expect(error.source).toBe(file);
    expect(error.message).toContain(`Article ${file} ${reason}`);
    expect(error.message).not.toContain('\n');
    expect(error.status).toBe(400);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR (classic Mac)', '\r'],
  ])('names the line of a control character in a file with %s line breaks', (_name, eol) => {
    const text = [
      'Council approves new bus routes.',
      'The plan starts in May.',
      'Fares \x07 rise.',
    ];
    const error = errorOf(() =>
      parseArticle({ name: 'buses.txt', bytes: Buffer.from(text.join(eol)) }),
    );
    expect(error.message).toContain('contains a control character on line 3');
  });

  it.each([
    ['buses.rtf', '{\\rtf1\\ansi Council approves new bus routes.', 'an RTF document'],
    ['report.txt', '%PDF-1.4\n1 0 obj << /Type /Catalog >>', 'a PDF document'],
    [
      'articles/weekly',
      'PK\x03\x04\x14\x00',
      'a ZIP archive (as .docx, .odt, .pages and .epub files are)',
    ],
    ['list.csv', 'email,name\nann@example.com,Ann', 'a .csv file'],
    // A keypoints --jsonl batch passed as the article: it was read as a one-line plain-text title.
    [
      'batch.jsonl',
      '{"id":"a","text":"The council met and agreed the plan today."}',
      'a .jsonl file',
    ],
    // An image or a compressed file under an article's name was 'a binary file (NUL bytes)'.
    ['photo.txt', '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR', 'a PNG image'],
    ['photo.md', '\xff\xd8\xff\xe0\x00\x10JFIF', 'a JPEG image'],
    ['anim.html', 'GIF89a\x01\x00\x01\x00', 'a GIF image'],
    ['story.html', '\x1f\x8b\x08\x00\x00\x00\x00\x00', 'a gzip-compressed file (gunzip it first)'],
    [
      'batch.ndjson',
      '{"id":"a","text":"The council met and agreed the plan today."}',
      'a .ndjson file',
    ],
  ])('refuses %s as a format it does not read, saying what to save it as', (name, text, kind) => {
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    const error = errorOf(() => parseArticle({ name, bytes }));
    expect(error.message).toBe(
      `Article ${name} is ${kind}, not an article — save it as Markdown (.md), HTML (.html) or plain text (.txt)`,
    );
  });

  it('rejects an article larger than 5 MB without decoding it', () => {
    const bytes = new Uint8Array(MAX_ARTICLE_BYTES + 1).fill(0x61);
    const error = errorOf(() => parseArticle({ name: 'huge.txt', bytes }));
    expect(error.message).toBe(
      'Article huge.txt is larger than 5.0 MB (5.0 MB) — is it the right file?',
    );
  });

  it('accepts an article of exactly 5 MB', () => {
    const text = 'Title\n\nThe council met and agreed the plan.\n'.padEnd(MAX_ARTICLE_BYTES, ' ');
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length).toBe(MAX_ARTICLE_BYTES);
    expect(parseArticle({ name: 'big.txt', bytes }).title).toBe('Title');
  });

  it('accepts a UTF-8 byte order mark and CRLF line endings', () => {
    const text =
      '\uFEFFHarbour reopens after storm\r\n\r\nThe harbour reopened on Tuesday. Boats left first.' +
      '\r\n\r\nWhat was damaged\r\n\r\nThe storm broke two jetties and sank a crane.\r\n';
    const article = parseArticle({ name: 'crlf.txt', bytes: new TextEncoder().encode(text) });
    expect(article.title).toBe('Harbour reopens after storm');
    expect(article.sections.map((section) => section.heading)).toEqual([null, 'What was damaged']);
    expect(article.sections[0]?.paragraphs[0]?.sentences).toEqual([
      'The harbour reopened on Tuesday.',
      'Boats left first.',
    ]);
  });
});

/**
 * Text as Windows-1252 saves it: a letter of Latin-1 as its one byte, and the curly quotes, the
 * dashes and the euro sign at 0x80–0x9F, where Latin-1 has control characters.
 */
function windows1252(text: string): Uint8Array {
  const high: Record<string, number> = {
    '€': 0x80,
    '‘': 0x91,
    '’': 0x92,
    '“': 0x93,
    '”': 0x94,
    '–': 0x96,
  };
  return Uint8Array.from(text, (c) => high[c] ?? c.charCodeAt(0));
}

const LEVY =
  'Café owners in Zürich say the new “night levy” will cost them €500 a month. “It’s unfair,” said Anna Müller, who runs a bakery near the station.';

function levyPage(declaration: string): string {
  return `<!DOCTYPE html><html lang="en"><head>${declaration}<title>Zürich café levy “unfair”</title></head><body><article><h1>Zürich café levy “unfair”</h1><p>${LEVY}</p><p>The council voted on Tuesday to bring in the charge from March – despite protests.</p></article></body></html>`;
}

describe('parseArticle on a page that declares its encoding', () => {
  it.each([
    ['its <meta charset>', '<meta charset="windows-1252">'],
    [
      'its http-equiv',
      '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
    ],
    // Browsers read a page labelled Latin-1 as Windows-1252, curly quotes included.
    ['an ISO-8859-1 label', '<meta charset="iso-8859-1">'],
  ])('reads a Windows-1252 page that says so in %s', (_, declaration) => {
    const article = parseArticle({ name: 'levy.html', bytes: windows1252(levyPage(declaration)) });
    expect(article.title).toBe('Zürich café levy “unfair”');
    expect(article.sections[0]?.paragraphs[0]?.text).toBe(LEVY);
  });

  it("reads a Word 'Web Page, Filtered' export, Windows-1252 with CRLF line endings", () => {
    const article = parseFixture('word-web-page.htm');
    expect(article.title).toBe('Zürich café owners call the night levy “unfair”');
    const text = article.sections.flatMap((section) => section.paragraphs.map((p) => p.text));
    expect(text).toEqual([
      'Café owners in Zürich say the new “night levy” will cost them €500 a month, and some fear they will have to close.',
      'The council voted on Tuesday to introduce the charge from March, despite protests from traders outside the town hall.',
      '“It’s unfair,” said Anna Müller, who runs a bakery near the station – and has done for thirty years.',
    ]);
  });

  it.each([
    [
      'shift-jis.html',
      '東京で新しい図書館が開館',
      '東京都は火曜日、新しい中央図書館を開館したと発表した。',
    ],
    ['gb18030.html', '北京新图书馆正式开放', '北京市周二宣布，新的中央图书馆正式开放。'],
    [
      'euc-kr.html',
      '서울에 새 중앙도서관 개관',
      '서울시는 화요일 새로운 중앙도서관을 개관했다고 밝혔다.',
    ],
    [
      'iso-8859-15.xhtml',
      'Le péage urbain coûtera 5 € par jour',
      'La mairie a annoncé mardi que le péage urbain coûtera cinq euros par jour à partir de mars.',
    ],
  ])(
    'reads %s in the encoding its <meta charset> or XML declaration gives',
    (file, title, first) => {
      const article = parseFixture(file);
      expect(article.title).toBe(title);
      expect(article.sections[0]?.paragraphs[0]?.text).toBe(first);
    },
  );

  it('reads a page whose bytes are UTF-8 as UTF-8, whatever its stale <meta charset> says', () => {
    const bytes = new TextEncoder().encode(levyPage('<meta charset="iso-8859-1">'));
    const article = parseArticle({ name: 'levy.html', bytes });
    expect(article.title).toBe('Zürich café levy “unfair”');
    expect(article.sections[0]?.paragraphs[0]?.text).toBe(LEVY);
  });

  it.each([
    [
      'says UTF-8 but is Windows-1252',
      windows1252(levyPage('<meta charset="utf-8">')),
      'is not valid UTF-8 text (line 1: byte 0xFC) — save it as UTF-8',
    ],
    [
      'declares nothing',
      windows1252(levyPage('')),
      'is not valid UTF-8 text (line 1: byte 0xFC) — save it as UTF-8',
    ],
    [
      'says Shift_JIS but is Windows-1252',
      windows1252(levyPage('<meta charset="shift_jis">')),
      'is not valid Shift_JIS text, though its <meta charset> says it is — save it as UTF-8',
    ],
    [
      // Browsers read no ISO-2022-KR (a label of the "replacement" encoding) either.
      'declares an encoding no browser reads',
      windows1252(levyPage('<meta charset="iso-2022-kr">')),
      'is not valid UTF-8 text (line 1: byte 0xFC) — save it as UTF-8',
    ],
  ])('refuses a page that %s, in one line', (_, bytes, reason) => {
    const error = errorOf(() => parseArticle({ name: 'levy.html', bytes }));
    expect(error.message).toBe(`Article levy.html ${reason}`);
  });

  it.each([
    [
      'iso-2022-jp.html',
      '大阪で新しい図書館が開館',
      '大阪府は火曜日、新しい中央図書館を開館したと発表した。',
    ],
    [
      'iso-2022-jp.txt',
      '大阪で新しい図書館が開館',
      '大阪府は火曜日、新しい中央図書館を開館したと発表した。図書館には約百万冊の本が所蔵されている。',
    ],
  ])('reads %s, whose escape sequences (ESC $ B) say it is ISO-2022-JP', (file, title, first) => {
    // Japanese mail and old pages: every byte is ASCII, the escapes switch to JIS X 0208 and back.
    const article = parseFixture(file);
    expect(article.title).toBe(title);
    expect(article.sections[0]?.paragraphs[0]?.text).toBe(first);
  });

  it('refuses bytes that open ISO-2022-JP and are not, naming the encoding', () => {
    // ESC $ B switches to two-byte characters; a line feed cannot be half of one.
    const bytes = Uint8Array.from('Title\n\nThe council met.\x1b$B\x30\n\x1b(B It voted.\n', (c) =>
      c.charCodeAt(0),
    );
    expect(errorOf(() => parseArticle({ name: 'vote.txt', bytes })).message).toBe(
      'Article vote.txt is not valid ISO-2022-JP text, though its escape ESC $ B says it is — save it as UTF-8',
    );
  });

  it('refuses a page of UTF-8 with a few Windows-1252 bytes pasted in, whatever its <meta> says', () => {
    // A stale ISO-8859-1 label over UTF-8 text, and quotes pasted from a Windows program: read
    // as the label says, every é of the page came out as 'Ã©'.
    const [before = '', after = ''] = levyPage('<meta charset="iso-8859-1">').split('“night levy”');
    const utf8 = (text: string) => new TextEncoder().encode(text);
    const bytes = new Uint8Array([
      ...utf8(before),
      0x93,
      ...utf8('night levy'),
      0x94,
      ...utf8(after),
    ]);
    expect(errorOf(() => parseArticle({ name: 'levy.html', bytes })).message).toBe(
      'Article levy.html is UTF-8 text with bytes of another encoding in it, not the windows-1252 its <meta charset> says — save it as UTF-8',
    );
  });

  it('reads a Windows-1252 page in which a letter and a quote happen to make a UTF-8 pair', () => {
    // 'ß“' is DF 93 in Windows-1252, a valid UTF-8 sequence (U+07D3): the page's other
    // letters are no UTF-8 at all.
    const text =
      'Anwohner der Hauptstraße“ sagen, die neue Gebühr für Cafés über fünfhundert Euro sei zu hoch.';
    const page = `<html><head><meta charset="windows-1252"><title>Gebühr für Cafés</title></head><body><article><p>${text}</p><p>Der Gemeinderat stimmte am Dienstag über die Gebühr für Cafés ab.</p></article></body></html>`;
    const article = parseArticle({ name: 'gebuehr.html', bytes: windows1252(page) });
    expect(article.sections[0]?.paragraphs[0]?.text).toBe(text);
  });

  it('names the line of the first byte that is not UTF-8, whatever the line endings', () => {
    const text =
      'Levy vote\r\rThe council voted on Tuesday.\r\nThe café owners protested outside.\n';
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    expect(errorOf(() => parseArticle({ name: 'levy.txt', bytes })).message).toBe(
      'Article levy.txt is not valid UTF-8 text (line 4: byte 0xE9) — save it as UTF-8',
    );
  });

  it('takes no encoding from a <meta> that Markdown or text shows as an example', () => {
    const text = `# Declaring a page's encoding\n\nWrite \`<meta charset="shift_jis">\` first, said the ${'\x93'}guide${'\x94'}.\n`;
    const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
    for (const name of ['guide.md', 'guide.txt']) {
      expect(errorOf(() => parseArticle({ name, bytes })).message).toBe(
        `Article ${name} is not valid UTF-8 text (line 3: byte 0x93) — save it as UTF-8`,
      );
    }
  });

  it('refuses Markdown in Windows-1252, which says nothing of its encoding', () => {
    const bytes = windows1252(`# Zürich café levy\n\n${LEVY}\n`);
    expect(errorOf(() => parseArticle({ name: 'levy.md', bytes })).message).toBe(
      'Article levy.md is not valid UTF-8 text (line 1: byte 0xFC) — save it as UTF-8',
    );
  });
});

describe('parseArticle on UTF-16', () => {
  const text = `Zürich café levy “unfair”\r\n\r\n${LEVY}\r\n`;
  const utf16le = (value: string) => new Uint8Array(Buffer.from(value, 'utf16le'));
  const utf16be = (value: string) => utf16le(value).map((_, i, bytes) => bytes[i ^ 1] ?? 0);

  it.each([
    // Notepad's "Unicode" and Word's "Unicode Text": little-endian with a byte order mark.
    ['UTF-16LE', 'levy.txt', utf16le(`\uFEFF${text}`)],
    ['UTF-16BE', 'levy.txt', utf16be(`\uFEFF${text}`)],
    ['UTF-16LE', 'levy.html', utf16le(`\uFEFF${levyPage('<meta charset="utf-16">')}`)],
    // No byte order mark, but an XML declaration in UTF-16 says it as plainly.
    [
      'UTF-16LE',
      'levy.xhtml',
      utf16le(
        `<?xml version="1.0" encoding="UTF-16"?>${levyPage('').replace('<!DOCTYPE html>', '')}`,
      ),
    ],
  ])('reads %s that says so (%s)', (_, name, bytes) => {
    const article = parseArticle({ name, bytes });
    expect(article.title).toBe('Zürich café levy “unfair”');
    expect(article.sections[0]?.paragraphs[0]?.text).toBe(LEVY);
  });

  it.each([
    ['little', utf16le(text)],
    ['big', utf16be(text)],
  ])('refuses %s-endian UTF-16 without a byte order mark, naming it', (_, bytes) => {
    expect(errorOf(() => parseArticle({ name: 'levy.txt', bytes })).message).toBe(
      'Article levy.txt looks like UTF-16 text without a byte order mark — save it as UTF-8',
    );
  });

  it('refuses bytes after a UTF-16 byte order mark that are not UTF-16', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x00, 0xdc, 0x42]);
    expect(errorOf(() => parseArticle({ name: 'levy.txt', bytes })).message).toBe(
      'Article levy.txt is not valid UTF-16LE text, though its byte order mark says it is — save it as UTF-8',
    );
  });

  it('still refuses a binary file with NUL bytes here and there as binary', () => {
    // The start of a Linux program.
    const bytes = new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00]);
    expect(errorOf(() => parseArticle({ name: 'levy.txt', bytes })).message).toBe(
      'Article levy.txt looks like a binary file (it contains NUL bytes), not text',
    );
  });
});

describe('parseArticle on a MIME message', () => {
  const chromeMhtml = [
    'From: <Saved by Blink>',
    'Snapshot-Content-Location: https://news.example.com/levy',
    'Subject: =?utf-8?Q?Z=C3=BCrich_caf=C3=A9_levy?=',
    'Date: Mon, 7 Dec 2026 10:00:00 -0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/related;',
    '\ttype="text/html";',
    '\tboundary="----MultipartBoundary--abc----"',
    '',
    '',
    '------MultipartBoundary--abc----',
    'Content-Type: text/html',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    '<!DOCTYPE html><html><head><meta http-equiv=3D"Content-Type" content=3D"text/html; charset=3DUTF-8"></head>',
    `<body><p>${LEVY}</p></body></html>`,
    '------MultipartBoundary--abc------',
  ].join('\r\n');
  const wordMht = [
    'MIME-Version: 1.0',
    'Content-Type: multipart/related; boundary="----=_NextPart_01DA0000.12345678"',
    '',
    'This document is a Single File Web Page, also known as a Web Archive file.',
    '',
    '------=_NextPart_01DA0000.12345678',
    'Content-Location: file:///C:/levy.htm',
    'Content-Transfer-Encoding: quoted-printable',
    'Content-Type: text/html; charset="windows-1252"',
    '',
    `<p class=3DMsoNormal>${LEVY}</p>`,
  ].join('\r\n');
  const savedEmail = [
    'From: Anna Müller <anna@example.com>',
    'To: desk@example.com',
    'Subject: Zürich café levy',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset="utf-8"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from(LEVY).toString('base64'),
  ].join('\n');

  it.each([
    ['page.mhtml', chromeMhtml],
    ['levy.mht', wordMht],
    ['levy.txt', savedEmail],
  ])(
    'refuses %s, whose text is encoded in MIME parts, saying what to save instead',
    (name, text) => {
      expect(
        errorOf(() => parseArticle({ name, bytes: new TextEncoder().encode(text) })).message,
      ).toBe(
        `Article ${name} is a MIME message (a web archive, .mht or .mhtml, or a whole email), not an article — save it as Markdown (.md), HTML (.html) or plain text (.txt)`,
      );
    },
  );

  it('reads an email saved as text, its headers above its body, and an article about MIME', () => {
    const email = `From: Anna Müller <anna@example.com>\nTo: desk@example.com\nSubject: Zürich café levy\n\n${LEVY}\n`;
    expect(parseArticle({ name: 'levy.txt', bytes: new TextEncoder().encode(email) }).title).toBe(
      'Zürich café levy',
    );
    const article =
      'MIME-Version: 1.0 and Content-Type: multipart/related, explained\n\n' +
      'Every saved web archive opens with the same two lines, and most mail programs hide them from readers.\n';
    expect(parseArticle({ name: 'mime.txt', bytes: new TextEncoder().encode(article) }).title).toBe(
      'MIME-Version: 1.0 and Content-Type: multipart/related, explained',
    );
  });
});

describe('parseArticle on a feed', () => {
  // A feed's file passed as the article was read as text: its subject '<?xml version="1.0"…?>',
  // its lead a line of tags.
  const item =
    '<item><title>Night trains return</title><description>The night train to the coast runs again from Monday, the operator said.</description></item>';
  it.each([
    [
      'feed.xml',
      `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Valley Post</title>${item}</channel></rss>`,
    ],
    [
      'atom.txt',
      '<?xml version="1.0"?>\n<!-- generated -->\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Post</title></feed>',
    ],
    [
      'rss1.rdf',
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><channel/></rdf:RDF>',
    ],
    ['feed', `  <rss version="2.0"><channel>${item}</channel></rss>`],
  ])('refuses %s, naming what it is and how a feed is read', (name, text) => {
    expect(
      errorOf(() => parseArticle({ name, bytes: new TextEncoder().encode(text) })).message,
    ).toBe(
      `Article ${name} is an RSS or Atom feed, not an article — give its URL as a feed (send --feed <url>, or the feeds setting of a deployed stack)`,
    );
  });

  it('reads an article that opens on the word or shows a feed', () => {
    const text =
      'Feed the birds this winter\n\nThe charity says <rss> tags and bird tables have something in common: both are full of seeds.\n';
    expect(parseArticle({ name: 'birds.txt', bytes: new TextEncoder().encode(text) }).title).toBe(
      'Feed the birds this winter',
    );
  });
});

describe('parseArticle on JSON', () => {
  // Under a text's name, a CMS's export or a batch for keypoints --jsonl was read as text: its
  // subject and its lead were lines of JSON.
  it.each([
    [
      'export.txt',
      '{"title": "Night trains return", "body": "The night train to the coast runs again from Monday."}',
    ],
    [
      'batch.txt',
      '{"id": "1", "text": "The night train runs again."}\n{"id": "2", "text": "Fares rise in May."}\n',
    ],
    ['items', '[{"title": "Night trains return"}]'],
  ])('refuses %s, naming it JSON', (name, text) => {
    expect(
      errorOf(() => parseArticle({ name, bytes: new TextEncoder().encode(text) })).message,
    ).toBe(
      `Article ${name} is JSON data (a batch of texts is read by keypoints --jsonl), not an article — save it as Markdown (.md), HTML (.html) or plain text (.txt)`,
    );
  });

  it('reads an article that opens with a bracket or a brace', () => {
    for (const top of ['[Updated 3pm] Night trains return', '{Draft} Night trains return']) {
      const text = `${top}\n\nThe night train to the coast runs again from Monday, the operator said.\n`;
      expect(
        parseArticle({ name: 'trains.txt', bytes: new TextEncoder().encode(text) }).title,
      ).toBe(top);
    }
  });
});

describe('parseArticle on page breaks', () => {
  const paragraphsOf = (name: string, text: string) =>
    parseArticle({ name, bytes: new TextEncoder().encode(text) }).sections.map((section) => [
      section.heading,
      ...section.paragraphs.map((paragraph) => paragraph.text),
    ]);

  it.each([
    ['levy.txt', 'Council levy vote', 'What the mayor said'],
    ['levy.md', '# Council levy vote', '## What the mayor said'],
  ])(
    'reads a line holding only a form feed (a page break) in %s as a blank line',
    (name, title, subhead) => {
      const text =
        `${title}\n\nThe council voted on Tuesday to introduce the charge from March.\n\f\n` +
        `Traders protested outside the town hall on Wednesday morning.\n \f \n${subhead}\n\f\n` +
        'The mayor said the levy would raise two million a year for repairs.\n\f';
      expect(paragraphsOf(name, text)).toEqual([
        [
          null,
          'The council voted on Tuesday to introduce the charge from March.',
          'Traders protested outside the town hall on Wednesday morning.',
        ],
        [
          'What the mayor said',
          'The mayor said the levy would raise two million a year for repairs.',
        ],
      ]);
    },
  );
});

describe('parseArticle on Windows-1252 punctuation gone astray', () => {
  it('reads the C1 control characters a Windows-1252 text converted as Latin-1 carries as the quotes, dashes and € they were', () => {
    // What iconv -f latin1 -t utf-8 makes of “night levy” – €500: 0x93 became U+0093, and so on.
    const text =
      'Levy called unfair\n\nCafé owners say the council\u0092s new \u0093night levy\u0094 \u0096 at \u0080500 a month \u0096 will close some of them.\n';
    const article = parseArticle({ name: 'levy.txt', bytes: new TextEncoder().encode(text) });
    expect(article.sections[0]?.paragraphs[0]?.text).toBe(
      'Café owners say the council’s new “night levy” – at €500 a month – will close some of them.',
    );
  });
});
