import { foldLines } from 'nodemailer/lib/mime-funcs';
import { ValidationError } from '../errors';
import { assertMailbox, formatMailbox, type Mailbox } from './header-values';
import { assertUnsubscribeUrl } from './list-headers';
import { assertMessageId } from './message-id';

export type StencilSlot = 'to' | 'messageId' | 'date' | 'unsubscribe' | 'text' | 'html';

/** Header slots are whole lines; body slots are the body between its headers and the boundary. */
export const HEADER_SLOTS: ReadonlySet<StencilSlot> = new Set([
  'to',
  'messageId',
  'date',
  'unsubscribe',
]);

/**
 * A newsletter message with placeholders where the recipient's values go (built once per issue
 * by createMessageStencil), cut at the placeholders: the message's own 7-bit text, and the
 * slots. Plain data, so compose builds it and hands it to deliver, which fills it per recipient
 * without MailComposer: a copy of the shared bytes and the few encoded values.
 */
export interface MessageStencil {
  readonly pieces: readonly (string | { readonly slot: StencilSlot })[];
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

/** A stencil with its shared text turned into bytes once, ready to fill per recipient. */
export interface LoadedStencil {
  readonly pieces: readonly (Buffer | StencilSlot)[];
}

export function loadMessageStencil(stencil: MessageStencil): LoadedStencil {
  return {
    pieces: stencil.pieces.map((piece) => {
      if (typeof piece === 'string') return Buffer.from(piece, 'latin1');
      if (!(HEADER_SLOTS.has(piece.slot) || piece.slot === 'text' || piece.slot === 'html')) {
        throw new Error(`message stencil: unknown slot ${JSON.stringify(piece.slot)}`);
      }
      return piece.slot;
    }),
  };
}

function headerLines(values: StencilValues): Record<Exclude<StencilSlot, 'text' | 'html'>, Buffer> {
  assertMailbox('to', values.to);
  assertMessageId(values.messageId);
  assertUnsubscribeUrl(values.unsubscribeUrl);
  if (Number.isNaN(values.date.getTime())) throw new ValidationError('date', 'is not a valid date');
  return {
    to: Buffer.from(foldLines(`To: ${formatMailbox(values.to)}`, 76), 'latin1'),
    messageId: Buffer.from(`Message-ID: ${values.messageId}`, 'latin1'),
    date: Buffer.from(`Date: ${values.date.toUTCString().replace('GMT', '+0000')}`, 'latin1'),
    unsubscribe: Buffer.from(`List-Unsubscribe: <${values.unsubscribeUrl}>`, 'latin1'),
  };
}

/** One recipient's raw message. The recipient's values are validated like buildMessage's. */
export function fillMessageStencil(stencil: LoadedStencil, values: StencilValues): Buffer {
  const lines = headerLines(values);
  const chunks: Uint8Array[] = [];
  for (const piece of stencil.pieces) {
    if (typeof piece !== 'string') chunks.push(piece);
    else if (piece === 'text' || piece === 'html') chunks.push(...values[piece]);
    else chunks.push(lines[piece]);
  }
  return Buffer.concat(chunks);
}
