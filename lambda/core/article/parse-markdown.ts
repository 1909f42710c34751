import matter from 'gray-matter';
import { Lexer, type Token } from 'marked';
import { ArticleError } from '../errors';
import type { ArticleBlock, ParsedDocument } from './blocks';
import { decodeEntities } from './decode-entities';

/** gray-matter would eval `---js` front matter; an article file must never run code. */
function refuseCodeFrontMatter(): never {
  throw new Error('only YAML front matter is supported');
}

function readFrontMatter(source: string, text: string): matter.GrayMatterFile<string> {
  try {
    // Passing options also keeps gray-matter from caching every article it has seen.
    return matter(text, { engines: { javascript: refuseCodeFrontMatter } });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ArticleError(source, `has invalid front matter: ${reason}`, { cause: error });
  }
}

function frontMatterString(value: unknown): string | undefined {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return undefined;
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(value)) {
    const items = value.map(frontMatterString).filter((item) => item !== undefined);
    return items.length > 0 ? items.join(', ') : undefined;
  }
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value).trim();
    return text === '' ? undefined : text;
  }
  return undefined;
}

/** The readable text of inline tokens: link text, emphasis and code kept; markup and images go. */
function flattenInline(tokens: readonly Token[] = []): string {
  return tokens
    .map((token) => {
      switch (token.type) {
        case 'image':
        case 'html':
        case 'checkbox':
          return '';
        case 'br':
          return ' ';
        case 'codespan':
        case 'escape':
          return token.text;
        default:
          if ('tokens' in token && token.tokens) return flattenInline(token.tokens);
          return 'text' in token && typeof token.text === 'string' ? token.text : '';
      }
    })
    .join('');
}

function inlineText(tokens: readonly Token[] | undefined): string {
  return decodeEntities(flattenInline(tokens)).trim();
}

function collectBlocks(tokens: readonly Token[], blocks: ArticleBlock[]): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'heading':
        // Levels 4–6 are too minor to split an article on.
        if (token.depth <= 3) blocks.push({ kind: 'heading', text: inlineText(token.tokens) });
        break;
      case 'paragraph':
      case 'text':
        blocks.push({ kind: 'paragraph', text: inlineText(token.tokens) });
        break;
      case 'blockquote':
        collectBlocks(token.tokens ?? [], blocks);
        break;
      case 'list':
        for (const item of token.items) collectBlocks(item.tokens, blocks);
        break;
      default:
        // Code, tables, raw HTML and rules are not prose to summarise.
        break;
    }
  }
}

/**
 * Markdown with optional YAML front matter (title, url, date, author). A leading `#` heading is
 * the title line: the title when the front matter has none, and dropped when it has one (it
 * repeats it, often in other words); `##` and `###` are subheads.
 */
export function parseMarkdown(source: string, text: string): ParsedDocument {
  const file = readFrontMatter(source, text);
  const tokens = Lexer.lex(file.content).filter((token) => token.type !== 'space');
  const [first, ...rest] = tokens;
  const heading =
    first?.type === 'heading' && first.depth === 1 ? inlineText(first.tokens) : undefined;
  const blocks: ArticleBlock[] = [];
  collectBlocks(heading === undefined ? tokens : rest, blocks);
  return {
    title: frontMatterString(file.data.title) ?? heading,
    url: frontMatterString(file.data.url),
    date: frontMatterString(file.data.date),
    author: frontMatterString(file.data.author),
    blocks,
  };
}
