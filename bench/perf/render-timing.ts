/**
 * Per-recipient rendering, both ways, on the same issue and recipients: prepareMessage (what
 * deliver does: fill the issue's pre-encoded message kit) and the naive way (compile the MJML,
 * compile and fill the Handlebars templates, build the MIME message with MailComposer).
 */
import { simpleParser } from 'mailparser';
import { compileTemplate } from '../../lambda/adapters/templates/compile-template';
import { buildMessage } from '../../lambda/core/mime/build-message';
import { listHeaders } from '../../lambda/core/mime/list-headers';
import { createMessageId, domainOf } from '../../lambda/core/mime/message-id';
import { compileParts } from '../../lambda/core/render/message-renderer';
import {
  type MessageContext,
  type MessageRecipient,
  prepareMessage,
} from '../../lambda/core/render/prepare-message';
import { createToken } from '../../lambda/core/tokens';
import type { SeedIssue } from './seed-issue';
import { type Summary, summarize } from './stats';

/** Microseconds per prepareMessage call, one sample per recipient. */
export function timePrepare(
  context: MessageContext,
  recipients: readonly MessageRecipient[],
): Summary {
  const samples = new Float64Array(recipients.length);
  let bytes = 0;
  recipients.forEach((recipient, index) => {
    const started = performance.now();
    const { raw } = prepareMessage(context, recipient);
    samples[index] = (performance.now() - started) * 1000;
    bytes += raw.length;
  });
  if (bytes === 0) throw new Error('prepareMessage produced no bytes');
  return summarize([...samples]);
}

interface NaiveStages {
  /** compileTemplate: the template and partials read and compiled by mjml2html. */
  readonly mjmlMs: number;
  /** Handlebars compile of both parts, the token, and the fill. */
  readonly handlebarsMs: number;
  /** buildMessage (MailComposer) with the list headers. */
  readonly mimeMs: number;
}

export interface NaiveMessage {
  readonly raw: Buffer;
  readonly stages: NaiveStages;
}

/** One recipient's message the naive way: nothing is reused from one recipient to the next. */
export async function renderNaively(
  seed: SeedIssue,
  secret: string,
  recipient: MessageRecipient,
): Promise<NaiveMessage> {
  const { config, prepared } = seed;
  const started = performance.now();
  const template = await compileTemplate(prepared.template.name);
  const compiled = performance.now();
  const parts = compileParts(template);
  const token = createToken(
    { purpose: 'unsubscribe', subscriberId: recipient.id, list: config.listId },
    secret,
  );
  const unsubscribeUrl = `${config.publicUrl}/unsubscribe?token=${token}`;
  const view = {
    list: prepared.list,
    issue: prepared.issue,
    recipient: { name: recipient.name, unsubscribeUrl },
  };
  const html = parts.html(view);
  const text = parts.text(view);
  const filled = performance.now();
  const raw = await buildMessage({
    from: { address: config.fromAddress, name: config.fromName ?? config.listName },
    to: { address: recipient.email, name: recipient.name },
    replyTo: config.replyTo ? { address: config.replyTo } : undefined,
    subject: prepared.issue.subject,
    text,
    html,
    messageId: createMessageId(domainOf(config.fromAddress)),
    date: new Date(),
    headers: listHeaders({ listName: config.listName, listId: config.listId, unsubscribeUrl }),
  });
  const built = performance.now();
  return {
    raw,
    stages: { mjmlMs: compiled - started, handlebarsMs: filled - compiled, mimeMs: built - filled },
  };
}

export interface NaiveTiming {
  /** Microseconds per recipient. */
  readonly total: Summary;
  /** Median milliseconds per stage. */
  readonly stages: NaiveStages;
}

export async function timeNaive(
  seed: SeedIssue,
  secret: string,
  recipients: readonly MessageRecipient[],
): Promise<NaiveTiming> {
  const totals: number[] = [];
  const stages: NaiveStages[] = [];
  for (const recipient of recipients) {
    const started = performance.now();
    const message = await renderNaively(seed, secret, recipient);
    totals.push((performance.now() - started) * 1000);
    stages.push(message.stages);
  }
  const stage = (key: keyof NaiveStages) => summarize(stages.map((s) => s[key])).median;
  return {
    total: summarize(totals),
    stages: {
      mjmlMs: stage('mjmlMs'),
      handlebarsMs: stage('handlebarsMs'),
      mimeMs: stage('mimeMs'),
    },
  };
}

export interface DecodedMessage {
  readonly to: string;
  readonly html: string;
  readonly text: string;
}

/** A message as a mail client reads it: headers and parts decoded (mailparser). */
export async function decodeMessage(raw: Uint8Array): Promise<DecodedMessage> {
  const parsed = await simpleParser(Buffer.from(raw));
  const to = [parsed.to ?? []].flat().map((address) => address.text);
  const { html, text } = parsed;
  if (typeof html !== 'string' || text === undefined || to.length === 0) {
    throw new Error('the message lacks a To header, an HTML part or a text part');
  }
  return { to: to.join(', '), html, text };
}

/** Whether two messages show the reader the same thing: recipient, HTML and text, decoded. */
export async function showSameContent(a: Uint8Array, b: Uint8Array): Promise<boolean> {
  const [first, second] = await Promise.all([decodeMessage(a), decodeMessage(b)]);
  return first.to === second.to && first.html === second.html && first.text === second.text;
}
