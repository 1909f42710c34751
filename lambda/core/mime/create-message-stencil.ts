import { randomBytes } from 'node:crypto';
import { assertExtraHeaders, assertSubject } from './build-message';
import { composeMessage } from './compose-message';
import { assertMailbox, type Mailbox } from './header-values';
import { listHeaders } from './list-headers';
import { HEADER_SLOTS, type MessageStencil, type StencilSlot } from './message-stencil';

/** What every recipient's copy of one issue shares. */
export interface StencilFields {
  readonly from: Mailbox;
  readonly replyTo?: Mailbox;
  readonly subject: string;
  readonly listName: string;
  readonly listId: string;
}

/**
 * Builds an issue's stencil (see MessageStencil) with MailComposer, so every message has exactly
 * the structure and encoding nodemailer gives it. Runs once per issue, in compose.
 */
export async function createMessageStencil(fields: StencilFields): Promise<MessageStencil> {
  assertMailbox('from', fields.from);
  if (fields.replyTo) assertMailbox('reply-to', fields.replyTo);
  assertSubject(fields.subject);
  const nonce = randomBytes(12).toString('hex');
  const markers: Record<StencilSlot, string> = {
    to: `to-${nonce}@stencil.invalid`,
    messageId: `<id-${nonce}@stencil.invalid>`,
    date: `date-${nonce}`,
    unsubscribe: `https://stencil.invalid/${nonce}`,
    text: `text-${nonce}`,
    html: `html-${nonce}`,
  };
  const headers = listHeaders({ ...fields, unsubscribeUrl: markers.unsubscribe });
  // The same checks buildMessage makes: a long list id would otherwise pass one header line.
  assertExtraHeaders(headers);
  const raw = await composeMessage({
    from: fields.from,
    replyTo: fields.replyTo,
    to: { address: markers.to },
    subject: fields.subject,
    messageId: markers.messageId,
    date: markers.date,
    text: markers.text,
    html: markers.html,
    headers,
  });
  return { pieces: cutAtMarkers(raw.toString('latin1'), markers) };
}

function cutAtMarkers(
  message: string,
  markers: Record<StencilSlot, string>,
): MessageStencil['pieces'] {
  const cuts = (Object.entries(markers) as [StencilSlot, string][]).map(([slot, marker]) => {
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
  const pieces: (string | { slot: StencilSlot })[] = [];
  let from = 0;
  for (const cut of cuts) {
    pieces.push(message.slice(from, cut.start), { slot: cut.slot });
    from = cut.end;
  }
  pieces.push(message.slice(from));
  return pieces;
}
