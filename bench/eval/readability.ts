import { isBoilerplate, isJunkSentence } from '../../lambda/core/article/boilerplate';
import { opensWithDependentWord } from '../../lambda/core/keypoints/sentence-quality';

/** How many of a summary's points a reader would stumble on. */
export interface ReadabilityCounts {
  readonly points: number;
  /** Points opening with a dependent word that do not follow the sentence they depend on. */
  readonly unresolvedDependent: number;
  /** Points that are not article text (bylines, captions, prompts…). */
  readonly boilerplate: number;
}

/** Where in the article a point starts: the index of the article sentence it opens with. */
function startIndex(point: string, sentences: readonly string[]): number {
  return sentences.findIndex((sentence) => sentence !== '' && point.startsWith(sentence));
}

/**
 * Counts the points of one summary (in reading order) that open with a dependent word
 * (DEPENDENT_OPENINGS) without the point before them ending with the article sentence they
 * follow, and the points that are boilerplate. `sentences` is the article, split as the
 * points were taken from it.
 */
export function countReadability(
  points: readonly string[],
  sentences: readonly string[],
): ReadabilityCounts {
  let unresolvedDependent = 0;
  let boilerplate = 0;
  points.forEach((point, at) => {
    if (isJunkSentence(point) || isBoilerplate(point)) boilerplate++;
    if (!opensWithDependentWord(point)) return;
    const index = startIndex(point, sentences);
    const antecedent = index > 0 ? sentences[index - 1] : undefined;
    const previous = points[at - 1];
    if (antecedent === undefined || !previous?.endsWith(antecedent)) unresolvedDependent++;
  });
  return { points: points.length, unresolvedDependent, boilerplate };
}
