import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { encodeWord, foldLines } from 'nodemailer/lib/mime-funcs';
import { formatMailbox, type Mailbox, needsEncodedWords } from './header-values';
import { encodeQuotedPrintableRun } from './quoted-printable';

/**
 * The fields nodemailer's MailComposer receives. Nothing here is validated: callers check every
 * value first (buildMessage) or pass placeholders of their own (the message stencil).
 */
export interface ComposeInput {
  readonly from: Mailbox;
  readonly to: Mailbox;
  readonly replyTo?: Mailbox;
  readonly subject: string;
  /** The plain-text part; every message has one. */
  readonly text: string;
  /** The HTML part; with it the message is multipart/alternative. */
  readonly html?: string;
  /** `<unique@domain>`, from createMessageId. */
  readonly messageId: string;
  readonly date: Date | string;
  /**
   * Written as given, in this order, folded at their spaces into lines of 76 characters where
   * the words allow (a long List-Id name is several encoded words; unfolded it can pass the 998
   * octets RFC 5322 allows a line).
   */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * The subject as nodemailer should write it. Nodemailer leaves a valid encoded word in a header
 * as it is, taking it for one already encoded; a title that only quotes one (an article about
 * email) would then be shown decoded. Such a subject is encoded whole, and so is one with a run
 * no line can hold (a title that is a long URL), which nodemailer would leave on one line.
 */
function subjectOf(subject: string): string {
  return needsEncodedWords(subject) ? encodeWord(subject, 'Q', 52) : subject;
}

/**
 * Builds the raw message: multipart/alternative when there is HTML, CRLF line ends throughout,
 * and quoted-printable text parts, which stay readable and cost nothing for plain ASCII. The
 * bodies are encoded as an issue's are (encodeQuotedPrintableRun: no line starts with "From "),
 * put where nodemailer wrote a placeholder for each.
 */
export async function composeMessage(input: ComposeInput): Promise<Buffer> {
  const nonce = randomBytes(12).toString('hex');
  const bodies = new Map([[`text-${nonce}`, input.text]]);
  if (input.html) bodies.set(`html-${nonce}`, input.html);
  const composer = new MailComposer({
    subject: subjectOf(input.subject),
    messageId: input.messageId,
    date: input.date,
    text: `text-${nonce}`,
    html: input.html ? `html-${nonce}` : undefined,
    headers: Object.fromEntries(
      Object.entries(input.headers).map(([key, value]) => [
        key,
        { prepared: true, foldLines: true, value },
      ]),
    ),
    encoding: 'quoted-printable',
    newline: 'windows',
    // Content is always a string here; never let nodemailer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  // The address fields are written here, as the stencil writes each recipient's To, and lead the
  // header: nodemailer would quote a name shaped like an encoded word, which clients decode anyway.
  const mailboxes: [string, Mailbox | undefined][] = [
    ['From', input.from],
    ['To', input.to],
    ['Reply-To', input.replyTo],
  ];
  const addressLines = mailboxes.flatMap(([field, mailbox]) =>
    mailbox ? [`${foldLines(`${field}: ${formatMailbox(mailbox)}`, 76)}\r\n`] : [],
  );
  // Every byte nodemailer writes here is 7-bit (quoted-printable bodies, encoded words). It ends
  // the message with a line break unless it ends with one: so does a body that ends it.
  const built = (await composer.compile().build())
    .toString('latin1')
    .replace(new RegExp(`((?:text|html)-${nonce})(\r\n$)?`, 'g'), (_, placeholder, end = '') => {
      const body = encodeQuotedPrintableRun(bodies.get(placeholder) ?? '', false).toString(
        'latin1',
      );
      return body.endsWith('\r\n') ? body : body + end;
    });
  return Buffer.from(addressLines.join('') + built, 'latin1');
}
