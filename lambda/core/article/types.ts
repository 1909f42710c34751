/** The formats an article file can come in; detected from the file's name and content. */
export type ArticleFormat = 'text' | 'markdown' | 'html';

/** A paragraph of body text, already split into sentences by a real segmenter. */
export interface Paragraph {
  readonly text: string;
  readonly sentences: readonly string[];
  /**
   * Quoted from the message a reply answers ("> How do I reset the router?" in a forum post):
   * kept for its context, but the reply's own text leads and gives the points.
   */
  readonly quoted?: boolean;
}

/**
 * A run of paragraphs under one subhead. The article's opening paragraphs, before any subhead,
 * form a section whose heading is null.
 */
export interface ArticleSection {
  readonly heading: string | null;
  readonly paragraphs: readonly Paragraph[];
}

/** An article after ingestion: clean text, no boilerplate, ready for key-point extraction. */
export interface Article {
  /** Where it came from (file name or object key); used in messages. */
  readonly source: string;
  readonly format: ArticleFormat;
  readonly title: string;
  readonly url?: string;
  readonly date?: string;
  readonly author?: string;
  /** The language the article declares ("fr", "pt-BR"); none for plain text. */
  readonly language?: string;
  readonly sections: readonly ArticleSection[];
}

/** The raw input to ingestion. The core never reads files: adapters hand it the bytes. */
export interface ArticleInput {
  readonly name: string;
  readonly bytes: Uint8Array;
}
