import { ValidationError } from '../errors';
import { type ComposeInput, composeMessage } from './compose-message';
import { assertAsciiHeaderValue, assertHeaderText, assertMailbox } from './header-values';
import { assertMessageId } from './message-id';

/** One message to one recipient. Every value is validated before it reaches a header. */
export interface MessageInput extends Omit<ComposeInput, 'date' | 'headers'> {
  readonly date: Date;
  /** Further fields (e.g. listHeaders()), printable ASCII, written as given. */
  readonly headers?: Readonly<Record<string, string>>;
}

const FIELD_NAME = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
/** Fields the composer writes itself; a second copy from `headers` would be ambiguous. */
const COMPOSER_FIELDS = new Set([
  'from',
  'sender',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'subject',
  'message-id',
  'date',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
]);
export function assertSubject(subject: string): void {
  assertHeaderText('subject', subject);
  if (subject.trim() === '') throw new ValidationError('subject', 'is empty');
}

/** Checks extra header fields: a plain field name that the composer does not own, an ASCII value. */
export function assertExtraHeaders(headers: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (!FIELD_NAME.test(name)) {
      throw new ValidationError(`header ${JSON.stringify(name)}`, 'is not a valid field name');
    }
    if (COMPOSER_FIELDS.has(name.toLowerCase())) {
      throw new ValidationError(
        `header ${name}`,
        'is set by the message itself, not as an extra header',
      );
    }
    assertAsciiHeaderValue(`header ${name}`, value);
  }
}

/**
 * Builds one raw RFC 5322 message with nodemailer's MailComposer: multipart/alternative (text and
 * HTML) or text only, quoted-printable bodies, CRLF line ends. Any CR or LF in a header value,
 * any address the RFC 5322 parser rejects, any bad extra field is a ValidationError naming it.
 */
export async function buildMessage(input: MessageInput): Promise<Buffer> {
  assertMailbox('from', input.from);
  assertMailbox('to', input.to);
  if (input.replyTo) assertMailbox('reply-to', input.replyTo);
  assertSubject(input.subject);
  assertMessageId(input.messageId);
  if (Number.isNaN(input.date.getTime())) throw new ValidationError('date', 'is not a valid date');
  if (input.text.trim() === '')
    throw new ValidationError('text', 'is empty: every message needs a text part');
  assertExtraHeaders(input.headers ?? {});
  return composeMessage({ ...input, headers: input.headers ?? {} });
}
