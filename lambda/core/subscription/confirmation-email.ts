/**
 * The double opt-in email: the `confirmation` template (compiled once, like the newsletter's),
 * filled by the same Handlebars code and built by the same MIME builder, to one recipient.
 *
 * It carries nothing the requester chose: not the name (kept on the record, never echoed), so
 * the sign-up form cannot be used to mail a link or a pitch to any address.
 */
import type { NewsletterConfig } from '../config';
import { buildMessage } from '../mime/build-message';
import { createMessageId, domainOf } from '../mime/message-id';
import type { OutgoingMessage } from '../ports';
import { compileParts } from '../render/message-renderer';
import type { CompiledTemplate, ListView } from '../render/types';

/** The template the confirmation is rendered with (templates/confirmation.mjml + .txt.hbs). */
export const CONFIRMATION_TEMPLATE = 'confirmation';

/**
 * Stands in for an issue id on confirmation emails: the SES `issue-id` tag, and locally the
 * outbox folder (outbox/confirmations/) where each one is written.
 */
export const CONFIRMATIONS = 'confirmations';

/** What the confirmation template sees. */
export interface ConfirmationView {
  readonly list: ListView;
  readonly confirmation: {
    /** `${publicUrl}/confirm?token=…` */
    readonly url: string;
    /** How long the link works, in words: "48 hours", "1 hour". */
    readonly expiresIn: string;
  };
}

interface ConfirmationRecipient {
  readonly id: string;
  readonly email: string;
}

export type ComposeConfirmation = (
  recipient: ConfirmationRecipient,
  link: ConfirmationView['confirmation'],
  now: number,
) => Promise<OutgoingMessage>;

/**
 * How long a link that ends at `deadline` works, for the email: whole hours rounded up, so a
 * link sent just after a sign-up says 48 hours (not 47), and the last one says 1 hour.
 */
export function linkLifetime(deadline: number, now: number): string {
  const hours = Math.max(1, Math.ceil((deadline - now) / 3_600_000));
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

function confirmationSubject(config: Pick<NewsletterConfig, 'listName'>): string {
  return `Confirm your subscription to ${config.listName}`;
}

/** Compiles the template's Handlebars once; each call renders and builds one message. */
export function createConfirmationComposer(
  template: CompiledTemplate,
  config: NewsletterConfig,
): ComposeConfirmation {
  const parts = compileParts<ConfirmationView>(template);
  const list: ListView = {
    name: config.listName,
    postalAddress: config.postalAddress,
    publicUrl: config.publicUrl,
  };
  return async (recipient, link, now) => {
    const view: ConfirmationView = { list, confirmation: link };
    const raw = await buildMessage({
      from: { address: config.fromAddress, name: config.fromName ?? config.listName },
      to: { address: recipient.email },
      ...(config.replyTo ? { replyTo: { address: config.replyTo } } : {}),
      subject: confirmationSubject(config),
      text: parts.text(view),
      html: parts.html(view),
      messageId: createMessageId(domainOf(config.fromAddress)),
      date: new Date(now),
    });
    return { raw, to: recipient.email, subscriberId: recipient.id, issueId: CONFIRMATIONS };
  };
}
