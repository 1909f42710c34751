import { encodeQuotedPrintableRun } from '../mime/quoted-printable';
import { compileParts } from './message-renderer';
import type { CompiledTemplate, IssueView, ListView } from './types';

/** Gmail clips a message whose HTML is larger than this and hides the rest behind a link. */
export const GMAIL_CLIP_BYTES = 102 * 1024;
/**
 * What an issue's HTML part may weigh as it is sent (clipBytes): under the clip, with room for
 * the bytes Gmail's limit is seen to vary by.
 */
export const CLIP_BUDGET_BYTES = 100 * 1024;

/**
 * The size of an HTML part as it is sent, which is what Gmail counts: quoted-printable, escapes
 * and soft line breaks included. Latin text adds a tenth to the HTML as written (each `=` of an
 * attribute is `=3D`), but each byte of a Cyrillic, Greek or CJK letter takes three (`=D0=B4`).
 */
export function clipBytes(html: string): number {
  return encodeQuotedPrintableRun(html, false).length;
}

/** How an issue was cut to fit under the clip, one line each; empty when it fitted as it was. */
export type FitNotes = readonly string[];

/**
 * Whether an issue's HTML part stays within `budget` as sent (clipBytes), rendered with the
 * longest recipient values a message carries (a 100-character name, a long unsubscribe link).
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
  return (issue) => clipBytes(html({ list, issue, recipient })) <= budget;
}
