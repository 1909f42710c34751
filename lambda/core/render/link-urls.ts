import { articleUrlProblem } from '../article/article-url';
import { escapeHtml } from './escape-html';

/**
 * A URL as people write one in running text: `http://` or `https://` (or `www.`) at the start of a
 * word (in Chinese or Japanese, which put no space before it, straight after a character; never
 * after `@`, `.`, `/` or `-`, inside an email address, a host name or a path), up to
 * the next space, quote, angle bracket, backtick or Chinese or Japanese punctuation (`。`, `，`,
 * `）`, `」`: the CJK symbols and the full-width forms' marks), none of which a URL holds unencoded.
 * One pass, no nested quantifiers: linear.
 */
const WRITTEN_URL =
  /(?<![@./-]|(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}])[\p{L}\p{N}_])(?:https?:\/\/|www\.)[^\s<>"`\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]+/giu;

/** What ends a sentence or a clause after a URL rather than belonging to it (or Markdown's bold). */
const TRAILING = /[.,;:!?'’”»\]}*]/u;

/** `candidate` without the punctuation that follows it in the sentence (a `)` it did not open). */
function withoutTrailingPunctuation(candidate: string): string {
  let end = candidate.length;
  let open = 0;
  let close = 0;
  for (const character of candidate) {
    if (character === '(') open++;
    else if (character === ')') close++;
  }
  while (end > 0) {
    const last = candidate[end - 1] as string;
    if (last === ')' && close > open) close--;
    else if (!TRAILING.test(last)) break;
    end--;
  }
  return candidate.slice(0, end);
}

/**
 * The link a written URL goes to: http(s) only, as the article's own link (articleUrlProblem),
 * `www.` taken as https; undefined if none. None either for a URL cut short with "…" (a lead or
 * summary cut at its word limit, a feed's excerpt, a post's shortened display URL): where it goes
 * is not known, and a link would lead to the cut address with "%E2%80%A6" at its end.
 */
function hrefOf(written: string): string | undefined {
  if (written.endsWith('…')) return undefined;
  const url = /^www\./i.test(written) ? `https://${written}` : written;
  return articleUrlProblem(url) === undefined ? new URL(url).href : undefined;
}

/**
 * Article text for the HTML part: escaped as Handlebars escapes it, with every http(s) or `www.`
 * URL written in it made a link that shows the URL as written. The text is escaped piece by piece,
 * so nothing from the article reaches the HTML unescaped; a link never holds another.
 */
export function linkUrls(text: string): string {
  let html = '';
  let from = 0;
  for (const match of text.matchAll(WRITTEN_URL)) {
    const written = withoutTrailingPunctuation(match[0]);
    const href = written === '' ? undefined : hrefOf(written);
    if (href === undefined) continue;
    html += escapeHtml(text.slice(from, match.index));
    html += `<a href="${escapeHtml(href)}" style="color: #1d4ed8; word-break: break-all;">${escapeHtml(written)}</a>`;
    from = match.index + written.length;
  }
  return html + escapeHtml(text.slice(from));
}
