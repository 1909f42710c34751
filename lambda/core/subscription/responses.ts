import { createHash } from 'node:crypto';
import { escapeHtml } from '../render/escape-html';
import type { HttpResponse } from './http';

/** The pages' only style, allowed by its hash: the CSP permits nothing else to load or run. */
const PAGE_STYLE =
  'body{margin:0;background:#f4f4f5;color:#27272a;font:16px/1.6 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}' +
  'main{max-width:32rem;margin:12vh auto;padding:2rem;background:#fff;border-radius:8px}' +
  'h1{font-size:1.5rem;line-height:1.3;margin:0 0 .75rem}p{margin:0 0 1rem}.list{font-weight:700;color:#52525b}' +
  'button{font:inherit;font-weight:600;color:#fff;background:#1d4ed8;border:0;border-radius:6px;padding:.7rem 1.4rem;cursor:pointer}' +
  '@media (prefers-color-scheme:dark){body{background:#18181b;color:#e4e4e7}main{background:#27272a}.list{color:#d4d4d8}}';

const STYLE_HASH = createHash('sha256').update(PAGE_STYLE).digest('base64');

/**
 * Sent with every response, error pages included. Tokens travel in URLs, so no Referer may carry
 * them anywhere; nothing may frame the pages (the unsubscribe button is a click-jacking target);
 * forms may post only back to this API.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

export interface PageContent {
  /** The list's name, shown above the heading. */
  readonly listName: string;
  readonly heading: string;
  readonly paragraphs: readonly string[];
  /** A button that POSTs `List-Unsubscribe=One-Click` to `action` (a relative URL). */
  readonly unsubscribeButton?: { readonly action: string; readonly label: string };
}

/** A small HTML page; every value is escaped. */
export function page(status: number, content: PageContent, headers: Record<string, string> = {}) {
  const { listName, heading, paragraphs, unsubscribeButton: button } = content;
  const body = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(heading)} – ${escapeHtml(listName)}</title>`,
    `<style>${PAGE_STYLE}</style></head>`,
    `<body><main><p class="list">${escapeHtml(listName)}</p><h1>${escapeHtml(heading)}</h1>`,
    ...paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`),
    button
      ? `<form method="post" action="${escapeHtml(button.action)}">` +
        '<input type="hidden" name="List-Unsubscribe" value="One-Click">' +
        `<button type="submit">${escapeHtml(button.label)}</button></form>`
      : '',
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
  return respond(status, 'text/plain; charset=utf-8', `${message}\n`, headers);
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
