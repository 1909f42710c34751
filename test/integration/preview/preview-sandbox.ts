/**
 * A throwaway copy of templates/ and of the seed article, and a preview server over it, so tests
 * edit and break files freely without touching the repository's own.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_TEMPLATES_DIR } from '../../../lambda/adapters/templates/compile-template';
import {
  type PreviewServer,
  type PreviewServerOptions,
  startPreviewServer,
} from '../../../lambda/local/preview/preview-server';
import { SAMPLE_ARTICLE } from '../../../lambda/local/sample';

export interface PreviewSandbox {
  readonly root: string;
  readonly templatesDir: string;
  readonly articlesDir: string;
  /** The copy of the seed article the server starts on. */
  readonly article: string;
  readonly outboxDir: string;
  readonly server: PreviewServer;
  /** Changes one file of the copy (a path relative to the sandbox root). */
  edit(file: string, change: (source: string) => string): Promise<void>;
  /** Puts every file back as it was copied. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function openPreviewSandbox(
  options: Omit<PreviewServerOptions, 'templatesDir' | 'articlesDir' | 'article' | 'port'> = {},
): Promise<PreviewSandbox> {
  const root = await mkdtemp(path.join(tmpdir(), 'newsletter-preview-'));
  const templatesDir = path.join(root, 'templates');
  const articlesDir = path.join(root, 'articles');
  const article = path.join(articlesDir, path.basename(SAMPLE_ARTICLE));
  const outboxDir = path.join(root, 'outbox');
  const originals = new Map<string, string>();

  await cp(DEFAULT_TEMPLATES_DIR, templatesDir, { recursive: true });
  await mkdir(articlesDir);
  await cp(SAMPLE_ARTICLE, article);
  const server = await startPreviewServer({
    port: 0,
    templatesDir,
    articlesDir,
    article,
    outboxDir,
    log: () => {},
    ...options,
  });

  return {
    root,
    templatesDir,
    articlesDir,
    article,
    outboxDir,
    server,
    async edit(file, change) {
      const target = path.join(root, file);
      const source = await readFile(target, 'utf8');
      if (!originals.has(target)) originals.set(target, source);
      const changed = change(source);
      if (changed === source) throw new Error(`The edit of ${file} changed nothing`);
      await writeFile(target, changed);
    },
    async restore() {
      for (const [target, source] of originals) await writeFile(target, source);
      originals.clear();
    },
    async close() {
      await server.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
