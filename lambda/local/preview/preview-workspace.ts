import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { articleFileSize } from '../../adapters/files/article-file';
import { isMissing, linkLeadingNowhere } from '../../adapters/files/missing-file';
import { listTemplates } from '../../adapters/templates/compile-template';
import { isEditorNoise } from '../../adapters/templates/editor-noise';
import type { NewsletterConfig } from '../../core/config';
import { NewsletterError, ValidationError } from '../../core/errors';
import { DIGEST_TEMPLATE } from '../../core/feeds/digest-issue';
import { type Check, checkEmail } from './checks';
import {
  NEWSLETTER_TEMPLATE,
  type PreviewFeeds,
  type PreviewSelection,
  type RenderedPreview,
  renderPreview,
} from './render-preview';

export interface WorkspaceOptions {
  readonly templatesDir: string;
  /** Offered in the article picker (any other path can be typed in). */
  readonly articlesDir: string;
  readonly config: NewsletterConfig;
  readonly maxPoints?: number;
  /** Feeds the digest is rendered from, read again at most once a minute. */
  readonly feeds?: PreviewFeeds;
  /** What `/email.html` shows until the page picks something else. */
  readonly selection: PreviewSelection;
  /** @default renderPreview, the production pipeline */
  readonly render?: typeof renderPreview;
}

interface TemplateEntry {
  readonly name: string;
  /**
   * The newsletter is rendered from an article, the digest from feeds when given; every other
   * message from its preview data.
   */
  readonly rendersFrom: 'article' | 'feeds' | 'preview data';
}

/** A selection as it may arrive in a query string or a request body; missing parts are kept. */
export interface SelectionInput {
  readonly template?: string | null;
  /** A path; '' means the template's preview data. */
  readonly article?: string | null;
}

export interface PreviewWorkspace {
  readonly templatesDir: string;
  readonly articlesDir: string;
  /** The current template and article. */
  selection(): PreviewSelection;
  /**
   * Makes `input` the current selection, after checking it names a template and that its article,
   * if any, is a regular file: the server watches it, and a folder would be watched recursively.
   */
  select(input: SelectionInput): Promise<PreviewSelection>;
  /** The current selection with `input`'s parts in place of its own. */
  resolve(input: SelectionInput): Promise<PreviewSelection>;
  templates(): Promise<TemplateEntry[]>;
  /** Paths of the example articles (relative to the working directory when under it). */
  articles(): Promise<string[]>;
  /** Renders, or returns the render of the same sources made before. */
  render(selection: PreviewSelection): Promise<RenderedPreview>;
  checks(selection: PreviewSelection): Promise<Check[]>;
  /** Called by the watcher: drops every cached render. */
  invalidate(): void;
}

/** Renders kept: one per recently viewed template and article. */
const CACHE_SIZE = 8;
/** A digest of live feeds is read again after this long (on the next request): polite to them. */
const FEED_REFRESH_MS = 60_000;

interface CacheEntry {
  readonly fingerprint: string;
  readonly rendered: Promise<RenderedPreview>;
  checks?: Promise<Check[]>;
}

/** Relative to the working directory when under it, else absolute: how people type paths. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

async function fileStamp(file: string): Promise<string> {
  try {
    const stats = await stat(file);
    return `${stats.mtimeMs}:${stats.size}`;
  } catch {
    return 'missing';
  }
}

/**
 * The templates of the folder. A folder that is missing (or behind a link that leads nowhere,
 * which it names) or holds none is said in one line that names it and how to point the preview
 * elsewhere, not as a bare ENOENT or ELOOP or an empty list.
 */
async function templateNames(templatesDir: string): Promise<string[]> {
  const fix = 'pass --templates <folder> with your <name>.mjml templates';
  const names = await listTemplates(templatesDir).catch(async (error) => {
    // A template file given for its folder (`--templates templates/newsletter.mjml`).
    const given = await stat(templatesDir).catch(() => undefined);
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR' && given?.isFile()) {
      throw new NewsletterError(
        `No templates folder at ${displayPath(templatesDir)} (it is a file): pass the folder it is in, --templates ${displayPath(path.dirname(templatesDir))}`,
        { cause: error },
      );
    }
    if (!isMissing(error)) throw error;
    const link = await linkLeadingNowhere(templatesDir);
    const why = link ? ` (${link.at} is a link to ${link.target}, which leads nowhere)` : '';
    throw new NewsletterError(`No templates folder at ${displayPath(templatesDir)}${why}: ${fix}`, {
      cause: error,
    });
  });
  if (names.length === 0) {
    throw new NewsletterError(
      `No templates in ${displayPath(templatesDir)} (no <name>.mjml in it): ${fix}`,
    );
  }
  return names;
}

/**
 * A path as pasted from a file manager: Windows' "Copy as path" puts it in double quotes, and KDE
 * and GNOME paste a `file://` URL (`my%20draft.md`); both were "not found". A URL of another host
 * is left as it is, and said not found.
 */
function pastedPath(typed: string): string {
  const quoted = /^(["'])(.+)\1$/.exec(typed);
  if (quoted) return quoted[2] as string;
  if (!typed.startsWith('file://')) return typed;
  try {
    return fileURLToPath(typed);
  } catch {
    return typed;
  }
}

/** An article path as the picker lists it, so a path written another way is the same choice. */
function articlePath(typed: string | null): string | null {
  if (typed === null) return null;
  const article = pastedPath(typed);
  // The page's path box is not a shell: "~/drafts/story.md" is in the home folder, as a shell
  // reads it, not a folder named "~" (it was "not found").
  const home = article === '~' || article.startsWith('~/') || article.startsWith(`~${path.sep}`);
  return displayPath(path.resolve(home ? path.join(homedir(), article.slice(1)) : article));
}

/**
 * The preview's state: what is selected, and renders cached by the modification times of every
 * source they read (templates, partials, preview data, the article). A request after an edit
 * renders afresh even before the watcher has reported the edit.
 */

export function createPreviewWorkspace(options: WorkspaceOptions): PreviewWorkspace {
  const { templatesDir, articlesDir } = options;
  let current = { ...options.selection, article: articlePath(options.selection.article) };
  let generation = 0;
  const cache = new Map<string, CacheEntry>();

  const fingerprint = async (selection: PreviewSelection): Promise<string> => {
    const entries = await readdir(templatesDir, { recursive: true, withFileTypes: true });
    // An editor's swap file is written every few seconds while a template is open in it.
    const files = entries
      .filter((entry) => entry.isFile() && !isEditorNoise(entry.name))
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort();
    if (selection.article !== null) files.push(path.resolve(selection.article));
    const stamps = await Promise.all(files.map(async (file) => `${file}@${await fileStamp(file)}`));
    const feedsRead = options.feeds ? Math.floor(Date.now() / FEED_REFRESH_MS) : '';
    return `${generation}:${feedsRead}\n${stamps.join('\n')}`;
  };

  /** The last render queued: renders run one at a time, in the order they are asked for. */
  let running: Promise<unknown> = Promise.resolve();

  const entryFor = async (selection: PreviewSelection): Promise<CacheEntry> => {
    const key = `${selection.template}\0${selection.article ?? ''}`;
    const print = await fingerprint(selection);
    const cached = cache.get(key);
    if (cached?.fingerprint === print) return cached;
    const start = () =>
      (options.render ?? renderPreview)(
        {
          templatesDir,
          config: options.config,
          maxPoints: options.maxPoints,
          ...(options.feeds ? { feeds: options.feeds } : {}),
        },
        selection,
      );
    // A render waits for the last one queued, whatever it shows, and one whose sources were
    // saved again meanwhile is never started: it answers with the render of the newer sources,
    // asked for once its turn has ended. A large template takes seconds to render, and each save
    // of it started another render beside those running, so the last save showed only once all
    // of them had ended.
    const turn = running.then(async () =>
      (await fingerprint(selection)) === print ? start() : undefined,
    );
    running = turn.catch(() => {});
    const entry: CacheEntry = {
      fingerprint: print,
      rendered: turn.then(async (rendered) => rendered ?? (await entryFor(selection)).rendered),
    };
    // A failed render is kept too: the same sources fail the same way until one of them changes.
    entry.rendered.catch(() => {});
    cache.delete(key);
    cache.set(key, entry);
    for (const old of cache.keys()) {
      if (cache.size <= CACHE_SIZE) break;
      cache.delete(old);
    }
    return entry;
  };

  const resolve = async (input: SelectionInput): Promise<PreviewSelection> => {
    const template = input.template || current.template;
    const names = await templateNames(templatesDir);
    if (!names.includes(template)) {
      throw new ValidationError(
        'template',
        `"${template}" is not a template in ${templatesDir} (there are: ${names.join(', ')})`,
      );
    }
    const article =
      input.article === undefined || input.article === null
        ? current.article
        : articlePath(input.article.trim() || null);
    return { template, article };
  };

  const rendersFrom = (name: string): TemplateEntry['rendersFrom'] => {
    if (name === NEWSLETTER_TEMPLATE) return 'article';
    return name === DIGEST_TEMPLATE && options.feeds ? 'feeds' : 'preview data';
  };

  return {
    templatesDir,
    articlesDir,
    selection: () => current,
    resolve,
    async select(input) {
      const selection = await resolve(input);
      if (selection.article !== null) await articleFileSize(selection.article);
      current = selection;
      return current;
    },
    async templates() {
      return (await templateNames(templatesDir)).map((name) => ({
        name,
        rendersFrom: rendersFrom(name),
      }));
    },
    async articles() {
      const entries = await readdir(articlesDir, { withFileTypes: true }).catch((error) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      });
      return entries
        .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
        .map((entry) => displayPath(path.join(articlesDir, entry.name)))
        .sort();
    },
    async render(selection) {
      return (await entryFor(selection)).rendered;
    },
    async checks(selection) {
      const entry = await entryFor(selection);
      entry.checks ??= entry.rendered.then((rendered) =>
        checkEmail({
          html: rendered.html,
          text: rendered.text,
          footer: rendered.footer,
          fitNotes: rendered.fitNotes,
          feedNotes: rendered.feedNotes,
        }),
      );
      return entry.checks;
    },
    invalidate() {
      generation++;
    },
  };
}
