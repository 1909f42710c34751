import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../lambda/core/article/parse-article';
import type { Article } from '../../../lambda/core/article/types';
import { ValidationError } from '../../../lambda/core/errors';
import {
  extractKeyPoints,
  extractKeyPointsFromText,
} from '../../../lambda/core/keypoints/extract-key-points';
import { cosine, weighSentences } from '../../../lambda/core/keypoints/term-vectors';

const examples = join(import.meta.dirname, '../../../examples/articles');

function readExample(name: string): Article {
  return parseArticle({ name, bytes: readFileSync(join(examples, name)) });
}

function sectionText(article: Article, heading: string | null): string {
  const section = article.sections.find((candidate) => candidate.heading === heading);
  return section?.paragraphs.map((paragraph) => paragraph.text).join(' ') ?? '';
}

/** A news-like article without subheads: a lead, details, a near-repeat, quotes. */
const UNSTRUCTURED = [
  'Flood barriers on the River Alder held overnight as water levels reached a record 4.2 metres, the regional flood agency said on Sunday.',
  'The barriers, built after floods in 2016, protected about 3,000 homes in the lower town.',
  'Engineers monitored the barriers through the night and reported only minor leaks.',
  'Flood barriers on the River Alder held overnight as the water reached a record 4.2 metres, the agency said.',
  'Upstream, two villages without barriers were evacuated and their main roads closed.',
  '“We were lucky this time,” said a resident who has lived by the river for 40 years.',
  'The agency expects the water to fall slowly over the next three days, but more rain is forecast for Thursday.',
  'Officials said a review of the barriers would start once the water had gone down.',
  'The regional government has promised money for barriers in the two villages.',
];

describe('extractKeyPoints on the seed article', () => {
  const article = readExample('xi-putin-meeting.txt');
  const result = extractKeyPoints(article);

  it('gives one key point per subhead, in order, headed by the subhead verbatim', () => {
    expect(result.title).toBe('What Xi and Putin want to gain from their joint meeting');
    expect(result.keyPoints.map((point) => point.heading)).toEqual([
      'Putin wants guns',
      'Xi wants to develop his reputation as a peacemaker',
      'Both want a new world order',
      'Shaking things up – Xi set to meet international fugitive',
    ]);
  });

  it('summarises each subhead with one or two sentences quoted from its own section', () => {
    for (const point of result.keyPoints) {
      const own = sectionText(article, point.heading);
      const sentences = article.sections
        .find((section) => section.heading === point.heading)
        ?.paragraphs.flatMap((paragraph) => paragraph.sentences);
      expect(own).toContain(point.summary.split(/(?<=[.!?”])\s/)[0]);
      const used = sentences?.filter((sentence) => point.summary.includes(sentence)) ?? [];
      expect(used.length).toBeGreaterThanOrEqual(1);
      expect(used.length).toBeLessThanOrEqual(2);
      expect(used.join(' ')).toBe(point.summary);
    }
  });

  it('leads with the opening paragraph and takes nothing from the copyright tail', () => {
    expect(result.lead).toBe(
      'Chinese President Xi Jinping is due to travel to Moscow next week for talks with Russian President Vladimir Putin – his first visit to Russia since Kremlin troops invaded Ukraine.',
    );
    expect(JSON.stringify(result)).not.toMatch(/Copyright|Nexstar|Leave a Comment/);
  });

  it('gives the same answer every time', () => {
    expect(extractKeyPoints(readExample('xi-putin-meeting.txt'))).toEqual(result);
  });
});

describe('extractKeyPoints on the other examples', () => {
  it('follows the subheads of the Markdown example', () => {
    const result = extractKeyPoints(readExample('community-solar.md'));
    expect(result.keyPoints.map((point) => point.heading)).toEqual([
      'A field nobody wanted',
      'The co-op model',
      'What the numbers show',
      'Lessons for other towns',
    ]);
  });

  it('picks maxPoints sentences of the HTML example, without subheads or the lead', () => {
    const result = extractKeyPoints(readExample('night-trains.html'), { maxPoints: 3 });
    expect(result.lead).toMatch(/^Sleeper trains are coming back/);
    // Three sentences; "Since then, demand…" goes on from the one before it, in one point.
    expect(result.keyPoints.map((point) => point.summary)).toEqual([
      expect.stringMatching(/^The route was closed in 2012, .+\. Since then, demand /),
      expect.stringMatching(/^The operator leased/),
    ]);
    for (const point of result.keyPoints) {
      expect(point.heading).toBeNull();
      expect(result.lead).not.toContain(point.summary);
    }
  });
});

describe('extractKeyPointsFromText', () => {
  it('returns the k most important sentences in article order, heading null', () => {
    const points = extractKeyPointsFromText(UNSTRUCTURED, { maxPoints: 3 });
    expect(points).toHaveLength(3);
    expect(points[0]).toEqual({ heading: null, summary: UNSTRUCTURED[0] });
    const positions = points.map((point) => UNSTRUCTURED.indexOf(point.summary));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('never returns two near-duplicate sentences', () => {
    const points = extractKeyPointsFromText(UNSTRUCTURED, { maxPoints: 6 });
    const vectors = weighSentences(points.map((point) => point.summary));
    for (let i = 0; i < vectors.length; i++) {
      for (let j = i + 1; j < vectors.length; j++) {
        expect(cosine(vectors[i] ?? new Map(), vectors[j] ?? new Map())).toBeLessThan(0.8);
      }
    }
    expect(points.map((point) => point.summary)).not.toContain(UNSTRUCTURED[3]);
  });

  it('splits a text body itself and defaults to four points', () => {
    const points = extractKeyPointsFromText(UNSTRUCTURED.join(' '));
    expect(points).toHaveLength(4);
    expect(points.every((point) => UNSTRUCTURED.includes(point.summary))).toBe(true);
  });

  it('returns every sentence of a text shorter than maxPoints', () => {
    expect(extractKeyPointsFromText(['One short sentence here.'], { maxPoints: 3 })).toEqual([
      { heading: null, summary: 'One short sentence here.' },
    ]);
    expect(extractKeyPointsFromText('')).toEqual([]);
  });

  it.each([0, -1, 2.5, Number.NaN])('refuses maxPoints %s', (maxPoints) => {
    expect(() => extractKeyPointsFromText(UNSTRUCTURED, { maxPoints })).toThrow(ValidationError);
    expect(() => extractKeyPointsFromText(UNSTRUCTURED, { maxPoints })).toThrow(
      /^maxPoints: must be a whole number from 1 to 50/,
    );
  });
});

describe('readable key points', () => {
  const BYLINE_STORY =
    'By . Associated Press . PUBLISHED: . 14:11 EST, 25 October 2013 . | . UPDATED: . 15:36 EST, 25 October 2013 . ' +
    'The bishop of the Fargo diocese in North Dakota may have exposed hundreds of church members to hepatitis A in late September. ' +
    'He contracted the infection through contaminated food while travelling in Italy, the diocese said on Monday. ' +
    'Scroll down for video . ' +
    'The state health department has issued an advisory for anyone who attended five churches and took communion. ' +
    'What should worshippers who feel unwell do now? ' +
    'Officials say the risk of infection is low but want everyone who may have been exposed to get a vaccine.';

  it('skips the byline, the prompt and the question, and never leaves "He" without its antecedent', () => {
    const points = extractKeyPointsFromText(BYLINE_STORY, { maxPoints: 3 });
    const text = points.map((point) => point.summary).join('\n');
    expect(text).not.toMatch(/PUBLISHED|UPDATED|Scroll down|\?/);
    for (const point of points) {
      if (/^He\b/.test(point.summary)) throw new Error(`unresolved: ${point.summary}`);
    }
    expect(text).toMatch(/^The bishop of the Fargo diocese/);
  });

  it("keeps a paragraph's news when page furniture runs on in it, as a paywall cuts it", () => {
    const article = parseArticle({
      name: 'paywalled.html',
      bytes: Buffer.from(
        `<html><head><title>Library to close</title></head><body><article><h1>Library to close</h1>
<p>The council voted on Tuesday to close the Market Street library. Subscribe to continue reading. Its 40,000 books will move to the town hall.</p>
<p>Campaigners said they would challenge the decision in court.</p>
<p>The library has stood on Market Street since 1904 and lends 60,000 books a year.</p>
</article></body></html>`,
      ),
    });
    const { lead } = extractKeyPoints(article, { maxPoints: 3 });
    expect(lead).toBe(
      'The council voted on Tuesday to close the Market Street library. Its 40,000 books will move to the town hall.',
    );
  });

  it('leads with the story, not a standfirst line under the headline that never had a full stop', () => {
    const page = (standfirst: string) =>
      parseArticle({
        name: 'obituary.html',
        bytes: Buffer.from(
          `<html><head><title>Rosa Delgado obituary</title></head><body><article><h1>Rosa Delgado obituary</h1>
<p>${standfirst}</p>
<p>Rosa Delgado, who has died aged 87, taught music at Valley High School for 35 years.</p>
<p>Born in Seville, she came to Britain in 1961 to study at the Royal College of Music.</p>
</article></body></html>`,
        ),
      });
    expect(
      extractKeyPoints(page("Teacher who founded the town's first community choir"), {
        maxPoints: 3,
      }).lead,
    ).toBe('Rosa Delgado, who has died aged 87, taught music at Valley High School for 35 years.');
    // An opening that ends like a sentence is the lead.
    expect(
      extractKeyPoints(page('She founded the town’s first community choir in 1972.'), {
        maxPoints: 3,
      }).lead,
    ).toBe('She founded the town’s first community choir in 1972.');
  });

  it('ends the lead before a line that is no article text in its paragraph', () => {
    const article = parseArticle({
      name: 'substack.html',
      bytes: Buffer.from(
        `<html><head><title>Library to close</title></head><body><article><h1>Library to close</h1>
<p>The council voted on Tuesday to close the Market Street library. Upgrade to paid</p>
<p>Campaigners said they would challenge the decision in court.</p>
<p>The library has stood on Market Street since 1904 and lends 60,000 books a year.</p>
</article></body></html>`,
      ),
    });
    expect(extractKeyPoints(article, { maxPoints: 3 }).lead).toBe(
      'The council voted on Tuesday to close the Market Street library.',
    );
  });

  it('gives a Markdown article with more subheads than maxPoints only maxPoints points', () => {
    const sections = ['Roads', 'Schools', 'Parks', 'Libraries', 'Housing', 'Buses'].map(
      (topic) =>
        `## ${topic}\n\nThe council will spend more on ${topic.toLowerCase()} next year, the budget shows. Officials said the money for ${topic.toLowerCase()} would come from savings elsewhere.`,
    );
    const article = parseArticle({
      name: 'budget.md',
      bytes: new TextEncoder().encode(
        `# Budget day\n\nThe city council approved its budget for next year on Tuesday evening.\n\n${sections.join('\n\n')}\n`,
      ),
    });
    const result = extractKeyPoints(article, { maxPoints: 3 });
    expect(result.keyPoints).toHaveLength(3);
    for (const point of result.keyPoints) expect(point.heading).not.toBeNull();
  });
});

describe('a page whose subheads hold only lists and one-liners', () => {
  it('gets its best sentences instead of no key points', () => {
    const article = parseArticle({
      name: 'links.md',
      bytes: new TextEncoder().encode(
        [
          '# Weekend reading',
          'Our editors picked the long reads of the week about cities, trains and the weather.',
          'The first piece follows a night train across three countries and the crew who run it.',
          'The second asks why so many towns are rebuilding their old covered markets this decade.',
          '## Links',
          '- Night train',
          '- Markets',
          '## Credits',
          'Photo: Jane Roe',
        ].join('\n\n'),
      ),
    });
    const result = extractKeyPoints(article, { maxPoints: 3 });
    expect(result.keyPoints.length).toBeGreaterThan(0);
    for (const point of result.keyPoints) {
      expect(point.heading).toBeNull();
      expect(point.summary).toMatch(/^The (?:first|second) /);
    }
  });
});

describe('a page whose subheads leave only one section with sentences of substance', () => {
  it('gets its best sentences instead of one point for the whole article', () => {
    const article = parseArticle({
      name: 'podcast.md',
      bytes: new TextEncoder().encode(
        [
          '# Episode 42: Why cities remove highways',
          'Our host talks to an urban planner about cities that tear down their freeways.',
          '## Show notes',
          '- Rochester and its Inner Loop',
          '- Who benefits?',
          '## Transcript',
          ...UNSTRUCTURED,
        ].join('\n\n'),
      ),
    });
    const result = extractKeyPoints(article, { maxPoints: 3 });
    expect(result.keyPoints).toHaveLength(3);
    expect(result.keyPoints.every((point) => point.heading === null)).toBe(true);
  });
});

describe('text whose words or sentence ends are not what English prose has', () => {
  const articleOf = (name: string, text: string) =>
    parseArticle({ name, bytes: new TextEncoder().encode(text) });

  it('measures the lead of a Chinese article in words, so its long first paragraph is cut to its first sentences', () => {
    const opening = [
      '国家统计局周一公布的数据显示，第三季度国内生产总值同比增长百分之四点六，低于前一季度的百分之四点七。',
      '分析人士表示，房地产市场持续低迷和居民消费需求疲软继续拖累整体经济的复苏步伐。',
      '政府在过去两个月里已经推出一系列刺激措施，包括下调利率和放宽购房限制等支持房地产市场的政策。',
      '多家国际投资银行随后上调了对中国今年全年经济增长的预测，但仍然提醒外部需求存在不确定性。',
      '出口数据显示，九月份对欧洲和东南亚的出口增速明显放缓，而对俄罗斯的出口继续保持增长。',
    ];
    const article = articleOf(
      'economy.txt',
      [
        '中国经济增长放缓',
        opening.join(''),
        '央行行长在周二的讲话中表示，货币政策将保持适度宽松，并将继续支持实体经济的发展。',
        '一些地方政府宣布为首次购房者提供现金补贴，以刺激需求并减少积压的住房库存。',
      ].join('\n\n'),
    );
    const result = extractKeyPoints(article);
    // Two sentences make 51 words (ICU's), a third would pass the lead's 60; no space after "。".
    expect(result.lead).toBe(opening.slice(0, 2).join(''));
    expect(result.keyPoints.length).toBeGreaterThan(0);
  });

  it('cuts a lead that is one endless run-on to its first words, with an ellipsis', () => {
    const runOn = Array.from({ length: 400 }, (_, index) => `word${index}`).join(' ');
    const result = extractKeyPoints(articleOf('transcript.txt', `Transcript\n\n${runOn}`));
    expect(result.lead).toBe(`${runOn.split(' ').slice(0, 60).join(' ')}…`);
    const blob = extractKeyPoints(articleOf('blob.txt', `Blob\n\n${'x'.repeat(100_000)}`));
    expect(blob.lead.length).toBeLessThan(1000);
  });

  it('never makes a key point of a run-on of more than 100 words, however central', () => {
    const runOn = `The flood barriers ${Array.from({ length: 30 }, () => 'held the river water back from the town').join(' and ')}.`;
    const points = extractKeyPointsFromText([...UNSTRUCTURED, runOn], { maxPoints: 9 });
    expect(points.length).toBeGreaterThan(0);
    for (const point of points) expect(point.summary).not.toBe(runOn);
  });

  it('does not repeat the lead as a key point when the page repeats it as a pull quote', () => {
    const article = articleOf(
      'floods.txt',
      [
        'River Alder floods',
        ...UNSTRUCTURED.slice(0, 3),
        UNSTRUCTURED[0],
        ...UNSTRUCTURED.slice(4),
      ].join('\n\n'),
    );
    const result = extractKeyPoints(article, { maxPoints: 6 });
    expect(result.lead).toBe(UNSTRUCTURED[0]);
    expect(result.keyPoints).toHaveLength(6);
    expect(result.keyPoints.map((point) => point.summary)).not.toContain(result.lead);
  });
});

describe('articles whose subheads or quotations do not organise the story', () => {
  const articleOf = (name: string, text: string) =>
    parseArticle({ name, bytes: new TextEncoder().encode(text) });
  const summaries = (article: Article) =>
    extractKeyPoints(article).keyPoints.map((point) => point.summary);

  it('never quotes the middle of a quotation that runs over several sentences as fact', () => {
    const claim =
      'The vaccine causes serious side effects in one patient in ten, according to them.';
    const article = articleOf(
      'vaccine.txt',
      [
        'Minister defends vaccine plan',
        UNSTRUCTURED[0],
        `"Our critics are wrong about this programme. ${claim} We have checked every single case," the minister told reporters on Thursday.`,
        ...UNSTRUCTURED.slice(1),
      ].join('\n\n'),
    );
    expect(summaries(article).join(' ')).not.toContain(claim);
  });

  it('takes the best sentences when the one subhead comes late and most of the story is above it', () => {
    const article = articleOf(
      'floods.md',
      ['# River Alder floods', ...UNSTRUCTURED, '## Background', UNSTRUCTURED[1]].join('\n\n'),
    );
    const result = extractKeyPoints(article);
    expect(result.keyPoints).toHaveLength(4);
    expect(result.keyPoints.every((point) => point.heading === null)).toBe(true);
  });

  it('leads with the first sentence of article text when the opening paragraph starts with a byline and its times', () => {
    const article = articleOf(
      'floods.txt',
      [
        'River Alder floods',
        `By . Jane Doe . PUBLISHED: . 14:11 EST, 25 October 2013 . | . UPDATED: . 15:36 EST, 25 October 2013 . ${UNSTRUCTURED[0]}`,
        ...UNSTRUCTURED.slice(1),
      ].join('\n\n'),
    );
    const result = extractKeyPoints(article);
    expect(result.lead).toBe(UNSTRUCTURED[0]);
    expect(result.keyPoints.map((point) => point.summary)).not.toContain(UNSTRUCTURED[0]);
  });

  it('leads with the story, not with a byline line that carries a date and no full stop', () => {
    const article = articleOf(
      'floods.md',
      [
        '# River Alder floods',
        '*By Jane Doe | Published March 4, 2025 at 08:12 | 6 min read*',
        ...UNSTRUCTURED,
      ].join('\n\n'),
    );
    const result = extractKeyPoints(article, { maxPoints: 8 });
    expect(result.lead).toBe(UNSTRUCTURED[0]);
    expect(result.keyPoints.map((point) => point.summary).join(' ')).not.toContain('Jane Doe');
  });

  it('leads with the story when the opening section holds only a byline and a subhead follows it', () => {
    const article = articleOf(
      'floods.md',
      [
        '# River Alder floods',
        '*by Jane Doe | Published March 4, 2025 at 08:12*',
        '## The barriers held',
        UNSTRUCTURED[0],
        UNSTRUCTURED.slice(1, 4).join(' '),
        '## What comes next',
        UNSTRUCTURED.slice(6).join(' '),
      ].join('\n\n'),
    );
    expect(extractKeyPoints(article).lead).toBe(UNSTRUCTURED[0]);
  });

  it("leads with the story, past a table of contents, a reading time and editors' notes before it", () => {
    const article = articleOf(
      'floods.md',
      [
        '# River Alder floods',
        '**Contents**',
        '- [The barriers](#barriers)\n- [What comes next](#next)',
        '8 min read · Nov 2, 2023',
        '*Update, 6:45 p.m.: The agency says the water has started to fall. Roads are open again.*',
        ...UNSTRUCTURED,
      ].join('\n\n'),
    );
    expect(extractKeyPoints(article).lead).toBe(UNSTRUCTURED[0]);
  });

  it('leads with the story, not with a quotation set above it with its source after a dash', () => {
    for (const epigraph of [
      '> "We were lucky this time." — Mayor Ellen Drake',
      '> Water is the driving force of all nature.\n>\n> – Leonardo da Vinci',
    ]) {
      const article = articleOf(
        'floods.md',
        ['# River Alder floods', epigraph, ...UNSTRUCTURED].join('\n\n'),
      );
      expect(extractKeyPoints(article).lead).toBe(UNSTRUCTURED[0]);
    }
  });

  it("leads with the story, not with the writer's TL;DR of it, and never quotes the TL;DR", () => {
    const summary =
      'TL;DR: The river rose two metres overnight, and the new barriers kept the town dry.';
    const article = articleOf(
      'floods.md',
      ['# River Alder floods', summary, ...UNSTRUCTURED].join('\n\n'),
    );
    const result = extractKeyPoints(article, { maxPoints: 12 });
    expect(result.lead).toBe(UNSTRUCTURED[0]);
    expect(result.keyPoints.map((point) => point.summary).join(' ')).not.toContain('TL;DR');
  });

  it("leads with the story, not with the writer's note that ends saying the views are the writer's own", () => {
    const text = (note: string) => ['# River Alder floods', note, ...UNSTRUCTURED].join('\n\n');
    for (const note of [
      'Laura Mendes is an urban planner and professor at the University of Leeds. The views expressed in this commentary are her own.',
      '*Dr. Laura Mendes is an urban planner and professor at the University of Leeds. The views expressed here are her own.*',
    ]) {
      const result = extractKeyPoints(articleOf('floods.md', text(note)), { maxPoints: 12 });
      expect(result.lead).toBe(UNSTRUCTURED[0]);
      expect(result.keyPoints.map((point) => point.summary).join(' ')).not.toContain('Mendes');
    }
    // A paragraph about a person that says nothing of the piece's views is the story's.
    const story =
      'Laura Mendes is an urban planner and professor at the University of Leeds. She led the review of the barriers after the 2016 floods.';
    expect(extractKeyPoints(articleOf('floods.md', text(story))).lead).toBe(story);
  });

  it("leads with the words of a transcript, not with the editor's note on what it is", () => {
    const note =
      'This is an edited transcript of an interview broadcast on Morning Report on 20 November 2025.';
    const article = articleOf(
      'interview.txt',
      ['River Alder floods', note, ...UNSTRUCTURED].join('\n\n'),
    );
    expect(extractKeyPoints(article).lead).toBe(UNSTRUCTURED[0]);
  });

  it('never quotes words without their speaker: a quotation going on joins the sentence naming who said it', () => {
    const attributed =
      '“We were lucky this time,” said a resident who has lived by the river for 40 years.';
    const goesOn = '“Next year the water will come back higher and the barriers will not hold it.”';
    const article = articleOf(
      'floods.txt',
      [
        'River Alder floods',
        ...UNSTRUCTURED.slice(0, 5),
        `${attributed} ${goesOn}`,
        ...UNSTRUCTURED.slice(6),
      ].join('\n\n'),
    );
    const summaries = extractKeyPoints(article, { maxPoints: 12 }).keyPoints.map(
      (point) => point.summary,
    );
    expect(summaries).not.toContain(goesOn);
    expect(summaries).toContain(`${attributed} ${goesOn}`);
  });

  it("never takes an answer's first sentence without the question before it", () => {
    const answer = 'About a third of everything the kitchens cooked that year.';
    const article = articleOf(
      'interview.html',
      `<html><head><title>Interview</title></head><body><article><h1>Interview</h1>
      <p>${UNSTRUCTURED[0]}</p>
      <p><strong>How much food were the kitchens throwing away before you started?</strong></p>
      <p>${answer} ${UNSTRUCTURED[1]}</p>
      ${UNSTRUCTURED.slice(2)
        .map((sentence) => `<p>${sentence}</p>`)
        .join('\n')}
      </article></body></html>`,
    );
    expect(
      extractKeyPoints(article, { maxPoints: 8 }).keyPoints.map((point) => point.summary),
    ).not.toContain(answer);
  });

  it("never quotes the interviewer: no sentence of a 'Q:' paragraph is a point", () => {
    const asked = 'You have finished fewer than 600 homes in the first two years of your term.';
    const article = articleOf(
      'interview.txt',
      [
        'The mayor at midterm',
        UNSTRUCTURED[0],
        `Q: You promised 5,000 affordable homes. ${asked} Is the target still realistic?`,
        `A: It is. ${UNSTRUCTURED[1]} ${UNSTRUCTURED[2]}`,
        'Q: What changed on permits?',
        `A: ${UNSTRUCTURED.slice(4, 7).join(' ')}`,
      ].join('\n\n'),
    );
    const summaries = extractKeyPoints(article, { maxPoints: 12 }).keyPoints.map(
      (point) => point.summary,
    );
    expect(summaries.length).toBeGreaterThan(0);
    expect(summaries.join(' ')).not.toMatch(/You have finished|You promised/);
  });

  it("never quotes the interviewer, nor the answer's label, under the labels of other languages", () => {
    const asked = 'You have finished fewer than 600 homes in the first two years of your term.';
    for (const [question, answer] of [
      ['Pregunta', 'Respuesta'],
      ['Frage', 'Antwort'],
      ['Domanda', 'Risposta'],
      ['Pergunta', 'Resposta'],
      ['Вопрос', 'Ответ'],
      ['Pytanie', 'Odpowiedź'],
      ['שאלה', 'תשובה'],
    ]) {
      const article = articleOf(
        'interview.txt',
        [
          'The mayor at midterm',
          UNSTRUCTURED[0],
          `${question}: You promised 5,000 affordable homes. ${asked} Is the target still realistic?`,
          `${answer}: It is. ${UNSTRUCTURED[1]} ${UNSTRUCTURED[2]}`,
          `${question}: What changed on permits?`,
          `${answer}: ${UNSTRUCTURED.slice(4, 7).join(' ')}`,
        ].join('\n\n'),
      );
      const points = extractKeyPoints(article, { maxPoints: 12 }).keyPoints;
      expect(points.length).toBeGreaterThan(0);
      const text = points.map((point) => `${point.heading ?? ''} ${point.summary}`).join(' ');
      expect(text).not.toMatch(/You have finished|You promised/);
      expect(text).not.toContain(`${answer}:`);
      expect(text).not.toContain(`${question}:`);
    }
  });

  it("never quotes a transcript's interviewer: no turn of the speaker who asks first is a point", () => {
    const challenge =
      'HOLLIS: Critics say a sales tax falls hardest on low-income families, who are the people who ride the bus.';
    const article = articleOf(
      'transcript.txt',
      [
        'The mayor on the levy',
        UNSTRUCTURED[0],
        'HOLLIS: Voters will decide in November on a half-cent sales tax for transit. Why now?',
        `ORTEGA: Because the barriers are old. ${UNSTRUCTURED[1]} ${UNSTRUCTURED[2]}`,
        challenge,
        `ORTEGA: I understand that argument. ${UNSTRUCTURED.slice(4, 7).join(' ')}`,
      ].join('\n\n'),
    );
    const summaries = extractKeyPoints(article, { maxPoints: 12 }).keyPoints.map(
      (point) => point.summary,
    );
    expect(summaries.length).toBeGreaterThan(0);
    expect(summaries.join(' ')).not.toMatch(/HOLLIS|Voters will decide|Critics say/);
  });

  const TREES = [
    'On a summer afternoon, a street with full tree cover can be ten degrees cooler than a bare one nearby.',
    'Milan plans to plant three million trees by 2030, and Paris wants half of its surface planted.',
    'Many cities have lost a third of new plantings to drought because nobody was paid to water them.',
  ];
  const RATES = [
    'Inflation is still at 3.2 percent, well above the 2 percent target, and wage growth has not slowed.',
    'Markets now expect the first cut in August, though a rise in energy prices could delay it.',
  ];

  it.each([
    [
      'one-sentence questions',
      [
        "SARAH KIM: Welcome back to The Climate Hour. Today I'm joined by urban forester James Okafor.",
        'JAMES OKAFOR: Thanks for having me, Sarah.',
        'SARAH KIM: Why are cities planting so many trees right now?',
        `JAMES OKAFOR: ${TREES[0]}`,
        'SARAH KIM: How many trees are we talking about?',
        `JAMES OKAFOR: ${TREES[1]}`,
        'SARAH KIM: Is there a downside?',
        `JAMES OKAFOR: ${TREES[2]}`,
      ],
      TREES,
      [
        'Why are cities planting so many trees right now?',
        'How many trees are we talking about?',
        'Is there a downside?',
      ],
    ],
    [
      "a question after the host's introduction, in the same turn",
      [
        'ANNA LEE: Good morning. The Bank of England has held interest rates at 4 percent for the third month in a row.',
        'ANNA LEE: Joining me is economist Ben Carter. Ben, why did the bank hold?',
        `BEN CARTER: ${RATES[0]}`,
        'ANNA LEE: When will rates come down?',
        `BEN CARTER: ${RATES[1]}`,
        'ANNA LEE: Ben Carter, thank you.',
      ],
      RATES,
      [
        'Joining me is economist Ben Carter. Ben, why did the bank hold?',
        'When will rates come down?',
      ],
    ],
  ])(
    "heads a transcript's answers with the interviewer's questions, without the speakers' names (%s)",
    (_, turns, answers, questions) => {
      const article = articleOf('transcript.txt', ['The show', ...turns].join('\n\n'));
      const points = extractKeyPoints(article, { maxPoints: 4 }).keyPoints;
      expect(points.map((point) => point.summary)).toEqual(answers);
      expect(points.map((point) => point.heading)).toEqual(questions);
    },
  );

  it('leads a wire story with its first paragraph, not the note on what its new version changed', () => {
    const story = articleOf(
      'rates.txt',
      [
        'Chile holds rate at 5%',
        '(Updates with analyst comment and the share price in the fourth paragraph.)',
        "SANTIAGO, Dec 7 (Reuters) - Chile's central bank kept its benchmark interest rate unchanged at 5% on Monday.",
        'The board voted unanimously to hold the rate, it said in a statement.',
      ].join('\n\n'),
    );
    expect(extractKeyPoints(story).lead).toBe(
      "Chile's central bank kept its benchmark interest rate unchanged at 5% on Monday.",
    );
  });

  it("leads a transcript with its first turn's words, without the speaker's name", () => {
    const turns = [
      'ANNA LEE: The Bank of England has held interest rates at 4 percent for the third month in a row.',
      'ANNA LEE: Joining me is economist Ben Carter. Ben, why did the bank hold?',
      'BEN CARTER: Inflation is still at 3.2 percent, well above the 2 percent target.',
    ];
    const lead = (opening: string) =>
      extractKeyPoints(
        articleOf('briefing.txt', ['Morning Briefing', opening, ...turns.slice(1)].join('\n\n')),
      ).lead;
    expect(lead(turns[0] ?? '')).toBe(
      'The Bank of England has held interest rates at 4 percent for the third month in a row.',
    );
    // A name that opens one paragraph only is no speaker's.
    const story = articleOf(
      'story.txt',
      [
        'Rates on hold',
        turns[0],
        'Economists had expected the hold after inflation rose in January.',
      ].join('\n\n'),
    );
    expect(extractKeyPoints(story).lead).toBe(turns[0]);
  });

  const FAQ = [
    [
      'Why are the bins changing?',
      'The boxes blow over in the wind and crews were injured lifting them.',
    ],
    [
      'What goes in which bin?',
      'Paper and cardboard go in the blue bin, glass and cans in the green one.',
    ],
    [
      'What if I have no room for two bins?',
      'Households without space can keep their boxes. Call the council to arrange it.',
    ],
  ] as const;
  const OPENING =
    'The council is replacing every household recycling box with two wheelie bins from June.';

  it.each([
    [
      'faq.md',
      `# New bins\n\n${OPENING}\n\n${FAQ.map(([q, a]) => `**Q: ${q}**\n\nA: ${a}`).join('\n\n')}`,
    ],
    [
      'faq.txt',
      `New bins\n\n${OPENING}\n\n${FAQ.map(([q, a]) => `Q: ${q}\nA: ${a}`).join('\n\n')}`,
    ],
    [
      'faq-dots.txt',
      `New bins\n\n${OPENING}\n\n${FAQ.map(([q, a]) => `Q. ${q}\n\nA. ${a}`).join('\n\n')}`,
    ],
    [
      'faq.html',
      `<html><body><h1>New bins</h1><p>${OPENING}</p>${FAQ.map(([q, a]) => `<p><strong>${q}</strong></p><p>${a}</p>`).join('')}</body></html>`,
    ],
  ])('heads each answer of a FAQ written as paragraphs (%s) with its question', (name, text) => {
    expect(extractKeyPoints(articleOf(name, text)).keyPoints).toEqual([
      { heading: FAQ[0][0], summary: FAQ[0][1] },
      { heading: FAQ[1][0], summary: FAQ[1][1] },
      { heading: FAQ[2][0], summary: 'Households without space can keep their boxes.' },
    ]);
  });

  it("keeps an answer's initial after 'Q.': 'A. J. Cole' is a name", () => {
    const qa = [
      ['Who closed the festival?', 'A. J. Cole closed the festival with a set of his own songs.'],
      ['Who opened it?', 'A. The Lantern Choir opened it with a hymn sung in the rain.'],
    ];
    const text = `Festival review\n\n${OPENING}\n\n${qa.map(([q, a]) => `Q. ${q}\n\n${a}`).join('\n\n')}`;
    const summaries = extractKeyPoints(articleOf('festival.txt', text)).keyPoints.map(
      (point) => point.summary,
    );
    expect(summaries).toContain('A. J. Cole closed the festival with a set of his own songs.');
    expect(summaries).toContain('The Lantern Choir opened it with a hymn sung in the rain.');
  });

  it('keeps apart the sentences of an Italian page that open on "Il", the Italian for "the"', () => {
    const paragraphs = [
      'Venezia raddoppierà il contributo di accesso per i turisti giornalieri, che passerà da 5 a 10 euro nei giorni di maggiore affluenza, ha annunciato mercoledì il sindaco.',
      'Nel 2024 la sperimentazione ha interessato 29 giornate e ha portato nelle casse del Comune circa 2,4 milioni di euro.',
      '«Il ticket non è una tassa per fare cassa, ma uno strumento per regolare i flussi», ha detto il sindaco in conferenza stampa.',
      'Le associazioni dei residenti criticano la misura, sostenendo che il numero dei visitatori non è diminuito.',
      'Il calendario delle giornate a pagamento sarà pubblicato entro la fine di gennaio sul sito del Comune.',
    ];
    const article = articleOf(
      'venezia.html',
      `<!doctype html><html lang="it"><head><title>Venezia, il ticket raddoppia</title></head><body><article><h1>Venezia, il ticket raddoppia</h1>${paragraphs.map((text) => `<p>${text}</p>`).join('')}</article></body></html>`,
    );
    expect(summaries(article)).toEqual(paragraphs.slice(1));
    // A plain text declares no language: its words say it is Italian, not French.
    const text = articleOf(
      'venezia.txt',
      `Venezia, il ticket raddoppia\n\n${paragraphs.join('\n\n')}`,
    );
    expect(summaries(text)).toEqual(paragraphs.slice(1));
  });

  it('joins a Chinese sentence to the point it goes on from with no space after its 。', () => {
    const paragraphs = [
      '国家统计局9日发布数据显示，11月份全国居民消费价格指数同比上涨0.2%，涨幅比上月回落0.1个百分点。',
      '国家统计局首席统计师董莉娟解读称，受天气偏暖等因素影响，鲜菜价格环比下降7.0%，是CPI环比下降的主要原因。她表示，扣除食品和能源价格的核心CPI同比上涨0.3%，涨幅与上月基本相同。',
    ];
    const text = articleOf('cpi.txt', `11月CPI同比上涨0.2%\n\n${paragraphs.join('\n\n')}`);
    expect(
      extractKeyPoints(text, { maxPoints: 2 }).keyPoints.map((point) => point.summary),
    ).toEqual([paragraphs[1]]);
  });

  it("leads with an Armenian or Amharic story's opening paragraph, which ends on its script's full stop", () => {
    for (const [title, opening, rest] of [
      [
        'Կենտրոնական բանկը բարձրացրել է տոկոսադրույքը',
        'Կենտրոնական բանկի խորհուրդը որոշել է վերաֆինանսավորման տոկոսադրույքը բարձրացնել 0.25 տոկոսային կետով՝ սահմանելով այն 7.5 տոկոս։',
        'Որոշումը կայացվել է գնաճի արագացման ռիսկերը զսպելու նպատակով։ Նոյեմբերին տարեկան գնաճը կազմել է 3.2 տոկոս։',
      ],
      [
        'ብሔራዊ ባንክ የወለድ ምጣኔውን ከፍ አደረገ',
        'የኢትዮጵያ ብሔራዊ ባንክ የብድር ወለድ ምጣኔውን ወደ 15 በመቶ ከፍ ማድረጉን አስታወቀ።',
        'ባንኩ ውሳኔውን ያሳለፈው የዋጋ ግሽበትን ለመቆጣጠር መሆኑን ገልጿል። በጥቅምት ወር የዋጋ ግሽበት 17 በመቶ ደርሷል።',
      ],
    ]) {
      const text = articleOf('bank.txt', `${title}\n\n${opening}\n\n${rest}`);
      expect(extractKeyPoints(text).lead).toBe(opening);
    }
  });

  it('reads "Il" and "Mais" as French in a plain text whose words are French', () => {
    const paragraphs = [
      'La ville de Lyon va doubler le nombre de pistes cyclables d’ici 2030, a annoncé mardi le maire lors du conseil municipal.',
      'Le plan prévoit 250 kilomètres de voies nouvelles et un budget de 180 millions d’euros sur six ans.',
      'Le maire, Grégory Doucet, défend un projet qui doit réduire la pollution dans les quartiers les plus denses.',
      'Il plaide aussi pour des parkings à vélos sécurisés près de chaque gare de la métropole.',
      'Les commerçants du centre craignent une baisse de la fréquentation pendant les travaux.',
    ];
    const text = articleOf(
      'lyon.txt',
      `Lyon double ses pistes cyclables\n\n${paragraphs.join('\n\n')}`,
    );
    const points = extractKeyPoints(text, { maxPoints: 4 }).keyPoints.map((point) => point.summary);
    expect(points).toContain(`${paragraphs[2]} ${paragraphs[3]}`);
  });

  it("takes an answer's first sentence that points back to its question, which heads the point", () => {
    const answer = 'It takes five minutes on the council website, and you pay by card.';
    const article = articleOf(
      'garden.md',
      [
        '# Garden waste',
        'Garden waste will be collected every two weeks from April, for £45 a year.',
        '**How do I sign up?**',
        `${answer} Stickers for the bin arrive within ten days.`,
        '**Will the brown bins stay?**',
        'They will stay, and new subscribers get one delivered free of charge.',
      ].join('\n\n'),
    );
    expect(extractKeyPoints(article, { maxPoints: 1 }).keyPoints).toEqual([
      { heading: 'How do I sign up?', summary: answer },
    ]);
  });

  it('heads a point from an answer with its question where questions do not organise the story', () => {
    const answer =
      'Households on low incomes can apply for a social tariff, which halves their bills.';
    const article = articleOf(
      'bills.html',
      `<html><body><h1>Bills</h1>${UNSTRUCTURED.slice(0, 7)
        .map((sentence) => `<p>${sentence}</p>`)
        .join(
          '',
        )}<p>Why now?</p><p>${UNSTRUCTURED[7]}</p><p>Can I get help?</p><p>${answer}</p></body></html>`,
    );
    const points = extractKeyPoints(article, { maxPoints: 8 }).keyPoints;
    expect(points.filter((point) => point.heading !== null).length).toBeLessThan(points.length);
    expect(points).toContainEqual({ heading: 'Can I get help?', summary: answer });
  });

  it('gives the opening section a point of its own when the subheads leave room', () => {
    const news =
      'About 40,000 vehicles cross the bridge each day, and the repairs will cost £210 million.';
    const article = articleOf(
      'bridge.md',
      [
        '# Bridge to close',
        UNSTRUCTURED[0],
        news,
        '## The barriers',
        UNSTRUCTURED.slice(1, 4).join(' '),
        '## What comes next',
        UNSTRUCTURED.slice(6).join(' '),
      ].join('\n\n'),
    );
    const points = extractKeyPoints(article).keyPoints;
    expect(points[0]).toEqual({ heading: null, summary: news });
    expect(points.map((point) => point.heading)).toEqual([null, 'The barriers', 'What comes next']);
    expect(
      extractKeyPoints(article, { maxPoints: 2 }).keyPoints.map((point) => point.heading),
    ).toEqual(['The barriers', 'What comes next']);
  });

  it('does not repeat the lead as the point of a subhead that opens the article', () => {
    const article = articleOf(
      'council.md',
      [
        '# Budget news',
        '## The vote',
        UNSTRUCTURED[0],
        '## The barriers',
        UNSTRUCTURED.slice(1, 4).join(' '),
        '## What comes next',
        UNSTRUCTURED.slice(6).join(' '),
      ].join('\n\n'),
    );
    const result = extractKeyPoints(article);
    expect(result.lead).toBe(UNSTRUCTURED[0]);
    expect(result.keyPoints.map((point) => point.heading)).toEqual([
      'The barriers',
      'What comes next',
    ]);
  });
});

describe('a section of unpunctuated list items', () => {
  it('summarises it with one item, not two run together as one sentence', () => {
    const text = [
      '# Senior Backend Engineer',
      '',
      'Acme Health is hiring a senior engineer to build the platform that serves two million patients.',
      '',
      '## What we are looking for',
      '',
      '- Five years of experience building backend systems in production',
      '- Strong knowledge of PostgreSQL and cloud infrastructure on AWS',
      '- Experience working in a regulated industry such as health care',
      '',
      '## What we offer',
      '',
      'A salary of up to £100,000 and thirty days of holiday. The role is fully remote, with quarterly meetups in London. We pay for a home office too.',
    ].join('\n');
    const article = parseArticle({ name: 'job.md', bytes: Buffer.from(text) });
    const items = article.sections[1]?.paragraphs.map((paragraph) => paragraph.text) ?? [];
    const point = extractKeyPoints(article).keyPoints.find(
      (candidate) => candidate.heading === 'What we are looking for',
    );
    expect(items).toContain(point?.summary);
  });
});

describe('a page of thousands of subheads', () => {
  it('ranks its sections against the rest of the page in one pass over its sentences', () => {
    const sentence = (index: number) =>
      `The council of district ${index.toString(36)} approved budget line ${index} on Monday.`;
    const section = (index: number) => ({
      heading: index === 0 ? null : `Update ${index}`,
      paragraphs: [{ text: sentence(index), sentences: [sentence(index)] }],
    });
    // Each section was filtered out of every sentence and the page's terms copied for each
    // section: 6,000 subheads (300 KB) took over 8 s, a 5 MB page of them hours.
    const article: Article = {
      source: 'live.md',
      format: 'markdown',
      title: 'Budget live',
      sections: Array.from({ length: 6000 }, (_, index) => section(index)),
    };
    const result = extractKeyPoints(article);
    expect(result.lead).toBe(sentence(0));
    expect(result.keyPoints).toHaveLength(4);
    for (const point of result.keyPoints) {
      const index = Number(point.heading?.replace('Update ', ''));
      expect(point.summary).toBe(sentence(index));
    }
  });
});
