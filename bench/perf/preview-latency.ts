/**
 * The preview's live reload as a writer feels it (issue 6: "within a second"): from saving a file
 * to the open page showing the change, in Debian's Chromium (the e2e suite's), on a throwaway copy
 * of templates/ and the seed article (test/integration/preview/preview-sandbox.ts). The page
 * notes the time its desktop frame has loaded the change; both clocks are this machine's.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { NewsletterError } from '../../lambda/core/errors';
import { SAMPLE_RECIPIENT } from '../../lambda/local/preview/render-preview';
import { CHROMIUM_PATH, launchChromium } from '../../test/e2e/chromium';
import {
  openPreviewSandbox,
  type PreviewSandbox,
} from '../../test/integration/preview/preview-sandbox';
import { summarize } from './stats';

type PreviewEditKind = 'template' | 'article';

/** A change the page can only show once it has re-rendered: numbered, so no two look alike. */
interface Edit {
  readonly file: (sandbox: PreviewSandbox) => string;
  readonly change: (source: string, n: number) => string;
  /** Text of the desktop frame once edit `n` is shown. */
  readonly shown: (n: number) => string;
}

const EDITS: Readonly<Record<PreviewEditKind, Edit>> = {
  template: {
    file: () => path.join('templates', 'newsletter.mjml'),
    change: (source, n) =>
      source.replace(/Hi(?: \d+)? \{\{recipient\.name\}\},/, `Hi ${n} {{recipient.name}},`),
    shown: (n) => `Hi ${n} ${SAMPLE_RECIPIENT.name},`,
  },
  article: {
    file: (sandbox) => path.join('articles', path.basename(sandbox.article)),
    // The first line is the title, the email's heading.
    change: (source, n) => source.replace(/^(.*?)(?: \(edit \d+\))?$/m, `$1 (edit ${n})`),
    shown: (n) => `(edit ${n})`,
  },
};

/** An edit not shown by then is a failure, not a slow figure. */
const SHOWN_TIMEOUT_MS = 10_000;
/** Lets the watcher settle between edits, so one edit's events never fold into the next. */
const PAUSE_BETWEEN_EDITS_MS = 200;

/** Refuses at once, before anything runs, when the bench cannot drive a browser. */
export function checkChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new NewsletterError(
      `Chromium is not at ${CHROMIUM_PATH} (the preview's live reload is timed in it): install it with \`apt-get install chromium\`, set CHROMIUM_PATH, or pass --no-preview`,
    );
  }
}

/**
 * Resolves, in the page, with the wall-clock time the desktop frame has loaded `text`. A string,
 * evaluated in the page, so the bench needs no DOM types.
 */
function whenShown(page: Page, text: string): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const frame = document.querySelector('#frame-desktop');
    const timer = setTimeout(
      () => reject(new Error(${JSON.stringify(`not shown within ${SHOWN_TIMEOUT_MS} ms: ${text}`)})),
      ${SHOWN_TIMEOUT_MS},
    );
    frame.addEventListener('load', function seen() {
      if (!frame.contentDocument.body.textContent.includes(${JSON.stringify(text)})) return;
      frame.removeEventListener('load', seen);
      clearTimeout(timer);
      resolve(Date.now());
    });
  })`) as Promise<number>;
}

/** Saves edit `n` of `kind` and returns the milliseconds until the page shows it. */
async function timeEdit(
  page: Page,
  sandbox: PreviewSandbox,
  kind: PreviewEditKind,
  n: number,
): Promise<number> {
  const edit = EDITS[kind];
  const shown = whenShown(page, edit.shown(n));
  // The listener is in place before the file changes.
  await page.evaluate('0');
  const savedAt = Date.now();
  await sandbox.edit(edit.file(sandbox), (source) => edit.change(source, n));
  const ms = (await shown) - savedAt;
  await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_EDITS_MS));
  return ms;
}

/**
 * `warmup` untimed edits of each kind, then `rounds` timed ones, template and article edits taking
 * turns. Checks that the page was never reloaded: live reload swaps the frames only.
 */
export async function measurePreviewEdits(
  options: { readonly rounds: number; readonly warmup: number },
  progress: (message: string) => void,
) {
  const [sandbox, browser] = await Promise.all([openPreviewSandbox(), launchChromium()]);
  try {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(SHOWN_TIMEOUT_MS);
    await page.goto(sandbox.server.url);
    await page.frameLocator('#frame-desktop').locator('h1').waitFor();
    await page.evaluate("window.sameDocument = 'yes'");
    const ms: Record<PreviewEditKind, number[]> = { template: [], article: [] };
    const total = options.warmup + options.rounds;
    for (let n = 1; n <= total; n++) {
      progress(`preview: edit round ${n} of ${total}${n <= options.warmup ? ' (warm-up)' : ''}`);
      for (const kind of ['template', 'article'] as const) {
        const shownMs = await timeEdit(page, sandbox, kind, n);
        if (n > options.warmup) ms[kind].push(shownMs);
      }
    }
    if ((await page.evaluate('window.sameDocument')) !== 'yes') {
      throw new Error('the preview page reloaded itself during the edits');
    }
    return {
      rounds: options.rounds,
      template: summarize(ms.template),
      article: summarize(ms.article),
      maxMs: Math.max(...ms.template, ...ms.article),
    };
  } finally {
    await browser.close();
    await sandbox.close();
  }
}
