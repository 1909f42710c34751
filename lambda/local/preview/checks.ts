import path from 'node:path';
import { parseHTML } from 'linkedom';
import { TemplateError } from '../../core/errors';
import { escapeHtml } from '../../core/render/escape-html';
import { clipBytes, GMAIL_CLIP_BYTES } from '../../core/render/gmail-clip';
import { type CompatibilityIssue, checkCompatibility } from './compatibility';
import type { ListFooter } from './render-preview';

export { clipBytes, GMAIL_CLIP_BYTES } from '../../core/render/gmail-clip';

type CheckLevel = 'error' | 'warning' | 'info' | 'ok';

/** One line of the checks panel. */
export interface Check {
  readonly group: 'MJML' | 'Size' | 'Feeds' | 'Compatibility' | 'Accessibility' | 'Content';
  readonly level: CheckLevel;
  readonly message: string;
  readonly details?: readonly string[];
}

/** What the checks look at: a rendered message's parts. */
export interface CheckInput {
  readonly html: string;
  readonly text: string;
  /** For list messages: what the footer of both parts must show. */
  readonly footer: ListFooter | null;
  /** How the issue was cut to fit under Gmail's clip (fitIssueDraft, fitDigest), when it was. */
  readonly fitNotes?: readonly string[];
  /** For a digest read from feeds: items passed over and why, items that would wait. */
  readonly feedNotes?: readonly string[];
}

interface MjmlProblem {
  readonly line?: number;
  readonly message?: string;
  readonly tagName?: string;
  readonly formattedMessage?: string;
}

/**
 * MJML's line for a problem with the files named as the other errors name them: relative to the
 * templates folder, and the main file by its name (MJML names the folder for it).
 */
function mjmlProblemLine(problem: MjmlProblem, templatesDir: string, mainFile: string): string {
  if (!problem.formattedMessage) return `Line ${problem.line}: ${problem.message}`;
  return problem.formattedMessage
    .replaceAll(`${templatesDir}${path.sep}`, '')
    .replaceAll(' of file ', ' of ')
    .replaceAll(` of ${templatesDir}`, ` of ${mainFile}`);
}

/**
 * Every MJML validation error behind a TemplateError (compileTemplate stops at the first one and
 * keeps MJML's full list as the cause); any other template error as itself. `template` is the
 * name of the template compiled from `templatesDir`.
 */
export function checkTemplateError(
  error: unknown,
  templatesDir: string,
  template: string,
): Check[] {
  if (!(error instanceof TemplateError)) return [];
  const problems = (error.cause as { errors?: MjmlProblem[] } | undefined)?.errors;
  if (!problems?.length) {
    return [{ group: 'MJML', level: 'error', message: error.message }];
  }
  return [
    {
      group: 'MJML',
      level: 'error',
      message: `${problems.length} validation error${problems.length === 1 ? '' : 's'} (strict)`,
      details: problems.map((problem) =>
        mjmlProblemLine(problem, templatesDir, `${template}.mjml`),
      ),
    },
  ];
}

/** caniemail's findings, one line per feature, folded into one check per support level. */
async function checkCompatibilityIssues(html: string): Promise<Check[]> {
  const issues = await checkCompatibility(html);
  if (issues.length === 0) {
    return [
      {
        group: 'Compatibility',
        level: 'ok',
        message: 'Fully supported by Gmail, Outlook and Apple Mail',
      },
    ];
  }
  const describe = (issue: CompatibilityIssue) =>
    `${issue.feature} — ${issue.clients.join(', ')}${issue.occurrences > 1 ? ` (×${issue.occurrences})` : ''}` +
    (issue.notes.length > 0 ? `: ${issue.notes.join(' ')}` : '');
  const unsupported = issues.filter((issue) => issue.support === 'unsupported');
  const partial = issues.filter((issue) => issue.support === 'partial');
  const plural = (n: number) => `${n} feature${n === 1 ? '' : 's'}`;
  const checks: Check[] = [];
  if (unsupported.length > 0) {
    checks.push({
      group: 'Compatibility',
      level: 'warning',
      message: `${plural(unsupported.length)} not supported by some of Gmail, Outlook, Apple Mail`,
      details: unsupported.map(describe),
    });
  }
  if (partial.length > 0) {
    checks.push({
      group: 'Compatibility',
      level: 'info',
      message: `${plural(partial.length)} only partly supported`,
      details: partial.map(describe),
    });
  }
  return checks;
}

function checkSize(html: string): Check {
  const bytes = clipBytes(html);
  const share = bytes / GMAIL_CLIP_BYTES;
  const message = `HTML is ${(bytes / 1024).toFixed(1)} KB as sent, of Gmail's 102 KB clip (${Math.round(share * 100)}%)`;
  if (share > 1)
    return { group: 'Size', level: 'error', message: `${message}: Gmail will clip it` };
  return { group: 'Size', level: share > 0.75 ? 'warning' : 'ok', message };
}

type HtmlDocument = ReturnType<typeof parseHTML>['document'];

function checkAccessibility(document: HtmlDocument): Check[] {
  const lang = document.documentElement.getAttribute('lang')?.trim();
  const images = [...document.querySelectorAll('img')];
  const withoutAlt = images.filter((image) => !image.hasAttribute('alt'));
  return [
    lang
      ? { group: 'Accessibility', level: 'ok', message: `<html lang="${lang}">` }
      : {
          group: 'Accessibility',
          level: 'error',
          message: 'No lang on <html>: screen readers guess the language (<mjml lang="en">)',
        },
    withoutAlt.length === 0
      ? {
          group: 'Accessibility',
          level: 'ok',
          message: `Every image has alt text (${images.length} image${images.length === 1 ? '' : 's'})`,
        }
      : {
          group: 'Accessibility',
          level: 'error',
          message: `${withoutAlt.length} image${withoutAlt.length === 1 ? '' : 's'} without alt text`,
          details: withoutAlt.map((image) => image.getAttribute('src') ?? '(no src)'),
        },
  ];
}

/**
 * Images a mail client can load: a web address, or data or a part of the message itself. A path
 * (`images/logo.png`, `/Users/me/logo.png`) has nothing to resolve against in an inbox; in the
 * preview it would only look broken, with nothing saying why.
 */
const LOADABLE_SRC = /^(https?:\/\/|data:|cid:)/i;

function checkImageSources(document: HtmlDocument): Check[] {
  const sources = [...document.querySelectorAll('img')].map(
    (image) => image.getAttribute('src')?.trim() ?? '',
  );
  const broken = sources.filter((src) => !LOADABLE_SRC.test(src));
  if (broken.length === 0) return [];
  return [
    {
      group: 'Content',
      level: 'error',
      message: `${broken.length} image${broken.length === 1 ? ' is' : 's are'} not at a web address (https://…): recipients will see ${broken.length === 1 ? 'it' : 'them'} broken`,
      details: broken.map((src) => src || '(no src)'),
    },
  ];
}

/** Lines of a part that still hold Handlebars braces: a value the template failed to fill. */
function findBraces(part: string, name: string): string[] {
  return part
    .split('\n')
    .map((line, index) => ({ line, index }))
    .filter(({ line }) => line.includes('{{') || line.includes('}}'))
    .map(({ line, index }) => `${name} line ${index + 1}: ${line.trim().slice(0, 120)}`);
}

function checkContent(input: CheckInput): Check[] {
  const braces = [...findBraces(input.html, 'HTML'), ...findBraces(input.text, 'text')];
  const checks: Check[] = [
    braces.length === 0
      ? { group: 'Content', level: 'ok', message: 'No unrendered {{ }}' }
      : {
          group: 'Content',
          level: 'error',
          message: `Unrendered {{ }} in ${braces.length} line${braces.length === 1 ? '' : 's'}`,
          details: braces,
        },
  ];
  if (input.footer !== null) {
    const { unsubscribeUrl: url, postalAddress: address } = input.footer;
    const missing = [
      !input.html.includes(escapeHtml(url)) && 'HTML unsubscribe link',
      !input.text.includes(url) && 'text unsubscribe link',
      !input.html.includes(escapeHtml(address)) && 'HTML postal address',
      !input.text.includes(address) && 'text postal address',
    ].filter((item): item is string => item !== false);
    checks.push(
      missing.length === 0
        ? {
            group: 'Content',
            level: 'ok',
            message: 'Footer has the unsubscribe link and postal address (both parts)',
          }
        : {
            group: 'Content',
            level: 'error',
            message: `Footer is missing: ${missing.join(', ')}`,
          },
    );
  }
  return checks;
}

/** Every check on a rendered message, in the order the panel shows them. */
export async function checkEmail(input: CheckInput): Promise<Check[]> {
  // Started first: caniemail's check runs in a worker thread while the others run here.
  const compatibility = checkCompatibilityIssues(input.html);
  const { document } = parseHTML(input.html);
  return [
    { group: 'MJML', level: 'ok', message: 'Valid (validation level strict)' },
    checkSize(input.html),
    ...(input.fitNotes ?? []).map((message): Check => ({ group: 'Size', level: 'info', message })),
    ...(input.feedNotes ?? []).map(
      (message): Check => ({ group: 'Feeds', level: 'info', message }),
    ),
    ...(await compatibility),
    ...checkAccessibility(document),
    ...checkContent(input),
    ...checkImageSources(document),
  ];
}
