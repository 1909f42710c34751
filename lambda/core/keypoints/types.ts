/** One thing the reader should take away: a section's subhead and its most central sentences. */
export interface KeyPoint {
  /**
   * The section's subhead, or the question its answer follows, verbatim; null when the article
   * has no subheads, and for the opening section's point.
   */
  readonly heading: string | null;
  /** One or two sentences taken verbatim from the article (from the heading's own section). */
  readonly summary: string;
}

/** What an issue says about an article. `--json` output of `newsletter keypoints` is exactly this. */
export interface KeyPoints {
  readonly title: string;
  readonly lead: string;
  readonly keyPoints: readonly KeyPoint[];
}

/** The most key points an issue may ask for. */
export const MAX_POINTS_LIMIT = 50;

/** Key points per article when nothing asks for another number. */
export const DEFAULT_MAX_POINTS = 4;

export interface KeyPointOptions {
  /** How many key points at most: sentences without subheads, the most important sections with them. @default 4 */
  readonly maxPoints?: number;
}
