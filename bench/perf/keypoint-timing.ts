/**
 * Key-point extraction time per article over a corpus: the evaluation set when it is there
 * (CNN/DailyMail, read from ../shared, never copied), else the repository's example articles.
 */
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { readArticleFile } from '../../lambda/adapters/files/article-file';
import { parseArticle } from '../../lambda/core/article/parse-article';
import type { Article } from '../../lambda/core/article/types';
import { extractKeyPoints } from '../../lambda/core/keypoints/extract-key-points';
import { PROJECT_ROOT } from '../../lambda/local/sample';
import { readEvalData } from '../eval/read-eval-data';

export const DEFAULT_EVAL_DATA = path.resolve(PROJECT_ROOT, '../shared/eval/cnndm-dev.jsonl');
const EXAMPLE_ARTICLES = path.join(PROJECT_ROOT, 'examples/articles');

export interface KeyPointCorpus {
  /** Where the articles came from, for the report. */
  readonly source: string;
  readonly fallback: boolean;
  readonly articles: readonly Article[];
  /** parseArticle per article (bytes to sections and sentences), ms, after a warm-up pass. */
  readonly parseMsPerArticle: number;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** Reads and parses the corpus; the evaluation texts go through parseArticle as plain text. */
export async function loadKeyPointCorpus(data: string): Promise<KeyPointCorpus> {
  const fallback = !(await exists(data));
  const inputs = fallback
    ? await Promise.all(
        (await readdir(EXAMPLE_ARTICLES))
          .sort()
          .map((name) => readArticleFile(path.join(EXAMPLE_ARTICLES, name))),
      )
    : (await readEvalData(data)).map((record) => ({
        name: `${record.id}.txt`,
        bytes: Buffer.from(record.text, 'utf8'),
      }));
  inputs.map(parseArticle);
  const started = performance.now();
  const articles = inputs.map(parseArticle);
  return {
    source: fallback ? path.relative(PROJECT_ROOT, EXAMPLE_ARTICLES) : data,
    fallback,
    articles,
    parseMsPerArticle: (performance.now() - started) / articles.length,
  };
}

/**
 * extractKeyPoints over every article (k = 3, as the evaluation runs it): one warm-up pass, then
 * `passes` timed passes; the median pass's total ÷ articles, in ms.
 */
export function timeKeyPoints(articles: readonly Article[], passes: number): number[] {
  const run = () => {
    const started = performance.now();
    for (const article of articles) extractKeyPoints(article, { maxPoints: 3 });
    return (performance.now() - started) / articles.length;
  };
  run();
  return Array.from({ length: passes }, run);
}
