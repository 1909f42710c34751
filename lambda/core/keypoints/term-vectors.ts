import { sentenceTerms } from './sentence-terms';

export type TermVector = ReadonlyMap<string, number>;

/**
 * TF-IDF vectors for the sentences of one article, each sentence counting as a document:
 * sublinear term frequency, smoothed inverse sentence frequency. Words that run through the
 * whole article weigh less than the ones that make a sentence particular.
 */
export function weighSentences(sentences: readonly string[]): TermVector[] {
  const termLists = sentences.map(sentenceTerms);
  const sentenceFrequency = new Map<string, number>();
  for (const terms of termLists) {
    for (const term of new Set(terms)) {
      sentenceFrequency.set(term, (sentenceFrequency.get(term) ?? 0) + 1);
    }
  }
  const count = sentences.length;
  return termLists.map((terms) => {
    const frequency = new Map<string, number>();
    for (const term of terms) frequency.set(term, (frequency.get(term) ?? 0) + 1);
    const vector = new Map<string, number>();
    for (const [term, tf] of frequency) {
      const idf = Math.log(1 + count / (sentenceFrequency.get(term) ?? 1));
      vector.set(term, (1 + Math.log(tf)) * idf);
    }
    return vector;
  });
}

function norm(vector: TermVector): number {
  let sum = 0;
  for (const weight of vector.values()) sum += weight * weight;
  return Math.sqrt(sum);
}

export function cosine(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, weight] of small) dot += weight * (large.get(term) ?? 0);
  const denominator = norm(a) * norm(b);
  return denominator === 0 ? 0 : dot / denominator;
}

/** The sum of the vectors: what the text as a whole is about. */
export function sumVectors(vectors: readonly TermVector[]): Map<string, number> {
  const sum = new Map<string, number>();
  for (const vector of vectors) {
    for (const [term, weight] of vector) sum.set(term, (sum.get(term) ?? 0) + weight);
  }
  return sum;
}

/**
 * How central each sentence is: its cosine with the sum of all the other sentences, so that a
 * sentence never agrees with itself. Computed from the total in O(terms of the sentence):
 * v·(T−v) = v·T − |v|² and |T−v|² = |T|² − 2 v·T + |v|². `total` is another whole the vectors
 * are parts of (a page's sentences, for its sections' vectors).
 */
export function centrality(
  vectors: readonly TermVector[],
  total: TermVector = sumVectors(vectors),
): number[] {
  const totalSquared = norm(total) ** 2;
  return vectors.map((vector) => {
    let dotTotal = 0;
    for (const [term, weight] of vector) dotTotal += weight * (total.get(term) ?? 0);
    const ownSquared = norm(vector) ** 2;
    const othersSquared = totalSquared - 2 * dotTotal + ownSquared;
    const denominator = Math.sqrt(ownSquared * Math.max(othersSquared, 0));
    return denominator <= 1e-12 ? 0 : (dotTotal - ownSquared) / denominator;
  });
}
