import { z } from 'zod';
import { ConfigError } from './errors';

/**
 * What the core needs to know about the list. Validated once (at cold start, process start or
 * synth) and passed down; nothing below reads the environment.
 */
export const newsletterConfigSchema = z.object({
  /** Shown in the email and in List-Id. Example: "Weekly Briefing". */
  listName: z.string().trim().min(1).max(100),
  /** Stable machine id of the list, a domain-like string for List-Id. Example: "weekly.example.com". */
  listId: z.string().regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, 'must look like weekly.example.com'),
  /** Sender address (bare). Example: "news@example.com". */
  fromAddress: z.email(),
  /** Display name of the sender. Defaults to listName. */
  fromName: z.string().trim().min(1).max(100).optional(),
  replyTo: z.email().optional(),
  /** CAN-SPAM: a valid physical postal address, shown in every footer. */
  postalAddress: z.string().trim().min(5).max(300),
  /** Base URL of the subscription API (NEWSLETTER_PUBLIC_URL), no trailing slash. */
  publicUrl: z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, '')),
  /** Base URL where archived issues are served ("view in browser"); optional. */
  archiveUrl: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** Upper bound on messages per second when the SES quota cannot be read. */
  sendRateCap: z.number().positive().max(10_000),
});

export type NewsletterConfig = z.output<typeof newsletterConfigSchema>;
export type NewsletterConfigInput = z.input<typeof newsletterConfigSchema>;

/** Validates config; the first problem becomes a ConfigError naming the key. */
export function parseNewsletterConfig(input: unknown): NewsletterConfig {
  const result = newsletterConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue?.path.join('.') || '(root)';
  throw new ConfigError(key, `is invalid: ${issue?.message ?? 'unknown problem'}`);
}
