import { createFetcher, userAgentFor } from '../../adapters/http/fetcher';
import { loadLocalConfig } from '../local-config';
import { startPreviewServer } from '../preview/preview-server';
import { checkFeedUrls } from './send-feeds';

export interface PreviewOptions {
  readonly port: number;
  readonly article: string;
  /** @default the repository's templates/ */
  readonly templates?: string;
  readonly maxPoints?: number;
  /** Feeds the digest is rendered from (read live); none: its preview data. */
  readonly feed?: readonly string[];
  readonly maxArticles?: number;
}

/**
 * `newsletter preview` (and `npm run preview`): serves the preview studio on 127.0.0.1 until
 * Ctrl+C. It opens no store and takes no data-folder lock, so it runs beside `send` and `api`.
 */
export async function runPreview(options: PreviewOptions): Promise<void> {
  checkFeedUrls(options.feed ?? []);
  const config = loadLocalConfig();
  const server = await startPreviewServer({
    port: options.port,
    article: options.article,
    templatesDir: options.templates,
    maxPoints: options.maxPoints,
    config,
    ...(options.feed?.length
      ? {
          feeds: {
            urls: options.feed,
            maxArticles: options.maxArticles,
            // The fetcher of `newsletter send --feed`: loopback allowed, nothing else private.
            web: createFetcher({ allowLoopback: true, userAgent: userAgentFor(config.publicUrl) }),
          },
        }
      : {}),
  });
  const templates = (await server.workspace.templates()).map((t) => t.name).join(', ');
  process.stdout.write(
    [
      `Preview on ${server.url}  (templates: ${templates})`,
      `Watching ${server.workspace.templatesDir} and the articles; edits show up in the page at once.`,
      ...(options.feed?.length
        ? [`The digest is read from ${options.feed.join(', ')} (again at most once a minute).`]
        : []),
      `The email alone: ${server.url}/email.html and ${server.url}/email.txt. Ctrl+C stops.`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
}
