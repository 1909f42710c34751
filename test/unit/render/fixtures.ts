import { compileTemplate } from '../../../lambda/adapters/templates/compile-template';
import { type NewsletterConfig, parseNewsletterConfig } from '../../../lambda/core/config';
import { buildMessageKit } from '../../../lambda/core/render/message-kit';
import type {
  CompiledTemplate,
  NewsletterView,
  PreparedIssue,
} from '../../../lambda/core/render/types';
import { previewData } from '../../../templates/newsletter.preview';

export const testConfig: NewsletterConfig = parseNewsletterConfig({
  listName: 'Weekly Briefing',
  listId: 'weekly.example.com',
  fromAddress: 'news@example.com',
  replyTo: 'editor@example.com',
  postalAddress: previewData.list.postalAddress,
  publicUrl: 'https://news.example.com',
  archiveUrl: 'https://news.example.com/issues',
  sendRateCap: 14,
});

export const testSecret = 'test-secret-0123456789abcdef0123456789abcdef';

let newsletter: Promise<CompiledTemplate> | undefined;

/** The real newsletter template, compiled once per test file. */
export function newsletterTemplate(): Promise<CompiledTemplate> {
  newsletter ??= compileTemplate('newsletter');
  return newsletter;
}

/** The preview issue, optionally changed, ready to render. */
export async function preparedIssue(
  issue: Partial<PreparedIssue['issue']> = {},
): Promise<PreparedIssue> {
  const content = {
    template: await newsletterTemplate(),
    list: previewData.list,
    issue: { ...previewData.issue, ...issue },
  };
  return {
    issueId: previewData.issue.id,
    ...content,
    messages: await buildMessageKit(content, testConfig),
  };
}

/** A template's view (its preview data, say) prepared as compose prepares an issue. */
export async function preparedView(name: string, view: NewsletterView): Promise<PreparedIssue> {
  const content = { template: await compileTemplate(name), list: view.list, issue: view.issue };
  return {
    issueId: view.issue.id,
    ...content,
    messages: await buildMessageKit(content, testConfig),
  };
}
