import type { NewsletterConfig } from '../config';
import { createMessageId, domainOf } from '../mime/build-message';
import { assertHeaderText } from '../mime/header-values';
import {
  createMessageStencil,
  fillMessageStencil,
  type MessageStencil,
} from '../mime/message-stencil';
import { encodeQuotedPrintableRun } from '../mime/quoted-printable';
import type { Clock, OutgoingMessage } from '../ports';
import { createToken, type TokenSecret } from '../tokens';
import { escapeHtml } from './handlebars-template';
import { compileParts } from './message-renderer';
import { type OpenPart, openRecipientSlots, type RecipientSlot } from './recipient-slots';
import type { PreparedIssue, RecipientView } from './types';

/** Who one message is for: a subscriber's id, address and name. */
export interface MessageRecipient {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
}

export interface MessageContextOptions {
  readonly prepared: PreparedIssue;
  readonly config: NewsletterConfig;
  /** Signs the unsubscribe tokens. */
  readonly secret: TokenSecret;
  /** Right-hand side of Message-IDs. @default the domain of config.fromAddress */
  readonly messageIdDomain?: string;
  /** For the Date header. @default the system clock */
  readonly clock?: Pick<Clock, 'now'>;
}

/** A body part, quoted-printable encoded except for the recipient's slots. */
type EncodedPart = readonly (Buffer | (RecipientSlot & { readonly followed: boolean }))[];

interface EncodedParts {
  readonly text: EncodedPart;
  readonly html: EncodedPart;
}

/** Everything prepareMessage needs, built once per issue. */
export interface MessageContext {
  readonly issueId: string;
  readonly config: NewsletterConfig;
  readonly secret: TokenSecret;
  readonly messageIdDomain: string;
  readonly clock: Pick<Clock, 'now'>;
  readonly stencil: MessageStencil;
  readonly named: EncodedParts;
  readonly anonymous: EncodedParts;
}

function encodePart(part: OpenPart): EncodedPart {
  return part.map((piece, index) => {
    const followed = index < part.length - 1;
    return typeof piece === 'string'
      ? encodeQuotedPrintableRun(piece, followed)
      : { ...piece, followed };
  });
}

/**
 * Builds, once per issue, what every recipient's message shares: the templates rendered with the
 * recipient's slots left open and encoded, and the MIME message around them (headers, boundaries)
 * built by MailComposer. Refuses templates whose slots cannot be filled per recipient.
 */
export async function createMessageContext(
  options: MessageContextOptions,
): Promise<MessageContext> {
  const { prepared, config } = options;
  const parts = compileParts(prepared.template);
  const shared = { list: prepared.list, issue: prepared.issue };
  const html = openRecipientSlots(parts.html, shared, `${prepared.template.name}.mjml`);
  const text = openRecipientSlots(parts.text, shared, `${prepared.template.name}.txt.hbs`);
  const stencil = await createMessageStencil({
    from: { address: config.fromAddress, name: config.fromName ?? config.listName },
    replyTo: config.replyTo ? { address: config.replyTo } : undefined,
    subject: prepared.issue.subject,
    listName: config.listName,
    listId: config.listId,
  });
  return {
    issueId: prepared.issueId,
    config,
    secret: options.secret,
    messageIdDomain: options.messageIdDomain ?? domainOf(config.fromAddress),
    clock: options.clock ?? Date,
    stencil,
    named: { text: encodePart(text.named), html: encodePart(html.named) },
    anonymous: { text: encodePart(text.anonymous), html: encodePart(html.anonymous) },
  };
}

function fillPart(part: EncodedPart, recipient: RecipientView): Buffer[] {
  return part.map((piece) => {
    if (Buffer.isBuffer(piece)) return piece;
    const value = recipient[piece.field] ?? '';
    return encodeQuotedPrintableRun(piece.escaped ? escapeHtml(value) : value, piece.followed);
  });
}

/** A display name on one line, or null when there is none. */
function cleanName(name: string | null): string | null {
  if (name === null) return null;
  assertHeaderText('recipient name', name);
  const trimmed = name.replace(/\s+/g, ' ').trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * One recipient's message, the hot path of delivery: an unsubscribe token and URL, the
 * recipient's values encoded into the issue's pre-encoded parts, and the MIME stencil filled.
 * The address and name are validated like buildMessage's.
 */
export function prepareMessage(
  context: MessageContext,
  recipient: MessageRecipient,
): OutgoingMessage {
  const { config } = context;
  const token = createToken(
    { purpose: 'unsubscribe', subscriberId: recipient.id, list: config.listId },
    context.secret,
  );
  const name = cleanName(recipient.name);
  const view: RecipientView = {
    name,
    unsubscribeUrl: `${config.publicUrl}/unsubscribe?token=${token}`,
  };
  const parts = name ? context.named : context.anonymous;
  const raw = fillMessageStencil(context.stencil, {
    to: { address: recipient.email, name },
    messageId: createMessageId(context.messageIdDomain),
    date: new Date(context.clock.now()),
    unsubscribeUrl: view.unsubscribeUrl,
    text: fillPart(parts.text, view),
    html: fillPart(parts.html, view),
  });
  return { raw, to: recipient.email, subscriberId: recipient.id, issueId: context.issueId };
}
