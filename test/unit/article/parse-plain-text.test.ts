import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../lambda/core/article/parse-article';
import type { Article } from '../../../lambda/core/article/types';

const examples = join(import.meta.dirname, '../../../examples/articles');

function parseText(text: string, name = 'story.txt'): Article {
  return parseArticle({ name, bytes: new TextEncoder().encode(text) });
}

function allSentences(article: Article): string[] {
  return article.sections.flatMap((section) =>
    section.paragraphs.flatMap((paragraph) => paragraph.sentences),
  );
}

describe('parseArticle on the seed article (plain text)', () => {
  const name = 'xi-putin-meeting.txt';
  const article = parseArticle({ name, bytes: readFileSync(join(examples, name)) });

  it('takes the first line as the title', () => {
    expect(article.format).toBe('text');
    expect(article.title).toBe('What Xi and Putin want to gain from their joint meeting');
  });

  it('finds the opening section and the four subheads in order', () => {
    expect(article.sections.map((section) => section.heading)).toEqual([
      null,
      'Putin wants guns',
      'Xi wants to develop his reputation as a peacemaker',
      'Both want a new world order',
      'Shaking things up – Xi set to meet international fugitive',
    ]);
    expect(article.sections[0]?.paragraphs[0]?.text).toMatch(
      /^Chinese President Xi Jinping is due to travel to Moscow next week/,
    );
  });

  it('removes the copyright notice and the comment prompt at the end', () => {
    const text = JSON.stringify(article);
    expect(text).not.toMatch(/Copyright|All rights reserved|Leave a Comment/);
    expect(allSentences(article).at(-1)).toBe(
      'But this legal decision could put pressure on both countries on the world stage.',
    );
  });

  it('repairs the garbled sentence instead of yielding fragments', () => {
    const sentences = allSentences(article);
    expect(sentences).toContain(
      'And in a phone call on Thursday, China’s top diplomat Qin Gang told his Ukrainian counterpart that Beijing hopes “all parties will remain calm, rational and restrained, and resume peace talks as soon as possible,” according to a statement. from the Chinese Ministry of Foreign Affairs.',
    );
    for (const sentence of sentences) expect(sentence.split(' ').length).toBeGreaterThan(2);
  });

  it('keeps the colon-ended line as a paragraph, not a subhead', () => {
    const opening = article.sections[0]?.paragraphs.map((paragraph) => paragraph.text) ?? [];
    expect(opening.at(-1)).toBe(
      'Here are the things Putin and Xi are looking to take away from their joint meeting and a curveball ahead:',
    );
  });
});

describe('parseArticle on plain text', () => {
  it('keeps a question on the line above its answer a paragraph of its own', () => {
    const article = parseText(
      'Pool reopening\n\nThe pool reopens on 2 June after a refit of its roof.\n\nIs the learner pool open too?\nYes. It reopens at the same time, with a new ramp.\n',
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'The pool reopens on 2 June after a refit of its roof.',
      'Is the learner pool open too?',
      'Yes. It reopens at the same time, with a new ramp.',
    ]);
  });

  it('reads a long run of spaces, tabs or no-break spaces inside a line as one space', () => {
    const paragraph = (gap: string) =>
      `Budget\n\nThe council met on Monday. It voted${gap}to close the library on Fridays.\n`;
    const expected = allSentences(parseText(paragraph(' ')));
    for (const space of [' ', '\t', '\u00a0']) {
      expect(allSentences(parseText(paragraph(space.repeat(250_000))))).toEqual(expected);
    }
  });

  it('joins a paragraph of a hundred thousand hard-wrapped lines as it joins a few', () => {
    const paragraph = (lines: number) =>
      `Budget\n\nThe council met on Monday.\n\n${'It voted to close the\nlibrary on Fri-\ndays and \n'.repeat(lines)}then left.\n`;
    const text = (lines: number) => allSentences(parseText(paragraph(lines))).join(' ');
    expect(text(1)).toBe(
      'The council met on Monday. It voted to close the library on Fri-days and then left.',
    );
    expect(text(25_000)).toBe(
      `The council met on Monday. ${'It voted to close the library on Fri-days and '.repeat(25_000)}then left.`,
    );
  });

  it('joins hard-wrapped lines inside a paragraph', () => {
    const article = parseText('Title\n\nThe council met on Monday\nand agreed the plan.\n');
    expect(article.sections[0]?.paragraphs[0]?.text).toBe(
      'The council met on Monday and agreed the plan.',
    );
  });

  it("heads each part of a structured abstract with its label, not a sentence's first words", () => {
    const article = parseText(
      [
        'Effect of daily activity on adolescent sleep: a cluster randomised trial',
        'Background: Poor sleep is common among adolescents. Evidence from schools is limited.',
        'Methods: We randomly assigned 24 schools to a daily activity programme or usual practice.',
        'Results: Pupils in intervention schools slept 18 minutes longer on average.',
        'Conclusions: A simple daily activity programme modestly improved adolescent sleep.',
      ].join('\n\n'),
    );
    expect(article.sections.map((section) => section.heading)).toEqual([
      null,
      'Methods',
      'Results',
      'Conclusions',
    ]);
    expect(article.sections[0]?.paragraphs[0]?.text).toBe(
      'Poor sleep is common among adolescents. Evidence from schools is limited.',
    );
    expect(article.sections[3]?.paragraphs[0]?.text).toBe(
      'A simple daily activity programme modestly improved adolescent sleep.',
    );
  });

  it('keeps a lone "Results:" opening a paragraph of a news story as text', () => {
    const article = parseText(
      'Title\n\nThe council counted the votes overnight.\n\nResults: the turnout was the highest since 1992, officials said.\n',
    );
    expect(article.sections).toHaveLength(1);
    expect(article.sections[0]?.paragraphs[1]?.text).toBe(
      'Results: the turnout was the highest since 1992, officials said.',
    );
  });

  it('closes up a word hyphenated at the end of a hard-wrapped line', () => {
    const article = parseText(
      'Title\n\nFarmers decided to build the infra-\nstructure themselves, a well-\nknown story in the Dales.\n',
    );
    expect(article.sections[0]?.paragraphs[0]?.text).toBe(
      'Farmers decided to build the infra-structure themselves, a well-known story in the Dales.',
    );
  });

  it('keeps the space after a dash standing alone at the end of a line', () => {
    const article = parseText('Title\n\nThe vote was close -\nthe count went on all night.\n');
    expect(article.sections[0]?.paragraphs[0]?.text).toContain('close - the count');
  });

  it.each([
    [
      'a block',
      'When: Friday, August 9, 5 p.m.\nWhere: Harbor Park, 200 Water Street\nTickets: $35 per day',
      [
        'When: Friday, August 9, 5 p.m.',
        'Where: Harbor Park, 200 Water Street',
        'Tickets: $35 per day',
      ],
    ],
    [
      'a run under a line that is none, as a match report sets its facts',
      'FICHA TÉCNICA\nFlamengo 2 x 1 Palmeiras\nLocal: Maracanã, Rio de Janeiro (RJ)\nPúblico: 68.432 torcedores',
      [
        'FICHA TÉCNICA Flamengo 2 x 1 Palmeiras',
        'Local: Maracanã, Rio de Janeiro (RJ)',
        'Público: 68.432 torcedores',
      ],
    ],
  ])(
    'reads each line of labelled fields in %s as a paragraph of its own',
    (_, fields, expected) => {
      const article = parseText(
        `Jazz festival returns\n\nThe festival returns to Harbor Park in August.\n\n${fields}\n`,
      );
      expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
        'The festival returns to Harbor Park in August.',
        ...expected,
      ]);
    },
  );

  it("titles a press release with its headline, not the 'FOR IMMEDIATE RELEASE' above it", () => {
    const article = parseText(
      [
        'FOR IMMEDIATE RELEASE',
        'Acme Health Launches a Free Screening App',
        'Acme Health today launched GlucoCheck, a free screening app for type 2 diabetes.',
        'The app asks twelve questions about age, weight and family history.',
      ].join('\n\n'),
    );
    expect(article.title).toBe('Acme Health Launches a Free Screening App');
    expect(allSentences(article).join(' ')).not.toMatch(/IMMEDIATE/);
  });

  it("titles a release with its headline under its slug's date and contact, in any language", () => {
    const release = (...preamble: string[]) =>
      parseText(
        [
          ...preamble,
          'City Approves Free Bus Passes for Residents Under 23',
          'The city council on Wednesday approved free bus passes for all residents under 23 from March.',
          'The scheme will cost about 14 million euros a year and cover 95,000 young people.',
        ].join('\n\n'),
      );
    for (const preamble of [
      [
        'FOR IMMEDIATE RELEASE\nDecember 3, 2026',
        'Contact: Maria Lopez, (555) 123-4567, mlopez@state.example.gov',
      ],
      ['COMUNICADO DE IMPRENSA', 'Lisboa, 3 de dezembro de 2026'],
      ['ΔΕΛΤΙΟ ΤΥΠΟΥ', 'Αθήνα, 3 Δεκεμβρίου 2026'],
      ['SIARAN PERS\nNomor: 245/HM/XII/2026'],
      ['BASIN BÜLTENİ', '03.12.2026'],
      ['보도자료'],
      ['보도자료', '배포일시: 2026. 12. 3.(목)\n담당부서: 환경부 기후전략과\n담당자: 과장 김영희'],
      ['THÔNG CÁO BÁO CHÍ'],
      ['بيان صحفي'],
      // In the Nordic, Slavic, Hebrew, Chinese and Japanese ways, and with the day after a French
      // 'le', a Swedish 'den' or a Polish 'dnia', with or without the place's comma.
      ['COMMUNIQUÉ DE PRESSE', 'Paris, le 3 décembre 2026'],
      ['COMMUNIQUÉ DE PRESSE\nParis, le 3 décembre 2026'],
      ['PRESSMEDDELANDE', 'Stockholm den 3 december 2026'],
      ['PRESSEMELDING'],
      ['TIEDOTE 3.12.2026 klo 10.00'],
      ['INFORMACJA PRASOWA', 'Warszawa, dnia 3 grudnia 2026 r.'],
      ['TISKOVÁ ZPRÁVA', 'Praha 3. prosince 2026'],
      ['ПРЕСС-РЕЛИЗ', 'Москва, 3 декабря 2026 г.'],
      ['ПРЕС-РЕЛІЗ'],
      // The year's word written out after it, in Ukrainian, Polish and Russian.
      ['ПРЕС-РЕЛІЗ', 'Київ, 3 грудня 2026 року'],
      ['KOMUNIKAT PRASOWY', 'Kraków, 3 grudnia 2026 roku'],
      ['ПРЕСС-РЕЛИЗ\nМосква, 3 декабря 2026 года'],
      ['הודעה לעיתונות'],
      ['新闻稿'],
      ['プレスリリース'],
    ]) {
      const article = release(...preamble);
      expect(article.title).toBe('City Approves Free Bus Passes for Residents Under 23');
      expect(allSentences(article).join(' ')).not.toMatch(
        /mlopez|Lisboa|Αθήνα|Nomor|담당|Paris|Stockholm|Warszawa|Praha|Москва|Київ|Kraków/,
      );
    }
    // Under its slug, a headline with a label and a date line without a slug stay titles.
    expect(release('FOR IMMEDIATE RELEASE', 'Review: Harbour Robotics beats forecasts').title).toBe(
      'Review: Harbour Robotics beats forecasts',
    );
    expect(release('Lisboa, 3 de dezembro de 2026').title).toBe('Lisboa, 3 de dezembro de 2026');
  });

  it("titles a newsletter pasted as text with its name, not the mailer's 'View in browser' above it", () => {
    const issue = (top: string) =>
      parseText(
        [
          top,
          'The Morning Ledger',
          "The Bank of England's governor said on Wednesday that rates could fall several times next year.",
          'Markets now price in three quarter-point cuts in 2027, up from two a week ago.',
        ].join('\n\n'),
      );
    for (const top of [
      'View in browser',
      'View this email in your browser',
      'View online | Unsubscribe',
    ]) {
      expect(issue(top).title).toBe('The Morning Ledger');
    }
    // A headline that opens on the words is the title.
    expect(issue('View online reviews with care, regulator warns').title).toBe(
      'View online reviews with care, regulator warns',
    );
  });

  // Written in Markdown and saved as .txt (a notes app's export, Notepad): the subject was
  // "# Council approves new cycle lanes" and the lead kept its ** and its link's address.
  it('reads Markdown saved as text, opening with a heading, as Markdown', () => {
    const article = parseText(
      [
        '# Council approves new cycle lanes',
        'The city council voted on **Tuesday** to build twelve kilometres of [protected cycle lanes](https://council.example/lanes).',
        '## What happens next',
        'Construction will start on Market Street in March, with two more streets in the summer.',
      ].join('\n\n'),
      'lanes.txt',
    );
    expect(article.format).toBe('markdown');
    expect(article.title).toBe('Council approves new cycle lanes');
    expect(article.sections.map((section) => section.heading)).toEqual([null, 'What happens next']);
    expect(article.sections[0]?.paragraphs[0]?.text).toBe(
      'The city council voted on Tuesday to build twelve kilometres of protected cycle lanes.',
    );
  });

  // A text under a rule that reads like a key ('Location: …') is no front matter unless the rule
  // closes before the text goes on: taken for Markdown, it was refused as front matter never
  // closed, or its story read as the front matter up to a rule further down.
  it('reads text that opens on a rule over a line like a key as text', () => {
    const story = [
      'The city council voted on Tuesday to build twelve kilometres of protected cycle lanes.',
      'Work is due to begin in the spring and finish by the end of next year.',
    ];
    for (const text of [
      ['---\nLocation: City Hall, Springfield', ...story].join('\n\n'),
      ['---\nUPDATE: the council has published the plan.', ...story, '---', 'Notes'].join('\n\n'),
    ]) {
      const article = parseText(text);
      expect(article.format).toBe('text');
      expect(allSentences(article)).toEqual(expect.arrayContaining(story));
    }
  });

  it('titles a page copied from a browser with its headline, not the skip link above it', () => {
    const page = (top: string) =>
      parseText(
        [
          top,
          'Council approves new cycle lanes',
          'The city council voted on Tuesday to build twelve kilometres of protected cycle lanes.',
          'Work is due to begin in the spring and finish by the end of next year.',
        ].join('\n\n'),
      );
    for (const top of ['Skip to main content', 'Skip to content', 'Zum Inhalt springen']) {
      expect(page(top).title).toBe('Council approves new cycle lanes');
    }
    expect(page('Skip to content creators: the platform pays them less').title).toBe(
      'Skip to content creators: the platform pays them less',
    );
  });

  it("titles a public notice with its heading, not the 'PUBLIC NOTICE' above it", () => {
    const article = parseText(
      [
        'PUBLIC NOTICE',
        'NOTICE OF APPLICATION FOR A PREMISES LICENCE\nLicensing Act 2003',
        'Notice is hereby given that Riverside Taverns Limited has applied for a premises licence.',
      ].join('\n\n'),
    );
    expect(article.title).toBe('NOTICE OF APPLICATION FOR A PREMISES LICENCE');
  });

  it("titles a notice or a release with its heading under the issuer's name over the slug", () => {
    const notice = (issuer: string, slug: string) =>
      parseText(
        [
          issuer,
          slug,
          'Temporary closure of Mill Lane',
          'Notice is hereby given that the council intends to close Mill Lane from 5 January 2027.',
          'The closure is needed so that a collapsed sewer can be replaced safely.',
        ].join('\n\n'),
      );
    for (const [issuer, slug] of [
      ['HARBOUR CITY COUNCIL', 'PUBLIC NOTICE'],
      ['Harbour City Council', 'Public Notice'],
      ['Northwind Energy', 'FOR IMMEDIATE RELEASE'],
      ['AYUNTAMIENTO DE VILLANUEVA', 'ANUNCIO'],
      ['Stadt Musterstadt', 'Öffentliche Bekanntmachung'],
      ['Commune de Villeneuve', 'AVIS PUBLIC'],
    ] as const) {
      const article = notice(issuer, slug);
      expect(article.title).toBe('Temporary closure of Mill Lane');
      expect(allSentences(article).join(' ')).not.toMatch(/HARBOUR CITY COUNCIL|Northwind/);
    }
    // A headline over a line that only looks like a slug's words keeps its place.
    expect(notice('Council Approves Mill Lane Closure', 'Advertisement').title).toBe(
      'Council Approves Mill Lane Closure',
    );
  });

  it('starts a paragraph at a line indented with a tab after a sentence’s end', () => {
    const paragraphs = [
      'Residents of Little Hatton have raised £180,000 to buy the village shop, which was due to close.',
      'More than 300 people bought shares in the new community company, which will run the shop.',
      'The owners had tried for two years to sell the business before announcing the closure.',
    ];
    const article = parseText(
      `Village shop saved by community buy-out\n\n${paragraphs.map((text) => `\t${text}`).join('\n')}\n`,
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual(paragraphs);
  });

  it('takes each line for a paragraph in a block whose every line ends a sentence', () => {
    const paragraphs = [
      'The town swimming pool reopened on Monday after a six-month closure for repairs to its roof.',
      'The work cost £1.2 million and included new lighting and changing rooms.',
      'Swimming lessons for children will restart next week, the council said.',
    ];
    const article = parseText(`Pool reopens after repairs\r\n\r\n${paragraphs.join('\r\n')}\r\n`);
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual(paragraphs);
  });

  it('keeps a hard-wrapped paragraph whole when a line of it ends mid-sentence', () => {
    const article = parseText(
      'Pool reopens\n\nThe town swimming pool reopened on Monday after a closure.\nThe work cost £1.2 million and included new lighting and\nchanging rooms. Lessons restart next week.\n',
    );
    expect(article.sections[0]?.paragraphs).toHaveLength(1);
  });

  it('keeps a hard-wrapped paragraph whole when every line of it is indented', () => {
    const article = parseText(
      'Village shop saved\n\n\tResidents have raised £180,000 to buy the shop. More than\n\t300 people bought shares in the new company.\n\tThe owners had tried to sell it for two years.\n',
    );
    expect(article.sections[0]?.paragraphs).toHaveLength(1);
  });

  it('titles a text with its first line underlined by a row of "=" (or "~")', () => {
    for (const underline of ['==============================', '~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~']) {
      const article = parseText(
        [
          `Dam repairs to start in spring\n${underline}`,
          'Repairs to the Holme Valley dam will begin in April and take two years, the water company said on Thursday.',
          'The reservoir will be drawn down to half its level before work starts.',
        ].join('\n\n'),
      );
      expect(article.title).toBe('Dam repairs to start in spring');
      expect(allSentences(article).join(' ')).not.toMatch(/===|~~~/);
    }
  });

  it("titles an obituary with the name under it, not the 'OBITUARY' above it", () => {
    const article = parseText(
      [
        'OBITUARY',
        'Harold James Whitcombe\n1938 – 2026',
        'Harold Whitcombe, who taught mathematics at Kings Norton Grammar School for 34 years, died on 12 January at the age of 87.',
        'He is survived by his wife, Eileen, their children Mark and Susan, and five grandchildren.',
      ].join('\n\n'),
    );
    expect(article.title).toBe('Harold James Whitcombe');
    expect(allSentences(article).join(' ')).not.toMatch(/OBITUARY/);
  });

  it('ends a press release at its end mark, and leaves out a last section about the company', () => {
    const article = parseText(
      [
        'Acme launches an app',
        'Acme Health today launched GlucoCheck, a free screening app.',
        'How it works',
        'The app asks twelve questions about age and weight.',
        'About Acme Health',
        'Acme Health is a digital health company founded in 2016.',
        '###',
        'Contact: press@acme.example',
      ].join('\n\n'),
    );
    expect(article.sections.map((section) => section.heading)).toEqual([null, 'How it works']);
    expect(allSentences(article).join(' ')).not.toMatch(/founded in 2016|press@/);
  });

  it('leaves out a last section about the company in German, French and Spanish', () => {
    for (const about of [
      'Über die Stadtwerke Musterstadt',
      'Über uns',
      'À propos de Musterstadt Énergie',
      'Acerca de Musterstadt Energía',
    ]) {
      const article = parseText(
        [
          'Stadtwerke senken Strompreis',
          'Die Stadtwerke senken den Strompreis zum 1. Januar um 2,1 Cent pro Kilowattstunde.',
          'Was Kunden sparen',
          'Ein Haushalt mit 2.500 Kilowattstunden spart damit rund 60 Euro im Jahr.',
          about,
          'Die Stadtwerke versorgen rund 80.000 Haushalte mit Strom, Gas und Wasser.',
        ].join('\n\n'),
      );
      expect(allSentences(article).join(' ')).not.toMatch(/80\.000/);
    }
    // A story's last subhead that opens on "Über" as a preposition is no such section.
    const story = parseText(
      [
        'Sturm über Norddeutschland',
        'Ein Sturm hat in der Nacht Bäume entwurzelt und Dächer abgedeckt.',
        'Schäden in Hamburg',
        'In Hamburg rückte die Feuerwehr zu 300 Einsätzen aus.',
        'Über 100 Verletzte',
        'Mehr als 100 Menschen wurden nach Angaben der Polizei verletzt.',
      ].join('\n\n'),
    );
    expect(allSentences(story).join(' ')).toMatch(/100 Menschen/);
  });

  it('leaves out a last section about the issuer in Portuguese, Italian, Dutch, Indonesian, Swahili, Greek and Turkish', () => {
    const release = (last: string) =>
      parseText(
        [
          'Lisboa aprova passe gratuito',
          'A Câmara aprovou hoje o passe gratuito para todos os jovens até aos 23 anos.',
          'Como pedir',
          'Os jovens deverão pedir o passe através da plataforma municipal a partir de março.',
          last,
          'A entidade é o órgão executivo do município e serve 550 mil habitantes.',
        ].join('\n\n'),
      );
    for (const about of [
      'Sobre a Câmara Municipal de Lisboa',
      'Sobre nós',
      'Chi è Trenitalia',
      'Over Rabobank',
      'Over de auteur',
      'Tentang Kemenkes',
      'Kuhusu TMA',
      'Σχετικά με την ΕΥΔΑΠ',
      'Şirket Hakkında',
    ]) {
      expect(allSentences(release(about)).join(' ')).not.toMatch(/550 mil/);
    }
    // A story's last subhead on what it is about, in small letters, stays: "about the future".
    for (const subhead of ['Sobre o futuro', 'Over twee jaar', 'Tentang biaya']) {
      expect(allSentences(release(subhead)).join(' ')).toMatch(/550 mil/);
    }
  });

  it("leaves out an earnings release's conference call and a science release's boxes at its end", () => {
    const release = (...closing: string[]) =>
      parseText(
        [
          'Harbour Robotics Reports Third Quarter Results',
          'Harbour Robotics today announced revenue of $412.5 million for its third quarter, up 18%.',
          'Outlook',
          'For the fourth quarter the company expects revenue of $430 million to $445 million.',
          ...closing,
        ].join('\n\n'),
      );
    const call =
      'The company will discuss the results at 5:00 p.m. ET. The call will be webcast live at investors.harbourrobotics.example.';
    for (const closing of [
      ['Conference Call Information', call],
      [
        'Conference Call and Webcast',
        call,
        'About Harbour Robotics',
        'Harbour Robotics builds robots.',
      ],
      [
        'Journal',
        'Cell',
        'DOI',
        '10.1016/j.cell.2026.11.004',
        'COI Statement',
        'Lars Engstrand is a co-founder of and shareholder in Microbiota Diagnostics AB.',
      ],
    ]) {
      expect(allSentences(release(...closing)).join(' ')).not.toMatch(/webcast|Microbiota/);
    }
    // A story that goes on after the call tells of it.
    const story = release(
      'Conference call',
      'On the call, the chief executive said the company would cut 400 jobs in Europe next year.',
      'Shares',
      'Shares fell 12% in after-hours trading after the announcement of the job cuts.',
    );
    expect(allSentences(story).join(' ')).toMatch(/cut 400 jobs/);
  });

  it("leaves out a press release's notes to editors", () => {
    const article = parseText(
      [
        'Sensors show how bees cool their hives',
        'Honeybees take turns at fanning their hives, a study has found.',
        'How it works',
        'Each sensor weighs about 8 milligrams and is glued to the thorax.',
        'Notes to editors',
        'The paper is published in Current Biology on 20 May 2025.',
        'Why it matters',
        'Larvae raised too warm grow into bees with poorer memory.',
      ].join('\n\n'),
    );
    expect(article.sections.map((section) => section.heading)).toEqual([
      null,
      'How it works',
      'Why it matters',
    ]);
    expect(allSentences(article).join(' ')).not.toMatch(/Current Biology/);
  });

  it('leaves out every closing section about a company, each written straight above its text', () => {
    const article = parseText(
      [
        'Acme launches an app',
        'Acme Health today launched GlucoCheck, a free screening app.',
        'The Road Fund, which led its last round of funding, will pay for a trial in ten clinics.',
        'About Acme Health\nAcme Health is a digital health company founded in 2016 in Leeds.',
        'About The Road Fund\nThe Road Fund is a venture capital firm that invests in health care.',
      ].join('\n\n'),
    );
    expect(article.sections.map((section) => section.heading)).toEqual([null]);
    expect(allSentences(article).join(' ')).not.toMatch(/founded in 2016|venture capital firm/);
  });

  it("leaves out a listed company's forward-looking statements, and the sections about the companies above them", () => {
    for (const heading of [
      'Forward-Looking Statements',
      'Cautionary Note Regarding Forward-Looking Statements',
      'Safe Harbor Statement',
    ]) {
      const article = parseText(
        [
          'Acme raises $48 million',
          'Acme Robotics today announced that it has closed a $48 million funding round.',
          'The company will open an engineering centre in Rotterdam next year.',
          'About Acme Robotics\nAcme Robotics builds picking robots for grocery warehouses.',
          `${heading}\nThis press release contains forward-looking statements, including statements about hiring plans. Acme undertakes no obligation to update any of them.`,
        ].join('\n\n'),
      );
      expect(article.sections.map((section) => section.heading)).toEqual([null]);
      expect(allSentences(article).join(' ')).not.toMatch(/picking robots|obligation/);
    }
  });

  it("ends a blog post where its readers' comments begin", () => {
    const article = parseText(
      [
        'Why your sourdough is flat',
        '14 Comments',
        'A flat loaf is almost always a sign that the dough ran out of strength too early.',
        'The most common cause is a starter that does not double within eight hours of feeding.',
        '14 thoughts on "Why your sourdough is flat (and how to fix it)"',
        'Maria says: January 10, 2025 at 8:14 am',
        'Thank you so much, my starter was the problem all along and now my bread rises.',
        'Leave a Reply',
        'Your email address will not be published.',
      ].join('\n\n'),
    );
    expect(allSentences(article)).toEqual([
      'A flat loaf is almost always a sign that the dough ran out of strength too early.',
      'The most common cause is a starter that does not double within eight hours of feeding.',
    ]);
  });

  it("leaves out the writer's line under the byline, which opens with the author's name", () => {
    const article = parseText(
      [
        'Our towns need libraries more than ever',
        'By Ruth Adeyemi',
        'Ruth Adeyemi is a former librarian and a trustee of the Reading Rooms Trust.',
        'When the library in my home town closed in 2019, the council said people could read on their phones.',
        'England has lost nearly 800 libraries since 2010, according to the librarians’ institute.',
      ].join('\n\n'),
    );
    expect(article.author).toBe('Ruth Adeyemi');
    expect(allSentences(article)[0]).toMatch(/^When the library/);
  });

  it("leaves out the writer's line in other languages, under the byline's word for 'by'", () => {
    const piece = (byline: string, line: string) =>
      parseText(
        [
          'O Brasil precisa de uma reforma do imposto de renda',
          byline,
          'A isenção do imposto de renda beneficiará cerca de 10 milhões de brasileiros, mas deixou intocada a tributação dos mais ricos.',
          'A reforma deveria tributar dividendos, como fazem quase todos os países da OCDE.',
          line,
        ].join('\n\n'),
      );
    for (const [byline, line, author] of [
      [
        'Por Ricardo Mendes',
        'Ricardo Mendes é economista, professor da USP e autor de um livro sobre impostos.',
        'Ricardo Mendes',
      ],
      [
        'Door Jeroen de Vries',
        'Jeroen de Vries is verslaggever economie bij deze krant.',
        'Jeroen de Vries',
      ],
      [
        'Di Giulia Ferrari',
        "Giulia Ferrari è docente di economia del lavoro all'Università di Bologna.",
        'Giulia Ferrari',
      ],
    ] as const) {
      const article = piece(byline, line);
      expect(article.author).toBe(author);
      expect(allSentences(article).join(' ')).not.toContain(line);
    }
    // Another person's line stays.
    const other = 'Carla Mendes é economista-chefe do Banco Horizonte e apoia a reforma.';
    expect(allSentences(piece('Por Ricardo Mendes', other)).join(' ')).toContain(other);
  });

  it("leaves out the writer's line that gives the author's title before the name", () => {
    const article = parseText(
      [
        "Four-day weeks won't fix burnout on their own",
        'By Marcus Webb',
        'Dr. Marcus Webb is a professor of organisational psychology at Northbridge University.',
        'The results of the latest four-day week trials are in, and they are impressive.',
        'Prof. Lena Ortiz is a professor of economics at Northbridge University, and she led the trial.',
      ].join('\n\n'),
    );
    expect(article.author).toBe('Marcus Webb');
    expect(allSentences(article)).toEqual([
      'The results of the latest four-day week trials are in, and they are impressive.',
      'Prof. Lena Ortiz is a professor of economics at Northbridge University, and she led the trial.',
    ]);
  });

  it('keeps a hard-wrapped paragraph whole when its first line is short of a sentence', () => {
    const article = parseText(
      'Title\n\nThe council met on Monday evening in the\nold town hall and agreed the plan.\n',
    );
    expect(article.sections[0]?.paragraphs[0]?.text).toBe(
      'The council met on Monday evening in the old town hall and agreed the plan.',
    );
  });

  it('makes a short line a subhead only when a paragraph follows it', () => {
    const article = parseText(
      'Title\n\nIt began.\n\nFirst line here\n\nSecond line here\n\nThe end came at last.',
    );
    expect(article.sections.map((section) => section.heading)).toEqual([null, 'Second line here']);
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'It began.',
      'First line here',
    ]);
  });

  it.each([
    ['March 5, 2024', { date: 'March 5, 2024' }],
    ['Ana Ruiz, City Hall Reporter', { author: 'Ana Ruiz' }],
    [
      'By JANE SMITH FOR MAILONLINE\n\nMarch 5, 2024',
      { author: 'JANE SMITH', date: 'March 5, 2024' },
    ],
    ['Jane Smith, Reuters | 5 March 2024', { author: 'Jane Smith', date: '5 March 2024' }],
    ['Opinion\n\nA green space on the old rail yard, and a fight over housing', {}],
  ])(
    'takes the short lines under the title (%j) for its metadata, not a subhead',
    (lines, meta) => {
      const article = parseText(
        `Park approved\n\n${lines}\n\nThe council voted on Tuesday.\n\nResidents objected.`,
      );
      expect(article).toMatchObject(meta);
      if (!('date' in meta)) expect(article.date).toBeUndefined();
      if (!('author' in meta)) expect(article.author).toBeUndefined();
      expect(article.sections).toEqual([
        {
          heading: null,
          paragraphs: [
            { text: 'The council voted on Tuesday.', sentences: ['The council voted on Tuesday.'] },
            { text: 'Residents objected.', sentences: ['Residents objected.'] },
          ],
        },
      ]);
    },
  );

  it('reads a paragraph per line in text without blank lines', () => {
    const article = parseText(
      'Park approved\nThe council voted on Tuesday. Work starts in spring.\nResidents objected to the plan.\n',
    );
    expect(article.title).toBe('Park approved');
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'The council voted on Tuesday. Work starts in spring.',
      'Residents objected to the plan.',
    ]);
  });

  it('keeps a punctuated first line of text without blank lines as its opening paragraph', () => {
    const article = parseText(
      'The council voted on Tuesday.\nResidents objected to the plan.\n',
      'council-notes.txt',
    );
    expect(article.title).toBe('Council notes');
    expect(article.sections[0]?.paragraphs).toHaveLength(2);
  });

  it('joins a hard-wrapped text without blank lines into one paragraph', () => {
    const article = parseText('The council met on Monday\nand agreed the plan.\n', 'notes.txt');
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'The council met on Monday and agreed the plan.',
    ]);
  });

  it('makes each list line a paragraph without its marker, and drops a rule', () => {
    const article = parseText(
      'Title\n\nThe rules change in April.\n\nKey changes:\n- The allowance rises to 13,000 pounds.\n* The threshold is frozen\n  until 2028.\n• Gains tax is cut.\n\nWhat experts say\n\n1. The institute expects 4 billion pounds.\n2) The foundation warned low earners.\n\n* * *\n\nThe Treasury defended the rules.',
    );
    expect(article.sections.map((section) => section.heading)).toEqual([null, 'What experts say']);
    expect(
      article.sections.map((section) => section.paragraphs.map((paragraph) => paragraph.text)),
    ).toEqual([
      [
        'The rules change in April.',
        'Key changes:',
        'The allowance rises to 13,000 pounds.',
        'The threshold is frozen until 2028.',
        'Gains tax is cut.',
      ],
      [
        'The institute expects 4 billion pounds.',
        'The foundation warned low earners.',
        'The Treasury defended the rules.',
      ],
    ]);
  });

  it('makes each line of a Chinese or Japanese numbered list a paragraph without its number', () => {
    const article = parseText(
      '寒潮蓝色预警\n\n中央气象台12月7日06时继续发布寒潮蓝色预警，我国中东部地区气温将下降8～10℃。\n\n防御指南：\n1．政府及有关部门按照职责做好防寒潮准备工作；\n2、注意添衣保暖，老人和儿童尽量减少外出；\n③做好牲畜、家禽的防寒防风工作。\n\n专家提醒，公众出行应关注最新天气预报。',
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      '中央气象台12月7日06时继续发布寒潮蓝色预警，我国中东部地区气温将下降8～10℃。',
      '防御指南：',
      '政府及有关部门按照职责做好防寒潮准备工作；',
      '注意添衣保暖，老人和儿童尽量减少外出；',
      '做好牲畜、家禽的防寒防风工作。',
      '专家提醒，公众出行应关注最新天气预报。',
    ]);
    // A figure that opens a sentence with its unit is no number of a list.
    const figure = '3．5米高的浪将在周二抵达沿海地区，渔船应尽快回港避风。';
    const texts = parseText(
      `标题\n\n中央气象台继续发布寒潮蓝色预警，我国中东部地区气温将下降。\n\n${figure}\n\n专家提醒，公众出行应关注最新天气预报。`,
    ).sections.flatMap((section) => [
      section.heading,
      ...section.paragraphs.map((paragraph) => paragraph.text),
    ]);
    expect(texts).toContain(figure);
  });

  it("keeps a Japanese or Chinese live blog's posts, each opening on its time, and drops the time", () => {
    const posts = [
      '与党は定数465のうち、過半数の233議席を確保した。首相は記者団に「信任をいただいた」と述べた。',
      '野党第1党の代表は「厳しい結果だ。責任を感じている」と語った。',
      '投票率は午後8時現在で53.2％と、前回を1.5ポイント下回っている。',
    ];
    const times = ['23:40', '23:05', '22:30'];
    const article = parseText(
      `衆院選の開票状況\n\n${posts.map((post, at) => `${times[at]}\u3000${post}`).join('\n\n')}\n\nこの記事は随時更新します。`,
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      ...posts,
      'この記事は随時更新します。',
    ]);
  });

  it("takes a short line ending on another script's full stop or question mark for a paragraph, not a subhead", () => {
    // Armenian's, Ethiopic's, Khmer's, Burmese's and Urdu's full stop, Arabic's question mark.
    for (const short of [
      'Կառավարությունը հաստատեց բյուջեն։',
      'ብሔራዊ ባንኩ የወለድ ምጣኔውን ጨመረ።',
      'ក្រសួងបានអនុម័តថវិកា។',
      'မိုးကြီးရွာသွန်းခဲ့သည်။',
      'حکومت نے بجٹ منظور کر لیا۔',
      'فهل يبدأ البنك خفض الفائدة؟',
    ]) {
      const article = parseText(
        `Title\n\nThe budget was approved on Monday after a long debate.\n\n${short}\n\nThe vote was 80 to 40.`,
      );
      expect(
        article.sections.map((section) => section.heading),
        short,
      ).toEqual([null]);
    }
  });

  it('keeps a numbered line standing alone as a subhead, but not the last item of a list', () => {
    const numbered = parseText(
      'Title\n\nThe plan was agreed.\n\n1. Why it matters\n\nRoads will be rebuilt.\n\n2. What comes next\n\nWork starts in May.',
    );
    expect(numbered.sections.map((section) => section.heading)).toEqual([
      null,
      'Why it matters',
      'What comes next',
    ]);
    const list = parseText(
      'Title\nThe plan was agreed.\n1. Roads\n2. Bridges\nWork starts in May.',
    );
    expect(list.sections.map((section) => section.heading)).toEqual([null]);
  });

  it('names an untitled one-paragraph file after the file', () => {
    const article = parseText(
      'The council met on Monday and agreed the plan.',
      'council-notes.txt',
    );
    expect(article.title).toBe('Council notes');
    expect(allSentences(article)).toEqual(['The council met on Monday and agreed the plan.']);
  });

  it('drops a block of short unpunctuated lines after the text: related headlines, a timeline', () => {
    const article = parseText(
      [
        'Vale beat Dunmore',
        'Harrow Vale came from two goals down to beat Dunmore Athletic on Saturday.',
        'Key moments\n49 GOAL Haddad curls in from twenty yards (0-2)\n78 GOAL Okafor levels with a low shot (2-2)',
        'The result moves Vale up to sixth in the table.',
        'More from our sports desk\nCarden City slip up at Eastleigh as the play-off race tightens\nWhy the new stadium plan for Dunmore is running two years late',
      ].join('\n\n'),
    );
    expect(article.sections.map((section) => section.heading)).toEqual([null]);
    expect(allSentences(article)).toEqual([
      'Harrow Vale came from two goals down to beat Dunmore Athletic on Saturday.',
      'The result moves Vale up to sixth in the table.',
    ]);
  });

  it('reads a byline written over its date, with no blank line, as the metadata', () => {
    const article = parseText(
      'Park approved\n\nBy Ana Ruiz, City Hall Reporter\nTuesday 5 March 2024, 17:52 GMT\n\nThe council voted on Tuesday.',
    );
    expect(article).toMatchObject({ author: 'Ana Ruiz', date: '5 March 2024' });
    expect(allSentences(article)).toEqual(['The council voted on Tuesday.']);
  });

  it("reads a byline line on its own, apart from the writer's line under it, which goes", () => {
    const article = parseText(
      'Park approved\n\nOpinion\nBy Hannah Price\nHannah Price writes about cities and transport.\n\nThe council voted on Tuesday.',
    );
    expect(article.author).toBe('Hannah Price');
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'The council voted on Tuesday.',
    ]);
    const wrapped = parseText(
      'Title\n\nBy Christmas Day, the wards were\nfull and the staff tired.',
    );
    expect(allSentences(wrapped)).toEqual([
      'By Christmas Day, the wards were full and the staff tired.',
    ]);
  });

  it("drops a wire story's or a newswire's dateline before its first words, and keeps a dash after a name", () => {
    const paragraphs = (opening: string) =>
      parseText(`Title\n\n${opening}\n\nShares rose 7 per cent.`).sections[0]?.paragraphs.map(
        (paragraph) => paragraph.text,
      );
    for (const dateline of [
      'LONDON, 29 July 2025 — ',
      'WASHINGTON (AP) — ',
      'NEW DELHI, India (CNN) -- ',
      'ST. LOUIS - ',
      'Oct 14 (Reuters) - ',
      'BOSTON, Sept. 9, 2025 /PRNewswire/ -- ',
      'TORONTO, March 3, 2025 (GLOBE NEWSWIRE) -- ',
      'Harbour City, 4 December 2026 - ',
      'MADRID, 3 (EUROPA PRESS) - ',
      'Roma, 3 dic. (Adnkronos) - ',
      'PARIS (AFP) - ',
      'SEOUL (Yonhap) -- ',
      // The national agencies of the Gulf, South and Southeast Asia and Africa.
      'ABU DHABI, 7th December, 2026 (WAM) -- ',
      'RIYADH, Dec 7 (SPA) -- ',
      'DOHA (QNA) - ',
      'KUWAIT, Dec 7 (KUNA) -- ',
      'KUALA LUMPUR, Dec 7 (Bernama) -- ',
      'ISLAMABAD, Dec 7 (APP): ',
      'DHAKA, Dec 7 (BSS) - ',
      'NEW DELHI, Dec 7 (UNI) ',
      'KATHMANDU, Dec 7 (RSS) - ',
      'HANOI (VNA) – ',
      'MANILA (PNA) – ',
      'Abuja, Dec. 7, 2026 (NAN) ',
      'ACCRA, Dec 7 (GNA) – ',
      // And the Caribbean's, after the place and its country.
      'KINGSTON, Jamaica (CMC) — ',
      'KINGSTON, Jamaica (JIS) — ',
      'GEORGETOWN, Guyana (DPI) — ',
      'London, Sept. 9, 2025 — ',
      'Madrid, 9 de enero de 2026 - ',
      // EFE's, with a full stop before the dash.
      'Sevilla, 7 dic (EFE).- ',
      'MADRID (EFE).- ',
      'Amsterdam, 4 mrt. 2026 - ',
      // With its month in Indonesian, Turkish or Greek.
      'Jakarta, 3 Desember 2026 – ',
      'Surabaya, 17 Agustus 2026 - ',
      'Ankara, 3 Aralık 2026 - ',
      'Αθήνα, 3 Δεκεμβρίου 2026 - ',
      // A day in figures, as Vietnamese papers give it after "ngày".
      'Hà Nội, ngày 3/12/2026 - ',
      'Paris, 03/12/2026 - ',
    ]) {
      expect(paragraphs(`${dateline}Brightwell Foods reported a rise in profit.`)).toEqual([
        'Brightwell Foods reported a rise in profit.',
        'Shares rose 7 per cent.',
      ]);
    }
    for (const opening of [
      'NASA — the space agency — reported a rise in launches.',
      'BBC, ITV and Sky - All three broadcasters reported a rise in viewers.',
      'Paris, Rome and Berlin - All three cities reported a rise in visitors.',
      // A name and a number that are no day: a season, a part, a version.
      'Ted Lasso, Season 3 - The final season drew the biggest audience yet.',
      'Mission Impossible, Part 2 - Tom Cruise returns in the sequel on Friday.',
      'Windows, Version 11 - Microsoft will push the update to all users.',
      'Windows, 10.1 - Microsoft will push the update to all users.',
    ]) {
      expect(paragraphs(opening)?.[0]).toBe(opening);
    }
  });

  it("reads a short paragraph ending on an agency's tag as text, without the tag", () => {
    for (const tag of [' (PTI)', ' (IANS)', ' (AFP)']) {
      const article = parseText(
        `Title\n\nThe cabinet approved the package on Wednesday, officials said.\n\nThe chief minister thanked the prime minister for the support.${tag}\n\nThe floods affected 24 lakh people.`,
      );
      expect(article.sections.map((section) => section.heading)).toEqual([null]);
      expect(allSentences(article)).toEqual([
        'The cabinet approved the package on Wednesday, officials said.',
        'The chief minister thanked the prime minister for the support.',
        'The floods affected 24 lakh people.',
      ]);
    }
    // A name in brackets that is no agency's stays, and so does a subhead that ends on one.
    expect(
      allSentences(
        parseText(
          'Title\n\nThe bank raised its rates.\n\nShares in the lender rose 4 per cent (HSBC).',
        ),
      ),
    ).toContain('Shares in the lender rose 4 per cent (HSBC).');
  });

  it("drops a Philippine paper's credit after the last sentence of a paragraph, and keeps a quotation's speaker", () => {
    const paragraphs = (text: string) =>
      parseText(
        `Title\n\nThe council approved the budget on Monday.\n\n${text}`,
      ).sections[0]?.paragraphs.map((paragraph) => paragraph.text);
    for (const credit of [
      ' — Jane Doe, INQUIRER.net',
      ' —Jane Doe, INQUIRER.net',
      ' — With reports from Juan Cruz and Maria Santos',
      ' —WITH A REPORT FROM JUAN CRUZ',
      ' – Ana Reyes, ABS-CBN News',
    ]) {
      expect(
        paragraphs(`Residents said they had been flooded three times this year.${credit}`)?.[1],
      ).toBe('Residents said they had been flooded three times this year.');
    }
    for (const kept of [
      '“We shall never surrender.” — Winston Churchill',
      'Never waste a good crisis. — Winston Churchill',
      'The mayor named her deputy on Monday. — Jane Doe, the deputy, thanked the council.',
    ]) {
      expect(paragraphs(kept)?.[1]).toBe(kept);
    }
  });

  it("drops a South Asian, Gulf or Singaporean paper's place in capitals and its colon before the first paragraph", () => {
    const paragraphs = (opening: string, after = 'Shares rose 7 per cent.') =>
      parseText(`Title\n\n${opening}\n\n${after}`).sections[0]?.paragraphs.map(
        (paragraph) => paragraph.text,
      );
    for (const dateline of [
      'NEW DELHI: ',
      'ISLAMABAD: ',
      'SINGAPORE: ',
      'RIYADH: ',
      'ST. LOUIS: ',
      'KUALA LUMPUR: ',
      'KUWAIT CITY: ',
      // In small letters, as NDTV and the Hindustan Times write it.
      'New Delhi: ',
      'Mumbai: ',
      'Navi Mumbai: ',
      'LAHORE, Dec 7: ',
    ]) {
      expect(
        paragraphs(`${dateline}The Union Cabinet on Wednesday approved a relief package.`),
      ).toEqual([
        'The Union Cabinet on Wednesday approved a relief package.',
        'Shares rose 7 per cent.',
      ]);
    }
    for (const opening of [
      // A kicker, a short name in capitals: not a dateline.
      'EXCLUSIVE: The council has agreed to sell the ferry terminal to a developer.',
      'BREAKING: The Union Cabinet on Wednesday approved a relief package.',
      'UN: The agency said the appeal was only a third funded.',
      // A name in capitals opening one paragraph: a speaker's, who is kept with the words.
      'ANNA LEE: The Bank of England has held interest rates for the third month in a row.',
      'Exclusive: The council has agreed to sell the ferry terminal to a developer.',
      'Anna Lee: The Bank of England has held interest rates for the third month in a row.',
    ]) {
      expect(paragraphs(opening)?.[0]).toBe(opening);
    }
    // Labels that open other paragraphs too are the text's own: a list of costs and benefits.
    expect(
      paragraphs(
        'Costs: The scheme will cost £2m over five years.',
        'Benefits: Traffic will fall by a fifth.',
      )?.[0],
    ).toBe('Costs: The scheme will cost £2m over five years.');
    // A transcript's speaker opens each turn: left to the transcript's rule.
    expect(
      paragraphs(
        'ANNA LEE: The Bank of England has held rates.',
        'TOM REES: Why did it hold?',
      )?.[0],
    ).toBe('ANNA LEE: The Bank of England has held rates.');
  });

  it("drops a wire story's dateline in Turkish, Russian, Ukrainian, Czech, Indonesian, Korean, Vietnamese, Arabic and Persian", () => {
    const opening = (text: string) =>
      parseText(`Title\n\n${text}\n\nShares rose 7 per cent.`).sections[0]?.paragraphs[0]?.text;
    for (const [dateline, story] of [
      ['İSTANBUL (AA) - ', "Türkiye'de asgari ücrete yüzde 20 zam yapılması kararlaştırıldı."],
      ['МОСКВА, 3 дек — РИА Новости. ', 'Правительство одобрило законопроект о повышении зарплат.'],
      ['МОСКВА, 3 декабря. /ТАСС/. ', 'Правительство одобрило законопроект о повышении зарплат.'],
      // Before a quotation mark, as a story opening on a club's or a company's name has it.
      ['МОСКВА, 7 дек — РИА Новости. ', '«Зенит» обыграл «Спартак» со счетом 2:1 в дерби.'],
      [
        'КИЇВ, 3 грудня. /Укрінформ/. ',
        'Кабінет міністрів ухвалив рішення про підвищення зарплат.',
      ],
      ['Praha (ČTK) - ', 'Vláda ve středu schválila zvýšení minimální mzdy o dvacet procent.'],
      // A Czech paper's place and dash, and the Swedish and Norwegian agencies' with no dash.
      ['Praha - ', 'Vláda ve středu schválila zvýšení minimální mzdy o dvacet procent.'],
      ['Hradec Králové – ', 'Zastupitelé v pondělí schválili rozpočet města na příští rok.'],
      ['STOCKHOLM (TT) ', 'Regeringen vill höja minimilönen med tjugo procent nästa år.'],
      ['OSLO (NTB) ', 'Regjeringen vil øke minstelønnen med tjue prosent neste år.'],
      // A Hindi agency's, with the place and the day before it.
      ['नई दिल्ली, 3 दिसंबर (भाषा) ', 'दिल्ली मेट्रो ने किराए में दस प्रतिशत की बढ़ोतरी की घोषणा की।'],
      ['मुंबई (आईएएनएस) - ', 'दिल्ली मेट्रो ने किराए में दस प्रतिशत की बढ़ोतरी की घोषणा की।'],
      ['Jakarta (ANTARA) - ', 'Pemerintah resmi menaikkan upah minimum sebesar 20 persen.'],
      ['القاهرة (رويترز) - ', 'وافقت الحكومة المصرية يوم الأربعاء على رفع الحد الأدنى للأجور.'],
      ['تهران- ایرنا- ', 'هیئت وزیران روز چهارشنبه افزایش حداقل دستمزد را تصویب کرد.'],
      // Korean agencies' place, agency and reporter; a Vietnamese paper's name in brackets; an
      // Indonesian paper's place and dash.
      ['(서울=연합뉴스) 김민수 기자 = ', '서울 아파트값 상승폭이 3주 연속 커졌다.'],
      ['[서울=뉴시스]김민수 이영희 기자 = ', '서울 아파트값 상승폭이 3주 연속 커졌다.'],
      ['(워싱턴=연합뉴스) 김동현 특파원 = ', '미국 연방준비제도가 기준금리를 동결했다.'],
      ['(Dân trí) - ', 'Theo Bộ Nông nghiệp, xuất khẩu gạo của Việt Nam đạt 8,6 triệu tấn.'],
      // A Khmer paper's place and Khmer's colon.
      ['ភ្នំពេញ៖ ', 'គណៈរដ្ឋមន្ត្រីបានអនុម័តសេចក្តីព្រាងច្បាប់ស្តីពីហិរញ្ញវត្ថុសម្រាប់ឆ្នាំ២០២៥។'],
      ['(PLO)- ', 'Theo Bộ Nông nghiệp, xuất khẩu gạo của Việt Nam đạt 8,6 triệu tấn.'],
      [
        'Ambon - ',
        'Gempa bermagnitudo 6,2 mengguncang wilayah Maluku Tengah pada Rabu dan tidak berpotensi tsunami.',
      ],
      // With its day after Arabic's comma.
      ['عمّان، 3 كانون الأول (بترا) - ', 'أطلقت وزارة الصحة اليوم الخميس حملة وطنية للتطعيم.'],
      // With the day in the script's own digits, and a Bengali or Hindi paper's place and day
      // before a dash, with no agency.
      ['عمّان، ٣ كانون الأول (بترا) - ', 'أطلقت وزارة الصحة اليوم الخميس حملة وطنية للتطعيم.'],
      ['ঢাকা, ২২ অক্টোবর - ', 'মূল্যস্ফীতি নিয়ন্ত্রণে নীতি সুদহার আরও ৫০ ভিত্তি পয়েন্ট বাড়িয়েছে বাংলাদেশ ব্যাংক।'],
      ['ঢাকা, ২২ অক্টোবর (বাসস) : ', 'মূল্যস্ফীতি নিয়ন্ত্রণে নীতি সুদহার আরও বাড়িয়েছে বাংলাদেশ ব্যাংক।'],
      ['नई दिल्ली, 3 दिसंबर - ', 'दिल्ली मेट्रो ने किराए में दस प्रतिशत की बढ़ोतरी की घोषणा की।'],
    ]) {
      expect(opening(`${dateline}${story}`)).toBe(story);
    }
    for (const kept of [
      'الحكومة (التي تشكلت العام الماضي) - وفق بيان رسمي - قررت رفع الأجور.',
      'تهران- مشهد، سریع‌ترین قطار کشور از هفته آینده راه‌اندازی می‌شود.',
      'НАТО — крупнейший военный союз. Его саммит пройдет в июле.',
      // A match's score after two names and a dash, in Czech: no place.
      'Sparta - Slavia 2:1 je výsledek, který v neděli nikdo nečekal.',
      // A place and a dash before English: a kicker or a heading run in, not a Czech dateline.
      'Brexit - The government will publish its plan on Monday.',
      'Jakarta - The governor will publish his plan for the flood defences on Monday.',
      'सरकार (जो पिछले साल बनी थी) ने न्यूनतम मज़दूरी बढ़ाई।',
      // A Khmer sentence that announces what follows with its colon, after more than a word.
      'លោករដ្ឋមន្ត្រីបានថ្លែងថា៖ ថវិកានេះនឹងជួយដល់ការអភិវឌ្ឍ។',
      // A place and a dash with no day: the subject of the sentence, not a dateline.
      'ঢাকা - চট্টগ্রাম মহাসড়কে যান চলাচল স্বাভাবিক হয়েছে।',
    ]) {
      expect(opening(kept)).toBe(kept);
    }
  });

  it("drops a Chinese or Japanese wire story's dateline, and a Russian one with its place in small letters", () => {
    const opening = (text: string) =>
      parseText(`Title\n\n${text}\n\nShares rose 7 per cent.`).sections[0]?.paragraphs[0]?.text;
    for (const [dateline, story] of [
      [
        '新华社北京12月9日电 ',
        '国家统计局9日发布数据显示，11月份全国居民消费价格指数同比上涨0.4%。',
      ],
      [
        '新华社北京12月9日电（记者王磊）',
        '国家统计局9日发布数据显示，11月份全国居民消费价格指数同比上涨0.4%。',
      ],
      ['中新网12月9日电 ', '据香港特区政府统计处消息，10月份零售业总销货价值同比上升3%。'],
      ['【ワシントン共同】', '米連邦準備制度理事会は9日、政策金利を据え置くと発表した。'],
      ['【北京＝山田太郎】', '中国国家統計局は9日、11月の消費者物価指数を発表した。'],
      // Taiwan's and Hong Kong's papers credit the reporter and the place, or name themselves.
      ['〔記者陳美玲／台北報導〕', '中央銀行昨日召開第四季理監事會，決議政策利率維持不變。'],
      ['（中央社記者陳美玲台北9日電）', '中央銀行今天召開理監事會，決議政策利率維持不變。'],
      ['【記者林志明／高雄報導】', '高雄市政府今天宣布，明年起調高公車票價。'],
      ['【明報專訊】', '政府昨日公布施政報告，提出多項房屋政策。'],
      ['Москва, 28 октября 2026 — РИА Новости. ', 'Чистая прибыль «Северстали» снизилась на 18%.'],
      [
        'Москва. 5 декабря. INTERFAX.RU - ',
        'Правительство одобрило законопроект о повышении зарплат.',
      ],
    ]) {
      expect(opening(`${dateline}${story}`)).toBe(story);
    }
    for (const kept of [
      // A television broadcast on a day, and a bracketed tag that names no agency or reporter.
      '北京12月9日电视台报道，国家统计局发布了最新数据。',
      '【速報】米連邦準備制度理事会は9日、政策金利を据え置くと発表した。',
      // A bracket opening on the press conference (記者會), which credits no one.
      '（記者會上午十點舉行）央行總裁表示，政策利率維持不變。',
      'Москва, 28 октября — день, когда правительство одобрило законопроект.',
    ]) {
      expect(opening(kept)).toBe(kept);
    }
  });

  it('takes the headline under an issuer’s letterhead for the title, as a press release sets it', () => {
    const release = (top: string) =>
      parseText(
        `${top}\n\nBacteria in hospital drains resist a last-resort antibiotic\n\nResearchers found resistant bacteria in four out of ten drains they sampled.\n\nThe study tested 212 drains in three hospitals.`,
      );
    const issued = release('University of Northbridge\nPress Office');
    expect(issued.title).toBe('Bacteria in hospital drains resist a last-resort antibiotic');
    expect(allSentences(issued).join(' ')).not.toMatch(/Northbridge|Press Office/);
    // A title over its byline and date keeps its place; the line under them is no title.
    expect(release('Drains harbour resistant bacteria\nBy Jo Feld\nMarch 4, 2026').title).toBe(
      'Drains harbour resistant bacteria',
    );
    // A report's title over its issuer, and a short subhead under them.
    expect(
      parseText(
        'Annual Transport Report\nHarbour City Council\n\nSummary\n\nThe fare cap cost the council £6.4 million in 2026.\n\nOfficers warn that fares may rise.',
      ).title,
    ).toBe('Annual Transport Report');
  });

  it("drops a German story's dateline before its first words, as an English one's", () => {
    const paragraphs = (opening: string) =>
      parseText(
        `Haushalt\n\n${opening}\n\nDie Opposition kritisierte den Entwurf.`,
      ).sections[0]?.paragraphs.map((paragraph) => paragraph.text);
    const lead =
      'Das Bundeskabinett hat am Mittwoch den Haushalt für das kommende Jahr beschlossen.';
    for (const dateline of [
      'Berlin. ',
      'Frankfurt am Main. ',
      'Berlin (dpa) - ',
      'BERLIN (dpa) - ',
      'Hamburg (dpa/lno) – ',
      'Frankfurt/Main (dpa-AFX) - ',
      'Leipzig, 3. Dezember 2026 – ',
      'Leipzig. ',
      'Bad Homburg. ',
    ]) {
      expect(paragraphs(`${dateline}${lead}`)).toEqual([
        lead,
        'Die Opposition kritisierte den Entwurf.',
      ]);
    }
    // A one-word sentence of a story's own, in English or before a German connective, stays.
    for (const opening of [
      'Silence. Then the alarm went off and the whole building had to be evacuated.',
      'Stille. Dann kam der Knall, und die Fenster des Hauses flogen auf die Straße.',
      // A German one-word exclamation: an adjective, an adverb, a participle, an interjection.
      'Endlich. Die Bahn fährt wieder, und der Verkehr ist am Montag normal angelaufen.',
      'Unfassbar. Der FC Bayern ist nach einer Niederlage aus dem Pokal ausgeschieden.',
      'Geschafft. Nach zwölf Stunden haben die Retter den Bergmann aus dem Stollen befreit.',
      'Traurig. Das Kino am Markt schließt nach 30 Jahren, und der Betreiber geht in Rente.',
      'Vorbei. Nach 30 Jahren schließt das Kino am Markt, und der Betreiber ist in Rente.',
    ]) {
      expect(paragraphs(opening)?.[0]).toBe(opening);
    }
  });

  it('keeps a hard-wrapped paragraph whose lines all start with a capital', () => {
    const article = parseText('Title\n\nThe council met on Monday in\nOld Town Hall and agreed.\n');
    expect(allSentences(article)).toEqual([
      'The council met on Monday in Old Town Hall and agreed.',
    ]);
  });

  it('drops a subhead that has no text under it', () => {
    const article = parseText(
      'Title\n\nThe council met.  It agreed.\n\nRelated stories\n\nLeave a Comment',
    );
    expect(article.sections.map((section) => section.heading)).toEqual([null]);
  });
  it("leaves out an email's signature and the quoted message it replies to", () => {
    const article = parseText(
      [
        'Warehouse move',
        '',
        'The move is confirmed for the weekend of 15 November.',
        '',
        'Forklift training for the new racking is on 10 November.',
        '',
        '-- ',
        'Gareth Price',
        'Operations Manager, Northline Supplies | Tel: 01632 960 123',
        '',
        'On Tue, 4 Nov 2025 at 09:12, Linda Shaw <linda@example.com> wrote:',
        '> Gareth, can you confirm the dates before I tell the customers? Sales have',
        '> been asking all week.',
      ].join('\n'),
    );
    expect(allSentences(article)).toEqual([
      'The move is confirmed for the weekend of 15 November.',
      'Forklift training for the new racking is on 10 November.',
    ]);
  });

  it("leaves out the message under Outlook's '-----Original Message-----' line", () => {
    const article = parseText(
      [
        'Office closure',
        '',
        'The office will close at 1pm on Tuesday 23 December.',
        '',
        '-----Original Message-----',
        'From: Tom Reed <tom.reed@example.com>',
        'Subject: Christmas closure',
        '',
        'A few people are asking whether they need to book leave for the 24th.',
      ].join('\n'),
    );
    expect(allSentences(article)).toEqual(['The office will close at 1pm on Tuesday 23 December.']);
  });

  it('leaves out the quoted lines and their attribution under a reply without a signature', () => {
    const article = parseText(
      [
        'Budget',
        '',
        'The budget was approved on Monday by the whole board.',
        '',
        'On Mon, 3 Nov 2025, Sam Lee wrote:',
        '> We are still waiting on the landlord to sign off the racking.',
        '',
        'The new rates apply from April and were agreed by all.',
      ].join('\n'),
    );
    expect(allSentences(article)).toEqual([
      'The budget was approved on Monday by the whole board.',
      'The new rates apply from April and were agreed by all.',
    ]);
  });
  it("keeps what follows a '--' line that is no signature, and quoted lines nobody wrote to", () => {
    const paragraphs = [
      'The budget was approved on Monday by the whole board.',
      'The new rates apply from April and were agreed by all members present.',
      'Parking charges at the leisure centre rise by ten pence an hour.',
      'The library keeps its Sunday opening for another year at least.',
    ];
    const separated = parseText(
      [
        'Budget',
        paragraphs.slice(0, 2).join('\n\n'),
        '--',
        paragraphs.slice(2).join('\n\n'),
        'Questions go to the council office by the end of the month.',
        'The next meeting is on 4 December in the town hall.',
        'Minutes will be published on the council website.',
        'Residents may attend the meeting in person or watch it online.',
        'Seats in the public gallery are given out on the night.',
      ].join('\n\n'),
    );
    expect(allSentences(separated)).toEqual(expect.arrayContaining(paragraphs));
    const quoting = parseText(
      [
        'Budget',
        paragraphs[0],
        'The statement read:\n> The new rates apply from April and were agreed by all.',
      ].join('\n\n'),
    );
    expect(allSentences(quoting).join(' ')).toContain('The statement read:');
  });

  it('keeps quoted lines nobody wrote to without their quote marks, and a ">" that means more than, with or without a space', () => {
    const article = parseText(
      'Re: Insulating a solid wall\n\n> We live in a terrace with solid brick walls.\n>> Is internal or external insulation better?\n\nExternal insulation keeps the walls warm and avoids condensation inside them.\n\n>50 homes on the street have done it since 2020, the council says.\n\n> 65s travel free under the new scheme, the council said.\n\n>  3 in 10 of them never use a bus, a survey found.\n\n> > 2 buses a day is what the street asks for.',
    );
    expect(allSentences(article)).toEqual([
      'We live in a terrace with solid brick walls.',
      'Is internal or external insulation better?',
      'External insulation keeps the walls warm and avoids condensation inside them.',
      '>50 homes on the street have done it since 2020, the council says.',
      '> 65s travel free under the new scheme, the council said.',
      '> 3 in 10 of them never use a bus, a survey found.',
      '> 2 buses a day is what the street asks for.',
    ]);
  });

  it("takes an email's subject, without Re: or Fwd:, for the title, and leaves out its headers", () => {
    const body = 'The move is confirmed for the weekend of 15 November.';
    for (const headers of [
      'Subject: Re: Warehouse move – final dates',
      'From: Gareth Price <gareth@example.com>\nTo: Sales team\nDate: Tue, 4 Nov 2025 10:02\nSubject: Fwd: RE: Warehouse move – final dates',
    ]) {
      const article = parseText(`${headers}\n\nHi all,\n\n${body}\n`);
      expect(article.title).toBe('Warehouse move – final dates');
      expect(allSentences(article)).toEqual(['Hi all,', body]);
    }
  });

  it("takes a forwarded email's subject for the title, and leaves out the forward line and its headers", () => {
    const body = 'The move is confirmed for the weekend of 15 November.';
    const forwarded = [
      '---------- Forwarded message ---------\nFrom: Gareth Price <gareth@example.com>\nDate: Tue, 4 Nov 2025 at 10:02\nSubject: Warehouse move – final dates\nTo: <sales@example.com>\n\n',
      'Begin forwarded message:\n\nFrom: Gareth Price <gareth@example.com>\nSubject: Warehouse move – final dates\nDate: 4 November 2025 at 10:02:11 GMT\nTo: Sales team\n\n',
      '-------- Weitergeleitete Nachricht --------\nSubject: Warehouse move – final dates\nDate: Tue, 4 Nov 2025 10:02\nFrom: Gareth Price <gareth@example.com>\n\n',
    ];
    for (const headers of forwarded) {
      const article = parseText(`${headers}Hi all,\n\n${body}\n`);
      expect(article.title).toBe('Warehouse move – final dates');
      expect(allSentences(article)).toEqual(['Hi all,', body]);
    }
    // Forwarded with a note above it: the sender's subject titles it, the note stays.
    const article = parseText(
      `From: Ana Ruiz <ana@example.com>\nSubject: Fwd: Warehouse move – final dates\n\nGareth sent this to the warehouse staff this morning.\n\n${forwarded[0]}${body}\n`,
    );
    expect(article.title).toBe('Warehouse move – final dates');
    expect(allSentences(article)).toEqual([
      'Gareth sent this to the warehouse staff this morning.',
      body,
    ]);
  });

  it('takes the first line for the title when the date is on the line straight under it', () => {
    const body =
      'Thank you all for coming out on such a cold morning to see the barrier open at last.';
    for (const dateLine of [
      'Delivered on 2 December 2026',
      'Published 3 December 2026',
      'December 3, 2026',
    ]) {
      const article = parseText(
        `Remarks by the Mayor of Harbour City at the opening of the Eastside Flood Barrier\n${dateLine}\n\nCheck against delivery\n\n${body}\n`,
      );
      expect(article.title).toBe(
        'Remarks by the Mayor of Harbour City at the opening of the Eastside Flood Barrier',
      );
      expect(allSentences(article)).toEqual([body]);
    }
  });

  it('keeps a hard-wrapped paragraph whole when one of its lines opens on a date', () => {
    const article = parseText(
      'Consultation extended\n\nCouncillors agreed that the consultation would close on\nMarch 5, 2026 and that the results\nwould be published within a month.\n',
    );
    expect(allSentences(article)).toEqual([
      'Councillors agreed that the consultation would close on March 5, 2026 and that the results would be published within a month.',
    ]);
  });

  it("keeps a line about a forwarded message that is no forward's header", () => {
    const line =
      'Forwarded message chains spread the false claim to thousands of phones within hours.';
    const article = parseText(
      `Hoax spreads\n\n${line}\n\n${'The police said the claim was false.'}\n`,
    );
    expect(allSentences(article)).toEqual([line, 'The police said the claim was false.']);
  });

  it("takes a memo's RE: line for the title, past its MEMORANDUM slug and its fields", () => {
    const body = 'All vacant positions will remain unfilled until July, unless they are essential.';
    const article = parseText(
      `MEMORANDUM\n\nTO: All department heads\nFROM: Sarah Lin, City Manager\nDATE: November 20, 2025\nRE: Hiring freeze for the rest of the year\n\n${body}\n`,
    );
    expect(article.title).toBe('Hiring freeze for the rest of the year');
    expect(allSentences(article)).toEqual([body]);
  });
});

describe('parseArticle on a plain-text reply with quoted paragraphs', () => {
  it('keeps a paragraph of quoted lines, marked quoted, and its own text unmarked', () => {
    const article = parseText(
      'Re: Insulating a solid wall\n\n> We live in a terrace with solid brick walls.\n> The walls are cold all winter.\n\nExternal insulation keeps the walls warm and avoids condensation inside them.\n\n>50 homes on the street have done it since 2020, the council says.',
    );
    expect(
      article.sections[0]?.paragraphs.map((paragraph) => [paragraph.text, paragraph.quoted]),
    ).toEqual([
      ['We live in a terrace with solid brick walls. The walls are cold all winter.', true],
      ['External insulation keeps the walls warm and avoids condensation inside them.', undefined],
      ['>50 homes on the street have done it since 2020, the council says.', undefined],
    ]);
  });
});

describe('parseArticle on Org-mode and AsciiDoc saved as text', () => {
  const body = [
    'The harbour ferry company will raise fares by 8% from April, it said on Monday.',
    '',
    'A single adult ticket will cost £4.30, up from £3.98.',
    '',
  ];
  const outline = (article: Article) =>
    article.sections.map((section) => [
      section.heading,
      ...section.paragraphs.map((paragraph) => paragraph.text),
    ]);

  // In the Org file a subhead straight under the title is taken as what goes under a title in
  // any text.
  it.each([
    [
      "an Org file's #+TITLE, its other settings and headline stars",
      ['#+TITLE: Harbour ferry fares to rise in April', '#+AUTHOR: Jess Tan', '#+OPTIONS: toc:nil'],
      ['* Fares', '', ...body, '** Why fares are rising'],
    ],
    [
      "an AsciiDoc file's = line, its header and == marks",
      [
        '= Harbour ferry fares to rise in April',
        'Jess Tan <jess@example.com>',
        'v1.0, 2026-03-02',
        ':toc:',
      ],
      [...body, '== Why fares are rising'],
    ],
  ])('takes as the title %s as no text', (_, header, sections) => {
    const text = [
      ...header,
      '',
      ...sections,
      '',
      'Fuel costs rose by a third last year, the company said.',
      '',
    ];
    const article = parseText(text.join('\n'), 'ferry.txt');
    expect(article.title).toBe('Harbour ferry fares to rise in April');
    expect(outline(article)).toEqual([
      [
        null,
        'The harbour ferry company will raise fares by 8% from April, it said on Monday.',
        'A single adult ticket will cost £4.30, up from £3.98.',
      ],
      ['Why fares are rising', 'Fuel costs rose by a third last year, the company said.'],
    ]);
  });

  it('keeps a sentence written straight under an = title', () => {
    const article = parseText(
      '= Budget approved\nThe council approved the budget on Tuesday.\n\nCouncil tax rises by 4.99%.\n',
    );
    expect(article.title).toBe('Budget approved');
    expect(outline(article)).toEqual([
      [null, 'The council approved the budget on Tuesday.', 'Council tax rises by 4.99%.'],
    ]);
  });
});
