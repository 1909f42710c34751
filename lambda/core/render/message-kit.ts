import type { NewsletterConfig } from '../config';
import { createMessageStencil } from '../mime/create-message-stencil';
import { encodeQuotedPrintableRun } from '../mime/quoted-printable';
import { compileParts } from './message-renderer';
import { type OpenPart, openRecipientSlots } from './recipient-slots';
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
