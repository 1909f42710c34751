import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TEMPLATES_DIR } from '../../adapters/templates/compile-template';
import type { NewsletterConfig } from '../../core/config';
import { NewsletterError } from '../../core/errors';
import { DIGEST_TEMPLATE } from '../../core/feeds/digest-issue';
import { SendFailure } from '../../core/ports';
import { normaliseEmail } from '../../core/subscribers/email-address';
import { allowHeader, closeServer, listen, requestTarget, securityHeaders } from '../http-server';
import { loadLocalConfig } from '../local-config';
import { PROJECT_ROOT, SAMPLE_ARTICLE } from '../sample';
import { checkTemplateError, clipBytes, GMAIL_CLIP_BYTES } from './checks';
import { describeError } from './describe-error';
import { headerBlock } from './header-fields';
import {
  EMAIL_POLICY,
  HttpError,
  optionalString,
  PAGE_POLICY,
  readJson,
  send,
  sendJson,
} from './http';
import {
  createPreviewWorkspace,
  displayPath,
  type PreviewWorkspace,
  type SelectionInput,
} from './preview-workspace';
import { NEWSLETTER_TEMPLATE, type PreviewFeeds, type RenderedPreview } from './render-preview';
import { createTestSender, DEFAULT_PREVIEW_OUTBOX, SesNotAnswering } from './send-test';
import { type SourceWatcher, watchSources } from './watch-sources';

const DEFAULT_PREVIEW_PORT = 3000;
/** Articles picked from outside the templates and articles folders that stay watched. */
export const WATCHED_OUTSIDE_ARTICLES = 8;
const HOST = '127.0.0.1';
const PAGE_DIR = fileURLToPath(new URL('./page/', import.meta.url));
const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/assets/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/assets/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
};
export interface PreviewServerOptions {
  /** Port on 127.0.0.1; 0 picks a free one. @default 3000 */
  readonly port?: number;
  /** @default the repository's templates/ */
  readonly templatesDir?: string;
  /** Articles offered in the picker. @default examples/articles */
  readonly articlesDir?: string;
  /** The article the newsletter is rendered from at first; null: its preview data. @default the seed article */
  readonly article?: string | null;
  /** @default digest with `feeds`, else newsletter */
  readonly template?: string;
  /** Feeds the digest is rendered from (read live) instead of its preview data. */
  readonly feeds?: PreviewFeeds;
  /** @default the local configuration (NEWSLETTER_* variables over the local defaults) */
  readonly config?: NewsletterConfig;
  /** Where sent tests are written. @default outbox/preview */
  readonly outboxDir?: string;
  /** @default AWS_ENDPOINT_URL_SES, else an embedded SES emulator */
  readonly sesEndpoint?: string;
  readonly maxPoints?: number;
  /** Where the server reports changes and failures. @default standard output */
  readonly log?: (line: string) => void;
}

export interface PreviewServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly workspace: PreviewWorkspace;
  close(): Promise<void>;
}

/**
 * The first `name=value` of the query that is not percent-encoded UTF-8: URLSearchParams reads
 * `?article=caf%E9.txt` (Latin-1 bytes for 'é') as "caf�.txt" and keeps a lone `%`, so the answer
 * named a file or template nobody asked for.
 */
function badlyEncodedParameter(url: URL): string | undefined {
  for (const pair of url.search.slice(1).split('&')) {
    try {
      decodeURIComponent(pair.replaceAll('+', ' '));
    } catch {
      return pair;
    }
  }
  return undefined;
}

/**
 * Whether a preview studio answers at `url`: `npm run preview` run a second time, while the first
 * still runs in another terminal, said only that the port was in use.
 */
async function previewAnswersAt(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/api/state`, { signal: AbortSignal.timeout(1_000) });
    const state = (await response.json()) as { templates?: unknown } | null;
    return Array.isArray(state?.templates);
  } catch {
    return false;
  }
}

function selectionFromQuery(url: URL): SelectionInput {
  return { template: url.searchParams.get('template'), article: url.searchParams.get('article') };
}

/** What the page shows of a render: everything but the raw body. */
function describeRender(rendered: RenderedPreview) {
  return {
    ok: true,
    selection: rendered.selection,
    subject: rendered.subject,
    preheader: rendered.preheader,
    html: rendered.html,
    text: rendered.text,
    headers: rendered.headers,
    rawHeaders: headerBlock(rendered.raw),
    size: {
      html: clipBytes(rendered.html),
      message: rendered.raw.length,
      clip: GMAIL_CLIP_BYTES,
    },
  };
}

/**
 * The preview studio: a small page (lambda/local/preview/page) over a JSON API, the current
 * email at `/email.html` and `/email.txt`, and server-sent events that tell the page to reload
 * when a template, partial, preview data file or article changes. Renders go through the
 * production pipeline (renderPreview). Listens on 127.0.0.1 only and answers only requests
 * addressed to it by that name, so other web pages cannot drive it; it takes no data-folder lock.
 */
export async function startPreviewServer(
  options: PreviewServerOptions = {},
): Promise<PreviewServer> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const templatesDir = path.resolve(options.templatesDir ?? DEFAULT_TEMPLATES_DIR);
  const articlesDir = path.resolve(
    options.articlesDir ?? path.join(PROJECT_ROOT, 'examples', 'articles'),
  );
  const preferred = options.feeds ? DIGEST_TEMPLATE : NEWSLETTER_TEMPLATE;
  const workspace = createPreviewWorkspace({
    templatesDir,
    articlesDir,
    config: options.config ?? loadLocalConfig(),
    maxPoints: options.maxPoints,
    ...(options.feeds ? { feeds: options.feeds } : {}),
    selection: {
      template: options.template ?? preferred,
      article: options.article === undefined ? SAMPLE_ARTICLE : options.article,
    },
  });
  // Another templates folder (--templates) may have no newsletter: it opens on its first template.
  const names = (await workspace.templates()).map((entry) => entry.name);
  const template = options.template ?? (names.includes(preferred) ? preferred : names[0]);
  // Checks the template and the article as a pick in the page would be: a bad --article stops here.
  await workspace.select({ template });
  const sender = createTestSender({
    outboxDir: options.outboxDir ?? DEFAULT_PREVIEW_OUTBOX,
    sesEndpoint: options.sesEndpoint,
  });

  /** Tests on their way to SES, by address and selection. */
  const sending = new Set<string>();
  const listeners = new Set<ServerResponse>();
  let version = 0;
  const broadcast = (event: string, data: unknown) => {
    for (const listener of listeners)
      listener.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const onChange = (files: string[]) => {
    version++;
    workspace.invalidate();
    // Start the render now: the page's request after the event joins it.
    workspace.render(workspace.selection()).catch(() => {});
    const shown = files.map(displayPath);
    log(`changed: ${shown.join(', ')}`);
    broadcast('change', { version, files: shown });
  };
  const folders = [templatesDir, articlesDir];
  const watcher: SourceWatcher = await watchSources(folders, onChange, {
    onError: (error) => log(`not watched: ${error.message}`),
  });
  /**
   * Articles picked from outside both folders, each watched on its own, the last picked last:
   * another tab may still show one picked before, so picking another does not unwatch it.
   */
  const outsideArticles = new Set<string>();
  const watchArticle = async (article: string | null) => {
    const absolute = article === null ? undefined : path.resolve(article);
    if (!absolute || folders.some((dir) => !path.relative(dir, absolute).startsWith('..'))) return;
    const watched = outsideArticles.delete(absolute);
    outsideArticles.add(absolute);
    const oldest = outsideArticles.values().next().value;
    const dropped =
      outsideArticles.size > WATCHED_OUTSIDE_ARTICLES && oldest !== undefined ? oldest : undefined;
    if (dropped) outsideArticles.delete(dropped);
    // Answered once an edit of the article would be reported: an edit right after is not missed.
    await Promise.all([dropped && watcher.remove(dropped), !watched && watcher.add(absolute)]);
  };
  await watchArticle(workspace.selection().article);

  const routes: Record<
    string,
    (request: IncomingMessage, response: ServerResponse, url: URL) => Promise<void>
  > = {
    'GET /api/state': async (_request, response) => {
      sendJson(response, 200, {
        templates: await workspace.templates(),
        articles: await workspace.articles(),
        selection: workspace.selection(),
        version,
      });
    },
    'PUT /api/selection': async (request, response) => {
      const body = await readJson(request);
      const selection = await workspace.select({
        template: optionalString(body, 'template'),
        article: optionalString(body, 'article'),
      });
      await watchArticle(selection.article);
      sendJson(response, 200, { selection });
    },
    'GET /api/preview': async (_request, response, url) => {
      const selection = await workspace.resolve(selectionFromQuery(url));
      try {
        sendJson(response, 200, describeRender(await workspace.render(selection)));
      } catch (error) {
        const described = await describeError(error, templatesDir);
        if (described.kind === 'unexpected')
          log(`render failed: ${(error as Error)?.stack ?? error}`);
        sendJson(response, 422, { ok: false, selection, error: described });
      }
    },
    // Apart from the preview: caniemail's checks take a while, and the email shows without them.
    'GET /api/checks': async (_request, response, url) => {
      const selection = await workspace.resolve(selectionFromQuery(url));
      try {
        sendJson(response, 200, { checks: await workspace.checks(selection) });
      } catch (error) {
        sendJson(response, 422, {
          checks: checkTemplateError(error, templatesDir, selection.template),
        });
      }
    },
    'GET /email.html': async (_request, response, url) => {
      const rendered = await renderOrExplain(url, response);
      if (rendered) send(response, 200, 'text/html; charset=utf-8', rendered.html, EMAIL_POLICY);
    },
    'GET /email.txt': async (_request, response, url) => {
      const rendered = await renderOrExplain(url, response);
      if (rendered) send(response, 200, 'text/plain; charset=utf-8', rendered.text);
    },
    'GET /email.eml': async (_request, response, url) => {
      const rendered = await renderOrExplain(url, response);
      if (rendered) send(response, 200, 'message/rfc822', rendered.raw);
    },
    'GET /events': async (request, response) => {
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        ...securityHeaders(PAGE_POLICY),
        connection: 'keep-alive',
      });
      // A HEAD gets the headers alone: a stream it cannot read would be held open for nothing.
      if (request.method === 'HEAD') {
        response.end();
        return;
      }
      response.write(`retry: 500\nevent: hello\ndata: ${JSON.stringify({ version })}\n\n`);
      listeners.add(response);
      response.on('close', () => listeners.delete(response));
    },
    'POST /api/send-test': async (request, response) => {
      const body = await readJson(request);
      const given = optionalString(body, 'to')?.trim();
      if (!given) throw new HttpError(400, 'Give the address to send the test to ("to")');
      // Checked as the import and the sign-up form check it: an international domain is sent
      // to in its ASCII form, as it would be to a subscriber.
      const to = normaliseEmail(given, 'to address');
      const selection = await workspace.resolve({
        template: optionalString(body, 'template'),
        article: optionalString(body, 'article'),
      });
      // A second click, or another tab, while the same test is on its way would send it twice.
      const key = JSON.stringify([to, selection.template, selection.article]);
      if (sending.has(key)) {
        throw new HttpError(
          409,
          `A test of ${selection.template} to ${to} is already being sent: this one was not sent again`,
        );
      }
      sending.add(key);
      try {
        const rendered = await workspace.render(selection);
        const message = await rendered.messageFor({
          ...rendered.recipient,
          id: 'preview-test',
          email: to,
        });
        const result = await sender.send(message);
        log(`sent a test of ${selection.template} (SES message ${result.messageId})`);
        sendJson(response, 200, result);
      } finally {
        sending.delete(key);
      }
    },
  };

  /** The render for the query's selection, or false after answering with the error (file:line). */
  async function renderOrExplain(
    url: URL,
    response: ServerResponse,
  ): Promise<RenderedPreview | false> {
    const selection = await workspace.resolve(selectionFromQuery(url));
    try {
      return await workspace.render(selection);
    } catch (error) {
      const described = await describeError(error, templatesDir);
      // A broken template is the server's own fault; an article the query names is the request's.
      const status = described.kind === 'article' || described.kind === 'input' ? 422 : 500;
      // Framed by the page like the email: refused as a framed page, the frame's document would be
      // Chromium's error page, which the page's scripts cannot read.
      send(response, status, 'text/plain; charset=utf-8', `${described.message}\n`, EMAIL_POLICY);
      return false;
    }
  }

  let allowedHosts = new Set<string>();
  const server = createServer(async (request, response) => {
    try {
      if (!allowedHosts.has(request.headers.host ?? '')) {
        throw new HttpError(403, `The preview answers only at ${[...allowedHosts][0]}`);
      }
      // What a page elsewhere has the browser fetch (an <img>, a frame, a script) cannot be read
      // there, but each such request rendered the file its URL names, as often as the page asked.
      // A link followed to the studio (a top-level page) is the user's own doing.
      const site = request.headers['sec-fetch-site'];
      const followed =
        request.headers['sec-fetch-mode'] === 'navigate' &&
        request.headers['sec-fetch-dest'] === 'document';
      if (site !== undefined && site !== 'same-origin' && site !== 'none' && !followed) {
        throw new HttpError(403, 'Requests from other sites are refused');
      }
      const origin = request.headers.origin;
      if (
        request.method !== 'GET' &&
        origin &&
        !allowedHosts.has(origin.replace(/^http:\/\//, ''))
      ) {
        throw new HttpError(403, 'Requests from other sites are refused');
      }
      const url = requestTarget(request);
      if (!url) throw new HttpError(400, 'Bad request target');
      const badlyEncoded = badlyEncodedParameter(url);
      if (badlyEncoded !== undefined) {
        throw new HttpError(
          400,
          `The query's ${badlyEncoded} is not percent-encoded UTF-8: write a % as %25, and a letter such as é as its UTF-8 bytes (%C3%A9)`,
        );
      }
      // HEAD is answered as GET; Node leaves the body out of an answer to HEAD.
      const method = request.method === 'HEAD' ? 'GET' : request.method;
      const asset = ASSETS[url.pathname];
      if (asset && method === 'GET') {
        send(response, 200, asset.type, await readFile(path.join(PAGE_DIR, asset.file)));
        return;
      }
      const route = routes[`${method} ${url.pathname}`];
      if (route) return await route(request, response, url);
      const methods = [
        ...(asset ? ['GET'] : []),
        ...Object.keys(routes)
          .filter((key) => key.endsWith(` ${url.pathname}`))
          .map((key) => key.split(' ')[0] as string),
      ];
      if (methods.length === 0) throw new HttpError(404, `Nothing at ${url.pathname}`);
      const allow = allowHeader(methods);
      throw new HttpError(
        405,
        `${request.method} is not allowed on ${url.pathname}: use ${allow}`,
        allow,
      );
    } catch (error) {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      if (error instanceof HttpError && error.allow) response.setHeader('allow', error.allow);
      if (error instanceof SesNotAnswering) {
        sendJson(response, 502, { error: error.message });
      } else if (error instanceof SendFailure) {
        sendJson(response, 502, { error: `SES refused the test message: ${error.message}` });
      } else if (error instanceof NewsletterError) {
        sendJson(response, error.status === 500 ? 400 : error.status, { error: error.message });
      } else {
        log(`request failed: ${(error as Error)?.stack ?? error}`);
        sendJson(response, 500, { error: `Unexpected error: ${(error as Error)?.message}` });
      }
    }
  });

  let port: number;
  try {
    port = await listen(server, HOST, options.port ?? DEFAULT_PREVIEW_PORT);
  } catch (error) {
    await watcher.close();
    const taken = `http://${HOST}:${options.port ?? DEFAULT_PREVIEW_PORT}`;
    const inUse = ((error as Error).cause as NodeJS.ErrnoException | undefined)?.code;
    if (inUse === 'EADDRINUSE' && (await previewAnswersAt(taken))) {
      throw new NewsletterError(
        `A preview is already running at ${taken}: open it there (it follows every edit), stop it (Ctrl+C where it runs), or pass --port <another> to run this one beside it`,
        { cause: error },
      );
    }
    throw error;
  }
  allowedHosts = new Set([`${HOST}:${port}`, `localhost:${port}`]);
  const url = `http://${HOST}:${port}`;

  return {
    url,
    workspace,
    async close() {
      for (const listener of listeners) listener.end();
      await Promise.all([closeServer(server), watcher.close(), sender.close()]);
    },
  };
}
