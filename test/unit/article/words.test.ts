import { describe, expect, it } from 'vitest';
import { countWords, cutToWords, exceedsWords } from '../../../lambda/core/article/words';

describe('countWords', () => {
  it('counts what white space separates', () => {
    expect(countWords('  The council met on Monday.  ')).toBe(5);
    expect(countWords('')).toBe(0);
  });

  it('counts the words of scripts written without spaces, not their paragraphs', () => {
    // 中国|国家|统计|局|周一|公布|的|数据|显示: ICU's dictionary words, punctuation left out.
    expect(countWords('中国国家统计局周一公布的数据显示。')).toBe(9);
    expect(countWords('今日は良い天気ですね。')).toBeGreaterThan(3);
    // Khmer, Lao and Burmese set spaces between phrases, not words.
    expect(countWords('ថវិកានេះនឹងផ្តោតលើវិស័យអប់រំ សុខាភិបាល')).toBeGreaterThan(5);
    expect(countWords('ຫຼຸດລົງມາຢູ່ທີ່ 17 ສ່ວນຮ້ອຍ')).toBeGreaterThan(5);
    expect(countWords('ရေကြီးမှုကြောင့် လူအများ')).toBeGreaterThan(3);
  });
});

describe('cutToWords', () => {
  it('leaves text of at most that many words as it is', () => {
    expect(cutToWords('one two three.', 3)).toBe('one two three.');
  });

  it('keeps the first words, drops the punctuation before the cut and adds an ellipsis', () => {
    expect(cutToWords('one, two, three, four', 2)).toBe('one, two…');
  });

  it('cuts Chinese at a word, not after the whole paragraph', () => {
    expect(cutToWords('中国国家统计局周一公布的数据显示，第三季度增长。', 3)).toBe('中国国家统计…');
  });

  it('cuts one endless token by characters too, never halving a surrogate pair', () => {
    expect(cutToWords('x'.repeat(1000), 2)).toBe(`${'x'.repeat(24)}…`);
    expect(cutToWords('😀'.repeat(100), 1)).toBe(`${'😀'.repeat(6)}…`);
  });

  // Half a URL is an address that goes nowhere, in the text part as in a link.
  it('cuts before a URL it would cut inside, rather than keep half of it', () => {
    const report = 'https://example.com/reports/2026/annual-report-of-the-harbour-council.pdf';
    expect(cutToWords(`The full report is at ${report} and more words follow.`, 6)).toBe(
      'The full report is at…',
    );
    expect(cutToWords(`詳しくは${report}をご覧ください。`, 4)).toBe('詳しくは…');
    // A URL that ends before the cut stays; one the text starts with is cut as any token.
    expect(cutToWords(`See ${report} and more words follow.`, 7)).toMatch(
      /^See https:\S+\.pdf and/,
    );
    expect(cutToWords(report, 2)).toBe(`${report.slice(0, 24)}…`);
  });

  it('cuts one endless token of emoji sequences between them, never inside one', () => {
    const family = '👨‍👩‍👧‍👦'; // 11 code units
    expect(cutToWords(family.repeat(10), 2)).toBe(`${family.repeat(2)}…`);
  });

  it('cuts before a letter whose mark would cross the limit, however long the token', () => {
    // e + U+0301 at code units 23 and 24 of the 24 that two words allow.
    expect(cutToWords(`${'x'.repeat(23)}e\u0301${'x'.repeat(100_000)}`, 2)).toBe(
      `${'x'.repeat(23)}…`,
    );
  });
});

describe('exceedsWords', () => {
  it('is true past the words or past the characters that many words of prose take', () => {
    expect(exceedsWords('one two three', 3)).toBe(false);
    expect(exceedsWords('one two three four', 3)).toBe(true);
    expect(exceedsWords('x'.repeat(37), 3)).toBe(true);
  });
});
