import { cp, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it } from 'vitest';
import {
  compileTemplate,
  DEFAULT_TEMPLATES_DIR,
  listTemplates,
  locateFillError,
} from '../../../lambda/adapters/templates/compile-template';
import { TemplateError } from '../../../lambda/core/errors';
import { compileHandlebars } from '../../../lambda/core/render/handlebars-template';
import { createMessageRenderer } from '../../../lambda/core/render/message-renderer';
import type { RecipientView } from '../../../lambda/core/render/types';
import { previewData } from '../../../templates/newsletter.preview';
import { newsletterTemplate, preparedIssue } from './fixtures';

const render = async (
  issue: Parameters<typeof preparedIssue>[0] = {},
  recipient: RecipientView = previewData.recipient,
) => createMessageRenderer(await preparedIssue(issue)).render(recipient);

describe('the newsletter template', () => {
  it('compiles under strict MJML validation into Handlebars sources', async () => {
    const template = await newsletterTemplate();
    expect(template.name).toBe('newsletter');
    expect(template.version).toMatch(/^[0-9a-f]{16}$/);
    expect(template.html).toContain('{{#each issue.keyPoints}}');
    expect(template.html).not.toContain('<mj-');
  });

  it('compiles to HTML without the indentation MJML lays it out with, a fifth of the part as sent', async () => {
    // Each key point is a section of nested tables: its indentation counted towards Gmail's clip
    // as much as the text, and left points or articles out of an issue that fitted without it.
    const { html } = await newsletterTemplate();
    expect(
      html
        .trimEnd()
        .split('\n')
        .filter((line) => /^[ \t]|^$/.test(line)),
    ).toEqual([]);
  });

  it('leaves no Handlebars expression in the rendered HTML or text', async () => {
    const { html, text } = await render();
    expect(html).not.toMatch(/\{\{|\}\}/);
    expect(text).not.toMatch(/\{\{|\}\}/);
  });

  it('keeps the seed issue well under the Gmail clipping limit (60 KB)', async () => {
    const { html } = await render();
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(60 * 1024);
  });

  it('declares the language, dark-mode support and a title', async () => {
    const { html } = await render();
    expect(html).toMatch(/<html lang="en"/);
    expect(html).toContain('<meta name="color-scheme" content="light dark"');
    expect(html).toContain('<meta name="supported-color-schemes" content="light dark"');
    expect(html).toContain('@media (prefers-color-scheme: dark)');
    expect(html).toContain(`<title>${previewData.issue.subject}</title>`);
  });

  it('carries the preheader as hidden preview text', async () => {
    const { html } = await render();
    expect(html).toMatch(/<div style="display:none;[^"]*">Chinese President Xi Jinping is due/);
  });

  it('ends the preview text at the preheader: what follows it in an inbox is blank, not the header and greeting', async () => {
    const preheader = 'The bridge on Mill Road will close for repairs from Monday.';
    const { html } = await render({ preheader });
    // An inbox's preview: the body's text from the start, tags dropped, white space collapsed.
    const text = parseHTML(html).document.body.textContent.replace(/\s+/g, ' ').trim();
    expect(text.startsWith(preheader)).toBe(true);
    // Invisible characters after it fill the preview line, so the list name, "View in browser"
    // and "Hi Sam," are pushed out of the ~200 characters an inbox shows.
    expect(text.slice(preheader.length, 200)).toMatch(/^(?:\s|\u034f|\u200c|\u00a0)+$/);
  });

  it('gives every image an alt text', async () => {
    const { html } = await render();
    for (const image of html.match(/<img\b[^>]*>/g) ?? []) expect(image).toMatch(/\balt="/);
  });

  it('shows the unsubscribe link and the postal address in both parts', async () => {
    const { html, text } = await render();
    const url = previewData.recipient.unsubscribeUrl;
    expect(html).toContain(`<a href="${url.replace('=', '&#x3D;')}">Unsubscribe</a>`);
    expect(text).toContain(`Unsubscribe: ${url}`);
    expect(html).toContain(previewData.list.postalAddress);
    expect(text).toContain(previewData.list.postalAddress);
  });

  it('shows every key point with its heading and summary', async () => {
    const { html, text } = await render();
    for (const point of previewData.issue.keyPoints) {
      expect(html).toContain(`>${point.heading}</h2>`);
      expect(text).toContain(`## ${point.heading}\n\n${point.summary}`);
    }
  });

  it('renders a key point without a heading as its summary alone', async () => {
    const keyPoints = [{ heading: null, summary: 'A point with no subhead.' }];
    const { html, text } = await render({ keyPoints });
    expect(html).not.toContain('<h2');
    expect(html).toContain('A point with no subhead.');
    expect(text).not.toContain('##');
  });

  it("lets the article's text take its own direction, so Arabic or Hebrew reads right to left", async () => {
    const arabic = {
      title: 'خطة جديدة للاقتصاد',
      lead: 'قال مسؤولون يوم الاثنين إن الحكومة ستعلن عن خطة جديدة.',
      keyPoints: [{ heading: 'البنية التحتية', summary: 'تشمل الخطة استثمارات كبيرة.' }],
      language: 'ar',
    };
    const { html } = await render(arabic);
    expect(html).toMatch(new RegExp(`<h1 dir="auto" lang="ar"[^>]*>${arabic.title}</h1>`));
    expect(html).toContain(
      `<div dir="auto" lang="ar" style="text-align: start;">${arabic.lead}</div>`,
    );
    expect(html).toMatch(/<h2 dir="auto" lang="ar"[^>]*>البنية التحتية<\/h2>/);
    expect(html).toContain(
      '<div dir="auto" lang="ar" style="text-align: start;">تشمل الخطة استثمارات كبيرة.</div>',
    );
  });

  it("marks the article's text with the language the article declares, and leaves it to the email's own when it declares none", async () => {
    const keyPoints = [{ heading: 'Le projet', summary: 'La ville limite les groupes.' }];
    const french = await render({ language: 'fr', keyPoints });
    // The title, the lead, the heading and the summary; the email's own words stay in English.
    expect(french.html.match(/ lang="fr"/g)).toHaveLength(4);
    expect(french.html).toMatch(/<html[^>]* lang="en"/);

    const undeclared = await render({ language: null, keyPoints });
    expect(undeclared.html).not.toContain('dir="auto" lang=');
  });

  it('links the full article and the browser copy only when they exist', async () => {
    const withLinks = await render();
    expect(withLinks.html).toContain(`href="${previewData.issue.url}"`);
    expect(withLinks.html).toContain('Read the full article');
    expect(withLinks.html).toContain('View in browser');
    expect(withLinks.text).toContain(`Read the full article: ${previewData.issue.url}`);

    const bare = await render({ url: null, archiveUrl: null });
    expect(bare.html).not.toContain('Read the full article');
    expect(bare.html).not.toContain('View in browser');
    expect(bare.text).not.toContain('Read the full article');
    expect(bare.text).not.toContain('View in browser');
  });

  it('links a URL written in the lead or a key point in the HTML part, and only shows it in the text', async () => {
    const keyPoints = [
      { heading: null, summary: 'Details at https://example.com/report?x=1&y=2. <b>' },
    ];
    const { html, text } = await render({ lead: 'See www.example.org, then read on.', keyPoints });
    expect(html).toContain('See <a href="https://www.example.org/"');
    expect(html).toContain('>www.example.org</a>, then read on.');
    expect(html).toContain('Details at <a href="https://example.com/report?x&#x3D;1&amp;y&#x3D;2"');
    expect(html).toContain('>https://example.com/report?x&#x3D;1&amp;y&#x3D;2</a>. &lt;b&gt;');
    expect(text).toContain('Details at https://example.com/report?x=1&y=2. <b>');
    expect(text).not.toContain('<a ');
  });

  it('puts the one "Read the full article" button where the text starts: left, or right in a right-to-left language', async () => {
    const buttonCell = (html: string) => {
      const { document } = parseHTML(html);
      const button = [...document.querySelectorAll('a')].find(
        (a) => a.textContent?.trim() === 'Read the full article',
      );
      return button?.closest('table')?.parentElement?.getAttribute('align');
    };
    const english = (await render()).html;
    const arabic = (await render({ language: 'ar' })).html;
    expect(english.split('Read the full article')).toHaveLength(2);
    expect(arabic.split('Read the full article')).toHaveLength(2);
    expect([buttonCell(english), buttonCell(arabic)]).toEqual(['left', 'right']);
  });

  it('shows no empty lead of an article that has none: no blank block under the title, no run of blank lines in the text', async () => {
    const { html, text } = await render({ lead: '' });
    expect(text).not.toMatch(/\n\n\n/);
    expect(html).not.toMatch(/<div dir="auto"[^>]*><\/div>/);
    // An article with a lead still shows it, between the title and the key points.
    expect((await render()).text).toContain(
      `${previewData.issue.title}\n\n${previewData.issue.lead}\n`,
    );
  });

  it('greets the recipient by name when there is one', async () => {
    expect((await render()).text).toContain('Hi Alex,');
    const anonymous = await render({}, { ...previewData.recipient, name: null });
    expect(anonymous.text).toContain('Hi there,');
    expect(anonymous.html).toContain('Hi there,');
  });

  it('escapes HTML that comes from the article', async () => {
    const keyPoints = [{ heading: '<b>bold</b>', summary: '<script>alert(1)</script> & more' }];
    const { html, text } = await render({ keyPoints, title: 'A <i>title</i>' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(html).toContain('A &lt;i&gt;title&lt;/i&gt;');
    expect(text).toContain('<script>alert(1)</script> & more');
  });

  it('fails on a missing variable instead of leaving a blank', async () => {
    const prepared = await preparedIssue();
    const { title: _, ...incomplete } = prepared.issue;
    const renderer = createMessageRenderer({
      ...prepared,
      issue: incomplete as typeof prepared.issue,
    });
    expect(() => renderer.render(previewData.recipient)).toThrow(TemplateError);
    expect(() => renderer.render(previewData.recipient)).toThrow(
      /: "title" is not in the data \(\{\{issue\.title\}\}\)$/,
    );
  });

  it('names the expression whose value is missing, also when what holds it is missing', async () => {
    const prepared = await preparedIssue();
    const { list: _, ...withoutList } = prepared;
    const renderer = createMessageRenderer(withoutList as typeof prepared);
    expect(() => renderer.render(previewData.recipient)).toThrow(
      /: "\w+" is not in the data \(\{\{list\.\w+\}\}\)$/,
    );
  });
});

describe('listTemplates', () => {
  it('lists the top-level templates and not the partials', async () => {
    expect(await listTemplates()).toEqual(['confirmation', 'digest', 'newsletter']);
  });
});

describe('compileTemplate', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** A copy of templates/ to break on purpose. */
  async function copyTemplates(): Promise<string> {
    dir = await mkdtemp(path.join(tmpdir(), 'templates-'));
    await cp(DEFAULT_TEMPLATES_DIR, dir, { recursive: true });
    return dir;
  }

  /** The line of the first occurrence of `text` in a source, counting from 1. */
  const lineOf = (source: string, text: string) =>
    source.slice(0, source.indexOf(text)).split('\n').length;

  async function edit(file: string, change: (source: string) => string): Promise<void> {
    const target = path.join(dir ?? '', file);
    await writeFile(target, change(await readFile(target, 'utf8')));
  }

  it('reads templates from another folder given as an absolute path', async () => {
    const copy = await copyTemplates();
    const compiled = await compileTemplate('newsletter', { templatesDir: copy });
    expect(compiled).toEqual(await newsletterTemplate());
  });

  it('keeps the white space of preformatted text a template writes (<pre>, <textarea>)', async () => {
    const copy = await copyTemplates();
    const pre = '<pre style="margin: 0;">\n  a = 1\n\n    b = 2\n</pre>';
    const area = '<TEXTAREA>\n  c\n</TEXTAREA >';
    await edit('partials/footer.mjml', (s) =>
      s.replace('<mj-column>', `<mj-column>\n<mj-raw>\n  ${pre}\n  ${area}\n</mj-raw>`),
    );
    const { html } = await compileTemplate('newsletter', { templatesDir: copy });
    expect(html).toContain(pre);
    expect(html).toContain(area);
  });

  // white-space: pre-wrap (or pre-line, break-spaces, white-space-collapse: preserve) shows the
  // spaces and blank lines of any element as <pre> does: a poem or a code sample set so in a
  // template lost its indentation and its stanzas.
  it.each([
    ['in a style attribute', '<div style="white-space: pre-wrap;">', ''],
    [
      'by a class of <mj-style>',
      '<div class="verse">',
      '.verse { white-space-collapse: preserve; }',
    ],
  ])(
    'leaves the HTML as MJML lays it out when a template sets white space to show, %s',
    async (_where, open, css) => {
      const copy = await copyTemplates();
      const verse = `${open}\n  Roses are red,\n\n    violets are blue\n</div>`;
      await edit('partials/footer.mjml', (s) =>
        s.replace('<mj-column>', `<mj-column>\n<mj-raw>\n  ${verse}\n</mj-raw>`),
      );
      if (css)
        await edit('newsletter.mjml', (s) =>
          s.replace('</mj-head>', `<mj-style>${css}</mj-style>\n</mj-head>`),
        );
      const { html } = await compileTemplate('newsletter', { templatesDir: copy });
      expect(html).toContain(verse);
    },
  );

  it('changes the version when a partial changes', async () => {
    const copy = await copyTemplates();
    await edit('partials/footer.mjml', (s) => s.replace('You are receiving', 'You get'));
    const compiled = await compileTemplate('newsletter', { templatesDir: copy });
    expect(compiled.version).not.toBe((await newsletterTemplate()).version);
    expect(compiled.html).toContain('You get');
  });

  it('reports an MJML error with the partial and line it is on', async () => {
    const copy = await copyTemplates();
    await edit('partials/footer.mjml', (s) => s.replace('<mj-column>', '<mj-column><mj-bogus />'));
    const error = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.file).toBe(path.join('partials', 'footer.mjml'));
    expect(error.line).toBe(2);
  });

  it('refuses an mj-include of a partial that does not exist, which MJML would drop silently', async () => {
    const copy = await copyTemplates();
    const source = await readFile(path.join(copy, 'newsletter.mjml'), 'utf8');
    const line = source.split('\n').findIndex((l) => l.includes('partials/footer.mjml')) + 1;
    await edit('newsletter.mjml', (s) => s.replace('partials/footer.mjml', 'partials/footr.mjml'));
    const error = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.message).toBe(
      `Template newsletter.mjml:${line}: <mj-include path="./partials/footr.mjml">: ${path.join('partials', 'footr.mjml')} does not exist — fix the path or add the partial`,
    );
  });

  it('names the include that closes a loop of partials including each other, at its line', async () => {
    const copy = await copyTemplates();
    const footer = path.join('partials', 'footer.mjml');
    const legal = path.join('partials', 'legal.mjml');
    await writeFile(
      path.join(copy, legal),
      '<mj-section>\n  <mj-column><mj-text>Legal</mj-text></mj-column>\n</mj-section>\n<mj-include path="./footer.mjml" />\n',
    );
    await edit(footer, (s) => `${s}<mj-include path="./legal.mjml" />\n`);
    // MJML said 'Circular inclusion detected on file : /tmp/…/partials/footer.mjml', at no line.
    const error = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.message).toBe(
      `Template ${legal}:4: <mj-include path="./footer.mjml"> closes a loop of includes (${footer} → ${legal} → ${footer}) — remove one of them`,
    );
  });

  // MJML reads an include only inside the real folder of the file that includes it: through a link
  // to shared partials, it left the footer out without a word, unsubscribe link and all.
  it.each([
    ['the partials folder', 'partials'],
    ['a partial', path.join('partials', 'footer.mjml')],
  ])('follows %s linked from elsewhere, as a shared brand kit is', async (_what, linked) => {
    dir = await mkdtemp(path.join(tmpdir(), 'templates-'));
    const copy = path.join(dir, 'templates');
    await cp(DEFAULT_TEMPLATES_DIR, copy, { recursive: true });
    const shared = path.join(dir, 'brand', path.basename(linked));
    await mkdir(path.dirname(shared));
    await rename(path.join(copy, linked), shared);
    await symlink(shared, path.join(copy, linked));
    const compiled = await compileTemplate('newsletter', { templatesDir: copy });
    expect(compiled.html).toContain('{{list.postalAddress}}');
    expect(compiled.html).toBe((await newsletterTemplate()).html);
  });

  it('refuses an mj-include that leaves the folder of the file that includes it', async () => {
    const copy = await copyTemplates();
    await edit('partials/footer.mjml', (s) => `<mj-include path="../newsletter.mjml" />\n${s}`);
    const error = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.file).toBe(path.join('partials', 'footer.mjml'));
    expect(error.line).toBe(1);
    expect(error.message).toContain('leaves the folder of');
  });

  it.each([
    ['<mj-section>', '<mj-section padding="10px>', 'padding'],
    ['<mj-button href="{{issue.url}}"', '<mj-button href="{{issue.url}}', 'href'],
    ['Hi there,', 'Hi there, <a href="https://example.com/about>about us</a>', 'href'],
    ['<mj-section>', "<mj-section css-class='intro>", 'css-class'],
  ])(
    'refuses a quote left open in a tag (%j written as %j) at the quote, not as an illegal attribute or a garbled link',
    async (from, to, attribute) => {
      const copy = await copyTemplates();
      const source = await readFile(path.join(copy, 'newsletter.mjml'), 'utf8');
      const line = lineOf(source, from);
      const quote = to.match(/["']/)?.[0];
      const column =
        (source.split('\n')[line - 1] ?? '').indexOf(from) +
        to.indexOf(`${attribute}=`) +
        attribute.length +
        2;
      await edit('newsletter.mjml', (s) => s.replace(from, to));
      // MJML said 'Attribute body-text" is illegal (mj-section)', and a link in an <mj-text> was
      // sent with the text after it read as its address.
      const error = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
      expect(error).toBeInstanceOf(TemplateError);
      expect(error.message).toBe(
        `Template newsletter.mjml:${line}:${column}: the ${quote} that opens the value of ${attribute}= is not closed where the value ends — add the closing ${quote}`,
      );
    },
  );

  it('takes quotes as templates write them: Handlebars beside and inside values, apostrophes in values and in text', async () => {
    const copy = await copyTemplates();
    await edit('newsletter.mjml', (s) =>
      s.replace(
        'Hi there,',
        `Hi there, it's <a href="{{issue.url}}"{{#if issue.language}} lang="{{issue.language}}"{{/if}} title="Sam's {{lookup issue "title"}}">here</a> <a href="https://example.com/?a=b"title="x">`,
      ),
    );
    const compiled = await compileTemplate('newsletter', { templatesDir: copy });
    expect(compiled.html).toContain('title="Sam\'s {{lookup issue "title"}}"');
    for (const name of await listTemplates()) await compileTemplate(name);
  });

  it('refuses an HTML comment that is never closed, which MJML would compile with everything after it left out', async () => {
    const copy = await copyTemplates();
    const source = await readFile(path.join(copy, 'newsletter.mjml'), 'utf8');
    const include = '<mj-include path="./partials/footer.mjml" />';
    const line = lineOf(source, include);
    const column = (source.split('\n')[line - 1] ?? '').indexOf(include) + 1;
    // Compiled without its footer, unsubscribe link and all, before.
    await edit('newsletter.mjml', (s) => s.replace(include, `<!-- the footer ${include}`));
    const error = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect([error.message, error.line, error.column]).toEqual([
      `Template newsletter.mjml:${line}:${column}: <!-- is never closed, so MJML leaves out everything after it — end the comment with -->`,
      line,
      column,
    ]);

    // Left open before another comment: it ends at that one's -->, and what is between is lost.
    const wrapper = lineOf(source, '<mj-wrapper');
    await edit('newsletter.mjml', () => source.replace('<mj-wrapper', '<!-- card <mj-wrapper'));
    const runOn = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
    expect(runOn).toBeInstanceOf(TemplateError);
    expect(runOn.message).toBe(
      `Template newsletter.mjml:${wrapper}:${(source.split('\n')[wrapper - 1] ?? '').indexOf('<mj-wrapper') + 1}: <!-- is not closed before the <!-- of line ${lineOf(source, '<!-- At the edge')}, so MJML leaves out everything between — end the comment with -->`,
    );

    // A comment closed, Outlook's conditional comments, and one in a partial.
    await edit('newsletter.mjml', () =>
      source.replace(
        include,
        `<!-- the footer --><mj-raw><!--[if mso]><br><![endif]--><!--[if !mso]><!--><b>x</b><!--<![endif]--></mj-raw>${include}`,
      ),
    );
    await compileTemplate('newsletter', { templatesDir: copy });
    const footer = await readFile(path.join(copy, 'partials/footer.mjml'), 'utf8');
    await edit('partials/footer.mjml', (s) => s.replace('<mj-text', '<!-- a note <mj-text'));
    await expect(compileTemplate('newsletter', { templatesDir: copy })).rejects.toThrow(
      `Template ${path.join('partials', 'footer.mjml')}:${lineOf(footer, '<mj-text')}:`,
    );
  });

  it('refuses an <mj-text> that is not closed, which MJML would fill with the tags after it or empty', async () => {
    const copy = await copyTemplates();
    const source = await readFile(path.join(copy, 'newsletter.mjml'), 'utf8');
    const lines = source.split('\n');
    const title = lines.findIndex((l) => l.includes('{{issue.title}}'));
    await edit('newsletter.mjml', (s) =>
      s.replace(/(\{\{issue\.title\}\}<\/h1>)<\/mj-text>/, '$1'),
    );
    const error = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.message).toBe(
      `Template newsletter.mjml:${title + 1}: <mj-text> is not closed before the <mj-raw> of line ${title + 2} — add </mj-text>`,
    );

    await edit('newsletter.mjml', () => source);
    const footer = await readFile(path.join(copy, 'partials/footer.mjml'), 'utf8');
    const opened = footer.split('\n').findIndex((l) => l.includes('<mj-text')) + 1;
    const column = footer.split('\n').findIndex((l) => l.includes('</mj-column>')) + 1;
    await edit('partials/footer.mjml', (s) => s.replace('</mj-text>', ''));
    const inPartial = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
    expect(inPartial).toBeInstanceOf(TemplateError);
    expect(inPartial.message).toBe(
      `Template ${path.join('partials', 'footer.mjml')}:${opened}: <mj-text> is not closed before the </mj-column> of line ${column} — add </mj-text>`,
    );
  });

  it('refuses a template or an included partial saved empty, naming the file, instead of an MJML crash', async () => {
    const copy = await copyTemplates();
    const source = await readFile(path.join(copy, 'newsletter.mjml'), 'utf8');
    const include = source.split('\n').findIndex((l) => l.includes('partials/footer.mjml')) + 1;
    for (const blank of ['', '  \n', '<!-- to do -->\n']) {
      await edit('partials/footer.mjml', () => blank);
      const error = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
      expect(error).toBeInstanceOf(TemplateError);
      expect(error.message).toBe(
        `Template newsletter.mjml:${include}: <mj-include path="./partials/footer.mjml">: ${path.join('partials', 'footer.mjml')} is empty — write its MJML or remove the include`,
      );
    }
    await edit('newsletter.mjml', () => '');
    const empty = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
    expect(empty).toBeInstanceOf(TemplateError);
    expect(empty.message).toBe(
      'Template newsletter.mjml: is empty — write the email in it, from <mjml> to </mjml>',
    );
  });

  it('refuses a text part saved empty, which would send every email with a blank text part', async () => {
    const copy = await copyTemplates();
    await edit('newsletter.txt.hbs', () => ' \n');
    await expect(compileTemplate('newsletter', { templatesDir: copy })).rejects.toThrow(
      'Template newsletter.txt.hbs: is empty — write the text part of newsletter.mjml in it (every email has one)',
    );
  });

  it('compiles beside a partial saved empty that no template includes', async () => {
    const copy = await copyTemplates();
    await writeFile(path.join(copy, 'partials', 'unused.mjml'), '');
    expect((await compileTemplate('newsletter', { templatesDir: copy })).html).toContain(
      'Unsubscribe',
    );
  });

  it('refuses a template or partial cut short (a save half written), at the innermost tag left open', async () => {
    const copy = await copyTemplates();
    const source = await readFile(path.join(copy, 'newsletter.mjml'), 'utf8');
    const lines = source.split('\n');
    // Cut after the greeting's section opens: MJML closed every open tag itself and sent the rest.
    const cut = lines.findIndex((l) => l.includes('{{#if recipient.name}}'));
    await edit('newsletter.mjml', () => lines.slice(0, cut + 1).join('\n'));
    const error = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.message).toBe(
      `Template newsletter.mjml:${cut}: <mj-column> is not closed before the file ends at line ${cut + 1} — add </mj-column> (or was the file saved only in part?)`,
    );

    // Cut inside a tag: only <mjml> is open.
    await edit('newsletter.mjml', () => source.slice(0, source.indexOf('<mj-head>') + 5));
    const inTag = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
    expect(inTag.message).toMatch(
      /^Template newsletter\.mjml:1: <mjml> is not closed before the file ends at line 2/,
    );

    await edit('newsletter.mjml', () => source);
    const footer = await readFile(path.join(copy, 'partials/footer.mjml'), 'utf8');
    await edit('partials/footer.mjml', () => footer.slice(0, footer.indexOf('<mj-text')));
    const inPartial = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
    expect(inPartial).toBeInstanceOf(TemplateError);
    expect(inPartial.file).toBe(path.join('partials', 'footer.mjml'));
    expect(inPartial.line).toBe(2);
    expect(inPartial.message).toContain('<mj-column> is not closed before the file ends');
  });

  it('names an <mj-section> left open at its own line, when the next one opens inside it', async () => {
    const copy = await copyTemplates();
    const source = await readFile(path.join(copy, 'newsletter.mjml'), 'utf8');
    const lines = source.split('\n');
    const first = lines.findIndex((l) => l.trim() === '<mj-section>') + 1;
    const second = lines.findIndex((l, index) => index >= first && l.trim() === '<mj-section>') + 1;
    // The first section's end tag removed: MJML said 'mj-section cannot be used inside
    // mj-section, only inside: mj-attributes, mj-body, mj-wrapper' at the second.
    const close = lines.findIndex((l) => l.trim() === '</mj-section>') + 1;
    expect(first < close && close < second).toBe(true);
    await edit('newsletter.mjml', () => lines.filter((_, index) => index !== close - 1).join('\n'));
    const error = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.message).toBe(
      `Template newsletter.mjml:${first}: <mj-section> is not closed before the <mj-section> of line ${second - 1} — add </mj-section>`,
    );
  });

  it('takes an MJML tag closed by its parent as MJML does (an <mj-image> without />)', async () => {
    const copy = await copyTemplates();
    await edit('partials/footer.mjml', (s) =>
      s.replace(
        '</mj-column>',
        '<mj-image src="https://example.com/logo.png" alt="Logo"></mj-column>',
      ),
    );
    const compiled = await compileTemplate('newsletter', { templatesDir: copy });
    expect(compiled.html).toContain('https://example.com/logo.png');
  });

  it('reports a Handlebars syntax error with the file and line it is on', async () => {
    const copy = await copyTemplates();
    await edit('newsletter.txt.hbs', (s) => s.replace('{{/each}}', '{{/if}}'));
    const error = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.file).toBe('newsletter.txt.hbs');
    expect(error.line).toBeGreaterThan(1);
    expect(error.message).toMatch(
      /^Template newsletter\.txt\.hbs:\d+:\d+: \{\{#each …\}\} is closed by \{\{\/if\}\} — close it first, with \{\{\/each\}\}$/,
    );
  });

  it('refuses an {{#each}} over a value that is not a list, on its line, instead of showing nothing', async () => {
    const copy = await copyTemplates();
    const source = await readFile(path.join(copy, 'newsletter.txt.hbs'), 'utf8');
    const line = source.split('\n').findIndex((l) => l.includes('{{issue.title}}')) + 1;
    await edit('newsletter.txt.hbs', (s) =>
      s.replace('{{issue.title}}', '{{#each issue.title}}{{this}}{{/each}}'),
    );
    const template = await compileTemplate('newsletter', { templatesDir: copy });
    const renderer = createMessageRenderer({ ...(await preparedIssue()), template });
    expect(() => renderer.render(previewData.recipient)).toThrow(
      `Template newsletter.txt.hbs:${line}: {{#each issue.title}} goes over a string, not a list, so it would show nothing: give #each a list, as in {{#each issue.keyPoints}}`,
    );
  });

  // Handlebars prints an object as "[object Object]" and a list joined with commas, into the
  // email of every subscriber, without a word.
  it.each([
    [
      '{{issue.keyPoints}}',
      '{{issue.keyPoints}} prints a list, which would show as "[object Object],[object Object],…": go over it with {{#each issue.keyPoints}}…{{/each}}',
    ],
    [
      '{{issue}}',
      '{{issue}} prints an object, which would show as "[object Object]": print one of its values, as in {{issue.id}}, or go over a list in it with {{#each …}}',
    ],
    [
      '{{lookup issue "keyPoints"}}',
      '{{lookup issue "keyPoints"}} prints a list, which would show as "[object Object],[object Object],…": go over it with {{#each …}}…{{/each}}',
    ],
    [
      '{{#each issue.keyPoints}}{{this}}{{/each}}',
      '{{this}} prints an object, which would show as "[object Object]": print one of its values, as in {{this.heading}}, or go over a list in it with {{#each …}}',
    ],
  ])(
    'refuses %s in the text part, on its line, instead of mailing "[object Object]"',
    async (written, reason) => {
      const copy = await copyTemplates();
      const source = await readFile(path.join(copy, 'newsletter.txt.hbs'), 'utf8');
      const line = source.split('\n').findIndex((l) => l.includes('{{issue.title}}')) + 1;
      await edit('newsletter.txt.hbs', (s) => s.replace('{{issue.title}}', written));
      const template = await compileTemplate('newsletter', { templatesDir: copy });
      const renderer = createMessageRenderer({ ...(await preparedIssue()), template });
      expect(() => renderer.render(previewData.recipient)).toThrow(
        new TemplateError('newsletter.txt.hbs', reason, line),
      );
    },
  );

  /**
   * A copy of the templates whose newsletter.mjml writes `replacement` where it wrote
   * {{issue.lead}} (at `line`), compiled, and the error filling it in throws.
   */
  async function fillWithLeadAs(replacement: string) {
    const copy = await copyTemplates();
    const source = await readFile(path.join(copy, 'newsletter.mjml'), 'utf8');
    const line = source.split('\n').findIndex((l) => l.includes('{{linkify issue.lead}}')) + 1;
    await edit('newsletter.mjml', (s) => s.replace('{{linkify issue.lead}}', replacement));
    const template = await compileTemplate('newsletter', { templatesDir: copy });
    const renderer = createMessageRenderer({ ...(await preparedIssue()), template });
    try {
      renderer.render(previewData.recipient);
    } catch (error) {
      return { copy, line, template, error };
    }
    throw new Error(`filling the template with ${replacement} threw nothing`);
  }

  it('refuses an object printed by the HTML part at the .mjml line that writes it', async () => {
    const { copy, line, template, error } = await fillWithLeadAs('{{ issue.keyPoints }}');
    const located = await locateFillError(error, template, { templatesDir: copy });
    expect((located as TemplateError).message).toBe(
      `Template newsletter.mjml:${line}: {{issue.keyPoints}} prints a list, which would show as "[object Object],[object Object],…": go over it with {{#each issue.keyPoints}}…{{/each}}`,
    );
  });

  it('refuses a list of strings too ("a,b,c"), but prints strings, numbers, booleans and null as before', () => {
    const fill = compileHandlebars<Record<string, unknown>>(
      'Tags:\n{{tags}}',
      'custom.txt.hbs',
      'text',
    );
    expect(() => fill({ tags: ['solar', 'energy'] })).toThrow(
      new TemplateError(
        'custom.txt.hbs',
        '{{tags}} prints a list, which would show as "solar,energy": go over it with {{#each tags}}…{{/each}}',
        2,
      ),
    );
    const html = compileHandlebars<Record<string, unknown>>(
      '<p>{{a}} {{b}} {{c}} {{d}} {{e}}</p>',
      'custom.mjml',
      'html',
    );
    expect(html({ a: 'x<y', b: 3, c: false, d: null, e: '' })).toBe('<p>x&lt;y 3 false  </p>');
  });

  it('points a fill error of the compiled HTML at the .mjml line that writes it, unless the sources changed since', async () => {
    const { copy, line, template, error } = await fillWithLeadAs(
      '{{#each issue.lead}}{{this}}{{/each}}',
    );
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).file).toBe('newsletter.mjml (compiled HTML)');
    const located = await locateFillError(error, template, { templatesDir: copy });
    expect((located as TemplateError).message).toBe(
      `Template newsletter.mjml:${line}: {{#each issue.lead}} goes over a string, not a list, so it would show nothing: give #each a list, as in {{#each issue.keyPoints}}`,
    );
    // Edited since it was compiled (a resumed issue's template): its lines are not these.
    await edit('newsletter.mjml', (s) => `\n\n${s}`);
    expect(await locateFillError(error, template, { templatesDir: copy })).toBe(error);
  });

  it('refuses a template file that is not UTF-8, naming it, instead of sending replacement characters', async () => {
    const copy = await copyTemplates();
    const footer = path.join(copy, 'partials', 'footer.mjml');
    const source = await readFile(footer, 'utf8');
    // Saved by an editor set to Windows-1252: "©" is the one byte A9.
    await writeFile(
      footer,
      Buffer.from(source.replace('</mj-text>', '\u00a9 2026</mj-text>'), 'latin1'),
    );
    const error = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateError);
    const line = source.slice(0, source.indexOf('</mj-text>')).split('\n').length;
    expect(error.message).toBe(
      `Template ${path.join('partials', 'footer.mjml')}: is not valid UTF-8 text (line ${line}: byte 0xA9) — save it as UTF-8`,
    );
  });

  it('names the line of a {{#if}} that is never closed, not the end of the file', async () => {
    const copy = await copyTemplates();
    const source = await readFile(path.join(copy, 'newsletter.mjml'), 'utf8');
    const line = source.split('\n').findIndex((l) => l.includes('{{#if recipient.name}}')) + 1;
    await edit('newsletter.mjml', (s) => s.replace('Hi there,{{/if}}', 'Hi there,'));
    const error = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.message).toBe(
      `Template newsletter.mjml:${line}: {{#if recipient.name}} is never closed — add {{/if}}`,
    );
  });

  it.each([
    ['{{#each issue.keyPoints}}', 'each'],
    ['{{#if issue.url}}', 'if'],
    ['{{#unless recipient.name}}', 'unless'],
  ])(
    'names the line of a %s with no {{else}} that is never closed, not the end of the file',
    (block, name) => {
      // Handlebars expects an {{else}} too there ("Expecting 'OPEN_INVERSE_CHAIN', 'INVERSE',
      // 'OPEN_ENDBLOCK', got 'EOF'"): such a block was reported on the file's last line.
      const source = `Key points:\n${block}\n- {{this}}\n\nUnsubscribe: {{recipient.unsubscribeUrl}}\n`;
      expect(() => compileHandlebars(source, 'custom.txt.hbs', 'text')).toThrow(
        new TemplateError('custom.txt.hbs', `${block} is never closed — add {{/${name}}}`, 2),
      );
    },
  );

  it.each([
    ['Title: {{issue.title}\nBody', 1, 8, '{{issue.title} is not closed — end it with }}'],
    ['Title:\n  {{issue.title\n', 2, 3, '{{issue.title is not closed — end it with }}'],
    [
      'Read {{linkify "https://example.com}} now',
      1,
      16,
      '{{linkify "https://example.com}} opens a quoted text (") that is never closed — end it with "',
    ],
    [
      '{{#if issue.url}}x{{/if}}\n  {{/if}}',
      2,
      3,
      '{{/if}} closes no block — remove it, or open the block before it with {{#if …}}',
    ],
    [
      'x {{else}} y',
      1,
      3,
      '{{else}} is not inside an {{#if}}, {{#unless}} or {{#each}}, or is the second {{else}} of one — remove it',
    ],
    ['Note:\n {{!-- to do\nBody', 2, 2, '{{!-- is never closed — end the comment with --}}'],
    [
      '{{#if issue.url}}\n  {{#each issue.keyPoints}}- {{this}}\n{{/if}}',
      2,
      6,
      '{{#each …}} is closed by {{/if}} — close it first, with {{/each}}',
    ],
    [
      'Title: {{{issue.title}}\n',
      1,
      8,
      '{{{issue.title}} opens with three braces and closes with two — use two on both sides: {{ }}',
    ],
    [
      'Hi {{lookup recipient "name" x=}}',
      1,
      32,
      '{{lookup recipient "name" x=}} cannot be read: Handlebars found "}}" where it expects a name or a value',
    ],
  ])(
    'names what is wrong with %j, at its line and column, in words instead of the parser’s tokens',
    (source, line, column, reason) => {
      const error = (() => {
        try {
          compileHandlebars(source, 'custom.txt.hbs', 'text');
        } catch (thrown) {
          return thrown as TemplateError;
        }
        throw new Error(`${source} compiled`);
      })();
      expect(error).toBeInstanceOf(TemplateError);
      expect([error.message, error.line, error.column]).toEqual([
        `Template custom.txt.hbs:${line}:${column}: ${reason}`,
        line,
        column,
      ]);
    },
  );

  it('reports a Handlebars parse error in the MJML source on its own line', async () => {
    const copy = await copyTemplates();
    const source = await readFile(path.join(copy, 'newsletter.mjml'), 'utf8');
    const line = source.split('\n').findIndex((l) => l.includes('{{linkify issue.lead}}')) + 1;
    const column = (source.split('\n')[line - 1] ?? '').indexOf('{{linkify issue.lead}}') + 1;
    await edit('newsletter.mjml', (s) => s.replace('{{linkify issue.lead}}', '{{issue.lead}'));
    const error = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
    expect(error).toBeInstanceOf(TemplateError);
    expect(error.file).toBe('newsletter.mjml');
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.message).toBe(
      `Template newsletter.mjml:${line}:${column}: {{issue.lead} is not closed — end it with }}`,
    );
  });

  it.each([
    ['{{shout issue.title}}', 'shout'],
    ['{{issue.title.}}', 'issue.title'],
    ['{{#each (shout issue.keyPoints)}}{{/each}}', 'shout'],
  ])(
    'refuses %s, a call of a helper that does not exist, on its line of the MJML source',
    async (call, name) => {
      const copy = await copyTemplates();
      const source = await readFile(path.join(copy, 'newsletter.mjml'), 'utf8');
      const line = source.split('\n').findIndex((l) => l.includes('{{linkify issue.lead}}')) + 1;
      await edit('newsletter.mjml', (s) =>
        s.replace('{{linkify issue.lead}}', `{{linkify issue.lead}} ${call}`),
      );
      const error = await compileTemplate('newsletter', { templatesDir: copy }).catch((e) => e);
      expect(error).toBeInstanceOf(TemplateError);
      expect(error.message).toBe(
        `Template newsletter.mjml:${line}: {{${name} …}} calls "${name}", which is not a helper (the helpers are each, if, linkify, log, lookup, rightToLeft, unless, with)`,
      );
    },
  );

  it('compiles every template in templates/ with its partials', async () => {
    for (const name of await listTemplates()) await compileTemplate(name);
  });

  it('refuses unescaped output in the HTML template', async () => {
    const copy = await copyTemplates();
    await edit('newsletter.mjml', (s) => s.replace('{{linkify issue.lead}}', '{{{issue.lead}}}'));
    await expect(compileTemplate('newsletter', { templatesDir: copy })).rejects.toThrow(
      /newsletter\.mjml:\d+: uses \{\{\{ \}\}\}/,
    );
  });

  it('names a template file that does not exist', async () => {
    await expect(compileTemplate('missing')).rejects.toThrow(
      'Template missing.mjml: does not exist',
    );
  });

  it('compiles, to the same version, beside images and notes among the partials, and still reads a partial of every type MJML includes', async () => {
    const copy = await copyTemplates();
    const before = await compileTemplate('newsletter', { templatesDir: copy });
    // An icon kept beside the partials, and notes that show Handlebars as it must not be written:
    // 'partials/icons/x.png: looks like a binary file' failed every template, send included.
    await mkdir(path.join(copy, 'partials', 'icons'));
    await writeFile(
      path.join(copy, 'partials', 'icons', 'x.png'),
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    );
    await writeFile(
      path.join(copy, 'partials', 'README.md'),
      'Never write {{> footer}} or {{#if x}\n',
    );
    const after = await compileTemplate('newsletter', { templatesDir: copy });
    expect([after.version, after.html]).toEqual([before.version, before.html]);

    for (const name of ['extra.mjml', 'extra.html', 'extra.css']) {
      await writeFile(path.join(copy, 'partials', name), '{{#if x}\n');
      await expect(compileTemplate('newsletter', { templatesDir: copy })).rejects.toThrow(
        `Template ${path.join('partials', name)}:1:1: {{#if x} is not closed — end it with }}`,
      );
      await rm(path.join(copy, 'partials', name));
    }
  });

  it("compiles, to the same version, beside an editor's swap, backup and lock files among the partials", async () => {
    const copy = await copyTemplates();
    const before = await compileTemplate('newsletter', { templatesDir: copy });
    // vim's swap file and backup of the partial open in it, its write probe, macOS's folder data.
    const noise: Record<string, Uint8Array | string> = {
      '.footer.mjml.swp': new Uint8Array([0x62, 0x30, 0x56, 0x49, 0x4d, 0x00, 0xff]),
      'footer.mjml~': '<mj-section>{{#if recipient.unsubscribeUrl}}',
      '4913': '',
      '.DS_Store': new Uint8Array([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31, 0xff]),
    };
    for (const [name, bytes] of Object.entries(noise)) {
      await writeFile(path.join(copy, 'partials', name), bytes);
    }
    const after = await compileTemplate('newsletter', { templatesDir: copy });
    expect(after.version).toBe(before.version);
    expect(after.html).toBe(before.html);
  });

  it('names the text part a new template still lacks, and where to add it', async () => {
    const copy = await copyTemplates();
    await cp(path.join(copy, 'confirmation.mjml'), path.join(copy, 'welcome.mjml'));
    await expect(compileTemplate('welcome', { templatesDir: copy })).rejects.toThrow(
      'Template welcome.txt.hbs: does not exist — add the text part of welcome.mjml beside it (every email has one)',
    );
  });

  it('refuses a name that is not a plain template name', async () => {
    await expect(compileTemplate('../secrets')).rejects.toThrow(TemplateError);
  });

  // The preview lists every <name>.mjml: one named as a designer would said only "is not a
  // template name", naming no file and no way out.
  it.each([
    ['Welcome', 'welcome'],
    ['spring sale', 'spring-sale'],
    ['promo_2024', 'promo-2024'],
    ['Café', 'cafe'],
  ])(
    'names the files of a template named %j, and the name to rename them to',
    async (name, fixed) => {
      await expect(compileTemplate(name)).rejects.toThrow(
        `Template ${name}.mjml: ${name} is not a template name (lower-case letters, digits and -) — rename ${name}.mjml, ${name}.txt.hbs and ${name}.preview.ts as ${fixed}.mjml, ${fixed}.txt.hbs and ${fixed}.preview.ts`,
      );
    },
  );

  it('names the files of a template named in letters it cannot write in lower-case ASCII', async () => {
    await expect(compileTemplate('お知らせ')).rejects.toThrow(
      'Template お知らせ.mjml: お知らせ is not a template name (lower-case letters, digits and -) — rename お知らせ.mjml, お知らせ.txt.hbs and お知らせ.preview.ts with lower-case letters, digits and -',
    );
  });
});
