import type { NewsletterConfig } from '../config';
import { extractKeyPoints } from '../keypoints/extract-key-points';
import type { KeyPoints } from '../keypoints/types';
import { buildIssueView, listViewOf } from '../render/build-issue-view';
import { type FitNotes, fitsUnderClip } from '../render/gmail-clip';
import type { CompiledTemplate } from '../render/types';
import type { IssueDraft } from './compose-issue';

/**
 * Keeps a one-article issue's HTML under Gmail's clip, as fitDigest keeps a digest's: when it
 * does not fit, its key points are extracted again, one fewer at a time, until it does. The
 * points are shown in article order, but extraction keeps the best-ranked (the most important
 * sections, or the best sentences), so the point that goes is the lowest-ranked wherever it
 * stands in the article. When even one point does not fit, the issue keeps one and says so.
 */
export function fitIssueDraft(
  draft: IssueDraft,
  template: CompiledTemplate,
  config: NewsletterConfig,
  budget?: number,
): { readonly draft: IssueDraft; readonly notes: FitNotes } {
  const { article } = draft;
  const fits = fitsUnderClip(template, listViewOf(config), budget);
  const fitsWith = (keyPoints: KeyPoints) =>
    fits(
      buildIssueView({
        issueId: draft.issueId,
        keyPoints,
        url: article?.url,
        language: article?.language,
        config,
      }),
    );
  // A draft without its article (planned again from the archive) was fitted when first made.
  if (article === undefined || fitsWith(draft.keyPoints)) return { draft, notes: [] };

  const all = draft.keyPoints.keyPoints.length;
  for (let maxPoints = all - 1; maxPoints >= 1; maxPoints--) {
    const keyPoints = extractKeyPoints(article, { maxPoints });
    if (fitsWith(keyPoints)) {
      const left = all - keyPoints.keyPoints.length;
      return {
        draft: { ...draft, keyPoints },
        notes: [
          `${left} of ${all} key points left out to fit under Gmail's clip (the lowest-ranked)`,
        ],
      };
    }
  }
  return {
    draft: { ...draft, keyPoints: extractKeyPoints(article, { maxPoints: 1 }) },
    notes: [
      "Even one key point does not fit under Gmail's clip: the issue keeps one, and Gmail " +
        'will clip it (the title, lead or template is too large)',
    ],
  };
}
