import {
  appendFile,
  copyFile,
  cp,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { simpleParser } from 'mailparser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readArticleFile } from '../../../lambda/adapters/files/article-file';
import {
  compileTemplate,
  DEFAULT_TEMPLATES_DIR,
} from '../../../lambda/adapters/templates/compile-template';
import { draftIssue, prepareIssue } from '../../../lambda/core/issue/compose-issue';
import { createMessageRenderer } from '../../../lambda/core/render/message-renderer';
import { loadLocalConfig } from '../../../lambda/local/local-config';
import {
  startPreviewServer,
  WATCHED_OUTSIDE_ARTICLES,
} from '../../../lambda/local/preview/preview-server';
import { useSesEmulator } from '../../support/emulators';
import { openPreviewSandbox, type PreviewSandbox } from './preview-sandbox';

const ses = useSesEmulator();
let sandbox: PreviewSandbox;

beforeAll(async () => {
  sandbox = await openPreviewSandbox({ sesEndpoint: ses.emulator.endpoint });
});
afterEach(async () => {
  await sandbox.restore();
});
afterAll(async () => {
  await sandbox?.close();
});

async function get(pathAndQuery: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`${sandbox.server.url}${pathAndQuery}`);
  return { status: response.status, body: await response.text() };
}

async function getJson(pathAndQuery: string) {
  const response = await fetch(`${sandbox.server.url}${pathAndQuery}`);
  // biome-ignore lint/suspicious/noExplicitAny: the page's JSON, checked field by field below
  return { status: response.status, body: (await response.json()) as any };
}

async function sendJson(method: string, pathname: string, body: unknown, origin?: string) {
  const response = await fetch(`${sandbox.server.url}${pathname}`, {
    method,
    headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
    body: JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: the API's JSON, checked field by field below
  return { status: response.status, body: (await response.json()) as any };
}

/** Another preview server over the sandbox's files, sending tests to `sesEndpoint`. */
function startBesideSandbox(sesEndpoint: string) {
  return startPreviewServer({
    port: 0,
    templatesDir: sandbox.templatesDir,
    articlesDir: sandbox.articlesDir,
    article: sandbox.article,
    outboxDir: sandbox.outboxDir,
    sesEndpoint,
    log: () => {},
  });
}

/** The line of the first occurrence of `text` in a source, counting from 1. */
function lineOf(source: string, text: string): number {
  return source.slice(0, source.indexOf(text)).split('\n').length;
}

/** Server-sent events from /events, one at a time. */
async function listen() {
  const controller = new AbortController();
  const response = await fetch(`${sandbox.server.url}/events`, { signal: controller.signal });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (): Promise<{ event: string; data: unknown }> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (event && data) return { event, data: JSON.parse(data) };
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the event stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  return { next, close: () => controller.abort() };
}

describe('the preview server', () => {
  it('serves the seed issue at /email.html and its text part at /email.txt', async () => {
    const html = await get('/email.html');
    expect(html.status).toBe(200);
    expect(html.body).toContain('<html lang="en"');
    expect(html.body).toContain('What Xi and Putin want to gain from their joint meeting');
    const text = await get('/email.txt');
    expect(text.status).toBe(200);
    expect(text.body).toContain('## Putin wants guns');
    expect(text.body).toMatch(/Unsubscribe: http:\/\/127\.0\.0\.1:8787\/unsubscribe\?token=\S+/);
  });

  it('shows the parts of the very message SES would get, rendered by the production pipeline', async () => {
    const eml = await fetch(`${sandbox.server.url}/email.eml`);
    const message = await simpleParser(Buffer.from(await eml.arrayBuffer()));
    const header = (key: string) => message.headerLines.find((line) => line.key === key)?.line;
    expect(header('list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    const unsubscribeUrl = /<(.+)>/.exec(header('list-unsubscribe') ?? '')?.[1];

    const config = loadLocalConfig({});
    const draft = draftIssue(await readArticleFile(sandbox.article));
    const template = await compileTemplate('newsletter', { templatesDir: sandbox.templatesDir });
    const expected = createMessageRenderer(await prepareIssue(draft, template, config)).render({
      name: 'Sam Reader',
      unsubscribeUrl: unsubscribeUrl ?? '',
    });

    expect((await get('/email.html')).body).toBe(expected.html);
    expect((await get('/email.txt')).body).toBe(expected.text);
    expect(message.subject).toBe('What Xi and Putin want to gain from their joint meeting');
  });

  it('checks the seed issue: valid MJML, under the clip, compatibility notes, lang, no braces, a full footer', async () => {
    const { status, body } = await getJson('/api/checks');
    expect(status).toBe(200);
    const levels = Object.fromEntries(
      body.checks.map((check: { group: string; level: string; message: string }) => [
        `${check.group}: ${check.message.split(' ')[0]}`,
        check.level,
      ]),
    );
    expect(levels).toMatchObject({
      'MJML: Valid': 'ok',
      'Size: HTML': 'ok',
      'Accessibility: <html': 'ok',
      'Content: No': 'ok',
      'Content: Footer': 'ok',
    });
    expect(
      body.checks.filter((c: { group: string }) => c.group === 'Compatibility').length,
    ).toBeGreaterThan(0);
  });

  it('reflects an edit of the template, a partial, the text template or the article on the next request', async () => {
    await sandbox.edit('templates/newsletter.mjml', (s) =>
      s.replace('Hi {{recipient.name}},', 'Dear {{recipient.name}},'),
    );
    expect((await get('/email.html')).body).toContain('Dear Sam Reader,');

    await sandbox.edit('templates/partials/footer.mjml', (s) =>
      s.replace('because you subscribed to it', 'because you asked for it'),
    );
    expect((await get('/email.html')).body).toContain('because you asked for it');

    await sandbox.edit('templates/newsletter.txt.hbs', (s) =>
      s.replace('Unsubscribe: {{recipient.unsubscribeUrl}}', 'Leave: {{recipient.unsubscribeUrl}}'),
    );
    expect((await get('/email.txt')).body).toContain('Leave: http://127.0.0.1:8787/unsubscribe');

    await sandbox.edit(`articles/${path.basename(sandbox.article)}`, (s) =>
      s.replace('What Xi and Putin want', 'What Xi and Putin hope'),
    );
    expect((await get('/email.txt')).body).toContain('What Xi and Putin hope to gain');
  });

  it('tells the page about an edit through server-sent events', async () => {
    // Let the events of the previous test's restore go by first.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const events = await listen();
    try {
      expect((await events.next()).event).toBe('hello');
      await sandbox.edit('templates/newsletter.mjml', (s) => s.replace('Hi there,', 'Hello,'));
      const change = await events.next();
      expect(change.event).toBe('change');
      expect(change.data).toMatchObject({ files: [expect.stringContaining('newsletter.mjml')] });
    } finally {
      events.close();
    }
  });

  it('keeps following the templates folder after it is moved away and back', async () => {
    const away = `${sandbox.templatesDir}-away`;
    const text = path.join(sandbox.templatesDir, 'newsletter.txt.hbs');
    const events = await listen();
    const changed: string[][] = [];
    const reading = (async () => {
      for (;;) changed.push(((await events.next()).data as { files?: string[] }).files ?? []);
    })().catch(() => {});
    const names = (from: number, file: string) =>
      changed.slice(from).some((files) => files.some((changed) => changed.endsWith(file)));
    try {
      await rename(sandbox.templatesDir, away);
      await expect
        .poll(() => names(0, path.basename(sandbox.templatesDir)), { timeout: 10_000 })
        .toBe(true);
      await rename(away, sandbox.templatesDir);
      await expect.poll(() => names(0, 'newsletter.txt.hbs'), { timeout: 10_000 }).toBe(true);
      // chokidar reports the files of a folder that comes back before it watches them all: the
      // edit is made again until it is reported (never, before the fix).
      const before = changed.length;
      await expect
        .poll(
          async () => {
            await appendFile(text, '\nMoved back.\n');
            return names(before, 'newsletter.txt.hbs');
          },
          { timeout: 10_000 },
        )
        .toBe(true);
      expect((await get('/email.txt')).body).toContain('Moved back.');
    } finally {
      events.close();
      await reading;
      await rename(away, sandbox.templatesDir).catch(() => {});
      await writeFile(text, await readFile(path.join(DEFAULT_TEMPLATES_DIR, 'newsletter.txt.hbs')));
    }
  });

  it('answers a broken MJML template with its file and line, and recovers once it is fixed', async () => {
    await sandbox.edit('templates/newsletter.mjml', (s) =>
      s.replace('<mj-section>', '<mj-section bogus="yes">'),
    );
    const source = await readFile(path.join(sandbox.templatesDir, 'newsletter.mjml'), 'utf8');
    const line = lineOf(source, 'bogus="yes"');

    const html = await get('/email.html');
    expect(html.status).toBe(500);
    expect(html.body).toContain(`Template newsletter.mjml:${line}: Attribute bogus is illegal`);

    const preview = await getJson('/api/preview');
    expect(preview.status).toBe(422);
    expect(preview.body.error).toMatchObject({ kind: 'template', file: 'newsletter.mjml', line });
    expect(preview.body.error.excerpt.lines).toContainEqual({
      number: line,
      text: expect.stringContaining('bogus="yes"'),
    });
    const checks = await getJson('/api/checks');
    expect(checks.status).toBe(422);
    expect(checks.body.checks[0]).toMatchObject({ group: 'MJML', level: 'error' });
    expect(checks.body.checks[0].details).toEqual([
      `Line ${line} of newsletter.mjml (mj-section) — Attribute bogus is illegal`,
    ]);

    await sandbox.restore();
    expect((await get('/email.html')).status).toBe(200);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR (classic Mac)', '\r'],
  ])(
    'shows the line of an error and the lines around it in a file with %s line breaks',
    async (_name, eol) => {
      const cases = [
        ['templates/newsletter.mjml', '<mj-section>', '<mj-section bogus="yes">', 'bogus="yes"'],
        ['templates/partials/footer.mjml', '{{/if}}', '{{/iff}}', '{{/iff}}'],
      ] as const;
      for (const [file, from, to, marker] of cases) {
        await sandbox.edit(file, (s) => s.replace(from, to).replace(/\n/g, eol));
        const lines = (await readFile(path.join(sandbox.root, file), 'utf8')).split(eol);
        const line = lines.findIndex((text) => text.includes(marker)) + 1;
        const preview = await getJson('/api/preview');
        expect(preview.body.error).toMatchObject({ line, file: file.replace('templates/', '') });
        expect(preview.body.error.excerpt.lines).toEqual(
          [-3, -2, -1, 0, 1, 2, 3].map((offset) => ({
            number: line + offset,
            text: lines[line + offset - 1],
          })),
        );
        await sandbox.restore();
      }
    },
  );

  it('says MJML cannot tell the line of an error in a partial whose lines end with a lone CR, rather than naming line 1', async () => {
    await sandbox.edit('templates/partials/header.mjml', (s) =>
      s.replace('align="right"', 'alignn="right"').replace(/\n/g, '\r'),
    );
    const preview = await getJson('/api/preview');
    expect(preview.body.error).toMatchObject({ kind: 'template', file: 'partials/header.mjml' });
    expect(preview.body.error.line).toBeUndefined();
    expect(preview.body.error.message).toBe(
      'Template partials/header.mjml: Attribute alignn is illegal (mj-text) — MJML cannot tell the line in a file whose lines end with a lone CR (classic Mac): save partials/header.mjml with LF line breaks to see it',
    );
  });

  it('answers a Handlebars error in a partial with the partial and its line', async () => {
    await sandbox.edit('templates/partials/footer.mjml', (s) => s.replace('{{/if}}', '{{/iff}}'));
    const source = await readFile(path.join(sandbox.templatesDir, 'partials/footer.mjml'), 'utf8');
    const line = lineOf(source, '{{/iff}}');
    // At the name of the block left open, on the same line.
    const column = (source.split('\n')[line - 1] ?? '').indexOf('{{#if issue.archiveUrl}}') + 4;
    const text = await get('/email.txt');
    expect(text.status).toBe(500);
    expect(text.body).toBe(
      `Template partials/footer.mjml:${line}:${column}: {{#if …}} is closed by {{/iff}} — close it first, with {{/if}}\n`,
    );
  });

  it('answers an error whose column is known with the column too, for the page to point at', async () => {
    await sandbox.edit('templates/newsletter.mjml', (s) =>
      s.replace('{{issue.title}}', '{{issue.title}'),
    );
    const source = await readFile(path.join(sandbox.templatesDir, 'newsletter.mjml'), 'utf8');
    const line = lineOf(source, '{{issue.title}');
    const column = (source.split('\n')[line - 1] ?? '').indexOf('{{issue.title}') + 1;
    const preview = await getJson('/api/preview');
    expect(preview.body.error).toMatchObject({
      message: `Template newsletter.mjml:${line}:${column}: {{issue.title} is not closed — end it with }}`,
      file: 'newsletter.mjml',
      line,
      column,
    });
    expect(preview.body.error.excerpt).toMatchObject({ line, column });
  });

  it('answers a call of an unknown helper with the MJML file, its line and the lines around it', async () => {
    await sandbox.edit('templates/newsletter.mjml', (s) =>
      s.replace('{{issue.title}}', '{{shout issue.title}}'),
    );
    const source = await readFile(path.join(sandbox.templatesDir, 'newsletter.mjml'), 'utf8');
    const line = lineOf(source, '{{shout issue.title}}');
    const preview = await getJson('/api/preview');
    expect(preview.status).toBe(422);
    expect(preview.body.error).toMatchObject({
      kind: 'template',
      message: expect.stringMatching(
        new RegExp(
          `^Template newsletter\\.mjml:${line}: \\{\\{shout …\\}\\} calls "shout", which is not a helper`,
        ),
      ),
      file: 'newsletter.mjml',
      line,
    });
    expect(preview.body.error.excerpt.lines).toContainEqual({
      number: line,
      text: expect.stringContaining('{{shout issue.title}}'),
    });
  });

  it.each([
    [
      '{{> sidebar}}',
      '{{> sidebar}} calls a Handlebars partial, which templates do not have: share parts of the MJML with <mj-include path="./partials/….mjml" />',
    ],
    ['{{#if}}x{{/if}}', '{{#if}} takes exactly one value, as in {{#if issue.url}} (it has 0)'],
    [
      '{{lookup issue}}',
      '{{lookup}} takes exactly two values, as in {{lookup issue "title"}} (it has 1)',
    ],
    // A value helper written as a block printed its value ("false") in every email, in place of
    // both branches.
    [
      '{{#rightToLeft issue.language}}<p dir="rtl">{{else}}<p>{{/rightToLeft}}',
      '{{#rightToLeft}} gives a value, not a block: Handlebars would print that value in place of the block and its {{else}}; test it with {{#if (rightToLeft …)}}, or print it with {{rightToLeft …}}',
    ],
    [
      '{{#linkify issue.lead}}x{{/linkify}}',
      '{{#linkify}} gives a value, not a block: Handlebars would print that value in place of the block and its {{else}}; test it with {{#if (linkify …)}}, or print it with {{linkify …}}',
    ],
    [
      '{{#each issue.title}}{{this}}{{/each}}',
      '{{#each issue.title}} goes over a string, not a list, so it would show nothing: give #each a list, as in {{#each issue.keyPoints}}',
    ],
    [
      '{{issue.keyPoints}}',
      '{{issue.keyPoints}} prints a list, which would show as "[object Object],[object Object],…": go over it with {{#each issue.keyPoints}}…{{/each}}',
    ],
  ])(
    'answers %s with the MJML file and its line, not the compiled HTML',
    async (written, reason) => {
      await sandbox.edit('templates/newsletter.mjml', (s) => s.replace('{{issue.title}}', written));
      const source = await readFile(path.join(sandbox.templatesDir, 'newsletter.mjml'), 'utf8');
      const line = lineOf(source, written);
      const preview = await getJson('/api/preview');
      expect(preview.status).toBe(422);
      expect(preview.body.error).toMatchObject({
        kind: 'template',
        message: `Template newsletter.mjml:${line}: ${reason}`,
        file: 'newsletter.mjml',
        line,
      });
    },
  );

  it('points a value missing from the data at the file and line where it was written, not at the compiled HTML', async () => {
    await sandbox.edit('templates/partials/footer.mjml', (s) =>
      s.replace('{{list.postalAddress}}', '{{list.postalAdress}}'),
    );
    const footer = await readFile(path.join(sandbox.templatesDir, 'partials/footer.mjml'), 'utf8');
    const line = lineOf(footer, '{{list.postalAdress}}');
    const preview = await getJson('/api/preview');
    expect(preview.status).toBe(422);
    expect(preview.body.error).toMatchObject({
      kind: 'template',
      message: `Template partials/footer.mjml:${line}: "postalAdress" is not in the data ({{list.postalAdress}})`,
      file: 'partials/footer.mjml',
      line,
    });
    expect(preview.body.error.excerpt.lines).toContainEqual({
      number: line,
      text: expect.stringContaining('{{list.postalAdress}}'),
    });
    await sandbox.restore();
    await sandbox.edit('templates/newsletter.mjml', (s) =>
      s.replace('{{issue.title}}', '{{issue.titel}}'),
    );
    const source = await readFile(path.join(sandbox.templatesDir, 'newsletter.mjml'), 'utf8');
    expect((await get('/email.html')).body).toBe(
      `Template newsletter.mjml:${lineOf(source, '{{issue.titel}}')}: "titel" is not in the data ({{issue.titel}})\n`,
    );
  });

  it('shows an image whose src is not a web address, and says recipients cannot load it', async () => {
    await sandbox.edit('templates/partials/header.mjml', (s) =>
      s.replace('</mj-column>', '<mj-image src="images/logo.png" alt="Logo" /></mj-column>'),
    );
    expect((await get('/email.html')).status).toBe(200);
    const { status, body } = await getJson('/api/checks');
    expect(status).toBe(200);
    expect(body.checks).toContainEqual({
      group: 'Content',
      level: 'error',
      message: '1 image is not at a web address (https://…): recipients will see it broken',
      details: ['images/logo.png'],
    });
  });

  it('renders the newsletter from its preview data, re-reading the file after an edit', async () => {
    expect((await get('/email.txt?article=')).body).toContain('Hi Alex,');
    await sandbox.edit('templates/newsletter.preview.ts', (s) =>
      s.replace("name: 'Alex'", "name: 'Robin'"),
    );
    expect((await get('/email.txt?article=')).body).toContain('Hi Robin,');
  });

  it('answers preview data of the wrong shape with its file, field and line, and recovers once it is fixed', async () => {
    await sandbox.edit('templates/newsletter.preview.ts', (s) =>
      s.replace(/keyPoints: \[[\s\S]*?\n {4}\],/, "keyPoints: 'none',"),
    );
    const source = await readFile(path.join(sandbox.templatesDir, 'newsletter.preview.ts'), 'utf8');
    const line = lineOf(source, "keyPoints: 'none'");
    const message = `Template newsletter.preview.ts:${line}: previewData.issue.keyPoints must be a list, not text ("none")`;

    const preview = await getJson('/api/preview?article=');
    expect(preview.status).toBe(422);
    expect(preview.body.error).toMatchObject({
      kind: 'template',
      message,
      file: 'newsletter.preview.ts',
      line,
    });
    expect(preview.body.error.excerpt.lines).toContainEqual({
      number: line,
      text: "    keyPoints: 'none',",
    });
    const html = await get('/email.html?article=');
    expect(html.status).toBe(500);
    expect(html.body).toBe(`${message}\n`);

    await sandbox.restore();
    expect((await get('/email.txt?article=')).body).toContain('## Putin wants guns');
  });

  it('points a syntax error in preview data that another imports at the file and line it is in', async () => {
    await sandbox.edit('templates/newsletter.preview.ts', (s) =>
      s.replace("name: 'Alex',", "name: 'Alex',,"),
    );
    const source = await readFile(path.join(sandbox.templatesDir, 'newsletter.preview.ts'), 'utf8');
    const line = lineOf(source, "name: 'Alex',,");
    // The digest's preview data imports the newsletter's list.
    const preview = await getJson('/api/preview?template=digest');
    expect(preview.status).toBe(422);
    expect(preview.body.error).toMatchObject({
      message: `Template newsletter.preview.ts:${line}: Expected identifier but found ","`,
      file: 'newsletter.preview.ts',
      line,
    });
    expect(preview.body.error.excerpt.lines).toContainEqual({
      number: line,
      text: "    name: 'Alex',,",
    });
  });

  it('names the imported preview file an error is thrown in, and follows its edits', async () => {
    await sandbox.edit('templates/newsletter.preview.ts', (s) =>
      s.replace("name: 'Alex',", 'name: nameOfAlex,'),
    );
    const broken = await getJson('/api/preview?template=digest');
    expect(broken.body.error).toMatchObject({
      message: expect.stringContaining('nameOfAlex is not defined'),
      file: 'newsletter.preview.ts',
    });
    await sandbox.restore();
    await sandbox.edit('templates/newsletter.preview.ts', (s) =>
      s.replace('Example Media Ltd', 'Other Media Ltd'),
    );
    expect((await get('/email.txt?template=digest')).body).toContain('Other Media Ltd');
  });

  it('renders the confirmation email from its preview data, without list headers', async () => {
    const preview = await getJson('/api/preview?template=confirmation');
    expect(preview.status).toBe(200);
    expect(preview.body.text).toContain('https://news.example.com/confirm?token=preview');
    const names = preview.body.headers.map((h: { name: string }) => h.name.toLowerCase());
    expect(names).toContain('subject');
    expect(names).not.toContain('list-unsubscribe');
  });

  it('makes the selection of the page the current email of /email.html', async () => {
    const selected = await sendJson('PUT', '/api/selection', { template: 'confirmation' });
    expect(selected.body.selection.template).toBe('confirmation');
    try {
      expect((await get('/email.txt')).body).toContain('confirm?token=preview');
    } finally {
      await sendJson('PUT', '/api/selection', { template: 'newsletter' });
    }
    expect((await get('/email.txt')).body).toContain('## Putin wants guns');
  });

  it('names a picked article as the list of articles names it, however the path was written', async () => {
    // Not path.join, which would tidy it.
    const roundabout = `${sandbox.articlesDir}${path.sep}..${path.sep}articles${path.sep}.${path.sep}${path.basename(sandbox.article)}`;
    try {
      const selected = await sendJson('PUT', '/api/selection', { article: roundabout });
      expect(selected.status).toBe(200);
      const state = (await getJson('/api/state')).body;
      expect(state.articles).toContain(selected.body.selection.article);
      expect(state.selection.article).toBe(sandbox.article);
    } finally {
      await sendJson('PUT', '/api/selection', { article: sandbox.article });
    }
  });

  it('reads a path typed with ~ as in the home folder, as a shell would', async () => {
    // The page's path box is not a shell: "~/articles/…" was "was not found — check the path".
    const home = process.env.HOME;
    process.env.HOME = sandbox.root;
    try {
      const typed = `~${path.sep}articles${path.sep}${path.basename(sandbox.article)}`;
      const selected = await sendJson('PUT', '/api/selection', { article: typed });
      expect(selected.status).toBe(200);
      expect(selected.body.selection.article).toBe(sandbox.article);
      const email = await get(`/email.txt?article=${encodeURIComponent(typed)}`);
      expect(email.status).toBe(200);
    } finally {
      process.env.HOME = home;
      await sendJson('PUT', '/api/selection', { article: sandbox.article });
    }
  });

  // Pasted from a file manager: Windows' "Copy as path" quotes it, KDE and GNOME paste a file:// URL.
  it.each([
    ['in double quotes', (file: string) => `"${file}"`],
    ['in single quotes', (file: string) => `'${file}'`],
    ['as a file:// URL', (file: string) => pathToFileURL(file).href],
    ['with a quote in its name', (file: string) => file],
  ])('opens an article path pasted %s, as the file it names', async (how, written) => {
    const file = path.join(
      sandbox.root,
      how.includes('quote in') ? "it's a draft.md" : 'my draft é.md',
    );
    await copyFile(sandbox.article, file);
    try {
      const selected = await sendJson('PUT', '/api/selection', { article: written(file) });
      expect(selected.status).toBe(200);
      expect(selected.body.selection.article).toBe(file);
      const email = await get(`/email.txt?article=${encodeURIComponent(written(file))}`);
      expect(email.status).toBe(200);
    } finally {
      await sendJson('PUT', '/api/selection', { article: sandbox.article });
      await rm(file);
    }
  });

  it('refuses an article path that is a folder, without watching it', async () => {
    const selected = await sendJson('PUT', '/api/selection', { article: sandbox.root });
    expect(selected.status).toBe(400);
    expect(selected.body.error).toBe(`Article ${sandbox.root} is a directory — pass a file`);
    expect((await getJson('/api/state')).body.selection.article).toBe(sandbox.article);
  });

  it('watches each of the last articles picked from outside the folders, so two tabs on two drafts both follow their edits', async () => {
    // A writer with one draft in each tab saw the edits of the tab picked last only: the other
    // tab's draft was unwatched. The last WATCHED_OUTSIDE_ARTICLES picked are watched.
    const drafts = Array.from({ length: WATCHED_OUTSIDE_ARTICLES + 1 }, (_, index) =>
      path.join(sandbox.root, `draft-${index}.txt`),
    );
    const [first, second] = drafts as [string, string];
    const beside = path.join(sandbox.root, 'beside.txt');
    for (const file of [...drafts, beside]) await copyFile(sandbox.article, file);
    await new Promise((resolve) => setTimeout(resolve, 150));
    const events = await listen();
    try {
      expect((await events.next()).event).toBe('hello');
      expect((await sendJson('PUT', '/api/selection', { article: first })).status).toBe(200);
      expect((await sendJson('PUT', '/api/selection', { article: second })).status).toBe(200);
      // A file beside a draft is not reported; the draft of the other tab is.
      await appendFile(beside, '\nMore.\n');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await appendFile(first, '\nMore.\n');
      expect((await events.next()).data).toMatchObject({
        files: [expect.stringContaining('draft-0.txt')],
      });
      // Past the bound, the one picked longest ago is no longer watched. (After the watcher's
      // second look at the files it has just reported, which would see the next edit.)
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const draft of drafts.slice(2)) {
        expect((await sendJson('PUT', '/api/selection', { article: draft })).status).toBe(200);
      }
      await appendFile(first, '\nMore.\n');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await appendFile(second, '\nMore.\n');
      expect((await events.next()).data).toMatchObject({
        files: [expect.stringContaining('draft-1.txt')],
      });
    } finally {
      events.close();
      await sendJson('PUT', '/api/selection', { article: sandbox.article });
    }
  });

  it('keeps watching an article outside the folders that is deleted and written again', async () => {
    const outside = path.join(sandbox.root, 'outside.txt');
    await copyFile(sandbox.article, outside);
    const events = await listen();
    try {
      expect((await events.next()).event).toBe('hello');
      expect((await sendJson('PUT', '/api/selection', { article: outside })).status).toBe(200);
      await rm(outside);
      expect((await events.next()).data).toMatchObject({
        files: [expect.stringContaining('outside.txt')],
      });
      expect((await get('/email.txt')).status).toBe(422);
      await copyFile(sandbox.article, outside);
      expect((await events.next()).data).toMatchObject({
        files: [expect.stringContaining('outside.txt')],
      });
      await appendFile(outside, '\nMore.\n');
      expect((await events.next()).data).toMatchObject({
        files: [expect.stringContaining('outside.txt')],
      });
      expect((await get('/email.txt')).status).toBe(200);
    } finally {
      events.close();
      await sendJson('PUT', '/api/selection', { article: sandbox.article });
    }
  });

  it('answers an article the query names that cannot be read with 422 and the reason, not 500', async () => {
    const missing = path.join(sandbox.root, 'missing.txt');
    const html = await get(`/email.html?article=${encodeURIComponent(missing)}`);
    expect(html.status).toBe(422);
    expect(html.body).toBe(`Article ${missing} was not found — check the path\n`);
    const text = await get(`/email.txt?article=${encodeURIComponent(sandbox.root)}`);
    expect(text.status).toBe(422);
    expect(text.body).toBe(`Article ${sandbox.root} is a directory — pass a file\n`);
  });

  it('refuses a template that does not exist', async () => {
    const response = await getJson('/email.html?template=nope');
    expect(response.status).toBe(400);
    expect(response.body.error).toContain('"nope" is not a template');
  });

  it.each([
    // Latin-1 bytes for 'é': read as "caf�.txt", the answer was that such a file was not found.
    ['/email.html?article=caf%E9.txt', 'article=caf%E9.txt'],
    ['/api/preview?template=news%E0%A4%A', 'template=news%E0%A4%A'],
    ['/api/checks?template=newsletter&article=50%', 'article=50%'],
  ])('names a query parameter that is not percent-encoded UTF-8: %s', async (target, pair) => {
    const response = await getJson(target);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe(
      `The query's ${pair} is not percent-encoded UTF-8: write a % as %25, and a letter such as é as its UTF-8 bytes (%C3%A9)`,
    );
    // The server keeps answering.
    expect((await get('/email.txt')).status).toBe(200);
  });

  it('opens another templates folder without a newsletter on its first template', async () => {
    const own = path.join(sandbox.root, 'own-templates');
    await cp(path.join(sandbox.templatesDir, 'partials'), path.join(own, 'partials'), {
      recursive: true,
    });
    for (const file of ['confirmation.mjml', 'confirmation.txt.hbs', 'confirmation.preview.ts'])
      await copyFile(path.join(sandbox.templatesDir, file), path.join(own, file));
    const server = await startPreviewServer({ port: 0, templatesDir: own, log: () => {} });
    try {
      expect(server.workspace.selection().template).toBe('confirmation');
      const html = await fetch(`${server.url}/email.html`);
      expect(html.status).toBe(200);
      expect(await html.text()).toContain('Please confirm your subscription');
    } finally {
      await server.close();
    }
  });

  it('sends a test through SES and writes it to the outbox', async () => {
    await ses.emulator.clear();
    const sent = await sendJson('POST', '/api/send-test', { to: 'tester@example.com' });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ embedded: false, endpoint: ses.emulator.endpoint });

    const accepted = await ses.emulator.messages();
    expect(accepted).toHaveLength(1);
    expect(accepted[0]?.destination.to.join()).toContain('tester@example.com');
    expect(accepted[0]?.subject).toBe('What Xi and Putin want to gain from their joint meeting');
    expect(await readdir(sent.body.folder)).toEqual(['1.eml']);
  });

  it('sends a test to an address with an international domain, as a subscriber gets it', async () => {
    await ses.emulator.clear();
    const sent = await sendJson('POST', '/api/send-test', { to: 'tester+preview@bücher.de' });
    expect(sent.status).toBe(200);
    expect(await ses.emulator.messages()).toHaveLength(1);
    const copies = await readdir(sent.body.folder);
    const newest = Math.max(...copies.map((name) => Number.parseInt(name, 10)));
    const raw = await readFile(path.join(sent.body.folder, `${newest}.eml`), 'utf8');
    expect(raw).toMatch(/^To: Sam Reader <tester\+preview@xn--bcher-kva\.de>\r?$/m);
  });

  it('refuses a test to an address that is not one', async () => {
    const sent = await sendJson('POST', '/api/send-test', { to: 'not an address' });
    expect(sent.status).toBe(400);
    expect(sent.body.error).toMatch(/address/);
  });

  it('says that the SES endpoint is not answering, and which, when a test cannot reach it', async () => {
    // A loopback port nothing listens on once its server is closed: connections are refused.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const endpoint = `http://127.0.0.1:${port}`;
    const server = await startBesideSandbox(endpoint);
    try {
      const response = await fetch(`${server.url}/api/send-test`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: 'tester@example.com' }),
      });
      expect(response.status).toBe(502);
      expect(((await response.json()) as { error: string }).error).toBe(
        `SES at ${endpoint} is not answering (connect ECONNREFUSED 127.0.0.1:${port}): start it, or unset AWS_ENDPOINT_URL_SES and the preview sends through an SES emulator of its own`,
      );
    } finally {
      await server.close();
    }
  });

  it('refuses a second test of the same message to the same address while the first is in flight', async () => {
    // An SES endpoint that holds every send until released: the first test stays in flight.
    const held: (() => void)[] = [];
    const slow = createServer((request, response) => {
      request.resume();
      held.push(() =>
        response.end(
          '<SendRawEmailResponse><SendRawEmailResult><MessageId>held-1</MessageId></SendRawEmailResult></SendRawEmailResponse>',
        ),
      );
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const server = await startBesideSandbox(
      `http://127.0.0.1:${(slow.address() as AddressInfo).port}`,
    );
    const post = (to: string) =>
      fetch(`${server.url}/api/send-test`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to }),
      });
    try {
      const first = post('tester@example.com');
      await expect.poll(() => held.length).toBe(1);
      const second = await post(' tester@EXAMPLE.com ');
      expect(second.status).toBe(409);
      expect(((await second.json()) as { error: string }).error).toBe(
        'A test of newsletter to tester@example.com is already being sent: this one was not sent again',
      );
      // Another address is another message: it is sent.
      const other = post('editor@example.com');
      await expect.poll(() => held.length).toBe(2);
      for (const release of held) release();
      expect((await first).status).toBe(200);
      expect((await other).status).toBe(200);
      // Once the first is answered, the same test can be sent again.
      const again = post('tester@example.com');
      await expect.poll(() => held.length).toBe(3);
      held[2]?.();
      expect((await again).status).toBe(200);
    } finally {
      await server.close();
      await new Promise((resolve) => slow.close(resolve));
    }
  });

  it('answers HEAD as GET without the body, and names the methods of a 405 in Allow', async () => {
    for (const pathname of ['/', '/email.html', '/events']) {
      const head = await fetch(`${sandbox.server.url}${pathname}`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
    }
    const page = await fetch(`${sandbox.server.url}/`, { method: 'DELETE' });
    expect(page.status).toBe(405);
    expect(page.headers.get('allow')).toBe('GET, HEAD');
    expect(await page.json()).toEqual({ error: 'DELETE is not allowed on /: use GET, HEAD' });
    const selection = await fetch(`${sandbox.server.url}/api/selection`, { method: 'POST' });
    expect(selection.status).toBe(405);
    expect(selection.headers.get('allow')).toBe('PUT');
  });

  it('says a preview already runs on the port, where another preview is started on it', async () => {
    const port = Number(new URL(sandbox.server.url).port);
    await expect(
      startPreviewServer({
        port,
        templatesDir: sandbox.templatesDir,
        articlesDir: sandbox.articlesDir,
        article: sandbox.article,
        log: () => {},
      }),
    ).rejects.toThrow(
      `A preview is already running at ${sandbox.server.url}: open it there (it follows every edit), stop it (Ctrl+C where it runs), or pass --port <another> to run this one beside it`,
    );
    // Something else on the port is said as before.
    const other = createServer((_request, response) => response.end('{"templates":"no"}'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const taken = (other.address() as AddressInfo).port;
    try {
      await expect(startPreviewServer({ port: taken, log: () => {} })).rejects.toThrow(
        `Port ${taken} on 127.0.0.1 is already in use; stop what uses it or pass --port <another>`,
      );
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('answers only requests addressed to 127.0.0.1 and refuses posts from other sites', async () => {
    const { host, port } = new URL(sandbox.server.url);
    const statusOf = (path: string, headers: Record<string, string> = {}) =>
      new Promise<number | undefined>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port, path, headers })
          .on('response', (response) => {
            response.resume();
            resolve(response.statusCode);
          })
          .on('error', reject)
          .end();
      });
    expect(await statusOf('/email.html', { host: 'evil.example' })).toBe(403);
    // A target Node's parser lets through but URL cannot read: refused, not a server error.
    expect(await statusOf('http://[/email.html', { host })).toBe(400);

    const posted = await sendJson(
      'POST',
      '/api/send-test',
      { to: 'a@example.com' },
      'http://evil.example',
    );
    expect(posted.status).toBe(403);

    // What a page elsewhere makes the browser fetch (an <img>, a <script>, a form) says where it
    // comes from: such a page could not read the answer, but each request rendered the file its
    // URL names, as often as the page asked. Another port of localhost is the same site.
    const email = '/email.txt?article=/etc/hostname';
    for (const site of ['cross-site', 'same-site']) {
      expect(await statusOf(email, { host, 'sec-fetch-site': site })).toBe(403);
    }
    // The page's own requests, a URL typed in the address bar, and curl are answered.
    for (const site of ['same-origin', 'none']) {
      expect(await statusOf('/email.txt', { host, 'sec-fetch-site': site })).toBe(200);
    }
    expect(await statusOf('/email.txt', { host })).toBe(200);
    // A link to the studio followed from another site opens it.
    const link = { host, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' };
    expect(await statusOf('/', { ...link, 'sec-fetch-dest': 'document' })).toBe(200);
    expect(await statusOf('/email.txt', { ...link, 'sec-fetch-dest': 'iframe' })).toBe(403);
  });
});
