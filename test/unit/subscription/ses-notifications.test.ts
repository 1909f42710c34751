import { describe, expect, it } from 'vitest';
import type { Subscriber } from '../../../lambda/core/model';
import {
  handleSesNotifications,
  type SnsNotification,
} from '../../../lambda/core/subscription/ses-notifications';
import {
  createFakeClock,
  createMemorySubscriberStore,
  createRecordingLogger,
  subscriber,
} from '../../support/fakes';
import { idOf, secret } from './harness';

const TAG = 'subscriber-id';

function setup(subscribers: Subscriber[]) {
  const store = createMemorySubscriberStore(subscribers);
  const logger = createRecordingLogger();
  const logs = logger.entries;
  const deps = {
    subscribers: store,
    secret,
    subscriberIdTag: TAG,
    issueIdTag: 'issue-id',
    clock: createFakeClock(),
    logger,
  };
  const handle = (...messages: unknown[]) =>
    handleSesNotifications(
      deps,
      messages.map(
        (message, n): SnsNotification => ({
          id: `sns-${n}`,
          message: typeof message === 'string' ? message : JSON.stringify(message),
        }),
      ),
    );
  return { store, logs, handle };
}

const member = (email: string, status: Subscriber['status'] = 'active') =>
  subscriber(idOf(email), status, email);

let feedbackCount = 0;

function bounce(
  bounceType: string,
  emails: string[],
  extra: {
    tags?: Record<string, string[]>;
    subType?: string;
    feedbackId?: string;
    timestamp?: string;
    messageId?: string;
  } = {},
) {
  return {
    eventType: 'Bounce',
    bounce: {
      bounceType,
      bounceSubType: extra.subType ?? 'General',
      bouncedRecipients: emails.map((emailAddress) => ({
        emailAddress,
        action: 'failed',
        status: '5.1.1',
        diagnosticCode: 'smtp; 550 5.1.1 user unknown',
      })),
      timestamp: extra.timestamp ?? '2026-11-26T10:00:00.000Z',
      feedbackId: extra.feedbackId ?? `0100019a-feedback-${++feedbackCount}-000000`,
      reportingMTA: 'dsn; mta.example.com',
    },
    mail: {
      timestamp: '2026-11-26T09:59:58.000Z',
      messageId: extra.messageId ?? 'ses-message-1',
      destination: emails,
      tags: { 'ses:configuration-set': ['newsletter'], ...extra.tags },
      headers: [{ name: 'To', value: emails.join(', ') }],
    },
  };
}

function complaint(
  emails: string[],
  tags: Record<string, string[]> = {},
  complaintFeedbackType = 'abuse',
) {
  return {
    eventType: 'Complaint',
    complaint: {
      complainedRecipients: emails.map((emailAddress) => ({ emailAddress })),
      complaintFeedbackType,
      timestamp: '2026-11-26T11:00:00.000Z',
      feedbackId: 'feedback-2',
      userAgent: 'Yahoo!-Mail-Feedback/2.0',
    },
    mail: { messageId: 'ses-message-2', tags },
  };
}

function delivery(
  emails: string[],
  timestamp = '2026-11-26T12:00:00.000Z',
  messageId = 'ses-message-3',
) {
  return {
    eventType: 'Delivery',
    delivery: { recipients: emails, timestamp, smtpResponse: '250 ok' },
    mail: { messageId },
  };
}

/** The warning that tells the operator a message was refused for itself, not its address. */
const refusedWarning = (detail: string, subscriberId: string) =>
  expect.objectContaining({
    message: 'ses message refused, not its address',
    detail,
    issueId: '2026-11-26-solar',
    subscriberIds: [subscriberId],
  });

async function expectSuppressed(
  store: ReturnType<typeof createMemorySubscriberStore>,
  email: string,
  reason: string,
) {
  expect(await store.get(idOf(email))).toMatchObject({ status: 'suppressed', reason });
}

describe('SES notifications', () => {
  it('suppresses on a permanent bounce and keeps the reason and the time of the bounce', async () => {
    const { store, handle } = setup([member('ada@example.com')]);
    const summary = await handle(bounce('Permanent', ['ada@example.com']));
    expect(summary).toEqual({ outcomes: { suppressed: 1 }, malformed: 0 });
    expect(await store.get(idOf('ada@example.com'))).toMatchObject({
      status: 'suppressed',
      reason: 'bounce:Permanent:General',
      reasonAt: '2026-11-26T10:00:00.000Z',
    });
  });

  it('finds the subscriber by the subscriber-id message tag', async () => {
    const tagged = subscriber('tagged-id', 'active', 'someone@example.com');
    const { store, handle } = setup([tagged]);
    await handle(bounce('Permanent', ['SOMEONE@example.com'], { tags: { [TAG]: ['tagged-id'] } }));
    expect((await store.get('tagged-id'))?.status).toBe('suppressed');
  });

  it('counts transient bounces and suppresses after three in a row', async () => {
    const { store, handle } = setup([member('ada@example.com')]);
    const id = idOf('ada@example.com');
    await handle(bounce('Transient', ['ada@example.com'], { subType: 'MailboxFull' }));
    await handle(bounce('Transient', ['ada@example.com'], { subType: 'MailboxFull' }));
    expect(await store.get(id)).toMatchObject({ status: 'active', bounces: 2 });
    await handle(bounce('Transient', ['ada@example.com'], { subType: 'MailboxFull' }));
    expect(await store.get(id)).toMatchObject({
      status: 'suppressed',
      bounces: 3,
      reason: 'bounce:Transient:MailboxFull (3 in a row)',
    });
  });

  it('does not count a transient bounce caused by the message (its content, an attachment, its size) against the address', async () => {
    const { store, logs, handle } = setup([member('ada@example.com')]);
    const id = idOf('ada@example.com');
    const tags = { 'issue-id': ['2026-11-26-solar'], [TAG]: [id] };
    const summary = await handle(
      bounce('Transient', ['ada@example.com'], { subType: 'ContentRejected', tags }),
      bounce('Transient', ['ada@example.com'], { subType: 'AttachmentRejected', tags }),
      bounce('Transient', ['ada@example.com'], { subType: 'MessageTooLarge', tags }),
    );
    expect(summary).toEqual({ outcomes: { 'message-refused': 3 }, malformed: 0 });
    expect(await store.get(id)).toMatchObject({ status: 'active', bounces: 0 });
    // The operator is told which issue the recipient's server refused, and why.
    expect(logs).toContainEqual(refusedWarning('Transient:ContentRejected', id));
    // Nor does it end a run of the address's own bounces.
    await handle(
      bounce('Transient', ['ada@example.com'], { subType: 'MailboxFull' }),
      bounce('Transient', ['ada@example.com'], { subType: 'ContentRejected' }),
      bounce('Transient', ['ada@example.com'], { subType: 'General' }),
    );
    expect(await store.get(id)).toMatchObject({ status: 'active', bounces: 2 });
  });

  it('tells the operator of a message SES rejected (a virus found), holding nothing against the address', async () => {
    const { store, logs, handle } = setup([member('ada@example.com')]);
    const id = idOf('ada@example.com');
    const summary = await handle({
      eventType: 'Reject',
      mail: {
        messageId: 'ses-message-4',
        destination: ['ada@example.com'],
        tags: { 'issue-id': ['2026-11-26-solar'], [TAG]: [id] },
      },
      reject: { reason: 'Bad content' },
    });
    expect(summary).toEqual({ outcomes: { 'message-refused': 1 }, malformed: 0 });
    expect(await store.get(id)).toMatchObject({ status: 'active', bounces: 0 });
    expect(logs).toContainEqual(refusedWarning('Reject:Badcontent', id));
    // A message whose recipient is not named is counted all the same.
    const unnamed = await handle({
      eventType: 'Reject',
      mail: {},
      reject: { reason: 'Bad content' },
    });
    expect(unnamed).toEqual({ outcomes: { 'message-refused': 1 }, malformed: 0 });
  });

  it('counts a transient bounce SNS delivers twice once, by its feedback id', async () => {
    const { store, handle } = setup([member('ada@example.com')]);
    const twice = bounce('Transient', ['ada@example.com'], { feedbackId: '0100019a-abc-000000' });
    await handle(twice);
    const summary = await handle(twice);
    expect(summary.outcomes).toEqual({ duplicate: 1 });
    await handle(twice, bounce('Transient', ['ada@example.com']));
    expect(await store.get(idOf('ada@example.com'))).toMatchObject({
      status: 'active',
      bounces: 2,
    });
  });

  it('suppresses a pending sign-up whose confirmation bounced, and keeps its expiry', async () => {
    const pending = {
      ...member('ada@example.com'),
      status: 'pending' as const,
      expiresAt: '2026-11-28T10:00:00.000Z',
    };
    const { store, handle } = setup([pending]);
    await handle(
      bounce('Permanent', ['ada@example.com'], {
        tags: { 'issue-id': ['confirmations'], 'subscriber-id': [idOf('ada@example.com')] },
      }),
    );
    expect(await store.get(idOf('ada@example.com'))).toMatchObject({
      status: 'suppressed',
      expiresAt: '2026-11-28T10:00:00.000Z',
    });
  });

  it('treats an undetermined bounce like a transient one', async () => {
    const { store, handle } = setup([member('ada@example.com')]);
    await handle(bounce('Undetermined', ['ada@example.com']));
    expect(await store.get(idOf('ada@example.com'))).toMatchObject({
      status: 'active',
      bounces: 1,
    });
  });

  it('resets the transient count when a message is delivered', async () => {
    const { store, handle } = setup([member('ada@example.com')]);
    await handle(
      bounce('Transient', ['ada@example.com']),
      bounce('Transient', ['ada@example.com']),
    );
    await handle(delivery(['ada@example.com']));
    await handle(
      bounce('Transient', ['ada@example.com'], { timestamp: '2026-11-26T13:00:00.000Z' }),
    );
    expect(await store.get(idOf('ada@example.com'))).toMatchObject({
      status: 'active',
      bounces: 1,
    });
  });

  it('takes bounces and deliveries in the order they happened, not the order SNS brings them', async () => {
    const { store, handle } = setup([member('ada@example.com')]);
    const id = idOf('ada@example.com');
    const at = (time: string) => `2026-11-26T${time}:00.000Z`;
    const softBounce = (time: string) =>
      bounce('Transient', ['ada@example.com'], { subType: 'MailboxFull', timestamp: at(time) });
    await handle(softBounce('09:00'), softBounce('10:00'));
    // A delivery older than the bounces (SNS late, or delivering it again) ends no run: nor does
    // the delivery of a message its server accepted and bounced afterwards.
    const summary = await handle(delivery(['ada@example.com'], at('08:00')));
    expect(summary.outcomes).toEqual({ stale: 1 });
    expect(await store.get(id)).toMatchObject({ status: 'active', bounces: 2 });
    // A newer delivery does; a bounce from before it, brought afterwards, then counts for nothing.
    await handle(delivery(['ada@example.com'], at('11:00')));
    expect((await handle(softBounce('10:30'))).outcomes).toEqual({ stale: 1 });
    expect(await store.get(id)).toMatchObject({ status: 'active', bounces: 0 });
    await handle(softBounce('12:00'), softBounce('13:00'), softBounce('14:00'));
    expect(await store.get(id)).toMatchObject({ status: 'suppressed', bounces: 3 });
  });

  it('counts the bounce of a message its server accepted and bounced afterwards as if its delivery had not been', async () => {
    const { store, handle } = setup([member('ada@example.com')]);
    const id = idOf('ada@example.com');
    const at = (time: string) => `2026-11-26T${time}:00.000Z`;
    const softBounce = (time: string, messageId: string) =>
      bounce('Transient', ['ada@example.com'], { timestamp: at(time), messageId });
    await handle(softBounce('09:00', 'm1'), softBounce('10:00', 'm2'));
    // m3 is accepted (SES reports its delivery), then bounced by the server: a third in a row.
    await handle(delivery(['ada@example.com'], at('11:00'), 'm3'));
    expect(await store.get(id)).toMatchObject({ status: 'active', bounces: 0 });
    await handle(softBounce('11:30', 'm3'));
    expect(await store.get(id)).toMatchObject({ status: 'suppressed', bounces: 3 });

    // Once another message is delivered after it, the run had ended all the same.
    const { store: other, handle: handleOther } = setup([member('grace@example.com')]);
    const graceBounce = (time: string, messageId: string) =>
      bounce('Transient', ['grace@example.com'], { timestamp: at(time), messageId });
    await handleOther(graceBounce('09:00', 'm1'), graceBounce('10:00', 'm2'));
    await handleOther(delivery(['grace@example.com'], at('11:00'), 'm3'));
    await handleOther(delivery(['grace@example.com'], at('12:00'), 'm4'));
    await handleOther(graceBounce('12:30', 'm3'));
    expect(await other.get(idOf('grace@example.com'))).toMatchObject({
      status: 'active',
      bounces: 1,
    });
  });

  it('writes nothing for a delivery to an address with no bounces, the common case', async () => {
    const ada = member('ada@example.com');
    const { store, handle } = setup([ada]);
    const summary = await handle(delivery(['ada@example.com']));
    expect(summary).toEqual({ outcomes: { unchanged: 1 }, malformed: 0 });
    expect(store.rows.get(ada.id)).toBe(ada);
  });

  it('suppresses on a complaint, whatever the status, and keeps it suppressed', async () => {
    const { store, handle } = setup([member('ada@example.com', 'unsubscribed')]);
    await handle(complaint(['ada@example.com']));
    const stored = await store.get(idOf('ada@example.com'));
    expect(stored).toMatchObject({ status: 'suppressed', reason: 'complaint:abuse' });
    await handle(delivery(['ada@example.com']), bounce('Permanent', ['ada@example.com']));
    expect(await store.get(idOf('ada@example.com'))).toEqual(stored);
  });

  it('does not suppress on a "not-spam" report (RFC 6430), which says the mail is wanted, nor lift a suppression', async () => {
    const ada = member('ada@example.com');
    const grace = member('grace@example.com', 'pending');
    const linus = { ...member('linus@example.com', 'suppressed'), reason: 'complaint:abuse' };
    const { store, logs, handle } = setup([ada, grace, linus]);
    const summary = await handle(
      complaint(['ada@example.com'], {}, 'not-spam'),
      complaint(['grace@example.com'], {}, 'Not-Spam'),
      complaint(['linus@example.com'], {}, 'not-spam'),
    );
    expect(summary).toEqual({ outcomes: {}, malformed: 0 });
    expect(store.rows.get(ada.id)).toBe(ada);
    expect(store.rows.get(grace.id)).toBe(grace);
    expect(store.rows.get(linus.id)).toBe(linus);
    expect(logs.filter((entry) => entry.message === 'ses notification ignored')).toHaveLength(3);
    // Any other feedback type is a complaint, as one without a type is.
    await handle(complaint(['ada@example.com'], {}, 'fraud'));
    expect(await store.get(ada.id)).toMatchObject({
      status: 'suppressed',
      reason: 'complaint:fraud',
    });
  });

  it('says when SES sent nothing because its account-level suppression list holds the address', async () => {
    const { store, handle } = setup([member('ada@example.com'), member('grace@example.com')]);
    const listed = complaint(['ada@example.com'], {}, '');
    await handle(
      {
        ...listed,
        complaint: { ...listed.complaint, complaintSubType: 'OnAccountSuppressionList' },
      },
      bounce('Permanent', ['grace@example.com'], { subType: 'OnAccountSuppressionList' }),
    );
    await expectSuppressed(store, 'ada@example.com', 'complaint:OnAccountSuppressionList');
    await expectSuppressed(store, 'grace@example.com', 'bounce:Permanent:OnAccountSuppressionList');
  });

  it('reads a notification whose optional fields SES wrote as null, as it writes complaintSubType', async () => {
    const { store, handle } = setup([member('ada@example.com'), member('grace@example.com')]);
    const nullComplaint = complaint(['ada@example.com']);
    const nullBounce = bounce('Permanent', ['grace@example.com']);
    const summary = await handle(
      {
        ...nullComplaint,
        complaint: { ...nullComplaint.complaint, complaintFeedbackType: null, timestamp: null },
      },
      { ...nullBounce, bounce: { ...nullBounce.bounce, bounceSubType: null, feedbackId: null } },
    );
    expect(summary).toEqual({ outcomes: { suppressed: 2 }, malformed: 0 });
    await expectSuppressed(store, 'ada@example.com', 'complaint:unspecified');
    await expectSuppressed(store, 'grace@example.com', 'bounce:Permanent:General');
  });

  it('handles every recipient a notification names', async () => {
    const emails = ['ada@example.com', 'grace@example.com', 'linus@example.com'];
    const { store, handle } = setup(emails.map((email) => member(email)));
    const summary = await handle(bounce('Permanent', emails, { tags: { [TAG]: ['ignored'] } }));
    expect(summary.outcomes).toEqual({ suppressed: 3 });
    for (const email of emails) expect((await store.get(idOf(email)))?.status).toBe('suppressed');
  });

  it('finds an untagged recipient written with a display name, in another case or as a DSN names it', async () => {
    const emails = ['ada@example.com', 'grace@example.com', 'linus@example.com'];
    const { store, handle } = setup(emails.map((email) => member(email)));
    const summary = await handle(
      complaint(['"Ada Lovelace" <Ada@Example.COM>']),
      // A DSN's Final-Recipient, "address-type; address" (RFC 3464), which SES passes on.
      bounce('Permanent', ['rfc822; grace@example.com']),
      complaint(['Linus <mailto:LINUS@example.com>'], {}, ''),
    );
    expect(summary).toEqual({ outcomes: { suppressed: 3 }, malformed: 0 });
    for (const email of emails) expect((await store.get(idOf(email)))?.status).toBe('suppressed');
  });

  it('skips a malformed notification without failing the others in the batch', async () => {
    const { store, logs, handle } = setup([member('ada@example.com'), member('grace@example.com')]);
    const summary = await handle(
      'not json',
      { eventType: 'Bounce', mail: {} },
      { eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients: [] }, mail: {} },
      bounce('Permanent', ['ada@example.com']),
      [1, 2, 3],
      complaint(['grace@example.com']),
    );
    expect(summary.malformed).toBe(4);
    expect(summary.outcomes).toEqual({ suppressed: 2 });
    expect((await store.get(idOf('grace@example.com')))?.status).toBe('suppressed');
    expect(logs.filter((entry) => entry.message === 'ses notification skipped')).toHaveLength(4);
  });

  it('tolerates unknown fields and ignores event types that change nothing', async () => {
    const ada = member('ada@example.com');
    const { store, handle } = setup([ada]);
    const summary = await handle(
      { eventType: 'Send', send: {}, mail: { messageId: 'm', futureField: { x: 1 } } },
      { eventType: 'Open', open: { ipAddress: '198.51.100.1' }, mail: {} },
      { ...bounce('Permanent', ['ada@example.com']), brandNew: true },
    );
    expect(summary).toEqual({ outcomes: { suppressed: 1 }, malformed: 0 });
    expect((await store.get(ada.id))?.status).toBe('suppressed');
  });

  it("ignores SES's own text that the topic was validated, sent when the event destination is made", async () => {
    const ada = member('ada@example.com');
    const { store, logs, handle } = setup([ada]);
    const summary = await handle(
      'Successfully validated SNS topic for Amazon SES event publishing.',
      bounce('Permanent', ['ada@example.com']),
    );
    expect(summary).toEqual({ outcomes: { suppressed: 1 }, malformed: 0 });
    expect(logs.some((entry) => entry.message === 'ses notification skipped')).toBe(false);
    expect(logs).toContainEqual(
      expect.objectContaining({ message: 'ses notification ignored', type: 'topic validation' }),
    );
    expect((await store.get(ada.id))?.status).toBe('suppressed');
  });

  it("ignores SES's note that the topic subscribed to an identity's notifications, which names no message", async () => {
    const ada = member('ada@example.com');
    const { store, logs, handle } = setup([ada]);
    const summary = await handle(
      {
        notificationType: 'AmazonSnsSubscriptionSucceeded',
        message:
          "You have successfully subscribed your Amazon SNS topic 'arn:aws:sns:eu-west-1:123456789012:ses' to receive 'Bounce' notifications from Amazon SES for identity 'example.com'.",
      },
      bounce('Permanent', ['ada@example.com']),
    );
    expect(summary).toEqual({ outcomes: { suppressed: 1 }, malformed: 0 });
    expect(logs).toContainEqual(
      expect.objectContaining({
        message: 'ses notification ignored',
        type: 'AmazonSnsSubscriptionSucceeded',
      }),
    );
    // JSON with no type at all is no SES notification.
    expect(await handle({ message: 'hello' }, {})).toEqual({ outcomes: {}, malformed: 2 });
    expect((await store.get(ada.id))?.status).toBe('suppressed');
  });

  it('reads the older identity notifications (notificationType) too', async () => {
    const { store, handle } = setup([member('ada@example.com')]);
    const { eventType: _, ...rest } = complaint(['ada@example.com']);
    await handle({ notificationType: 'Complaint', ...rest });
    expect((await store.get(idOf('ada@example.com')))?.status).toBe('suppressed');
  });

  it('reports an unknown recipient and never logs an address', async () => {
    const { logs, handle } = setup([]);
    const summary = await handle(bounce('Permanent', ['stranger@example.com', 'not an address']));
    expect(summary.outcomes).toEqual({ unknown: 1 });
    expect(logs.some((entry) => entry.message === 'ses recipients skipped')).toBe(true);
    expect(JSON.stringify(logs)).not.toContain('@');
  });
});
