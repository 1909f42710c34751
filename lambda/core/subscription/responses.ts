import { createHash } from 'node:crypto';
import { escapeHtml } from '../render/escape-html';
import type { HttpResponse } from './http';

/** The pages' only style, allowed by its hash: the CSP permits nothing else to load. */
const PAGE_STYLE =
  'body{margin:0;background:#f4f4f5;color:#27272a;font:16px/1.6 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}' +
  'main{max-width:32rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:8px;overflow-wrap:anywhere}' +
  'h1{font-size:1.5rem;line-height:1.3;margin:0 0 .75rem}p{margin:0 0 1rem}.list{font-weight:700;color:#52525b}.small{font-size:.875rem;color:#52525b}' +
  'a{color:#1d4ed8}.error{color:#b91c1c;font-weight:600;margin:0 0 .5rem}' +
  'label{display:block;font-weight:600;margin:0 0 .25rem}input{font:inherit;box-sizing:border-box;width:100%;padding:.55rem .7rem;margin:0 0 1rem;border:1px solid #71717a;border-radius:6px}' +
  '.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}' +
  'button{font:inherit;font-weight:600;color:#fff;background:#1d4ed8;border:0;border-radius:6px;padding:.7rem 1.4rem;cursor:pointer}' +
  '@media (prefers-color-scheme:dark){body{background:#18181b;color:#e4e4e7}main{background:#27272a}.list,.small{color:#d4d4d8}input{background:#18181b;color:#e4e4e7}a{color:#93c5fd}.error{color:#fca5a5}}';

/**
 * The pages' only script: it submits the confirm page's form at once, so a person who opens the
 * link sees no extra step, while a link scanner that fetches without running scripts confirms
 * nothing. Allowed by its hash.
 */
const AUTO_SUBMIT_SCRIPT = "document.getElementById('auto-submit').submit();";

/**
 * The sign-up form's script: the form is sent once. A person who clicks again while a slow answer
 * is on its way would otherwise send it again, each a sign-up and a confirmation email, using up
 * the mailbox's three an hour. Back on the page (the back-forward cache keeps it as it was), it
 * can be sent again. Allowed by its hash; without script the form works as before.
 */
export const SEND_ONCE_SCRIPT =
  "var f=document.getElementById('sign-up');f.addEventListener('submit',function(e){if(f.dataset.sent){e.preventDefault()}else{f.dataset.sent='1'}});addEventListener('pageshow',function(){delete f.dataset.sent});";

const hashOf = (source: string) => createHash('sha256').update(source).digest('base64');

/**
 * Sent with every response, error pages included. Tokens travel in URLs, so no Referer may carry
 * them anywhere; nothing may frame the pages (the unsubscribe button is a click-jacking target);
 * forms may post only back to this API; only the pages' own style and scripts run.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': `default-src 'none'; style-src 'sha256-${hashOf(PAGE_STYLE)}'; script-src 'sha256-${hashOf(AUTO_SUBMIT_SCRIPT)}' 'sha256-${hashOf(SEND_ONCE_SCRIPT)}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
  // Tokens travel in URLs, so a page opened once over HTTPS is never asked for over plain HTTP
  // again, where anyone on the network could read the link. Only this host: the API's name may
  // be a subdomain of the operator's site, whose other hosts are not ours to decide. Browsers
  // ignore it over plain HTTP (the local server).
  'strict-transport-security': 'max-age=31536000',
};

/** A form of hidden fields and one button, POSTed to `action` (a relative URL). */
interface PageForm {
  readonly action: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly label: string;
  /** Submitted by the page's script as soon as it loads. */
  readonly autoSubmit?: boolean;
}

/** A link shown after the paragraphs: the way forward from a page that ends something. */
interface PageLink {
  /** Relative to the page, like the forms' actions; absolute where the page's path is unknown. */
  readonly href: string;
  readonly label: string;
}

export interface PageContent {
  /** The list's name, shown above the heading. */
  readonly listName: string;
  readonly heading: string;
  readonly paragraphs: readonly string[];
  readonly form?: PageForm;
  readonly link?: PageLink;
}

/** A small HTML page; every value is escaped. */
export function page(status: number, content: PageContent, headers: Record<string, string> = {}) {
  const { heading, paragraphs, form, link } = content;
  const main = [
    `<h1>${escapeHtml(heading)}</h1>`,
    ...paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`),
    form ? formHtml(form) : '',
    link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>` : '',
  ].join('\n');
  return {
    ...htmlPage(status, { listName: content.listName, title: heading, main }, headers),
    message: [asSentence(heading), ...paragraphs].join(' '),
  };
}

/** `text` ending as a sentence does: with its own stop, or a full stop added. */
export function asSentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

function formHtml(form: PageForm): string {
  const id = form.autoSubmit ? ' id="auto-submit"' : '';
  const hidden = Object.entries(form.fields).map(
    ([name, value]) =>
      `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`,
  );
  return [
    `<form method="post" action="${escapeHtml(form.action)}"${id}>`,
    ...hidden,
    `<button type="submit">${escapeHtml(form.label)}</button></form>`,
    form.autoSubmit ? `<script>${AUTO_SUBMIT_SCRIPT}</script>` : '',
  ].join('');
}

/**
 * The page around `main`, which must be HTML this module's callers built from escaped values.
 * `title` and `listName` are escaped here.
 */
export function htmlPage(
  status: number,
  content: { readonly listName: string; readonly title: string; readonly main: string },
  headers: Record<string, string> = {},
) {
  const listName = escapeHtml(content.listName);
  const body = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(content.title)} – ${listName}</title>`,
    `<style>${PAGE_STYLE}</style></head>`,
    `<body><main><p class="list">${listName}</p>`,
    content.main,
    '</main></body></html>',
    '',
  ].join('\n');
  return respond(status, 'text/html; charset=utf-8', body, headers);
}

/** A JSON answer, for clients that sent JSON. */
export function json(status: number, value: unknown, headers: Record<string, string> = {}) {
  return respond(status, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`, headers);
}

/** A one-line plain-text answer, for routing errors where no page makes sense. */
export function text(status: number, message: string, headers: Record<string, string> = {}) {
  return { ...respond(status, 'text/plain; charset=utf-8', `${message}\n`, headers), message };
}

function respond(
  status: number,
  contentType: string,
  body: string,
  headers: Record<string, string>,
): HttpResponse {
  return {
    status,
    headers: { ...SECURITY_HEADERS, 'content-type': contentType, ...headers },
    body,
  };
}
