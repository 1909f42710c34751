/**
 * What SES reports through the configuration set's SNS topic: bounces, complaints and deliveries.
 * Permanent bounces and complaints suppress the address; transient bounces are counted and
 * suppress after three in a row, except those caused by the message rather than the address;
 * a delivery resets the count. Unknown fields and event types are tolerated; a notification that
 * cannot be read is logged and skipped, never failing the rest.
 */
import * as z from 'zod';
import type { Clock, Logger, SubscriberStore } from '../ports';
import { normaliseEmail, unwrapAddress } from '../subscribers/email-address';
import { subscriberIdFor } from '../subscribers/subscriber-id';
import { type MailEvent, recordMailEvent } from './lifecycle';
import { updateSubscriber } from './update-subscriber';

export interface SesEventDeps {
  readonly subscribers: SubscriberStore;
  /** Keys subscriber ids, for recipients found by address. */
  readonly secret: string;
  /** The message tag that carries the subscriber id (the SES mailer's `subscriber-id`). */
  readonly subscriberIdTag: string;
  /** The message tag that carries the issue id (the SES mailer's `issue-id`), for the logs. */
  readonly issueIdTag: string;
  readonly clock: Pick<Clock, 'now'>;
  readonly logger: Logger;
}

/** One SNS message: its id (for logs) and its body, the SES notification as JSON text. */
export interface SnsNotification {
  readonly id: string;
  readonly message: string;
}

const recipients = z.array(z.object({ emailAddress: z.string() })).min(1);

/**
 * A field SES may leave out or write as null: its serializer writes `"complaintSubType": null`,
 * and a complaint whose feedback type came as null was skipped as unreadable and never suppressed.
 */
const maybe = <T extends z.ZodType>(schema: T) =>
  schema.nullish().transform((value) => value ?? undefined);
const text = maybe(z.string());

/**
 * Event publishing (`eventType`) and the older identity notifications (`notificationType`). The
 * mail is optional: an identity's `AmazonSnsSubscriptionSucceeded` note is about no message, and
 * is ignored as another type that changes nothing; JSON with neither type is no notification.
 */
const notificationSchema = z
  .object({
    eventType: text,
    notificationType: text,
    mail: maybe(
      z.object({
        messageId: text,
        destination: maybe(z.array(z.string())),
        tags: maybe(z.record(z.string(), z.array(z.string()))),
      }),
    ),
    bounce: maybe(
      z.object({
        bounceType: z.string(),
        bounceSubType: text,
        feedbackId: text,
        bouncedRecipients: recipients,
        timestamp: text,
      }),
    ),
    complaint: maybe(
      z.object({
        complainedRecipients: recipients,
        complaintFeedbackType: text,
        complaintSubType: text,
        timestamp: text,
      }),
    ),
    reject: maybe(z.object({ reason: text })),
    delivery: maybe(z.object({ recipients: z.array(z.string()).min(1), timestamp: text })),
  })
  .refine((n) => n.eventType !== undefined || n.notificationType !== undefined);

type Notification = z.output<typeof notificationSchema>;

export interface SesEventSummary {
  /** Subscriber records looked at, by outcome; `message-refused` counts messages. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** Notifications that could not be read. */
  readonly malformed: number;
}

/** A word from SES (a bounce subtype, a feedback type) made safe to keep and log. */
function label(value: string | undefined, fallback: string): string {
  const cleaned = (value ?? '').replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64);
  return cleaned || fallback;
}

/** An SES id (feedback, message) made safe to keep: empty when there is none. */
function sesId(value: string | undefined): string {
  return (value ?? '').replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 128);
}

/** The message's SES id, to tell a bounce of a message SES reported delivered. */
function messageIdOf(notification: Notification): { messageId?: string } {
  const messageId = sesId(notification.mail?.messageId);
  return messageId ? { messageId } : {};
}

function timestampOr(value: string | undefined, now: number): string {
  const parsed = value === undefined ? Number.NaN : Date.parse(value);
  return new Date(Number.isNaN(parsed) ? now : parsed).toISOString();
}

/**
 * Transient bounces SES classes as caused by the message, not the mailbox: the recipient's
 * server refused its content, an attachment or its size. They say nothing of the address.
 */
const MESSAGE_BOUNCE_SUBTYPES: ReadonlySet<string> = new Set([
  'ContentRejected',
  'AttachmentRejected',
  'MessageTooLarge',
]);

/** SES's subtype for a message it did not send, the account's suppression list holding the address. */
const ON_ACCOUNT_LIST = 'OnAccountSuppressionList';

type Found =
  | { event: MailEvent; addresses: string[] }
  /**
   * A message refused for itself, not its address (MESSAGE_BOUNCE_SUBTYPES, or SES's Reject of a
   * message with a virus): told, not held against anyone.
   */
  | { refused: string; addresses: string[] };

/** The event and the addresses it is about, or undefined for types that change nothing. */
function mailEventOf(notification: Notification, now: number): Found | undefined | 'malformed' {
  const type = notification.eventType ?? notification.notificationType;
  switch (type) {
    case 'Bounce': {
      const bounce = notification.bounce;
      if (!bounce) return 'malformed';
      const at = timestampOr(bounce.timestamp, now);
      const detail = `${label(bounce.bounceType, 'Undetermined')}:${label(bounce.bounceSubType, 'General')}`;
      // SES calls a bounce it cannot classify "Undetermined": treated like a transient one.
      const kind = bounce.bounceType === 'Permanent' ? 'permanent-bounce' : 'transient-bounce';
      const addresses = bounce.bouncedRecipients.map((r) => r.emailAddress);
      if (kind === 'transient-bounce' && MESSAGE_BOUNCE_SUBTYPES.has(bounce.bounceSubType ?? '')) {
        return { refused: detail, addresses };
      }
      const feedbackId = sesId(bounce.feedbackId);
      return {
        event: {
          kind,
          detail,
          at,
          ...(feedbackId ? { feedbackId } : {}),
          ...messageIdOf(notification),
        },
        addresses,
      };
    }
    case 'Complaint': {
      const complaint = notification.complaint;
      if (!complaint) return 'malformed';
      const feedbackType = label(complaint.complaintFeedbackType, 'unspecified');
      // RFC 6430's "not-spam" report says the reader does not take the mail for spam (it corrects
      // an earlier verdict): it asks nothing to stop, though SES delivers it as a complaint.
      if (feedbackType.toLowerCase() === 'not-spam') return undefined;
      // SES sent nothing: an earlier complaint put the address on the account's suppression list,
      // which the operator must know to mail it again (no feedback report comes with it).
      const onAccountList = complaint.complaintSubType === ON_ACCOUNT_LIST;
      return {
        event: {
          kind: 'complaint',
          detail: onAccountList ? ON_ACCOUNT_LIST : feedbackType,
          at: timestampOr(complaint.timestamp, now),
        },
        addresses: complaint.complainedRecipients.map((r) => r.emailAddress),
      };
    }
    case 'Delivery': {
      const delivery = notification.delivery;
      if (!delivery) return 'malformed';
      return {
        event: {
          kind: 'delivery',
          at: timestampOr(delivery.timestamp, now),
          ...messageIdOf(notification),
        },
        addresses: delivery.recipients,
      };
    }
    case 'Reject': {
      // SES found a virus and sent nothing, though it had accepted the message.
      return {
        refused: `Reject:${label(notification.reject?.reason, 'Unspecified')}`,
        addresses: notification.mail?.destination ?? [],
      };
    }
    default:
      return undefined;
  }
}

/** A DSN's Final-Recipient type before the address ("rfc822; ada@example.com", RFC 3464). */
const ADDRESS_TYPE = /^\s*rfc822\s*;/i;

/**
 * The subscriber each address stands for. Every message is sent to one recipient and tagged with
 * its subscriber id, so the tag answers; without it (or for several recipients) the id is derived
 * from the address, as it was at sign-up, read as a mail server or client may write it: with a
 * display name (`"Ada" <ada@example.com>`), or after a DSN's address type.
 */
function subscriberIdsOf(
  deps: SesEventDeps,
  notification: Notification,
  addresses: readonly string[],
): { ids: string[]; unreadable: number } {
  const tagged = notification.mail?.tags?.[deps.subscriberIdTag];
  if (addresses.length === 1 && tagged?.length === 1 && tagged[0]) {
    return { ids: [tagged[0]], unreadable: 0 };
  }
  const ids: string[] = [];
  let unreadable = 0;
  for (const address of addresses) {
    try {
      const { address: bare } = unwrapAddress(address.replace(ADDRESS_TYPE, ''));
      ids.push(subscriberIdFor(normaliseEmail(bare), deps.secret));
    } catch {
      unreadable++;
    }
  }
  return { ids, unreadable };
}

/**
 * The text (not JSON) SES publishes to the topic once, when the configuration set's event
 * destination is created: nothing happened to any message.
 */
const TOPIC_VALIDATED = 'Successfully validated SNS topic for Amazon SES event publishing';

/** Applies each notification in turn; one that cannot be read is logged and skipped. */
export async function handleSesNotifications(
  deps: SesEventDeps,
  notifications: readonly SnsNotification[],
): Promise<SesEventSummary> {
  const outcomes: Record<string, number> = {};
  let malformed = 0;
  const skip = (snsMessageId: string, reason: string) => {
    malformed++;
    deps.logger.warn('ses notification skipped', { snsMessageId, reason });
  };
  for (const { id: snsMessageId, message } of notifications) {
    if (message.startsWith(TOPIC_VALIDATED)) {
      deps.logger.info('ses notification ignored', { snsMessageId, type: 'topic validation' });
      continue;
    }
    let parsed: Notification;
    try {
      parsed = notificationSchema.parse(JSON.parse(message));
    } catch (error) {
      skip(snsMessageId, error instanceof SyntaxError ? 'not JSON' : 'not an SES notification');
      continue;
    }
    const now = deps.clock.now();
    const found = mailEventOf(parsed, now);
    const type = parsed.eventType ?? parsed.notificationType ?? 'unknown';
    if (found === 'malformed') {
      skip(snsMessageId, `a ${type} notification without its ${type.toLowerCase()} details`);
      continue;
    }
    if (!found) {
      deps.logger.info('ses notification ignored', { snsMessageId, type });
      continue;
    }
    const { ids, unreadable } = subscriberIdsOf(deps, parsed, found.addresses);
    if (unreadable > 0) {
      deps.logger.warn('ses recipients skipped', {
        snsMessageId,
        type,
        reason: `${unreadable} recipient address(es) are not valid addresses`,
      });
    }
    if ('refused' in found) {
      // Every recipient at that provider may be refusing the issue: the operator must see it.
      // Counted by message (one recipient each), known recipient or not.
      outcomes['message-refused'] = (outcomes['message-refused'] ?? 0) + 1;
      deps.logger.warn('ses message refused, not its address', {
        type,
        detail: found.refused,
        issueId: parsed.mail?.tags?.[deps.issueIdTag]?.[0],
        subscriberIds: ids,
        sesMessageId: parsed.mail?.messageId,
      });
      continue;
    }
    for (const subscriberId of ids) {
      const { outcome } = await updateSubscriber(deps.subscribers, subscriberId, (current) =>
        recordMailEvent(current, found.event, now),
      );
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      deps.logger.info('ses event', {
        type,
        outcome,
        subscriberId,
        sesMessageId: parsed.mail?.messageId,
      });
    }
  }
  return { outcomes, malformed };
}
