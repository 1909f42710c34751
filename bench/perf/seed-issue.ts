import { readArticleFile } from '../../lambda/adapters/files/article-file';
import { compileTemplate } from '../../lambda/adapters/templates/compile-template';
import { CONFIG_ENV, CONFIG_SETTINGS, type NewsletterConfig } from '../../lambda/core/config';
import { draftIssue, prepareIssue } from '../../lambda/core/issue/compose-issue';
import type { PreparedIssue } from '../../lambda/core/render/types';
import { loadLocalConfig } from '../../lambda/local/local-config';
import { SAMPLE_ARTICLE } from '../../lambda/local/sample';

/** Signs the benchmark's unsubscribe tokens; 32 bytes, like the deployed secret. */
export const BENCH_SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';

export interface SeedIssue {
  /** The article file, as the local run names it. */
  readonly article: string;
  readonly config: NewsletterConfig;
  readonly prepared: PreparedIssue;
}

/**
 * The issue `npm start` sends (the seed article, the newsletter template, the local run's list),
 * with the URLs a deployed list has: an API Gateway unsubscribe URL and a "view in browser"
 * archive link, which make every message a little longer than the local run's.
 */
export async function prepareSeedIssue(): Promise<SeedIssue> {
  const config = loadLocalConfig({
    [CONFIG_ENV.publicUrl]: CONFIG_SETTINGS.publicUrl.example,
    [CONFIG_ENV.archiveUrl]: CONFIG_SETTINGS.archiveUrl.example,
  });
  const draft = draftIssue(await readArticleFile(SAMPLE_ARTICLE));
  const template = await compileTemplate('newsletter');
  return { article: SAMPLE_ARTICLE, config, prepared: await prepareIssue(draft, template, config) };
}
