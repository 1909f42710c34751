import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../lambda/core/article/parse-article';
import type { Article } from '../../../lambda/core/article/types';
import { ArticleError } from '../../../lambda/core/errors';

const examples = join(import.meta.dirname, '../../../examples/articles');

function parseMarkdownText(text: string, name = 'story.md'): Article {
  return parseArticle({ name, bytes: new TextEncoder().encode(text) });
}

/** The paragraphs of a Markdown article's first section, as text. */
const openingParagraphs = (text: string) =>
  parseMarkdownText(text).sections[0]?.paragraphs.map((paragraph) => paragraph.text);

describe('parseArticle on Markdown', () => {
  it('reads title, url, date and author from the front matter of the example', () => {
    const name = 'community-solar.md';
    const article = parseArticle({ name, bytes: readFileSync(join(examples, name)) });
    expect(article).toMatchObject({
      format: 'markdown',
      title: 'How a valley town learned to share its solar power',
      url: 'https://example.com/stories/valley-town-shared-solar',
      date: '2024-05-14',
      author: 'Newsletter sample desk',
    });
    expect(article.sections.map((section) => section.heading)).toEqual([
      null,
      'A field nobody wanted',
      'The co-op model',
      'What the numbers show',
      'Lessons for other towns',
    ]);
  });

  it('flattens links, emphasis, code and character references to their text', () => {
    const article = parseMarkdownText(
      '# Title\n\nRead **the plan** from [the council](https://example.com) on `main` &amp; *soon*.\n',
    );
    expect(article.title).toBe('Title');
    expect(article.sections[0]?.paragraphs[0]?.text).toBe(
      'Read the plan from the council on main & soon.',
    );
  });

  it('uses list items and block quotes as paragraphs and leaves out code blocks', () => {
    const article = parseMarkdownText(
      '# Title\n\n- The first item is here.\n- The second item is here.\n\n> A quoted line is here.\n\n```\nconst x = 1;\n```\n',
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'The first item is here.',
      'The second item is here.',
      'A quoted line is here.',
    ]);
  });

  // A title of invisible characters alone (a zero width space, bidi marks, a word joiner and soft
  // hyphen, a Hangul filler) was taken as given: the issue went out with a blank subject line.
  it.each([
    ['a zero width space', '\u200b'],
    ['bidi marks', '\u200e\u200f'],
    ['a word joiner and a soft hyphen', '\u2060\u00ad'],
    ['a Hangul filler', '\u3164'],
  ])('takes a title of %s alone for none, in every format', (_, invisible) => {
    const story =
      'The council voted on Tuesday to cut bus fares for everyone in the town.\n\nRiders will pay less from Monday, the council said.\n';
    const files: [string, string][] = [
      ['bus-fares.md', `# ${invisible}\n\n${story}`],
      ['bus-fares.txt', `${invisible}\n\n${story}`],
      ['bus-fares.html', `<title>${invisible}</title><h1>${invisible}</h1><p>${story}</p>`],
    ];
    for (const [name, text] of files) {
      const article = parseArticle({ name, bytes: new TextEncoder().encode(text) });
      expect(article.title, name).toBe('Bus fares');
    }
  });

  it('keeps a title that shows something among invisible characters: a word, an emoji, a dash', () => {
    for (const title of ['\u200bBus fares\u200b', '🚌', '—']) {
      expect(parseMarkdownText(`# ${title}\n\nThe council voted on Tuesday.\n`).title).toBe(title);
    }
  });

  it('drops a leading # heading that words the front-matter title differently', () => {
    const article = parseMarkdownText(
      '---\ntitle: Park approved\n---\n\n# Council Approves New Park\n\nThe council voted on Tuesday.\n\n## Opposition\n\nResidents objected.\n',
    );
    expect(article.title).toBe('Park approved');
    expect(JSON.stringify(article.sections)).not.toContain('Council Approves');
  });

  it('takes the # heading under comments at the top of the file for the title', () => {
    const article = parseMarkdownText(
      '<!-- markdownlint-disable MD013 -->\n<!-- TODO: add the map -->\n\n# Park approved\n\nThe council voted on Tuesday.\n',
      'drafts/park.md',
    );
    expect(article.title).toBe('Park approved');
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'The council voted on Tuesday.',
    ]);
  });

  it('reads a footnote reference after a long run of brackets', () => {
    const article = parseMarkdownText(
      `# Title\n\nThe deck was replaced in the spring.\n\n${'['.repeat(100_000)} Repairs cost $12 million.[^1]\n\n[^1]: Figures from the city budget report.\n`,
    );
    const texts = article.sections.flatMap((section) =>
      section.paragraphs.map((paragraph) => paragraph.text),
    );
    expect(texts[0]).toBe('The deck was replaced in the spring.');
    expect(texts[1]).toMatch(/^\[+ Repairs cost \$12 million\.$/);
    expect(texts).toHaveLength(2);
  });

  it('reads the text after a line of many comments, each ending at its first "-->"', () => {
    const sentence = 'The council met on Monday and agreed to keep the library open on Fridays.';
    const article = parseMarkdownText(
      `# Library\n\nThe vote was close.\n\n${'<!-- note -->'.repeat(1_000)}${sentence}\n`,
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'The vote was close.',
      sentence,
    ]);
    const alone = parseMarkdownText(
      `# Library\n\n${sentence}\n\n${'<!-- note -->'.repeat(1_000)}\n`,
    );
    expect(alone.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([sentence]);
  });

  it('takes a standfirst between the title and the first paragraph for no subhead', () => {
    const article = parseMarkdownText(
      '# Park approved\n\n## A green space on the old rail yard, and a fight over housing\n\nThe council voted on Tuesday.\n\n## Opposition\n\nResidents objected.\n',
    );
    expect(article.sections.map((section) => section.heading)).toEqual([null, 'Opposition']);
    expect(article.sections[0]?.paragraphs[0]?.text).toBe('The council voted on Tuesday.');
  });

  it('leaves out footnote references and footnotes', () => {
    const article = parseMarkdownText(
      '# Title\n\nRepairs cost $12 million.[^1] The deck was replaced.[^note]\n[^1]: Figures from the city budget report.\n[^note]: A survey of shops,\n    done in February.\n',
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'Repairs cost $12 million. The deck was replaced.',
    ]);
  });

  it('leaves out lines and list items made of links to other pages, and keeps prose with a link', () => {
    const article = parseMarkdownText(
      [
        '# Battery tips',
        'Capping the charge at 80 percent slows the wear of the cells, as [a study from Ulm](https://example.org/ulm) found.',
        '**You might also like:** [The best laptops for students in 2025](/best-laptops) · [How to check your battery health](/battery-health)',
        'Related stories:\n\n- [Phone batteries that last a week are finally coming to market](/phones)\n- [Why your laptop fan is always running](/fans)',
      ].join('\n\n'),
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'Capping the charge at 80 percent slows the wear of the cells, as a study from Ulm found.',
    ]);
  });

  it("leaves out a figure's caption however long, and keeps a sentence about the figure", () => {
    const article = parseMarkdownText(
      [
        '# Fasting trial',
        'A trial of 312 adults found no advantage for time-restricted eating.',
        '![Mean weight change](fig1.png)',
        '*Figure 1. Mean change in body weight from baseline in the three groups of the trial over twelve months. Error bars show 95% confidence intervals; the dashed line marks the end of the diet phase.*',
        'Figure 1 shows that both diet groups lost most of their weight in the first six months.',
      ].join('\n\n'),
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'A trial of 312 adults found no advantage for time-restricted eating.',
      'Figure 1 shows that both diet groups lost most of their weight in the first six months.',
    ]);
  });

  it('leaves out a caption that ends on its photo credit, in any format', () => {
    const opening =
      'Margaret Ellery, the marine biologist who mapped the kelp forests, has died aged 91.';
    const lines = (caption: string) => [
      '# Margaret Ellery dies aged 91',
      caption,
      opening,
      'She learned to dive on weekends.',
    ];
    for (const caption of [
      '![Ellery in 1968](ellery.jpg)\n*Margaret Ellery aboard the research vessel Calypso in 1968. Photograph: Ellery family archive*',
      'Divers survey a kelp forest off Stonehaven in 1964. Photo by Jane Doe/Marine Lab',
      // The credit in brackets, as agencies and galleries write it.
      'A dragon lantern is carried past the fish market. (Photo: Dana Wu/The Harbour Post)',
      'Ellery speaks at the Marine Lab in Plymouth, Friday, Oct. 4, 1985. (AP Photo/Evan Vucci)',
    ]) {
      const article = parseMarkdownText(lines(caption).join('\n\n'));
      expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
        opening,
        'She learned to dive on weekends.',
      ]);
    }
    const text = parseArticle({
      name: 'story.txt',
      bytes: new TextEncoder().encode(
        lines('The harbour at dawn. Image: Ellery family archive').join('\n\n'),
      ),
    });
    expect(text.sections[0]?.paragraphs[0]?.text).toBe(opening);
  });

  it('leaves out a section of references, wherever it stands', () => {
    const article = parseMarkdownText(
      [
        '# Fasting trial',
        'A trial of 312 adults found no advantage for time-restricted eating.',
        '## Results',
        'Both groups lost about the same weight over twelve months.',
        '## References',
        '1. Liu D, Huang Y, Huang C, et al. Calorie restriction with or without time-restricted eating. N Engl J Med. 2022;386:1495-1504.',
        '2. Lowe DA, Wu N, et al. Effects of time-restricted eating on weight loss. JAMA Intern Med. 2020;180:1491-1499.',
        '## Funding',
        'The trial was funded by the National Natural Science Foundation.',
      ].join('\n\n'),
    );
    expect(article.sections.map((section) => section.heading)).toEqual([
      null,
      'Results',
      'Funding',
    ]);
  });

  it('leaves out a section thanking people, wherever it stands', () => {
    for (const heading of ['Thanks', 'Acknowledgements', 'Credits', 'Contributors']) {
      const article = parseMarkdownText(
        [
          '# Tallyhook 4.0',
          'Tallyhook 4.0 runs without a background daemon.',
          '## Breaking changes',
          'The tallyhookd binary is gone.',
          `## ${heading}`,
          'Thanks to the 23 contributors who made this release, and especially to @mkowal for the signature work.',
          '## Fixes',
          'Deliveries to endpoints that answer 410 Gone are no longer retried.',
        ].join('\n\n'),
      );
      expect(article.sections.map((section) => section.heading)).toEqual([
        null,
        'Breaking changes',
        'Fixes',
      ]);
    }
  });

  it('leaves out a footnote marker written as <sup>, and keeps a unit or a power', () => {
    const article = parseMarkdownText(
      '# Returns\n\nShoppers sent back $743 billion of goods.<sup>1</sup> Much of it is never sold.\n\nA return costs up to 65 percent of the price.<sup>[2]</sup> Cheap clothing is thrown away.\n\nA store of 400 m<sup>2</sup> takes them back.\n',
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'Shoppers sent back $743 billion of goods. Much of it is never sold.',
      'A return costs up to 65 percent of the price. Cheap clothing is thrown away.',
      'A store of 400 m2 takes them back.',
    ]);
  });

  it('reads paragraphs written as raw HTML, and no comment or script', () => {
    const article = parseMarkdownText(
      '# Title\n\nThe council met.\n\n<!-- draft note -->\n\n<p>The plan costs <b>$35 million</b>.</p>\n\n<div class="note">Ruiz called it a rare chance.</div>\n\n<script>track("never text")</script>\n',
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'The council met.',
      'The plan costs $35 million.',
      'Ruiz called it a rare chance.',
    ]);
  });

  // Inline, a <br> went with its tag and nothing in its place: "on Tuesday<br>after a debate"
  // reached the email as "on Tuesdayafter a debate"; a script's code stayed as words.
  it.each([
    [
      'reads an inline <br> (or <hr>) as a space, and no inline script or style',
      'The council met on Tuesday<br>after a long debate.<br/>It agreed the plan.<BR />Ruiz<hr>spoke.\n\nThe plan costs $35 million <script>track("never text")</script>in all.<style>p { color: red }</style>',
      [
        'The council met on Tuesday after a long debate. It agreed the plan. Ruiz spoke.',
        'The plan costs $35 million in all.',
      ],
    ],
    [
      'keeps a word whose letters an inline tag splits in one piece',
      'It was un<em>believ</em>able, said the H<sub>2</sub>O plant manager on Monday.',
      ['It was unbelievable, said the H2O plant manager on Monday.'],
    ],
  ])('%s', (_, text, paragraphs) => {
    expect(openingParagraphs(`# Title\n\n${text}\n`)).toEqual(paragraphs);
  });

  it('turns a short paragraph wholly in bold into a subhead, but not a bold sentence', () => {
    const article = parseMarkdownText(
      '# Title\n\nThe council agreed the grant on Monday.\n\n**1. Your radiators may need replacing**\n\nOlder radiators give out too little heat.\n\n__2. Insulation comes first__\n\nA leaky house makes the pump work harder.\n\n**The grant is paid to the installer.**\n',
    );
    expect(article.sections.map((section) => section.heading)).toEqual([
      null,
      '1. Your radiators may need replacing',
      '2. Insulation comes first',
    ]);
    expect(article.sections[2]?.paragraphs[1]?.text).toBe('The grant is paid to the installer.');
  });

  it('keeps a bold question on the line above its answer a paragraph of its own', () => {
    const article = parseMarkdownText(
      '# Pool\n\nThe pool reopens on 2 June after a refit.\n\n**When can I book?**\nBookings open on 20 May on the leisure centre website.\n',
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'The pool reopens on 2 June after a refit.',
      'When can I book?',
      'Bookings open on 20 May on the leisure centre website.',
    ]);
  });

  it('takes a bold line over the text of its paragraph for a subhead, not the start of a sentence', () => {
    const article = parseMarkdownText(
      '# Title\n\nThe village shop will stay open.\n\n**A lifeline for older residents**\nThe nearest supermarket is nine miles away.\n\n**A café too**  \nVolunteers will run a café.\n',
    );
    expect(
      article.sections.map((section) => [
        section.heading,
        section.paragraphs.map((paragraph) => paragraph.text),
      ]),
    ).toEqual([
      [null, ['The village shop will stay open.']],
      ['A lifeline for older residents', ['The nearest supermarket is nine miles away.']],
      ['A café too', ['Volunteers will run a café.']],
    ]);
  });

  it("takes a numbered item's bold run-in head for a subhead over the item's text", () => {
    const article = parseMarkdownText(
      '# Title\n\nSome people almost never miss a deadline.\n\n**1. They break work into pieces.** A task that fits in a day can be estimated honestly.\n\n**2) They say no early.** Declining a request on day one costs a conversation.\n\n**Dark mode** follows your settings.\n',
    );
    expect(
      article.sections.map((section) => [
        section.heading,
        section.paragraphs.map((paragraph) => paragraph.text),
      ]),
    ).toEqual([
      [null, ['Some people almost never miss a deadline.']],
      ['1. They break work into pieces.', ['A task that fits in a day can be estimated honestly.']],
      [
        '2) They say no early.',
        [
          'Declining a request on day one costs a conversation.',
          'Dark mode follows your settings.',
        ],
      ],
    ]);
  });

  it("leaves out the writer's line at the end, which opens with the author's name", () => {
    const article = parseMarkdownText(
      '---\nauthor: Sam Patel\n---\n\n# Title\n\nSam Patel asked project managers what reliable people have in common.\n\nReliable people plan for 80 percent of their time.\n\n*Sam Patel writes about work and careers. Follow him on [Twitter](https://x.com/sam).*\n',
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'Sam Patel asked project managers what reliable people have in common.',
      'Reliable people plan for 80 percent of their time.',
    ]);
  });

  it("ends a post where its readers' comments begin, under a subhead of their own", () => {
    const article = parseMarkdownText(
      '# Title\n\nThe most common cause of a flat loaf is a slow starter.\n\n## Comments (2)\n\n**Maria**, 2 hours ago\n\nThank you, my starter was the problem all along.\n',
    );
    expect(article.sections.map((section) => section.heading)).toEqual([null]);
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'The most common cause of a flat loaf is a slow starter.',
    ]);
  });

  it('takes a first line wholly in bold for the title of a file with no # heading', () => {
    const article = parseMarkdownText(
      '**Allotment waiting list cut by half**\n\nThe waiting list for allotments has halved in a year.\n',
    );
    expect(article.title).toBe('Allotment waiting list cut by half');
    expect(article.sections[0]?.paragraphs[0]?.text).toMatch(/^The waiting list/);
  });

  /** The title of a file whose text has none, from its name. */
  const titleOf = (name: string) =>
    parseMarkdownText(
      'The waiting list for council allotments in Eastfield has halved in a year.\n',
      name,
    ).title;

  it("makes a title from the file's name readable, or takes the opening words when it says nothing", () => {
    expect(titleOf('2025-03-04-allotment-list.md')).toBe('Allotment list');
    expect(titleOf('03-allotmentWaitingList.md')).toBe('Allotment waiting list');
    expect(titleOf('iPhoneReview.md')).toBe('iPhone review');
    expect(titleOf('iPhone-battery-test.md')).toBe('iPhone battery test');
    expect(titleOf('eBay.md')).toBe('eBay');
    expect(titleOf('10-ways-to-grow-more.md')).toBe('10 ways to grow more');
    expect(titleOf('e-notitle.md')).toBe('The waiting list for council allotments in Eastfield…');
    expect(titleOf('untitled-3.md')).toBe('The waiting list for council allotments in Eastfield…');
  });

  // The subject line read "Copy of allotment list (2)" or "New Text Document": what a file
  // manager, a browser's download or an editor adds to a name is no word of the article's.
  it("leaves out of a file's name the marks of a copy, a version and a compact date, and what an editor names a new file", () => {
    expect(titleOf('Copy of allotment list.md')).toBe('Allotment list');
    expect(titleOf('allotment-list (2).md')).toBe('Allotment list');
    expect(titleOf('allotment list - Copy (3).md')).toBe('Allotment list');
    expect(titleOf('allotment list copy 2.md')).toBe('Allotment list');
    expect(titleOf('allotment-list-v2.md')).toBe('Allotment list');
    expect(titleOf('allotment_list_FINAL_v3.1.md')).toBe('Allotment list');
    expect(titleOf('20250304_allotment_list.md')).toBe('Allotment list');
    const opening = 'The waiting list for council allotments in Eastfield…';
    expect(titleOf('New Text Document.md')).toBe(opening);
    expect(titleOf('Untitled document (1).md')).toBe(opening);
    expect(titleOf('Copy of draft.md')).toBe(opening);
    // Words of the name that only look so stay: a final, a copy, a version in the middle.
    expect(titleOf('cup-final.md')).toBe('Cup final');
    expect(titleOf('copycat-crimes.md')).toBe('Copycat crimes');
    expect(titleOf('v2-rockets-in-1944.md')).toBe('V2 rockets in 1944');
    expect(titleOf('top-10 (of 2025).md')).toBe('Top 10 (of 2025)');
  });

  // kramdown (Jekyll's), Pandoc and Hugo give a heading an id or a class after it: the subject
  // read "Council approves new cycle lanes {#lanes .title}", a subhead "What next {#next}".
  it("leaves out the attributes kramdown, Pandoc and Hugo write after a heading, not a heading's own braces", () => {
    const article = parseMarkdownText(
      [
        '# Council approves new cycle lanes {#lanes .title}',
        'The city council voted on Tuesday to build twelve kilometres of protected cycle lanes.',
        '## What happens next {#next}',
        'Construction will start on Market Street in March, with two more streets in the summer.',
        '## Budget {2026}',
        'The plan will cost an estimated 18 million pounds, most of it from a government grant.',
      ].join('\n\n'),
    );
    expect(article.title).toBe('Council approves new cycle lanes');
    expect(article.sections.map((section) => section.heading)).toEqual([
      null,
      'What happens next',
      'Budget {2026}',
    ]);
  });

  it('leaves out a bullet typed at the head of a paragraph', () => {
    const article = parseMarkdownText(
      '# Review\n\nThe trust built 214 homes this year.\n\n• Tenant satisfaction rose to 78 per cent.\n',
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'The trust built 214 homes this year.',
      'Tenant satisfaction rose to 78 per cent.',
    ]);
  });

  it('leaves out a caption or an aside written as HTML without paragraphs inside', () => {
    const article = parseMarkdownText(
      [
        '# Villa dig',
        'The excavation of the Roman villa resumed on Monday.',
        '<figure>\n<img src="a.jpg" alt="">\n<figcaption>Volunteers sift the soil for coins at the villa site in spring.</figcaption>\n</figure>',
        'Archaeologists expect to reach the bath house by summer.',
        '<aside>\n📌 Volunteers can sign up for the dig through the museum website.\n</aside>',
        '<div>\nThe museum will show the finds in an exhibition next year.\n</div>',
      ].join('\n\n'),
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'The excavation of the Roman villa resumed on Monday.',
      'Archaeologists expect to reach the bath house by summer.',
      'The museum will show the finds in an exhibition next year.',
    ]);
  });

  it("reads an Obsidian note's wikilinks as their text and leaves out its embeds and block ids", () => {
    expect(
      openingParagraphs(
        '# Ferry returns\n\nThe service is run by the [[Harbour Transport Trust]] and sails every half hour. ![[ferry-map.png]]\n\nThe owner of a café, [[People/Jess Tan|Jess Tan]], said takings fell by half, as [[Ferry history#1990s]] records. ^summary-block\n',
      ),
    ).toEqual([
      'The service is run by the Harbour Transport Trust and sails every half hour.',
      'The owner of a café, Jess Tan, said takings fell by half, as Ferry history records.',
    ]);
  });

  it('keeps brackets and a caret that are no wiki syntax', () => {
    expect(
      openingParagraphs(
        '# Maths\n\nThe matrix [[1, 2], [3, 4]] was squared, giving x ^2 and the list [a] [b].\n',
      ),
    ).toEqual(['The matrix [[1, 2], [3, 4]] was squared, giving x ^2 and the list [a] [b].']);
  });

  it("reads pandoc's spans and attributes from a converted Word file as their text", () => {
    expect(
      openingParagraphs(
        '# Budget\n\nThe council will [save £300,000]{.underline} a year from 2028.[]{#_Toc123456 .anchor}\n\nIt published the chart ![](media/image1.png){width="6.5in" height="3.2in"} on Monday.\n',
      ),
    ).toEqual([
      'The council will save £300,000 a year from 2028.',
      'It published the chart on Monday.',
    ]);
  });

  it('keeps braces that are no pandoc attributes', () => {
    expect(
      openingParagraphs('# Code\n\nThe set [1, 2]{3} and the template {name} stayed as typed.\n'),
    ).toEqual(['The set [1, 2]{3} and the template {name} stayed as typed.']);
  });

  it('recognises a Markdown file without an extension by its front matter', () => {
    const article = parseMarkdownText('---\ntitle: Notes\n---\n\nThe council met.\n', 'issues/42');
    expect(article.format).toBe('markdown');
    expect(article.title).toBe('Notes');
  });

  it("reads Hugo's TOML front matter between +++ lines, as YAML's between ---", () => {
    const text = [
      '+++',
      'title = "Harbour ferry fares to rise in \\"April\\""',
      "author = 'Jess Tan' # the desk's",
      'date = 2026-03-02T09:00:00Z',
      'tags = [',
      '  "transport",',
      ']',
      '[params]',
      'url = "https://example.com/params-url"',
      '+++',
      '',
      '# Ferry fares',
      '',
      'The harbour ferry company will raise fares by 8% from April, it said on Monday.',
      '',
      '+++',
      '',
      'A single adult ticket will cost £4.30, up from £3.98.',
      '',
    ].join('\n');
    for (const name of ['ferry.md', 'posts/ferry']) {
      const article = parseMarkdownText(text, name);
      expect(article.format).toBe('markdown');
      expect(article.title).toBe('Harbour ferry fares to rise in "April"');
      expect(article.author).toBe('Jess Tan');
      expect(article.date).toBe('2026-03-02T09:00:00Z');
      expect(article.url).toBeUndefined();
      expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
        'The harbour ferry company will raise fares by 8% from April, it said on Monday.',
        'A single adult ticket will cost £4.30, up from £3.98.',
      ]);
    }
    expect(() => parseMarkdownText('+++\ntitle = "Fares"\n\nThe fares rise in April.\n')).toThrow(
      'Article story.md opens front matter with +++ on line 1 and never closes it — end the front matter with a line of +++',
    );
  });

  it('reads MDX without its import and export blocks or its self-closing components', () => {
    const text = [
      "import { Chart } from '../components/Chart'",
      "import Callout from '@/components/Callout'",
      '',
      "export const meta = {\n  author: 'Jess Tan',\n}",
      '',
      '# Library opens on Sundays',
      '',
      'The central library will open on Sundays from next month, the council said on Tuesday.',
      '',
      '<Chart data={[1, 2, 3]}\n  title="Visitors per month" />',
      '',
      '{/* Check the opening hours with the library. */}',
      '',
      "export figures for the library's book sales rose by 3%, the council added.",
      '',
      'Opening hours will be 10am to 4pm. The change costs £120,000 a year.',
      '',
    ].join('\n');
    const article = parseMarkdownText(text, 'library.mdx');
    expect(article.format).toBe('markdown');
    expect(article.title).toBe('Library opens on Sundays');
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'The central library will open on Sundays from next month, the council said on Tuesday.',
      "export figures for the library's book sales rose by 3%, the council added.",
      'Opening hours will be 10am to 4pm. The change costs £120,000 a year.',
    ]);
  });

  it("drops Obsidian's callouts and GitHub's alerts, the note boxes beside the story, and keeps a quote", () => {
    const text = [
      '# Bridge repairs to start in May',
      '',
      '> [!note] Sources',
      '> Council press release, 2 March.',
      '',
      'Repairs to the Old Town Bridge will start in May and take six months, the council said.',
      '',
      '> [!WARNING]-',
      '> Expect road closures on weekends.',
      '',
      '> Expect road closures on weekends, the council warned in a note to residents.',
      '',
      'The bridge was built in 1887 and last repaired in 1990.',
      '',
    ].join('\n');
    expect(openingParagraphs(text)).toEqual([
      'Repairs to the Old Town Bridge will start in May and take six months, the council said.',
      'Expect road closures on weekends, the council warned in a note to residents.',
      'The bridge was built in 1887 and last repaired in 1990.',
    ]);
  });

  it("drops Obsidian's comments, %% to %%, over one paragraph or several", () => {
    const text = [
      '# Bridge repairs to start in May',
      '',
      'Repairs to the Old Town Bridge will start in May, the council said.',
      '',
      '%% check the figures with Sam %%',
      '',
      'The work will cost £12 million.',
      '',
      '%%',
      'Draft: the council may delay.',
      '',
      'Ask the press office.',
      '%%',
      '',
      'Rents rose 10%% in a year, a misprint the council corrected to 10%.',
      '',
      '%% of the budget goes on roads, a misprint for 40%.',
      '',
    ].join('\n');
    expect(openingParagraphs(text)).toEqual([
      'Repairs to the Old Town Bridge will start in May, the council said.',
      'The work will cost £12 million.',
      'Rents rose 10%% in a year, a misprint the council corrected to 10%.',
      '%% of the budget goes on roads, a misprint for 40%.',
    ]);
  });

  it("drops Hugo's shortcodes and Jekyll's Liquid tags, and keeps the text between them", () => {
    const text = [
      '---',
      'title: Ferry fares to rise',
      'layout: post',
      '---',
      '',
      'The harbour ferry company will raise fares by 8% from April, it said on Monday.',
      '',
      '{{< figure src="/img/ferry_winter.jpg" caption="The ferry at the harbour in winter." >}}',
      '',
      '{% include newsletter_signup.html %}',
      '',
      '{% raw %}Fuel costs rose by a third last year,{% endraw %} the company said. {{< youtube w7Ft2ymGmfc >}}',
      '',
      '{{% notice info %}}',
      'Two new boats are due in 2027.',
      '{{% /notice %}}',
      '',
      'The set {1, 2} and {{ name }} stay as typed, and so does 100% {% of nothing.',
      '',
      '{% comment %}Check the figures with Sam.{% endcomment %}',
      '',
      '{% highlight python %}\nprint("fares rise")\n{% endhighlight %}',
      '',
      '{{< highlight go >}}\nfmt.Println("fares rise")\n{{< /highlight >}}',
      '',
    ].join('\n');
    expect(openingParagraphs(text)).toEqual([
      'The harbour ferry company will raise fares by 8% from April, it said on Monday.',
      'Fuel costs rose by a third last year, the company said.',
      'Two new boats are due in 2027.',
      'The set {1, 2} and {{ name }} stay as typed, and so does 100% {% of nothing.',
    ]);
  });

  it('takes the language from the front matter, and refuses a value that is no language tag', () => {
    const withLanguage = (line: string) =>
      parseMarkdownText(`---\ntitle: Notes\n${line}\n---\n\nThe council met on Monday.\n`);
    expect(withLanguage('lang: fr').language).toBe('fr');
    expect(withLanguage('language: de_at').language).toBe('de-AT');
    expect(withLanguage('author: Ana').language).toBeUndefined();
    expect(() => withLanguage('lang: English')).toThrow(
      'Article story.md has lang "English" in its front matter, which is no language tag — write one like en, fr or pt-BR',
    );
  });

  // WordPress writes its titles with character references, and the exporters to Jekyll and Hugo
  // copy them into the front matter as they are ("Tips &#038; Tricks"), which Jekyll's pages show
  // as the characters: the subject, the heading and the text part showed "&#038;".
  it('reads the character references of a front matter title as the characters they name', () => {
    const titled = (title: string) =>
      parseMarkdownText(`---\ntitle: "${title}"\n---\n\nThe council met on Monday.\n`).title;
    expect(titled('Tips &#038; Tricks: Q&amp;A with the council&#8217;s new mayor')).toBe(
      'Tips & Tricks: Q&A with the council’s new mayor',
    );
    // A bare "&" and an unknown name stay as written.
    expect(titled('AT&T and R&D; spending rise')).toBe('AT&T and R&D; spending rise');
  });

  it('refuses JavaScript front matter instead of running it', () => {
    const text =
      '---js\n{ title: (globalThis.ranFrontMatter = true, "x") }\n---\nBody text here.\n';
    expect(() => parseMarkdownText(text)).toThrow(ArticleError);
    expect(() => parseMarkdownText(text)).toThrow(
      'Article story.md has invalid front matter: only YAML front matter is supported — fix the YAML between the --- lines',
    );
    expect((globalThis as { ranFrontMatter?: boolean }).ranFrontMatter).toBeUndefined();
  });

  it('names the file and the line of the file when the YAML front matter is invalid', () => {
    const text = '---\ntitle: Budget\nauthor: [unclosed\ndate: 2025-03-04\n---\nBody text here.\n';
    expect(() => parseMarkdownText(text)).toThrow(
      'Article story.md has invalid front matter at line 4: missed comma between flow collection entries — fix the YAML between the --- lines',
    );
  });

  it('refuses HTML in the Markdown nested deeper than an article page nests', () => {
    const levels = 300;
    const text = `# Budget\n\nThe council met on Monday and agreed to keep the library open on Fridays.\n\n${'<div>'.repeat(levels)}The council met again.${'</div>'.repeat(levels)}\n`;
    expect(() =>
      parseArticle({ name: 'budget.md', bytes: new TextEncoder().encode(text) }),
    ).toThrow(
      'Article budget.md could not be read as HTML: its elements nest 300 levels deep, more than the 256 an article page needs; write its text as Markdown instead of HTML',
    );
  });

  // marked reads each level of a list or quote with the whole rest of the text: a list nested
  // 1,000 levels by indentation (1 MB) took 29 s, and 5,000 quote marks or emphases overflowed
  // the stack.
  it('refuses lists or quotes nested deeper than an article nests, naming where', () => {
    const lead = 'The council met on Monday and agreed to keep the library open on Fridays.';
    const list = Array.from({ length: 40 }, (_, level) => `${'  '.repeat(level)}- item ${level}`);
    expect(() => parseMarkdownText(`# Budget\n\n${lead}\n\n${list.join('\n')}\n`)).toThrow(
      'Article story.md could not be read as Markdown: its lists or quotes nest more than 32 levels deep, more than an article needs (at "item 32 - item 33 - item 34…"); write the deepest at fewer levels',
    );
    const emphases = Array.from({ length: 5_000 }, (_, level) => (level % 2 ? '*a ' : '_a '));
    const nested = `${emphases.join('')}deep${emphases
      .map((mark) => ` ${mark.trim().split('').reverse().join('')}`)
      .reverse()
      .join('')}`;
    expect(() => parseMarkdownText(`# Budget\n\n${lead}\n\n${nested}\n`)).toThrow(
      'Article story.md could not be read as Markdown: its emphasis or links nest more than 32 levels deep, more than an article needs (at "a *a _a *a _a *a _a *a _a *a _…"); write the deepest at fewer levels',
    );
    expect(() => parseMarkdownText(`# Budget\n\n${lead}\n\n${'>'.repeat(5_000)} deep\n`)).toThrow(
      /^Article story\.md could not be read as Markdown: its lists or quotes nest more than 32 levels deep, more than an article needs \(at ">{30}…"\); write the deepest at fewer levels$/,
    );
  });

  it('reads lists and quotes nested as deep as an article may nest them', () => {
    const list = Array.from({ length: 32 }, (_, level) => `${'  '.repeat(level)}- Item ${level}.`);
    const article = parseMarkdownText(
      `# Budget\n\n${list.join('\n')}\n\n${'>'.repeat(32)} The council met.\n`,
    );
    const text = article.sections.flatMap((section) => section.paragraphs.map((p) => p.text));
    expect(text).toContain('Item 31.');
    expect(text).toContain('The council met.');
  });

  it('refuses a paragraph of so many unclosed marks for its length that marked would take minutes', () => {
    const lead = 'The council met on Monday and agreed to keep the library open on Fridays.';
    for (const run of ['_a'.repeat(60_000), '![](a)'.repeat(20_000), 'a <!--'.repeat(20_000)]) {
      expect(() => parseMarkdownText(`# Budget\n\n${lead}\n\n${run}\n`)).toThrow(
        /^Article story\.md has too many emphasis marks, links or comments for the length of its paragraphs to read in time: one of 120,000 characters holds [\d,]+ \(".{20}…"\) — break such paragraphs up or take the marks out$/,
      );
    }
  });

  it('reads a long paragraph dense with emphasis that each closes, which marked reads in linear time', () => {
    // 200 kB in one line: 43,000 marks, refused when every mark was counted as looking to its end.
    const dense =
      'The *council* met **on Monday** and _agreed_ to **keep** the library open. '.repeat(2_700);
    const [text] = openingParagraphs(`# Budget\n\n${dense}\n`) ?? [];
    expect(text).toMatch(
      /^(The council met on Monday and agreed to keep the library open\. ){2699}The council met on Monday and agreed to keep the library open\.$/,
    );
  });

  it('reads a long paragraph dense with links between words, which marked reads in linear time', () => {
    // 330 kB in one line: 6,000 links, refused when each was counted as looking to its end.
    const links = 'See [the plan](https://example.com/plan_2026) from the **council**. '.repeat(
      6_000,
    );
    const [text] = openingParagraphs(`# Budget\n\n${links}\n`) ?? [];
    expect(text).toMatch(
      /^(See the plan from the council\. ){5999}See the plan from the council\.$/,
    );
  });

  it('refuses a paragraph of marks that open emphasis nothing closes, counting the search for a close', () => {
    // Each "*" after a full stop opens emphasis, and marked searches the paragraph for one to
    // close it: few marks for its length, but 28 kB took over 8 s.
    const run = '*a.*a. '.repeat(4_000);
    expect(() => parseMarkdownText(`# Budget\n\nThe council met on Monday.\n\n${run}\n`)).toThrow(
      /^Article story\.md has too many emphasis marks, links or comments for the length of its paragraphs to read in time: one of 28,000 characters holds 8,000 \("\*a\.\*a\. \*a\.\*a\. \*a\.\*a\.…"\) — break such paragraphs up or take the marks out$/,
    );
  });

  it('reads the same marks broken into paragraphs, and a long paragraph of ordinary Markdown', () => {
    const sentence =
      'Read **the plan** from [the council](https://example.com/a_b) on _Monday_ <br> now.';
    const paragraphs = Array.from({ length: 500 }, () => `${'![](a)'.repeat(150)} ${sentence}`);
    const article = parseMarkdownText(
      `# Budget\n\n${paragraphs.join('\n\n')}\n\n${Array(600).fill(sentence).join(' ')}\n`,
    );
    const texts = article.sections.flatMap((section) =>
      section.paragraphs.map((paragraph) => paragraph.text),
    );
    expect(texts).toHaveLength(501);
    expect(texts[0]).toBe('Read the plan from the council on Monday now.');
    expect(texts[500]).toMatch(/^(Read the plan from the council on Monday now\. ){599}Read/);
  });

  it('reads a list item of many indented lines, and refuses one marked would take minutes to read', () => {
    // marked looked from each line of an item to the end of its paragraph for a setext heading's
    // underline: 16,000 lines (650 kB) took 34 s; it still copies the item's text at each line.
    const line = 'The council voted to extend the scheme.';
    const item = (lines: number) => `# Budget\n\n- item\n${`  ${line}\n`.repeat(lines)}`;
    expect(openingParagraphs(item(5_000))).toEqual([`item ${Array(5_000).fill(line).join(' ')}`]);
    expect(() => parseMarkdownText(item(16_000))).toThrow(
      /^Article story\.md has a list item too long to read in time: a paragraph of it, which marked reads a line at a time, passes [\d,]+ characters \("item The council voted to exte…"\) — break the item's text into paragraphs with blank lines between them$/,
    );
    // The same lines as paragraphs of the item, and as items of their own, are read.
    const paragraphs = openingParagraphs(
      `# Budget\n\n- item\n${`\n  ${`  ${line}\n`.repeat(200)}`.repeat(80)}\n${`- ${line}\n`.repeat(16_000)}`,
    );
    expect(paragraphs).toHaveLength(16_081);
    // Its setext headings stay headings, no text of a paragraph.
    const mayor = 'The mayor spoke on the fares at length.';
    const timetable = 'The new timetable starts in March next year.';
    expect(
      openingParagraphs(
        `# Budget\n\n- item\n  ${line}\n  Ferry fares\n  ---\n  ${line}\n  More\n  ===\n  ${mayor}\n\n  ${timetable}\n`,
      ),
    ).toEqual([mayor, timetable]);
  });

  it('reads a long paragraph of "<" comparisons, which marked reads in linear time', () => {
    const comparisons = 'The fares rose where income < cost and fell where cost < income. '.repeat(
      4_000,
    );
    const texts = openingParagraphs(`# Fares\n\n${comparisons}\n`);
    expect(texts).toEqual([comparisons.trim()]);
  });

  it('says front matter never closed is unclosed, not a YAML error deep in the article', () => {
    const text = '---\ntitle: Budget\n\nThe council met: it approved the budget.\n';
    expect(() => parseMarkdownText(text)).toThrow(
      'Article story.md opens front matter with --- on line 1 and never closes it — end the front matter with a line of ---',
    );
  });
});

describe("a press release's end mark in Markdown", () => {
  it('ends the release at a line "###", which Markdown reads as an empty heading', () => {
    const article = parseMarkdownText(
      [
        '# Governor announces $45 million for lead pipes',
        'Governor Dana Whitfield today announced $45 million to replace 9,000 lead service lines.',
        '### Who benefits',
        'The funding will go to 12 cities where testing found high lead levels in homes.',
        '###',
        'The Office of the Governor publishes all press releases at governor.example.gov/news every weekday.',
      ].join('\n\n'),
    );
    expect(article.sections.map((section) => section.heading)).toEqual([null, 'Who benefits']);
    const texts = article.sections.flatMap((section) =>
      section.paragraphs.map((paragraph) => paragraph.text),
    );
    expect(texts.join(' ')).not.toMatch(/publishes all press releases/);
  });
});
