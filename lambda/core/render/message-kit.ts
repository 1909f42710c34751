import type { NewsletterConfig } from '../config';
import { TemplateError } from '../errors';
import { createMessageStencil } from '../mime/create-message-stencil';
import { encodeQuotedPrintableRun } from '../mime/quoted-printable';
import { escapeHtml } from './escape-html';
import { compileParts } from './message-renderer';
import { type OpenPart, type OpenParts, openRecipientSlots } from './recipient-slots';
import type { CompiledTemplate, EncodedPart, IssueView, ListView, MessageKit } from './types';

/** What an issue's messages are rendered from. */
export interface MessageKitContent {
  readonly template: CompiledTemplate;
  readonly list: ListView;
  readonly issue: IssueView;
}

function encodePart(part: OpenPart): EncodedPart {
  return part.map((piece, index) => {
    const followed = index < part.length - 1;
    return typeof piece === 'string'
      ? encodeQuotedPrintableRun(piece, followed).toString('latin1')
      : { ...piece, followed };
  });
}

/**
 * Refuses a part that would go out without what every newsletter message shows (DESIGN.md): the
 * recipient's unsubscribe link, to named and anonymous recipients alike, and the list's postal
 * address, as `shown` (escaped in the HTML). A template edited without its footer was sent so to
 * every subscriber; only the preview's checks said so.
 */
function assertFooter(parts: OpenParts, shown: string, file: string): void {
  for (const part of [parts.named, parts.anonymous]) {
    if (!part.some((piece) => typeof piece !== 'string' && piece.field === 'unsubscribeUrl')) {
      throw new TemplateError(
        file,
        'never shows {{recipient.unsubscribeUrl}} to some recipients: every issue carries a visible unsubscribe link in both parts, whether the recipient has a name or not — keep it in the footer',
      );
    }
    if (!part.some((piece) => typeof piece === 'string' && piece.includes(shown))) {
      throw new TemplateError(
        file,
        "never shows {{list.postalAddress}} to some recipients: every issue shows the list's postal address in both parts (the law in many countries asks for it) — keep it in the footer",
      );
    }
  }
}

/**
 * Builds, once per issue, what every recipient's message shares: the templates rendered with the
 * recipient's slots left open and encoded, and the MIME message around them (headers, boundaries)
 * built by MailComposer. Refuses templates whose slots cannot be filled per recipient.
 */
export async function buildMessageKit(
  content: MessageKitContent,
  config: NewsletterConfig,
): Promise<MessageKit> {
  const { template } = content;
  const parts = compileParts(template);
  const shared = { list: content.list, issue: content.issue };
  const html = openRecipientSlots(parts.html, shared, `${template.name}.mjml`);
  const text = openRecipientSlots(parts.text, shared, `${template.name}.txt.hbs`);
  const address = content.list.postalAddress;
  assertFooter(html, escapeHtml(address), `${template.name}.mjml`);
  assertFooter(text, address, `${template.name}.txt.hbs`);
  const stencil = await createMessageStencil({
    from: { address: config.fromAddress, name: config.fromName ?? config.listName },
    replyTo: config.replyTo ? { address: config.replyTo } : undefined,
    subject: content.issue.subject,
    listName: config.listName,
    listId: config.listId,
  });
  return {
    stencil,
    named: { text: encodePart(text.named), html: encodePart(html.named) },
    anonymous: { text: encodePart(text.anonymous), html: encodePart(html.anonymous) },
  };
}
