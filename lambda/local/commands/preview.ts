import { NewsletterError } from '../../core/errors';
import { startPreviewServer } from '../preview/preview-server';

export interface PreviewOptions {
  readonly port: number;
  readonly article: string;
  readonly maxPoints?: number;
}

/**
 * `newsletter preview` (and `npm run preview`): serves the preview studio on 127.0.0.1 until
 * Ctrl+C. It opens no store and takes no data-folder lock, so it runs beside `send` and `api`.
 */
export async function runPreview(options: PreviewOptions): Promise<void> {
  if (options.port > 65_535)
    throw new NewsletterError(`Port ${options.port} is not a TCP port (1–65535)`);
  const server = await startPreviewServer({
    port: options.port,
    article: options.article,
    maxPoints: options.maxPoints,
  });
  const templates = (await server.workspace.templates()).map((t) => t.name).join(', ');
  process.stdout.write(
    [
      `Preview on ${server.url}  (templates: ${templates})`,
      `Watching ${server.workspace.templatesDir} and the articles; edits show up in the page at once.`,
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
