import { stemLikeNltk } from './porter-stemmer';

/**
 * ROUGE as Google's rouge_score computes it (the scorer behind most published CNN/DailyMail
 * numbers, itself matching ROUGE-1.5.5): lower-case, anything outside [a-z0-9] becomes a space,
 * tokens longer than three characters are Porter-stemmed; ROUGE-N and summary-level ROUGE-Lsum
 * F-measures.
 */

export interface RougeScores {
  readonly rouge1: number;
  readonly rouge2: number;
  readonly rougeLsum: number;
}

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((token) => token !== '')
    .map((token) => (token.length > 3 ? stemLikeNltk(token) : token));
}

function fMeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

function countNgrams(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let start = 0; start + n <= tokens.length; start++) {
    const gram = tokens.slice(start, start + n).join(' ');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

function total(counts: ReadonlyMap<string, number>): number {
  let sum = 0;
  for (const count of counts.values()) sum += count;
  return sum;
}

export function rougeN(
  reference: readonly string[],
  candidate: readonly string[],
  n: number,
): number {
  const referenceGrams = countNgrams(reference, n);
  const candidateGrams = countNgrams(candidate, n);
  let overlap = 0;
  for (const [gram, count] of referenceGrams) {
    overlap += Math.min(count, candidateGrams.get(gram) ?? 0);
  }
  return fMeasure(
    overlap / Math.max(total(candidateGrams), 1),
    overlap / Math.max(total(referenceGrams), 1),
  );
}

/** Indices into `reference` of one longest common subsequence, backtracked as rouge_score does. */
function lcsIndices(reference: readonly string[], candidate: readonly string[]): number[] {
  const rows = reference.length;
  const cols = candidate.length;
  const table = Array.from({ length: rows + 1 }, () => new Uint16Array(cols + 1));
  for (let i = 1; i <= rows; i++) {
    const row = table[i] as Uint16Array;
    const above = table[i - 1] as Uint16Array;
    for (let j = 1; j <= cols; j++) {
      row[j] =
        reference[i - 1] === candidate[j - 1]
          ? (above[j - 1] as number) + 1
          : Math.max(above[j] as number, row[j - 1] as number);
    }
  }
  const indices: number[] = [];
  let i = rows;
  let j = cols;
  while (i > 0 && j > 0) {
    if (reference[i - 1] === candidate[j - 1]) {
      indices.push(i - 1);
      i--;
      j--;
    } else if ((table[i]?.[j - 1] ?? 0) > (table[i - 1]?.[j] ?? 0)) {
      j--;
    } else {
      i--;
    }
  }
  return indices.reverse();
}

function countTokens(sentences: readonly (readonly string[])[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sentence of sentences) {
    for (const token of sentence) counts.set(token, (counts.get(token) ?? 0) + 1);
  }
  return counts;
}

/**
 * Summary-level LCS: for each reference sentence, the union of its LCS with every candidate
 * sentence; a token is a hit while both sides still have unmatched copies of it.
 */
export function rougeLsum(
  reference: readonly (readonly string[])[],
  candidate: readonly (readonly string[])[],
): number {
  const referenceLength = reference.reduce((sum, sentence) => sum + sentence.length, 0);
  const candidateLength = candidate.reduce((sum, sentence) => sum + sentence.length, 0);
  if (referenceLength === 0 || candidateLength === 0) return 0;
  const referenceLeft = countTokens(reference);
  const candidateLeft = countTokens(candidate);
  let hits = 0;
  for (const sentence of reference) {
    const union = new Set(candidate.flatMap((other) => lcsIndices(sentence, other)));
    for (const index of [...union].sort((a, b) => a - b)) {
      const token = sentence[index] as string;
      const inReference = referenceLeft.get(token) ?? 0;
      const inCandidate = candidateLeft.get(token) ?? 0;
      if (inReference > 0 && inCandidate > 0) {
        hits++;
        referenceLeft.set(token, inReference - 1);
        candidateLeft.set(token, inCandidate - 1);
      }
    }
  }
  return fMeasure(hits / candidateLength, hits / referenceLength);
}

/** Scores one summary against one reference, each given as its sentences (one per line). */
export function scoreSummary(
  reference: readonly string[],
  candidate: readonly string[],
): RougeScores {
  const lines = (sentences: readonly string[]) =>
    sentences.flatMap((sentence) => sentence.split('\n')).filter((line) => line !== '');
  const referenceLines = lines(reference);
  const candidateLines = lines(candidate);
  const referenceTokens = tokenize(referenceLines.join('\n'));
  const candidateTokens = tokenize(candidateLines.join('\n'));
  return {
    rouge1: rougeN(referenceTokens, candidateTokens, 1),
    rouge2: rougeN(referenceTokens, candidateTokens, 2),
    rougeLsum: rougeLsum(referenceLines.map(tokenize), candidateLines.map(tokenize)),
  };
}
