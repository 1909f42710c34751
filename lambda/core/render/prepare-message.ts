import type { NewsletterConfig } from '../config';
import { assertHeaderText } from '../mime/header-values';
import { createMessageId, domainOf } from '../mime/message-id';
import {
  fillMessageStencil,
  type LoadedStencil,
  loadMessageStencil,
} from '../mime/message-stencil';
import { encodeQuotedPrintableRun } from '../mime/quoted-printable';
import type { Clock, OutgoingMessage } from '../ports';
import { createToken, type TokenSecret } from '../tokens';
import { escapeHtml } from './escape-html';
import type { EncodedPart, EncodedParts, EncodedSlot, PreparedIssue, RecipientView } from './types';

/** Who one message is for: a subscriber's id, address and name. */
export interface MessageRecipient {
  readonly id: string;
  readonly email: string;
  readonly name: string | null;
}

export interface MessageContextOptions {
  /** The issue as compose prepared it; only its message kit is used. */
  readonly prepared: Pick<PreparedIssue, 'issueId' | 'messages'>;
  readonly config: NewsletterConfig;
  /** Signs the unsubscribe tokens. */
  readonly secret: TokenSecret;
  /** Right-hand side of Message-IDs. @default the domain of config.fromAddress */
  readonly messageIdDomain?: string;
  /** For the Date header. @default the system clock */
  readonly clock?: Pick<Clock, 'now'>;
}

/** An encoded part with its shared text as bytes. */
type LoadedPart = readonly (Buffer | EncodedSlot)[];

interface LoadedParts {
  readonly text: LoadedPart;
  readonly html: LoadedPart;
}

/** Everything prepareMessage needs, made once per issue from the issue's message kit. */
export interface MessageContext {
  readonly issueId: string;
  readonly config: NewsletterConfig;
  readonly secret: TokenSecret;
  readonly messageIdDomain: string;
  readonly clock: Pick<Clock, 'now'>;
  readonly stencil: LoadedStencil;
  readonly named: LoadedParts;
  readonly anonymous: LoadedParts;
}

function loadPart(part: EncodedPart): LoadedPart {
  return part.map((piece) => (typeof piece === 'string' ? Buffer.from(piece, 'latin1') : piece));
}

function loadParts(parts: EncodedParts): LoadedParts {
  return { text: loadPart(parts.text), html: loadPart(parts.html) };
}

/**
 * Readies an issue's message kit (built by compose with buildMessageKit) for per-recipient
 * filling: its text turned into bytes once. No template is compiled here.
 */
export function createMessageContext(options: MessageContextOptions): MessageContext {
  const { prepared, config } = options;
  return {
    issueId: prepared.issueId,
    config,
    secret: options.secret,
    messageIdDomain: options.messageIdDomain ?? domainOf(config.fromAddress),
    clock: options.clock ?? Date,
    stencil: loadMessageStencil(prepared.messages.stencil),
    named: loadParts(prepared.messages.named),
    anonymous: loadParts(prepared.messages.anonymous),
  };
}

function fillPart(part: LoadedPart, recipient: RecipientView): Buffer[] {
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
