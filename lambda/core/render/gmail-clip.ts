import { compileParts } from './message-renderer';
import type { CompiledTemplate, IssueView, ListView } from './types';

/** Gmail clips a message whose HTML is larger than this and hides the rest behind a link. */
export const GMAIL_CLIP_BYTES = 102 * 1024;
/**
 * What an issue's HTML may weigh: under the clip with room for the recipient's name and
 * unsubscribe link, and for the few percent quoted-printable adds on the way.
 */
export const CLIP_BUDGET_BYTES = 92 * 1024;

/** How an issue was cut to fit under the clip, one line each; empty when it fitted as it was. */
export type FitNotes = readonly string[];

/**
 * Whether an issue's HTML stays within `budget`, rendered with the longest recipient values a
 * message carries (a 100-character name, a long unsubscribe link).
 */
export function fitsUnderClip(
  template: CompiledTemplate,
  list: ListView,
  budget = CLIP_BUDGET_BYTES,
): (issue: IssueView) => boolean {
  const html = compileParts(template).html;
  const recipient = {
    name: 'N'.repeat(100),
    unsubscribeUrl: `${list.publicUrl}/unsubscribe?token=${'t'.repeat(200)}`,
  };
  return (issue) => Buffer.byteLength(html({ list, issue, recipient })) <= budget;
}
