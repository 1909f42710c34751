import { randomBytes } from 'node:crypto';
import { foldLines } from 'nodemailer/lib/mime-funcs';
import MimeNode from 'nodemailer/lib/mime-node';
import { ValidationError } from '../errors';
import { assertMessageId, assertSubject } from './build-message';
import { composeMessage } from './compose-message';
import { assertMailbox, type Mailbox } from './header-values';
import { assertUnsubscribeUrl, listHeaders } from './list-headers';

/** What every recipient's copy of one issue shares. */
export interface StencilFields {
  readonly from: Mailbox;
  readonly replyTo?: Mailbox;
  readonly subject: string;
  readonly listName: string;
  readonly listId: string;
}

/** What changes from one recipient to the next. Bodies come as encodeQuotedPrintableRun runs. */
export interface StencilValues {
  readonly to: Mailbox;
  readonly messageId: string;
  readonly date: Date;
  readonly unsubscribeUrl: string;
  readonly text: readonly Uint8Array[];
  readonly html: readonly Uint8Array[];
}

type Slot = 'to' | 'messageId' | 'date' | 'unsubscribe' | 'text' | 'html';

/**
 * A newsletter message built once per issue by MailComposer with placeholders where the
 * recipient's values go, cut at the placeholders. Filling it is a copy of the shared bytes and
 * the few encoded values: the message nodemailer would build, at a small fraction of the cost.
 */
export interface MessageStencil {
  readonly pieces: readonly (Buffer | Slot)[];
}

/** Header slots are whole lines; body slots are the body between its headers and the boundary. */
const HEADER_SLOTS = new Set<Slot>(['to', 'messageId', 'date', 'unsubscribe']);

export async function createMessageStencil(fields: StencilFields): Promise<MessageStencil> {
  assertMailbox('from', fields.from);
  if (fields.replyTo) assertMailbox('reply-to', fields.replyTo);
  assertSubject(fields.subject);
  const nonce = randomBytes(12).toString('hex');
  const markers: Record<Slot, string> = {
    to: `to-${nonce}@stencil.invalid`,
    messageId: `<id-${nonce}@stencil.invalid>`,
    date: `date-${nonce}`,
    unsubscribe: `https://stencil.invalid/${nonce}`,
    text: `text-${nonce}`,
    html: `html-${nonce}`,
  };
  const raw = await composeMessage({
    from: fields.from,
    replyTo: fields.replyTo,
    to: { address: markers.to },
    subject: fields.subject,
    messageId: markers.messageId,
    date: markers.date,
    text: markers.text,
    html: markers.html,
    headers: listHeaders({ ...fields, unsubscribeUrl: markers.unsubscribe }),
  });
  return { pieces: cutAtMarkers(raw.toString('latin1'), markers) };
}

function cutAtMarkers(message: string, markers: Record<Slot, string>): (Buffer | Slot)[] {
  const cuts = (Object.entries(markers) as [Slot, string][]).map(([slot, marker]) => {
    const at = message.indexOf(marker);
    if (at < 0 || message.indexOf(marker, at + 1) >= 0) {
      throw new Error(
        `message stencil: the ${slot} placeholder is not in the message exactly once`,
      );
    }
    if (!HEADER_SLOTS.has(slot)) return { slot, start: at, end: at + marker.length };
    const start = message.lastIndexOf('\r\n', at) + 2;
    const end = message.indexOf('\r\n', at);
    if (/[ \t]/.test(message.charAt(end + 2))) {
      throw new Error(
        `message stencil: the ${slot} header was folded; its line cannot be replaced`,
      );
    }
    return { slot, start, end };
  });
  cuts.sort((a, b) => a.start - b.start);
  const pieces: (Buffer | Slot)[] = [];
  let from = 0;
  for (const cut of cuts) {
    pieces.push(Buffer.from(message.slice(from, cut.start), 'latin1'), cut.slot);
    from = cut.end;
  }
  pieces.push(Buffer.from(message.slice(from), 'latin1'));
  return pieces;
}

/** Encodes address headers exactly as MailComposer does (names quoted or MIME-encoded). */
const addressEncoder = new MimeNode();

function headerLines(values: StencilValues): Record<Exclude<Slot, 'text' | 'html'>, Buffer> {
  assertMailbox('to', values.to);
  assertMessageId(values.messageId);
  assertUnsubscribeUrl(values.unsubscribeUrl);
  if (Number.isNaN(values.date.getTime())) throw new ValidationError('date', 'is not a valid date');
  const to = addressEncoder.encodeHeaderValue('To', {
    name: values.to.name ?? '',
    address: values.to.address,
  });
  return {
    to: Buffer.from(foldLines(`To: ${to}`, 76), 'latin1'),
    messageId: Buffer.from(`Message-ID: ${values.messageId}`, 'latin1'),
    date: Buffer.from(`Date: ${values.date.toUTCString().replace('GMT', '+0000')}`, 'latin1'),
    unsubscribe: Buffer.from(`List-Unsubscribe: <${values.unsubscribeUrl}>`, 'latin1'),
  };
}

/** One recipient's raw message. The recipient's values are validated like buildMessage's. */
export function fillMessageStencil(stencil: MessageStencil, values: StencilValues): Buffer {
  const lines = headerLines(values);
  const chunks: Uint8Array[] = [];
  for (const piece of stencil.pieces) {
    if (typeof piece !== 'string') chunks.push(piece);
    else if (piece === 'text' || piece === 'html') chunks.push(...values[piece]);
    else chunks.push(lines[piece]);
  }
  return Buffer.concat(chunks);
}
