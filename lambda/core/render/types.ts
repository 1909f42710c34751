import type { KeyPoint } from '../keypoints/types';
import type { MessageStencil } from '../mime/message-stencil';

/** What every template sees about the list. */
export interface ListView {
  readonly name: string;
  readonly postalAddress: string;
  /** NEWSLETTER_PUBLIC_URL: base of the subscription API. */
  readonly publicUrl: string;
}

/** What the newsletter template sees about the issue; the same for every recipient. */
export interface IssueView {
  readonly id: string;
  readonly subject: string;
  /** Inbox preview text, shown after the subject. */
  readonly preheader: string;
  readonly title: string;
  readonly lead: string;
  /** The article's own URL ("read the full article"), when it has one. */
  readonly url: string | null;
  /**
   * The language the article declares ("fr"), for the `lang` of the elements that hold its text;
   * null when it declares none (the email's own language then applies).
   */
  readonly language: string | null;
  /** "View in browser" link to the archived copy, when an archive URL is configured. */
  readonly archiveUrl: string | null;
  readonly keyPoints: readonly KeyPoint[];
  /** A digest's articles, in feed order (the digest template shows them; others ignore them). */
  readonly articles?: readonly DigestArticleView[];
}

/** One article of a digest: its title linked to the original, where it is from, its key points. */
export interface DigestArticleView {
  readonly title: string;
  /** The original article; null when the feed item had no link. */
  readonly url: string | null;
  /** "Feed title · 4 Dec 2026". */
  readonly source: string;
  /** The language the article declares, as IssueView's. */
  readonly language: string | null;
  /** The article's opening sentences. */
  readonly lead: string;
  readonly keyPoints: readonly KeyPoint[];
}

/** The per-recipient slots. */
export interface RecipientView {
  readonly name: string | null;
  readonly unsubscribeUrl: string;
}

export interface NewsletterView {
  readonly list: ListView;
  readonly issue: IssueView;
  readonly recipient: RecipientView;
}

/**
 * A template after its one MJML compile: Handlebars sources for the HTML and text parts. Plain
 * data (JSON-serialisable), so compose can hand it to deliver through S3 and deliver needs no mjml.
 */
export interface CompiledTemplate {
  readonly name: string;
  /** Hash of the template's sources; changes whenever a template, partial or text file changes. */
  readonly version: string;
  /** Handlebars source of the HTML part (MJML already compiled, validation level strict). */
  readonly html: string;
  /** Handlebars source of the text part. */
  readonly text: string;
}

/** Where a recipient's value goes in an encoded part. */
export interface EncodedSlot {
  readonly field: keyof RecipientView;
  /** Whether the template HTML-escaped the value there. */
  readonly escaped: boolean;
  /** Whether more of the part follows (the value's quoted-printable run ends with a soft break). */
  readonly followed: boolean;
}

/** A body part rendered for the whole issue: quoted-printable text, and the recipient's slots. */
export type EncodedPart = readonly (string | EncodedSlot)[];

export interface EncodedParts {
  readonly text: EncodedPart;
  readonly html: EncodedPart;
}

/**
 * Every recipient's message of one issue, made once by compose (templates filled with the
 * issue, parts encoded, MIME structure built) with the recipient's values left open. Whether
 * the recipient has a name decides which template branches render, so the parts come twice.
 */
export interface MessageKit {
  readonly stencil: MessageStencil;
  readonly named: EncodedParts;
  readonly anonymous: EncodedParts;
}

/**
 * One issue as compose hands it to deliver (through S3 or the local data folder). Plain data.
 * Deliver builds each recipient's message from `messages` alone: it carries neither mjml nor
 * the Handlebars compiler. The template and views are kept for previews and re-rendering.
 */
export interface PreparedIssue {
  readonly issueId: string;
  readonly template: CompiledTemplate;
  readonly list: ListView;
  readonly issue: IssueView;
  readonly messages: MessageKit;
}

/** One recipient's copy of an issue: the two parts of the message. */
interface RenderedMessage {
  readonly html: string;
  readonly text: string;
}

/** A prepared issue with its templates compiled once; `render` is one recipient's fill. */
export interface MessageRenderer {
  render(recipient: RecipientView): RenderedMessage;
}
