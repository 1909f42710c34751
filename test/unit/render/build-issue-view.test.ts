import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lambda/core/errors';
import type { KeyPoints } from '../../../lambda/core/keypoints/types';
import {
  buildIssueView,
  MAX_PREHEADER_LENGTH,
  MAX_SUBJECT_LENGTH,
  truncateAtWord,
} from '../../../lambda/core/render/build-issue-view';
import { previewData } from '../../../templates/newsletter.preview';

const keyPoints: KeyPoints = {
  title: previewData.issue.title,
  lead: previewData.issue.lead,
  keyPoints: previewData.issue.keyPoints,
};

const build = (changes: Partial<KeyPoints> = {}, url?: string | null, archiveUrl?: string) =>
  buildIssueView({
    issueId: 'xi-putin-0123456789',
    keyPoints: { ...keyPoints, ...changes },
    url,
    config: { archiveUrl },
  });

describe('buildIssueView', () => {
  it('uses the article title as the subject', () => {
    const view = build();
    expect(view.subject).toBe('What Xi and Putin want to gain from their joint meeting');
    expect(view.title).toBe(view.subject);
    expect(view.keyPoints).toEqual(keyPoints.keyPoints);
  });

  it('puts a title on one line, without control characters, for the subject', () => {
    const view = build({ title: '  Breaking:\r\n  markets\tfall\u0007 today  ' });
    expect(view.subject).toBe('Breaking: markets fall today');
  });

  it('trims the invisible characters a CMS leaves around a title off the subject, and keeps those inside it', () => {
    const view = build({ title: '\u200B \u2060Breaking: markets fall\u00AD\u200B \u200D' });
    expect(view.subject).toBe('Breaking: markets fall');
    expect(view.title).toBe(view.subject);
    // A joiner inside an emoji sequence, a soft hyphen inside a word, stay.
    expect(build({ title: 'Family 👨\u200D👩\u200D👧 leaves Har\u00ADbour' }).subject).toBe(
      'Family 👨\u200D👩\u200D👧 leaves Har\u00ADbour',
    );
  });

  it("trims a mailer's preview filler (combining grapheme joiners, zero width non-joiners, no-break spaces) off a lead's ends for the preheader", () => {
    const filler = '\u00A0\u034F\u200C'.repeat(5);
    expect(build({ lead: `\u200B${filler}The bridge reopens on Monday.${filler}` }).preheader).toBe(
      'The bridge reopens on Monday.',
    );
    // The title too, and a lead of nothing else is passed over.
    expect(build({ title: `Bridge${filler}`, lead: filler, keyPoints: [] }).subject).toBe('Bridge');
    expect(build({ lead: filler }).preheader.startsWith('After launching an attack')).toBe(true);
  });

  it('closes a right-to-left override or isolate the title or lead leaves open, so it cannot turn the rest of an inbox row around', () => {
    expect(build({ title: 'Offer \u202Eevil\u202C today' }).subject).toBe(
      'Offer \u202Eevil\u202C today',
    );
    expect(build({ title: 'Offer \u202Eevil' }).subject).toBe('Offer \u202Eevil\u202C');
    expect(build({ lead: 'Prices \u2067rise \u202Bagain.' }).preheader).toBe(
      'Prices \u2067rise \u202Bagain.\u202C\u2069',
    );
    // A cut that drops the closing character closes it again, still within the limit.
    const { subject } = build({ title: `\u202E${'word '.repeat(40)}\u202C` });
    expect(subject.endsWith('…\u202C')).toBe(true);
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
  });

  it('starts the text of an article in a right-to-left language with a right-to-left mark, so a first word in Latin letters does not turn it left to right', () => {
    const view = buildIssueView({
      issueId: 'apple-0123456789',
      keyPoints: {
        title: 'Apple تطلق هاتفا جديدا',
        lead: 'iPhone الجديد يصل في الربيع.',
        keyPoints: [{ heading: 'iOS 20 أولا', summary: 'Apple قالت إن السعر أقل.' }],
      },
      language: 'ar',
      config: { archiveUrl: undefined },
    });
    expect(view.title).toBe('\u200FApple تطلق هاتفا جديدا');
    expect(view.subject).toBe(view.title);
    expect(view.lead).toBe('\u200FiPhone الجديد يصل في الربيع.');
    expect(view.keyPoints).toEqual([
      { heading: '\u200FiOS 20 أولا', summary: '\u200FApple قالت إن السعر أقل.' },
    ]);
    // Left-to-right languages, and an article that declares none, are left as they are.
    expect(build({ title: 'Apple' }).title).toBe('Apple');
    expect(
      buildIssueView({ issueId: 'x', keyPoints, language: 'fr', config: { archiveUrl: undefined } })
        .title,
    ).toBe(keyPoints.title);
  });

  it('reads the direction from the text of an article that declares no language: most of its letters in a right-to-left script', () => {
    const arabic = build({
      title: 'Apple تطلق هاتفا جديدا في الأسواق',
      lead: 'iPhone الجديد يصل في الربيع المقبل بسعر أقل.',
      keyPoints: [{ heading: null, summary: 'Apple قالت إن السعر أقل.' }],
    });
    expect(arabic.title).toBe('\u200FApple تطلق هاتفا جديدا في الأسواق');
    expect(arabic.lead).toBe('\u200FiPhone الجديد يصل في الربيع المقبل بسعر أقل.');
    expect(arabic.keyPoints[0]?.summary).toBe('\u200FApple قالت إن السعر أقل.');
    expect(build({ title: 'iOS 20: מה חדש במכשירים', lead: 'גרסה חדשה יוצאת היום.' }).title).toBe(
      '\u200FiOS 20: מה חדש במכשירים',
    );
    // An English article that quotes some Arabic stays left to right, and a URL in an Arabic
    // lead does not count as Latin text.
    const quoting = build({
      title: 'Crowds chanted "الشعب يريد" outside the parliament',
      lead: 'Protesters gathered in the capital on Friday.',
    });
    expect(quoting.title).toBe('Crowds chanted "الشعب يريد" outside the parliament');
    expect(
      build({
        title: 'خبر عاجل',
        lead: 'التفاصيل في https://news.example.com/a-very-long-english-path-here',
      }).title,
    ).toBe('\u200Fخبر عاجل');
  });

  it('cuts a long title at a word, with an ellipsis, within 150 characters', () => {
    const title = `${'A very long headline about many things '.repeat(6)}end`;
    const { subject } = build({ title });
    expect(subject.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(subject.endsWith('…')).toBe(true);
    expect(title.startsWith(subject.slice(0, -1))).toBe(true);
    expect(title.charAt(subject.length - 1)).toBe(' ');
  });

  it('makes the preheader from the lead, cut at a word within 120 characters', () => {
    const { preheader } = build();
    expect(preheader).toBe(
      'Chinese President Xi Jinping is due to travel to Moscow next week for talks with Russian President Vladimir Putin…',
    );
    expect(preheader.length).toBeLessThanOrEqual(MAX_PREHEADER_LENGTH);
  });

  it('agrees with the preview data of the newsletter template', () => {
    const view = build({}, previewData.issue.url, 'https://news.example.com/issues');
    const { id: _, archiveUrl: __, ...shown } = previewData.issue;
    expect(view).toMatchObject(shown);
  });

  it('falls back to the first key point when the article has no lead', () => {
    expect(build({ lead: '' }).preheader.startsWith('After launching an attack')).toBe(true);
  });

  it('never repeats the subject in the preheader: a lead or point that is the title is passed over', () => {
    const title = 'Mill Road bridge to close for repairs';
    const summary = 'The bridge will close from Monday for six weeks.';
    const point = { heading: null, summary };
    expect(
      build({ title, lead: 'Mill Road Bridge to close for repairs.', keyPoints: [point] })
        .preheader,
    ).toBe(summary);
    expect(
      build({ title, lead: '', keyPoints: [{ heading: null, summary: title }, point] }).preheader,
    ).toBe(summary);
    // Nothing else to show: blank, so the inbox shows the subject once.
    expect(build({ title, lead: '', keyPoints: [] }).preheader).toBe('');
    // A lead that goes on past the title's words is news of its own and stays.
    const lead = 'Mill Road bridge to close for repairs after a lorry hit it, the council said.';
    expect(build({ title, lead, keyPoints: [point] }).preheader).toBe(lead);
    // Emoji are no words, but a lead of other ones is not the title.
    expect(build({ title: '🎉🎉', lead: '🚀', keyPoints: [] }).preheader).toBe('🚀');
  });

  it('links the archived copy of the issue when an archive URL is configured', () => {
    expect(build({}, null, 'https://news.example.com/issues').archiveUrl).toBe(
      'https://news.example.com/issues/xi-putin-0123456789/index.html',
    );
    expect(build().archiveUrl).toBeNull();
  });

  it('keeps an http(s) article URL and refuses any other scheme', () => {
    expect(build({}, 'https://example.com/a?b=1').url).toBe('https://example.com/a?b=1');
    expect(build({}, '  ').url).toBeNull();
    expect(() => build({}, 'javascript:alert(1)')).toThrow(ValidationError);
    expect(() => build({}, 'not a url')).toThrow(/article url: "not a url" is not an absolute URL/);
    expect(() => build({}, 'https://user:pw@example.com/a')).toThrow(/user name or password/);
  });

  it('refuses an article without a title, or with one that shows nothing', () => {
    for (const title of [' \n ', '\u200b', '\u200f\u2060', '\u3164']) {
      expect(() => build({ title })).toThrow(/article title: is empty/);
    }
  });
});

describe('truncateAtWord', () => {
  it('leaves short text alone', () => {
    expect(truncateAtWord('short', 10)).toBe('short');
  });

  it('cuts a word longer than half the limit rather than dropping everything', () => {
    expect(truncateAtWord('a supercalifragilisticexpialidocious word', 20)).toBe(
      'a supercalifragilis…',
    );
  });

  it('never splits a surrogate pair', () => {
    const cut = truncateAtWord('😀'.repeat(20), 10);
    expect(cut).toBe(`${'😀'.repeat(4)}…`);
  });

  it('never splits a character as seen: an emoji sequence, a flag, a letter and its marks', () => {
    const family = '👨‍👩‍👧‍👦'; // 11 code units
    expect(truncateAtWord(family.repeat(20), 30)).toBe(`${family.repeat(2)}…`);
    expect(truncateAtWord('🇪🇺'.repeat(20), 10)).toBe(`${'🇪🇺'.repeat(2)}…`);
    const hindi = 'हिन्दी'; // 6 code units, 2 characters as seen
    expect(truncateAtWord(hindi.repeat(10), 8)).toBe(`${hindi}…`);
  });

  it('cuts Thai, written without spaces, between its words', () => {
    const title = 'รถไฟกลางคืนกลับมาแล้วหลังจากหายไปสิบสองปี'.repeat(3);
    const cut = truncateAtWord(title, 60);
    expect(title.startsWith(cut.slice(0, -1))).toBe(true);
    const words = [...new Intl.Segmenter('th', { granularity: 'word' }).segment(title)];
    expect(words.map((word) => word.index)).toContain(cut.length - 1);
  });
});
