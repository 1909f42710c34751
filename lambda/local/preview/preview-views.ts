import { z } from 'zod';
import { ISSUE_ID_PATTERN } from '../../core/issue/issue-id';
import type { KeyPoint } from '../../core/keypoints/types';
import type { DigestArticleView, ListView, NewsletterView } from '../../core/render/types';
import type { ConfirmationView } from '../../core/subscription/confirmation-email';

/**
 * The shapes of the views the system fills its own templates with, for checking a template's
 * preview data. tsx runs a `.preview.ts` file without type-checking it, so its
 * `satisfies NewsletterView` catches nothing in the preview: a list given as text rendered an
 * email without its key points, a number where text goes rendered as if it were text. Objects are
 * loose: a designer's template may show fields of its own, and those are kept.
 */
const text = z.string();
const optionalText = z.string().nullable();

const keyPoint = z.looseObject({
  heading: optionalText,
  summary: text,
}) satisfies z.ZodType<KeyPoint>;

const list = z.looseObject({
  name: text,
  postalAddress: text,
  publicUrl: text,
}) satisfies z.ZodType<ListView>;

const digestArticle = z.looseObject({
  title: text,
  url: optionalText,
  source: text,
  language: optionalText,
  lead: text,
  keyPoints: z.array(keyPoint),
}) satisfies z.ZodType<DigestArticleView>;

const issue = z.looseObject({
  // It names the outbox folder a test is written to: a path there would leave the outbox.
  id: text.regex(ISSUE_ID_PATTERN, 'is not an issue id (up to 128 letters, digits, - and _)'),
  // Required by every message: SES refuses an empty Subject.
  subject: text.regex(/\S/, 'must not be empty (it is the Subject line)'),
  preheader: text,
  title: text,
  lead: text,
  url: optionalText,
  language: optionalText,
  archiveUrl: optionalText,
  keyPoints: z.array(keyPoint),
  articles: z.array(digestArticle).optional(),
});

export const newsletterView = z.looseObject({
  list,
  issue,
  recipient: z.looseObject({ name: optionalText, unsubscribeUrl: text }),
}) satisfies z.ZodType<NewsletterView>;

/** The digest template loops over the issue's articles: a digest without them shows none. */
export const digestView = newsletterView.extend({
  issue: issue.extend({ articles: z.array(digestArticle) }),
}) satisfies z.ZodType<NewsletterView>;

export const confirmationView = z.looseObject({
  list,
  confirmation: z.looseObject({ url: text, expiresIn: text }),
}) satisfies z.ZodType<ConfirmationView>;

/** A template of one's own: any values, checked by the strict fill as the template reads them. */
export const anyView = z.looseObject({});
