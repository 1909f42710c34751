import { randomBytes } from 'node:crypto';
import { parseHTML } from 'linkedom';
import { simpleParser } from 'mailparser';
import { readArticleFile } from '../../adapters/files/article-file';
import { systemClock } from '../../adapters/system-clock';
import { compileTemplate, locateFillError } from '../../adapters/templates/compile-template';
import type { NewsletterConfig } from '../../core/config';
import { TemplateError, ValidationError } from '../../core/errors';
import { collectDigest, datedInTheFuture } from '../../core/feeds/collect-digest';
import {
  DIGEST_TEMPLATE,
  draftDigest,
  fitDigest,
  prepareDigest,
} from '../../core/feeds/digest-issue';
import type { FeedStateStore, WebClient } from '../../core/feeds/types';
import { draftIssue, prepareDraft } from '../../core/issue/compose-issue';
import { buildMessage } from '../../core/mime/build-message';
import { createMessageId, domainOf } from '../../core/mime/message-id';
import type { OutgoingMessage } from '../../core/ports';
import { buildMessageKit } from '../../core/render/message-kit';
import { compileParts } from '../../core/render/message-renderer';
import {
  createMessageContext,
  type MessageRecipient,
  prepareMessage,
} from '../../core/render/prepare-message';
import type { CompiledTemplate, NewsletterView, PreparedIssue } from '../../core/render/types';
import {
  CONFIRMATION_TEMPLATE,
  type ConfirmationView,
  createConfirmationComposer,
} from '../../core/subscription/confirmation-email';
import { type HeaderField, headerValue, readHeaderFields } from './header-fields';
import { loadPreviewData } from './preview-data';
import { anyView, confirmationView, digestView, newsletterView } from './preview-views';

/** The template issues are sent with (what `newsletter send` compiles). */
export const NEWSLETTER_TEMPLATE = 'newsletter';

/** What to render: a template and, for the newsletter, the article (null: its preview data). */
export interface PreviewSelection {
  readonly template: string;
  readonly article: string | null;
}

/** Feeds the digest is rendered from instead of its preview data (`newsletter preview --feed`). */
export interface PreviewFeeds {
  readonly urls: readonly string[];
  readonly maxArticles?: number;
  /** The fetcher `newsletter send --feed` uses (loopback allowed locally). */
  readonly web: WebClient;
}

export interface PreviewContext {
  readonly templatesDir: string;
  readonly config: NewsletterConfig;
  /** Most key points per article, as `newsletter send` takes them. */
  readonly maxPoints?: number;
  readonly feeds?: PreviewFeeds;
}

/** The recipient's unsubscribe URL and the list's postal address. */
export interface ListFooter {
  readonly unsubscribeUrl: string;
  readonly postalAddress: string;
}

/** One template rendered the way its recipients get it. */
export interface RenderedPreview {
  readonly selection: PreviewSelection;
  /** The message's Subject header, decoded. */
  readonly subject: string;
  /** The inbox preview text: the hidden text MJML writes from `<mj-preview>`. */
  readonly preheader: string;
  /** The HTML part of `raw`, decoded. */
  readonly html: string;
  /** The text part of `raw`, decoded. */
  readonly text: string;
  /** Who the preview is for (example.com never receives mail). */
  readonly recipient: MessageRecipient;
  /** The recipient's complete message, byte for byte as it would go to SES. */
  readonly raw: Buffer;
  readonly headers: readonly HeaderField[];
  /** What a list message's footer must show; null for other messages. */
  readonly footer: ListFooter | null;
  /** How the issue was cut to fit under Gmail's clip; empty when nothing was cut. */
  readonly fitNotes: readonly string[];
  /** For a digest read from feeds: what was passed over and why, and what would wait. */
  readonly feedNotes: readonly string[];
  /** The same message for another recipient ("send test"). */
  messageFor(recipient: MessageRecipient): Promise<OutgoingMessage>;
}

export const SAMPLE_RECIPIENT: MessageRecipient = {
  id: 'preview-recipient',
  email: 'reader@example.com',
  name: 'Sam Reader',
};

/**
 * Tokens in previews (unsubscribe, confirm) are signed with a key of this process: they are for
 * looking at, and no subscriber store knows the preview recipient anyway.
 */
const PREVIEW_SECRET = randomBytes(32).toString('hex');

/** How one template's messages are made, and for whom the preview shows it. */
interface MessageSource {
  readonly recipient: MessageRecipient;
  readonly postalAddress: string | null;
  readonly fitNotes?: readonly string[];
  readonly feedNotes?: readonly string[];
  compose(recipient: MessageRecipient): Promise<OutgoingMessage>;
}

/**
 * Renders a template through the code that sends it: compileTemplate (the one MJML compile),
 * then for the newsletter draftIssue → prepareDraft (fitted under Gmail's clip) →
 * createMessageContext → prepareMessage (compose and deliver), for the confirmation
 * createConfirmationComposer (the subscription API), and for any other template its preview data
 * through buildMessage. The HTML and text shown are decoded from the resulting message, so they
 * are exactly what a mail client receives.
 */
export async function renderPreview(
  context: PreviewContext,
  selection: PreviewSelection,
): Promise<RenderedPreview> {
  const template = await compileTemplate(selection.template, {
    templatesDir: context.templatesDir,
  });
  try {
    return await renderCompiled(context, selection, template);
  } catch (error) {
    throw await locateFillError(error, template, { templatesDir: context.templatesDir });
  }
}

async function renderCompiled(
  context: PreviewContext,
  selection: PreviewSelection,
  template: CompiledTemplate,
): Promise<RenderedPreview> {
  let source: MessageSource;
  if (template.name === NEWSLETTER_TEMPLATE) {
    source = await issueSource(context, selection.article, template);
  } else if (template.name === DIGEST_TEMPLATE) {
    source = await digestSource(context, template);
  } else {
    source =
      template.name === CONFIRMATION_TEMPLATE
        ? confirmationSource(
            context.config,
            template,
            await loadPreviewData(context.templatesDir, template.name, confirmationView),
          )
        : previewDataSource(
            context.config,
            template,
            await loadPreviewData(context.templatesDir, template.name, anyView),
          );
  }
  const raw = Buffer.from((await source.compose(source.recipient)).raw);
  const parsed = await simpleParser(raw, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipImageLinks: true,
    skipTextLinks: true,
  });
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  const headers = readHeaderFields(raw);
  const unsubscribeUrl = /^<(.+)>$/.exec(headerValue(headers, 'List-Unsubscribe') ?? '')?.[1];
  return {
    selection,
    subject: parsed.subject ?? '',
    preheader: readPreheader(html),
    html,
    text: parsed.text ?? '',
    recipient: source.recipient,
    raw,
    headers,
    footer:
      unsubscribeUrl && source.postalAddress !== null
        ? { unsubscribeUrl, postalAddress: source.postalAddress }
        : null,
    fitNotes: source.fitNotes ?? [],
    feedNotes: source.feedNotes ?? [],
    messageFor: source.compose,
  };
}

/** An issue from a template's preview data, as compose prepares one. */
async function preparePreviewData(
  context: PreviewContext,
  template: CompiledTemplate,
  view: NewsletterView,
): Promise<PreparedIssue> {
  const content = { template, list: view.list, issue: view.issue };
  return {
    issueId: view.issue.id,
    ...content,
    messages: await buildMessageKit(content, context.config),
  };
}

/** Messages of a prepared issue, as deliver makes them. */
function preparedSource(
  context: PreviewContext,
  prepared: PreparedIssue,
  recipient: MessageRecipient,
): MessageSource {
  const messages = createMessageContext({
    prepared,
    config: context.config,
    secret: PREVIEW_SECRET,
  });
  return {
    recipient,
    postalAddress: prepared.list.postalAddress,
    compose: async (to) => prepareMessage(messages, to),
  };
}

/**
 * The digest from its preview data (a list of articles), fitted under Gmail's clip as compose
 * fits a digest of feed items: the checks panel shows what was cut.
 */
async function digestSource(
  context: PreviewContext,
  template: CompiledTemplate,
): Promise<MessageSource> {
  if (context.feeds) return feedDigestSource(context, context.feeds, template);
  const view = await loadPreviewData(context.templatesDir, template.name, digestView);
  const fitted = fitDigest(template, view.list, view.issue);
  const prepared = await preparePreviewData(context, template, { ...view, issue: fitted.issue });
  return {
    ...preparedSource(context, prepared, { ...SAMPLE_RECIPIENT, name: view.recipient.name }),
    fitNotes: fitted.notes,
  };
}

/**
 * The preview reads feeds as a first run would: the newest items are new, and nothing is
 * remembered (it opens no store, so what `newsletter send --feed` sends next is left as it was).
 */
const NOTHING_SEEN: FeedStateStore = {
  get: async () => undefined,
  put: async () => {},
};

/** The digest of the feeds' items, read now, as compose collects, drafts and fits one. */
async function feedDigestSource(
  context: PreviewContext,
  feeds: PreviewFeeds,
  template: CompiledTemplate,
): Promise<MessageSource> {
  const collected = await collectDigest(
    { web: feeds.web, states: NOTHING_SEEN, clock: systemClock },
    { feeds: feeds.urls, maxArticles: feeds.maxArticles, maxPoints: context.maxPoints },
  );
  const passedOver = collected.passedOver.map(({ url, reason }) => `Passed over ${url}: ${reason}`);
  if (collected.entries.length === 0) {
    throw new ValidationError(
      '--feed',
      `gave no article to preview (${passedOver.join('; ') || 'the feeds list no items'})`,
    );
  }
  const digest = await prepareDigest(draftDigest(collected.entries), template, context.config);
  const waiting = [
    ...(collected.leftOut > 0
      ? [`${collected.leftOut} more items would wait for the next run (--max-articles)`]
      : []),
    ...(collected.datedLater > 0
      ? [`${datedInTheFuture(collected.datedLater)} would be held back for a later run`]
      : []),
    ...collected.olderOnFirstRead.map(
      ({ url, items }) =>
        `${items} older item${items === 1 ? '' : 's'} of ${url} would be taken as read, as a ` +
        "feed's first run sends only its newest --max-articles",
    ),
  ];
  return {
    ...preparedSource(context, digest.prepared, SAMPLE_RECIPIENT),
    fitNotes: digest.notes,
    feedNotes: [...passedOver, ...waiting],
  };
}

/** The newsletter, from an article (or the template's preview data) as compose and deliver make it. */
async function issueSource(
  context: PreviewContext,
  article: string | null,
  template: CompiledTemplate,
): Promise<MessageSource> {
  if (article === null) {
    const view = await loadPreviewData(context.templatesDir, template.name, newsletterView);
    const prepared = await preparePreviewData(context, template, view);
    return preparedSource(context, prepared, { ...SAMPLE_RECIPIENT, name: view.recipient.name });
  }
  const draft = draftIssue(await readArticleFile(article), { maxPoints: context.maxPoints });
  // Fitted under Gmail's clip as compose fits it: the checks panel shows what was left out.
  const { prepared, notes } = await prepareDraft(draft, template, context.config);
  return { ...preparedSource(context, prepared, SAMPLE_RECIPIENT), fitNotes: notes };
}

/** The double opt-in email, as the subscription API sends it, for the preview data's link. */
function confirmationSource(
  config: NewsletterConfig,
  template: CompiledTemplate,
  view: ConfirmationView,
): MessageSource {
  const compose = createConfirmationComposer(template, config);
  return {
    recipient: { ...SAMPLE_RECIPIENT, name: null },
    postalAddress: null,
    compose: (to) => compose(to, view.confirmation, Date.now()),
  };
}

/**
 * Any other message, filled with its preview data by the same strict Handlebars code and built
 * by buildMessage. The subject is the data's `subject` when it has one, else the `<mj-title>`.
 */
function previewDataSource(
  config: NewsletterConfig,
  template: CompiledTemplate,
  view: Record<string, unknown>,
): MessageSource {
  const parts = compileParts<Record<string, unknown>>(template);
  const html = parts.html(view);
  const text = parts.text(view);
  const subject =
    typeof view.subject === 'string' ? view.subject : parseHTML(html).document.title.trim();
  if (subject === '') {
    throw new TemplateError(
      `${template.name}.mjml`,
      'has no subject: give it an <mj-title> or its preview data a `subject`',
    );
  }
  return {
    recipient: SAMPLE_RECIPIENT,
    postalAddress: null,
    compose: async (to) => ({
      raw: await buildMessage({
        from: { address: config.fromAddress, name: config.fromName ?? config.listName },
        replyTo: config.replyTo ? { address: config.replyTo } : undefined,
        to: { address: to.email, name: to.name },
        subject,
        text,
        html,
        messageId: createMessageId(domainOf(config.fromAddress)),
        date: new Date(),
      }),
      to: to.email,
      subscriberId: to.id,
      issueId: `preview-${template.name}`,
    }),
  };
}

/** The hidden text MJML puts first in the body from `<mj-preview>`, without its padding. */
function readPreheader(html: string): string {
  const { document } = parseHTML(html);
  const hidden = [...document.querySelectorAll('body > div')].find((div) =>
    /display:\s*none/.test(div.getAttribute('style') ?? ''),
  );
  return (hidden?.textContent ?? '').replace(/[\u034f\u200b-\u200d\u00a0\s]+/g, ' ').trim();
}
