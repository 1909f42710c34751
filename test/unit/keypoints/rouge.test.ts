import { describe, expect, it } from 'vitest';
import { stemLikeNltk } from '../../../bench/eval/porter-stemmer';
import { rougeLsum, rougeN, scoreSummary, tokenize } from '../../../bench/eval/rouge';

// Expected values were worked out by hand and agree with rouge_score 0.1.2 (nltk 3.x Porter).

describe('tokenize', () => {
  it('lower-cases, splits on non-alphanumerics and stems tokens longer than three letters', () => {
    expect(tokenize("The U.S.-based firm's CEO said: 'Profits rose 5%!'")).toEqual([
      'the',
      'u',
      's',
      'base',
      'firm',
      's',
      'ceo',
      'said',
      'profit',
      'rose',
      '5',
    ]);
  });

  it('drops letters outside a-z as rouge_score does', () => {
    expect(tokenize('Café – naïve')).toEqual(['caf', 'na', 've']);
  });
});

describe('stemLikeNltk', () => {
  it.each([
    ['days', 'day'],
    ['used', 'use'],
    ['news', 'news'],
    ['ones', 'one'],
    ['trying', 'tri'],
    ['hopefully', 'hope'],
    ['peacefully', 'peac'],
    ['meaningfully', 'meaning'],
    ['died', 'die'],
    ['ties', 'tie'],
    ['dying', 'die'],
    ['skies', 'sky'],
    ['exceptionally', 'except'],
    ['sensationally', 'sensat'],
    ['internationally', 'intern'],
    ['biology', 'biolog'],
    ['eyes', 'eye'],
    ['owing', 'owe'],
    ['enjoyed', 'enjoy'],
    ['running', 'run'],
    ['meetings', 'meet'],
    ['generously', 'gener'],
    ['relational', 'relat'],
    ['constructor', 'constructor'],
  ])('stems %s to %s like nltk', (word, stem) => {
    expect(stemLikeNltk(word)).toBe(stem);
  });
});

describe('ROUGE', () => {
  it('scores a perfect match as 1 and an empty summary as 0', () => {
    expect(scoreSummary(['The cat sat on the mat.'], ['The cat sat on the mat.'])).toEqual({
      rouge1: 1,
      rouge2: 1,
      rougeLsum: 1,
    });
    expect(scoreSummary(['The cat sat on the mat.'], [])).toEqual({
      rouge1: 0,
      rouge2: 0,
      rougeLsum: 0,
    });
  });

  it('computes ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 for one dropped word', () => {
    // Reference 7 tokens, candidate 6, all 6 shared: P = 1, R = 6/7, F = 12/13.
    // Bigrams: 4 of the candidate's 5 in the reference's 6: F = 2(4/5)(4/6)/(4/5 + 4/6) = 8/11.
    const scores = scoreSummary(['the cat was found under the bed'], ['the cat was under the bed']);
    expect(scores.rouge1).toBeCloseTo(12 / 13, 10);
    expect(scores.rouge2).toBeCloseTo(8 / 11, 10);
    expect(scores.rougeLsum).toBeCloseTo(12 / 13, 10);
  });

  it('takes the union of LCS matches across candidate sentences for ROUGE-Lsum', () => {
    // Lin (2004): r = w1..w5, c1 = w1 w2 w6 w7 w8, c2 = w1 w3 w8 w9 w5 → union {w1 w2 w3 w5}.
    const reference = [['w1', 'w2', 'w3', 'w4', 'w5']];
    const candidate = [
      ['w1', 'w2', 'w6', 'w7', 'w8'],
      ['w1', 'w3', 'w8', 'w9', 'w5'],
    ];
    // R = 4/5, P = 4/10, F = 2(0.8)(0.4)/1.2.
    expect(rougeLsum(reference, candidate)).toBeCloseTo(0.64 / 1.2, 10);
  });

  it('counts each candidate token once in ROUGE-Lsum even when several LCSs use it', () => {
    // Both reference sentences match the single "a" of the candidate; only one hit counts.
    expect(rougeLsum([['a'], ['a']], [['a']])).toBeCloseTo((2 * 1 * 0.5) / 1.5, 10);
  });

  it('clips repeated n-grams to the reference count', () => {
    // Candidate "the the the": one "the" matches the reference's one.
    expect(rougeN(['the', 'cat'], ['the', 'the', 'the'], 1)).toBeCloseTo(
      (2 * (1 / 3) * (1 / 2)) / (1 / 3 + 1 / 2),
      10,
    );
  });

  it('splits sentences into ROUGE-Lsum lines but scores ROUGE-2 across them', () => {
    const scores = scoreSummary(['w1 w2 w3 w4 w5'], ['w1 w2 w6 w7 w8', 'w1 w3 w8 w9 w5']);
    expect(scores.rouge2).toBeCloseTo((2 * (1 / 9) * (1 / 4)) / (1 / 9 + 1 / 4), 10);
    expect(scores.rougeLsum).toBeCloseTo(0.64 / 1.2, 10);
  });
});
