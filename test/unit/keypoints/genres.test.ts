import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../../lambda/core/article/parse-article';
import { extractKeyPoints } from '../../../lambda/core/keypoints/extract-key-points';

function keyPointsOf(name: string, text: string, maxPoints = 4) {
  const article = parseArticle({ name, bytes: Buffer.from(text) });
  const result = extractKeyPoints(article, { maxPoints });
  const points = result.keyPoints.map((point) => point.summary);
  return { article, result, points, all: [result.lead, ...points].join('\n') };
}

const HEATWAVE = [
  'An amber heat-health warning has been issued for much of the south and east of the country, with temperatures expected to reach 34C on Saturday.',
  'The health agency said the heat could put older people and those with heart and lung conditions at risk, and urged people to check on vulnerable neighbours.',
  'Hospitals have been told to prepare for more admissions, and some schools plan to relax uniform rules.',
  'Forecasters expect the heat to break on Monday, when thunderstorms are likely to move in from the west.',
];

describe('a cookie-consent banner over the article', () => {
  it('is neither the lead nor a point of a web page', () => {
    const html = `<html><head><title>Heatwave warning issued | Daily Courier</title></head><body>
<div class="cmp"><p>We value your privacy</p><p>We and our partners store and/or access information on a device, such as cookies, and process personal data, such as unique identifiers and standard information sent by a device, for personalised ads and content, ad and content measurement, and audience insights.</p><p>You can change your preferences at any time by returning to this site or visiting our privacy policy.</p><button>AGREE</button></div>
<article><h1>Heatwave warning issued for the weekend</h1>
${HEATWAVE.map((sentence) => `<p>${sentence}</p>`).join('\n')}
</article></body></html>`;
    const { result, all } = keyPointsOf('heatwave.html', html);
    expect(result.lead).toBe(HEATWAVE[0]);
    expect(all).not.toMatch(/cookies|preferences/i);
  });

  it('is neither the lead nor a point of a plain text copied from a page', () => {
    const text = `Heatwave warning issued for the weekend\n\nThis website uses cookies to ensure you get the best experience on our website.\n\nAccept\n\n${HEATWAVE.join('\n\n')}\n`;
    const { result, all } = keyPointsOf('heatwave.txt', text);
    expect(result.lead).toBe(HEATWAVE[0]);
    expect(all).not.toMatch(/cookies/i);
  });
});

function sentencesOf(article: ReturnType<typeof parseArticle>): string[] {
  return article.sections.flatMap((section) =>
    section.paragraphs.flatMap((paragraph) => paragraph.sentences),
  );
}

describe("a list item's bold run-in label, as release notes write them", () => {
  const items = [
    [
      'Offline sync.',
      'The iOS and Android apps now keep a full copy of your projects and sync changes when you reconnect.',
    ],
    [
      'Search.',
      'Search results now show matching text from inside attachments, including PDFs and spreadsheets.',
    ],
    [
      'Exports.',
      'CSV exports of projects with more than 100,000 records are now up to five times faster.',
    ],
  ] as const;
  const intro =
    'Fieldbook 4.2 brings offline sync to the mobile apps, a redesigned search, and faster exports for large projects.';
  const later = [
    'The legacy v1 API will stop accepting requests on September 30, 2026.',
    'Integrations should move to the v2 API before then, as the migration guide explains.',
  ];

  it.each([
    [
      'notes.html',
      `<h1>Fieldbook 4.2</h1><p>${intro}</p><h2>New features</h2><ul>${items.map(([label, text]) => `<li><strong>${label}</strong> ${text}</li>`).join('')}</ul><h2>Deprecations</h2><p>${later.join(' ')}</p>`,
    ],
    [
      'notes.md',
      `# Fieldbook 4.2\n\n${intro}\n\n## New features\n\n${items.map(([label, text]) => `- **${label}** ${text}`).join('\n')}\n\n## Deprecations\n\n${later.join(' ')}\n`,
    ],
    [
      'paragraphs.html',
      `<h1>Fieldbook 4.2</h1><p>${intro}</p><h2>New features</h2>${items.map(([label, text]) => `<p><b>${label}</b> ${text}</p>`).join('')}<h2>Deprecations</h2><p>${later.join(' ')}</p>`,
    ],
  ])('is no word of the item’s sentence in %s', (name, source) => {
    const { article, all } = keyPointsOf(name, source);
    const sentences = sentencesOf(article);
    for (const [, text] of items) expect(sentences).toContain(text);
    expect(all).not.toMatch(/Search\. Search|Exports\. CSV/);
  });

  it('stays when it is a sentence of its own, or a label of a field, or a number heading the item', () => {
    const html = `<h1>Notebook 3.0</h1><p>${intro}</p><ul>
<li><strong>Python 3.8 is no longer supported.</strong> Notebook now requires Python 3.10 or later.</li>
<li><strong>Update, 6:45 p.m.:</strong> The release was delayed by an hour.</li>
<li><strong>Note</strong> that exports now run in the background.</li></ul>`;
    const sentences = sentencesOf(keyPointsOf('stays.html', html).article);
    expect(sentences).toContain('Python 3.8 is no longer supported.');
    expect(sentences.join(' ')).toContain('Note that exports now run in the background.');
    // An editor's note stays one, and goes with its label.
    expect(sentences).not.toContain('The release was delayed by an hour.');
  });
});

describe('a French article typeset with no-break spaces', () => {
  it('keeps them before its marks and inside its quotation marks in the lead and the points', () => {
    const html = `<html lang="fr"><head><title>Le budget adopté</title></head><body><article><h1>Le budget adopté</h1>
<p>Le ministre a déclaré&nbsp;: «&nbsp;Nous tiendrons nos engagements&nbsp;!&nbsp;» devant les députés réunis mardi soir.</p>
<p>Le texte prévoit une baisse des dépenses de l&#8217;État de deux milliards d&#8217;euros&#8239;; les collectivités locales devront elles aussi participer à l&#8217;effort.</p>
</article></body></html>`;
    const { all } = keyPointsOf('budget.html', html);
    expect(all).toContain('déclaré\u00a0: «\u00a0Nous tiendrons nos engagements\u00a0!\u00a0»');
    expect(all).toContain('d’euros\u202f; les collectivités');
  });
});

describe('a short bold sentence opening a paragraph, and a bold run-in label', () => {
  it('keeps a complete sentence of up to four words as the sentence it is', () => {
    const html = `<h1>Inflation returns</h1>
<p><b>Inflation is back.</b> Prices rose 3% in May, the fastest pace in more than a year, official figures showed on Wednesday.</p>
<p><strong>Talks collapsed.</strong> Union leaders walked out of the meeting after the employers refused to improve their offer.</p>
<p><b>It’s official.</b> The city will host the regional games in 2030, the organising committee confirmed on Friday.</p>`;
    const sentences = sentencesOf(keyPointsOf('lead.html', html).article);
    expect(sentences).toContain('Inflation is back.');
    expect(sentences).toContain('Talks collapsed.');
    expect(sentences).toContain('It’s official.');
  });

  it('still drops a label that names what follows: a question word’s clause, a phrase, an instruction', () => {
    const html = `<h1>Inflation returns</h1>
<p>Prices rose 3% in May, the fastest pace in more than a year, official figures showed on Wednesday.</p>
<p><b>Why it matters.</b> Higher prices squeeze household budgets that have barely recovered from the last surge.</p>
<p><b>The big picture.</b> Central banks across Europe have paused their rate cuts as inflation proved stubborn.</p>
<p><b>Go deeper.</b> Our explainer sets out how the inflation rate is measured each month.</p>`;
    const sentences = sentencesOf(keyPointsOf('labels.html', html).article);
    expect(sentences).toContain(
      'Higher prices squeeze household budgets that have barely recovered from the last surge.',
    );
    expect(sentences).toContain(
      'Central banks across Europe have paused their rate cuts as inflation proved stubborn.',
    );
    expect(sentences.join(' ')).not.toMatch(/Why it matters|big picture|Go deeper/);
  });
});

describe('an interview whose questions and answers open with the speakers’ names', () => {
  const turns = [
    [
      'Why start with children?',
      'Because a street that is safe for an eight-year-old to cross alone is safe for everyone. Children are the indicator species of a healthy city, and their absence tells you the traffic is too fast.',
    ],
    [
      'What was the first change you made in Gothenburg?',
      'We narrowed the roads outside twelve schools and moved the parking further away. Within a year, the share of children walking or cycling to those schools rose from 40 to 65 per cent.',
    ],
    [
      'What should other cities copy?',
      'Start small and measure everything in the first year. A trial with planters and paint costs almost nothing, and if it fails you can remove it in a day.',
    ],
  ] as const;
  const intro =
    'Urban planner Sofia Lindgren has spent two decades redesigning streets in Scandinavian cities around the needs of children.';

  it.each([
    [
      'interview.html',
      `<h1>Cities should be built for children first</h1><p><em>${intro}</em></p>${turns.map(([question, answer]) => `<p><strong>Urban Review: ${question}</strong></p><p>Sofia Lindgren: ${answer}</p>`).join('')}`,
    ],
    [
      'interview.md',
      `# Cities should be built for children first\n\n${intro}\n\n${turns.map(([question, answer]) => `**Urban Review: ${question}**\n\n**Lindgren:** ${answer}`).join('\n\n')}\n`,
    ],
    // With a space before the colon, as French typography sets it, plain or no-break.
    [
      'interview.txt',
      `Cities should be built for children first\n\n${intro}\n\n${turns.map(([question, answer]) => `Urban Review : ${question}\n\nSofia Lindgren\u00a0: ${answer}`).join('\n\n')}\n`,
    ],
  ])(
    'heads each point with the bare question and quotes the answer without its speaker in %s',
    (name, source) => {
      const { result } = keyPointsOf(name, source);
      expect(result.keyPoints.map((point) => point.heading)).toEqual(
        turns.map(([question]) => question),
      );
      for (const point of result.keyPoints) expect(point.summary).not.toMatch(/Lindgren\s?:/);
    },
  );

  it('heads each point with the bare question and quotes the answer without the dash that opens each turn of a Russian interview set as dialogue', () => {
    const russian = [
      [
        'Почему продукты дорожают сильнее других товаров?',
        'Главная причина — рост зарплат в сельском хозяйстве и логистике, за год они выросли на 18%.',
      ],
      [
        'Будет ли Росстат менять методику расчёта?',
        'С 2027 года мы добавим в корзину пятнадцать новых товаров и услуг, в том числе подписки.',
      ],
    ];
    const source = `# Глава Росстата об инфляции\n\n${intro}\n\n${russian.map(([question, answer]) => `**— ${question}**\n\n— ${answer}`).join('\n\n')}\n`;
    const { result } = keyPointsOf('interview.md', source);
    expect(result.keyPoints.map((point) => point.heading)).toEqual(
      russian.map(([question]) => question),
    );
    for (const point of result.keyPoints) expect(point.summary).not.toMatch(/^—/);
    // A dash inside the answer stays.
    expect(result.keyPoints[0]?.summary).toContain('причина — рост');
  });

  it('keeps labels that differ from question to question, which say whom the question concerns', () => {
    const html = `<h1>Your questions on the new rental rules</h1><p>${intro}</p>
<p><strong>Tenants: Can my rent go up twice a year?</strong></p><p>No, rents can now rise only once a year, with two months’ notice in writing.</p>
<p><strong>Landlords: Do I need a new licence?</strong></p><p>Only landlords who let five rooms or more to separate households need to apply for one.</p>`;
    const { result } = keyPointsOf('faq.html', html);
    expect(result.keyPoints.map((point) => point.heading)).toEqual([
      'Tenants: Can my rent go up twice a year?',
      'Landlords: Do I need a new licence?',
    ]);
  });
});

describe("a science news page's source, reference and citation boxes", () => {
  const story = [
    "The brain's waste-clearing system works twice as hard during deep sleep as during waking hours, according to a study in mice published in the journal Neuron.",
    'Researchers at the University of Northfield used a new imaging method to track cerebrospinal fluid as it washed through the brains of sleeping and waking mice.',
    "During deep sleep, the flow of fluid doubled, and it carried away more of the proteins linked to Alzheimer's disease.",
    'The team now plans to test whether the same effect can be seen in people using MRI scans.',
  ];
  const html = `<html><head><title>Sleep helps the brain clear out toxins, mouse study finds -- ScienceDaily</title></head><body>
<h1>Sleep helps the brain clear out toxins, mouse study finds</h1>
<div id="text">${story.map((sentence) => `<p>${sentence}</p>`).join('')}</div>
<div id="story_source"><h3>Story Source:</h3><p>Materials provided by University of Northfield. Note: Content may be edited for style and length.</p></div>
<div id="journal_references"><h3>Journal Reference:</h3><ol><li>Hannah Weiss, Tom Ray. Deep sleep doubles glymphatic flow. Neuron, 2026; DOI: 10.1016/j.neuron.2026.01.004</li></ol></div>
<div id="citation"><h3>Cite This Page:</h3><p>University of Northfield. "Sleep helps the brain clear out toxins, mouse study finds." ScienceDaily. ScienceDaily, 8 April 2026.</p></div>
</body></html>`;

  it('gives no point and takes the headline without the site after a double hyphen', () => {
    const { result, article } = keyPointsOf('sleep.html', html);
    expect(article.title).toBe('Sleep helps the brain clear out toxins, mouse study finds');
    expect(result.keyPoints.map((point) => point.heading)).toEqual([null, null, null]);
    expect(result.keyPoints.map((point) => point.summary).join(' ')).not.toMatch(
      /Materials provided|ScienceDaily|DOI/,
    );
  });
});

describe('a changelog whose first version heading comes straight under the title', () => {
  const versions = [
    [
      'v3.2.0 — 2026-03-01',
      'Added a dry-run flag to the deploy command, which prints the changes without applying them.',
    ],
    [
      'v3.1.2 — 2026-02-12',
      'Fixed a bug where environment variables containing an equals sign were cut short.',
    ],
    ['v3.1.1 — 2026-02-02', 'Fixed a crash on startup when the configuration file was empty.'],
  ] as const;

  it.each([
    [
      'changelog.html',
      `<h1>Changelog</h1>${versions.map(([version, item]) => `<h2>${version}</h2><ul><li>${item}</li></ul>`).join('')}`,
    ],
    [
      'CHANGELOG.md',
      `# Changelog\n\n${versions.map(([version, item]) => `## [${version.slice(1)}]\n\n- ${item}`).join('\n\n')}\n`,
    ],
  ])('heads the newest version’s point with its version in %s', (name, source) => {
    const { article } = keyPointsOf(name, source);
    const headings = article.sections.map((section) => section.heading);
    expect(headings.map((heading) => heading?.replace(/[[\]]/g, '').replace(/^v/, ''))).toEqual(
      versions.map(([version]) => version.slice(1)),
    );
  });

  it('still passes over a date or a kicker between a story’s title and its first paragraph', () => {
    const html = `<h1>Library to close for repairs</h1><h2>12.03.2025</h2><p>The town library will close for six weeks from Monday while its roof is repaired, the council said.</p><h2>What happens next</h2><p>Books can be returned to the mobile library, which will visit the market square twice a week.</p><h2>Reaction</h2><p>Readers said the closure would hit older residents hardest, as many have no internet at home.</p>`;
    const { article } = keyPointsOf('library.html', html);
    expect(article.sections.map((section) => section.heading)).toEqual([
      null,
      'What happens next',
      'Reaction',
    ]);
  });
});

describe('an interview question that opens with a statement, among one-sentence questions', () => {
  it('heads its answer as the other questions do', () => {
    const html = `<h1>“Cycling has to become the obvious choice”</h1>
<p>Mayor of Strasbourg since 2020, Jeanne Martin has doubled the length of the city’s cycle lanes.</p>
<p><strong>Why invest so much in cycle lanes?</strong></p>
<p>Because half of the car journeys in the city are shorter than three kilometres. Those are journeys people can make by bike, as long as they feel safe.</p>
<p><strong>Shopkeepers fear losing customers. What do you tell them?</strong></p>
<p>The studies show the opposite. Cyclists and pedestrians come more often and spend more over a month than drivers do.</p>
<p><strong>What is your next project?</strong></p>
<p>Linking every town in the metropolitan area with an express cycle network by 2028, with lanes wide enough for cargo bikes.</p>`;
    const { result } = keyPointsOf('interview.html', html);
    expect(result.keyPoints.map((point) => point.heading)).toEqual([
      'Why invest so much in cycle lanes?',
      'Shopkeepers fear losing customers. What do you tell them?',
      'What is your next project?',
    ]);
  });
});

describe('a page whose only subheads are h4s', () => {
  const tips = [
    [
      '1. Turn down the thermostat',
      'Lowering your thermostat by one degree can cut heating bills by about 10 per cent, according to the Energy Saving Trust.',
    ],
    [
      '2. Draught-proof doors and windows',
      'Sealing gaps around doors and windows costs about £200 and can save around £125 a year.',
    ],
    [
      '3. Wash clothes at 30C',
      'Most of the energy a washing machine uses goes into heating water, and modern detergents work well at lower temperatures.',
    ],
  ] as const;
  const intro =
    'With energy prices still high, small changes at home can save hundreds of pounds a year, and experts recommend three.';

  it('heads each point with its h4', () => {
    const html = `<h1>Three ways to cut your energy bill</h1><p>${intro}</p>${tips.map(([heading, text]) => `<h4>${heading}</h4><p>${text}</p>`).join('')}`;
    const { result } = keyPointsOf('tips.html', html);
    expect(result.keyPoints.map((point) => point.heading)).toEqual(
      tips.map(([heading]) => heading),
    );
  });

  it('keeps h4s out of the subheads when the page has h2s or h3s', () => {
    const html = `<h1>Three ways to cut your energy bill</h1><p>${intro}</p><h2>At home</h2>${tips.map(([heading, text]) => `<h4>${heading}</h4><p>${text}</p>`).join('')}<h2>On the road</h2><p>Driving more slowly on motorways saves fuel, as drag rises steeply with speed above 60mph.</p>`;
    const { article } = keyPointsOf('tips.html', html);
    expect(article.sections.map((section) => section.heading)).toEqual([
      null,
      'At home',
      'On the road',
    ]);
  });
});

describe('a bold run-in subhead without a mark, on the line of its text', () => {
  const parts = [
    [
      'Getting there',
      'Trains from Milan take an hour, and the station is a ten-minute walk from the centre.',
    ],
    [
      'Where to stay',
      'The university quarter is lively and cheap, while the streets around Piazza Santo Stefano are quieter.',
    ],
    [
      'What to eat',
      "Tagliatelle al ragù is the city's signature dish, and you will not find spaghetti bolognese on any menu.",
    ],
  ] as const;
  const intro =
    "Bologna is Italy's most underrated city, with arcades that shelter you from rain and sun alike.";

  it.each([
    [
      'bologna.md',
      `# A weekend in Bologna\n\n${intro}\n\n${parts.map(([head, text]) => `**${head}** ${text}`).join('\n\n')}\n`,
    ],
    [
      'bologna.html',
      `<h1>A weekend in Bologna</h1><p>${intro}</p>${parts.map(([head, text]) => `<p><strong>${head}</strong> ${text}</p>`).join('')}`,
    ],
  ])('heads its text instead of running into it in %s', (name, source) => {
    const { result } = keyPointsOf(name, source);
    expect(result.keyPoints.map((point) => point.heading)).toEqual(parts.map(([head]) => head));
    for (const point of result.keyPoints)
      expect(point.summary).not.toMatch(/^(?:Getting|Where|What) /);
  });

  it('leaves a bold name that the sentence goes on from', () => {
    const html = `<h1>Pump maker launches solar model</h1><p>${intro}</p><p><strong>Maria Chen</strong>, the chief executive, said the pump would cut farmers’ fuel bills by two-thirds.</p><p><strong>Northwind</strong> said on Tuesday that the pump would go on sale in Kenya first.</p>`;
    const sentences = sentencesOf(keyPointsOf('pump.html', html).article);
    expect(sentences).toContain(
      'Maria Chen, the chief executive, said the pump would cut farmers’ fuel bills by two-thirds.',
    );
    expect(sentences).toContain(
      'Northwind said on Tuesday that the pump would go on sale in Kenya first.',
    );
  });
});

describe("GitHub's generated release notes", () => {
  it('quote each change without its author and pull request, and leave out the contributors', () => {
    const md = `# v2.4.0

This release adds streaming uploads and a new retry policy for networks that drop connections.

## What's Changed

* Add streaming uploads for files larger than 100 MB by @mkovacs in https://github.com/acme/depot/pull/812
* Retry failed requests with exponential backoff by @lina-t and @rpatel in https://github.com/acme/depot/pull/820
* Fix a crash when the configuration file is missing by @rpatel in https://github.com/acme/depot/pull/826

## New Contributors

* @lina-t made their first contribution in https://github.com/acme/depot/pull/820

**Full Changelog**: https://github.com/acme/depot/compare/v2.3.0...v2.4.0
`;
    const { all, article } = keyPointsOf('release.md', md);
    expect(sentencesOf(article)).toContain('Add streaming uploads for files larger than 100 MB');
    expect(sentencesOf(article)).toContain('Retry failed requests with exponential backoff');
    expect(all).not.toMatch(/@|https?:/);
  });
});

describe('citation markers in a run, as papers and copied encyclopedia text write them', () => {
  it('leave no comma or bracket behind, nor a "[citation needed]"', () => {
    const text = `Harbour City

Harbour City is a port city in the north-west of England, with a population of 512,000 at the 2021 census.[1] It lies on the estuary of the River Hale, 30 miles from the open sea.[2]

The city grew from a small fishing village into one of Britain's largest ports during the 18th century.[3][4] Salt marshes along the estuary are being lost to erosion, land reclamation and rising seas [5], [6]. The old docks have been redeveloped as housing, offices and a museum quarter.[citation needed]
`;
    const { article } = keyPointsOf('harbour.txt', text);
    const sentences = sentencesOf(article);
    expect(sentences).toContain(
      "The city grew from a small fishing village into one of Britain's largest ports during the 18th century.",
    );
    expect(sentences).toContain(
      'Salt marshes along the estuary are being lost to erosion, land reclamation and rising seas.',
    );
    expect(sentences).toContain(
      'The old docks have been redeveloped as housing, offices and a museum quarter.',
    );
  });
});

describe('a firm named with "Messrs.", as formal British prose and old newspapers write it', () => {
  it('does not end the sentence at the title', () => {
    const text = `New bridge opened by mayor

The new Riverside Bridge, which has taken three years to build at a cost of £420,000, was formally opened yesterday afternoon by the Mayor.

The bridge, designed by Messrs. Holt and Partners, is 620 feet long and carries a roadway 40 feet wide with footpaths on either side.
`;
    const { article } = keyPointsOf('bridge.txt', text);
    expect(sentencesOf(article)).toContain(
      'The bridge, designed by Messrs. Holt and Partners, is 620 feet long and carries a roadway 40 feet wide with footpaths on either side.',
    );
  });
});

describe("a match report's live updates, each headed by the minute of play", () => {
  it('quote each update without its minute', () => {
    const text = `Harbour City 2-1 Riverside Rovers: live updates from the cup final

90+4' Harbour City win the cup for the first time in 38 years after a dramatic late winner from substitute Tomas Lund.

78' Yellow card for Rovers captain Mark Ellis, who pulls back Adeyemi on the break and is booked.

64’ Substitution for Harbour City: Lund replaces the tiring Brooks, who has run himself into the ground.

51' Riverside equalise through Okafor, who curls a free kick over the wall and into the top corner from 25 yards.

23' Adeyemi finishes calmly after a flowing move down the left to give Harbour City the lead.
`;
    const { result, all } = keyPointsOf('final.txt', text, 5);
    expect(result.lead).toMatch(/^Harbour City win the cup/);
    expect(all).not.toMatch(/\d['’]/);
    expect(all).toContain('Yellow card for Rovers captain Mark Ellis');
  });
});

describe('a PDF report saved as text, with its running head and page numbers on every page', () => {
  const text = `Annual Transport Report 2026

Bus patronage in Harbour City rose by 14 per cent in 2026, the largest annual increase since records began, after the council capped single fares at £2.

Cycling also grew strongly, with automatic counters on the six main radial routes recording 3.8 million trips, up 9 per cent on the year before.

Page 1 of 24

Annual Transport Report 2026

Road casualties fell to their lowest level in a decade, with 612 people injured in collisions on council roads compared with 701 the year before.

2. Finance

The fare cap cost the council £6.4 million in 2026, funded from a national grant which is confirmed only until March 2028.

Officers warn that without further funding the cap on single fares may have to rise to £2.50 next year.

Page 2 of 24
`;

  it('heads no point with the running head or a page number, and quotes no page number', () => {
    const { result, all } = keyPointsOf('report.txt', text);
    expect(result.title).toBe('Annual Transport Report 2026');
    expect(result.keyPoints.map((point) => point.heading)).not.toContain(
      'Annual Transport Report 2026',
    );
    expect(all).not.toMatch(/Page \d/);
  });
});

describe("an emailed briefing's mailer lines: the safe-sender ask and the company footer", () => {
  it('are neither the lead nor a point', () => {
    const html = `<html><head><title>Morning Briefing</title></head><body>
<table role="presentation" width="100%"><tr><td>
<p>Add news@briefing.example to your address book to make sure we reach your inbox.</p>
<h1>Morning Briefing</h1>
<h2>Rail strike called off</h2>
<p>The train drivers' union has called off next week's three-day strike after accepting a pay offer of 4.5 percent this year and 3.5 percent next year.</p>
<h2>Interest rates held</h2>
<p>The Bank of England kept interest rates at 4 percent on Thursday, but two of the nine members of its committee voted for a cut.</p>
<h2>Heatwave warning</h2>
<p>The health agency has issued an amber heat-health alert for London and the south-east, with temperatures expected to reach 34C on Friday.</p>
<p>Briefing Media Ltd, 100 Fleet Street, London EC4Y 1AA. Registered in England and Wales No. 01234567.</p>
</td></tr></table></body></html>`;
    const { all } = keyPointsOf('briefing.html', html);
    expect(all).toContain('The train drivers');
    expect(all).not.toMatch(/address book|Fleet Street|Registered/);
  });
});

describe("a job posting's and a show's standard notices", () => {
  it('give no point: an equal-opportunity statement and a safeguarding line', () => {
    const html = `<html><head><title>Community Library Assistant – Harbour City Jobs</title></head><body>
<h1>Community Library Assistant</h1>
<p>We are looking for a friendly and organised library assistant to join our team at Harbour City Central Library.</p>
<p>You will help visitors find books and information, run weekly rhyme-time sessions for under-fives and support people using our public computers.</p>
<p>The library reopened last year after a £4 million refurbishment and now welcomes more than 1,200 visitors a day.</p>
<p>Harbour City Council is an equal opportunity employer. We welcome applications from all backgrounds and do not discriminate on the basis of race, religion, gender, sexual orientation, age or disability.</p>
<p>Harbour City Council is committed to safeguarding and promoting the welfare of children and vulnerable adults, and this post is subject to an enhanced DBS check.</p>
</body></html>`;
    const { all } = keyPointsOf('job.html', html);
    expect(all).toContain('1,200 visitors a day');
    expect(all).not.toMatch(/equal opportunity|discriminate|safeguarding/);
  });

  it("give no point: a show's not-advice disclaimer", () => {
    const md = `# The Money Hour, Ep. 58: Should you overpay your mortgage?

With fixed rates ending for 1.6 million households this year, host Dev Mistry asks mortgage broker Claire Hughes whether it is better to overpay or to keep cash in savings.

Hughes explains that overpaying makes most sense when your mortgage rate is higher than the after-tax interest you can earn on savings.

Most lenders allow overpayments of 10 percent a year without a penalty, and some allow more on tracker deals.

*The Money Hour is for general information only and is not financial advice. Always speak to a qualified adviser.*
`;
    const { all } = keyPointsOf('episode.md', md);
    expect(all).not.toMatch(/general information|qualified adviser/);
  });
});

describe("a paper's authors and their affiliations under its title, in plain text", () => {
  it('are not the lead, which is the abstract', () => {
    const text = `Traffic Evaporation After Urban Motorway Removal: Evidence from Twelve European Cities

Ana Costa(1), Peter Lindqvist(2), Mei Tanaka(1)
(1) Department of Urban Planning, University of Lisbon
(2) KTH Royal Institute of Technology, Stockholm

Abstract

We study changes in traffic volumes on surrounding roads after the removal of urban motorways in twelve European cities between 1995 and 2020. On average 41% of the traffic formerly carried by the removed road did not reappear elsewhere in the network within three years.

1 Introduction

Induced demand, the observation that new road capacity generates new traffic, is well established. The converse effect, that removing capacity reduces traffic, has received less attention.

2 Results

Total traffic in the study areas fell by 41% on average three years after removal. In cities that added bus rapid transit at the same time, the fall was 52%.
`;
    const { result, all } = keyPointsOf('paper.txt', text);
    expect(result.lead).toMatch(/^We study changes in traffic volumes/);
    expect(all).not.toMatch(/University|Institute/);
  });
});

describe("a shop's strip of labels set apart by dots or bars", () => {
  it('is neither the lead nor a point of a product page', () => {
    const html = `<html><head><title>Lumen Desk Lamp | Lumen</title></head><body>
<h1>Lumen Desk Lamp</h1>
<p>Free shipping on orders over $50 · 30-day returns · Two-year warranty</p>
<p>The Lumen desk lamp shifts its colour temperature automatically from cool white in the morning to warm amber at night, so your screen time disturbs your sleep less.</p>
<p>A wide, flicker-free LED panel spreads light evenly across a 90cm desk without glare on your monitor.</p>
<p>The body is made from recycled aluminium and every part is replaceable, with a five-year warranty on the LED panel.</p>
</body></html>`;
    const { result, all } = keyPointsOf('lamp.html', html);
    expect(result.lead).toMatch(/^The Lumen desk lamp shifts/);
    expect(all).not.toMatch(/Free shipping/);
  });
});

describe("a page's newsletter pitch that counts its readers", () => {
  it('gives no point, nor does the discount it offers with it', () => {
    const html = `<html><head><title>Lumen Desk Lamp | Lumen</title></head><body>
<h1>Lumen Desk Lamp</h1>
<p>The Lumen desk lamp shifts its colour temperature automatically from cool white in the morning to warm amber at night, so your screen time disturbs your sleep less.</p>
<h2>Designed for focus</h2>
<p>A wide, flicker-free LED panel spreads light evenly across a 90cm desk without glare on your monitor.</p>
<h2>Built to last</h2>
<p>The body is made from recycled aluminium and every part is replaceable, with a five-year warranty on the LED panel.</p>
<h2>Stay in touch</h2>
<p>Join 20,000 people who get our newsletter every month. Get 10% off your first order when you sign up today.</p>
</body></html>`;
    const { all } = keyPointsOf('lamp.html', html);
    expect(all).toContain('recycled aluminium');
    expect(all).not.toMatch(/20,000|10% off/);
  });
});

describe("a tender's slug over its heading", () => {
  it('is not taken for the title', () => {
    const text = `CONTRACT NOTICE

Harbour City Council – Supply and Installation of Electric Vehicle Charging Points

Harbour City Council invites tenders for the supply, installation and maintenance of 320 public electric vehicle charging points at 45 locations across the city.

The contract will run for an initial period of eight years, with an option to extend for a further two years.

Bidders must demonstrate at least three comparable contracts completed in the last five years.
`;
    const { result } = keyPointsOf('tender.txt', text);
    expect(result.title).toBe(
      'Harbour City Council – Supply and Installation of Electric Vehicle Charging Points',
    );
  });
});

describe("an earnings release's company name with 'Inc.' before its ticker, and its non-GAAP note", () => {
  const html = `<html><head><title>Acme Robotics Announces Third Quarter 2027 Financial Results</title></head><body>
<h1>Acme Robotics Announces Third Quarter 2027 Financial Results</h1>
<p>BOSTON, Nov. 4, 2027 (GLOBE NEWSWIRE) -- Acme Robotics, Inc. (NYSE: ACME) today announced financial results for the third quarter ended September 30, 2027.</p>
<p>Revenue for the quarter was $412 million, an increase of 31% compared with $315 million in the third quarter of 2026, driven by demand for warehouse automation.</p>
<p>Net income was $38 million, or $0.52 per diluted share, compared with $21 million, or $0.29 per diluted share, a year earlier.</p>
<p>The company now expects full-year revenue of $1.58 billion to $1.60 billion, up from its previous range of $1.50 billion to $1.54 billion.</p>
<p><b>Non-GAAP Financial Measures</b></p>
<p>To supplement our consolidated financial statements presented in accordance with GAAP, we use certain non-GAAP financial measures, which should not be considered in isolation from, or as a substitute for, GAAP measures.</p>
</body></html>`;

  it('keeps the company and its ticker in one sentence', () => {
    const { article } = keyPointsOf('results.html', html);
    expect(sentencesOf(article)).toContain(
      'Acme Robotics, Inc. (NYSE: ACME) today announced financial results for the third quarter ended September 30, 2027.',
    );
  });

  it('gives no point from the non-GAAP note', () => {
    const { all } = keyPointsOf('results.html', html);
    expect(all).not.toMatch(/non-GAAP/);
  });
});

describe("a podcast's show notes with the time in the episode at the head of each note", () => {
  it('quote each note without its time', () => {
    const text = `The Science Hour – Episode 88: Why do we dream?

Neuroscientist Priya Nair joins us to talk about what dreams are for, why we forget most of them and whether you can learn to control them.

[00:01:12] Nair explains that most vivid dreaming happens during REM sleep, when the brain is almost as active as when we are awake.

[00:08:45] One leading theory holds that dreams help us consolidate memories by replaying the day's experiences in a different order.

(17:30) Around half of people have had at least one lucid dream, in which they know they are dreaming, according to a 2016 review.
`;
    const { all } = keyPointsOf('episode.txt', text);
    expect(all).toContain('Nair explains that most vivid dreaming');
    expect(all).not.toMatch(/\d:\d\d/);
  });
});

describe("a podcast episode's page, with where to listen, the asks, the sponsor and the host's notices under its notes", () => {
  it('quotes the notes and the news about the platforms, none of the furniture', () => {
    const html = `<html><head><title>Episode 212: Why your rent keeps rising</title></head><body><article>
<h1>Episode 212: Why your rent keeps rising</h1>
<p>Rents in the country's ten largest cities rose 9 percent last year, the fastest increase in four decades, according to the housing ministry.</p>
<p>This week economist Dana Whitfield explains why new building has not kept up with demand, and what the city's new zoning plan could change.</p>
<p>Whitfield says the plan would allow apartment blocks of up to six storeys near every train station, which could add 40,000 homes by 2035.</p>
<p>Spotify, which bought the show in 2024, said on Monday it would move it behind a paywall in March.</p>
<p>Subscribe on Apple Podcasts, Spotify, or wherever you get your podcasts.</p>
<p>Listen to the full episode on Spotify and Apple Podcasts.</p>
<p>Follow the show on Apple Podcasts so you never miss an episode.</p>
<p>If you like the show, please rate and review us on Apple Podcasts. It helps other listeners find us.</p>
<p>This episode is brought to you by Northwind Bank. Visit northwind.example/podcast for 3 months free.</p>
<p>Learn more about your ad choices. Visit megaphone.fm/adchoices</p>
<p>See omnystudio.com/listener for privacy information.</p>
<p>Produced by Sam Ortiz. Our theme music is by Blue Dot Sessions.</p>
<p>Got a question? Send us a voice memo at hello@townpod.example.</p>
<p>Become a member at townpod.example/join to get ad-free episodes.</p>
<p>Check out our sister show, City Limits, available now.</p>
</article></body></html>`;
    const { all } = keyPointsOf('episode.html', html, 8);
    expect(all).toContain('Whitfield says the plan would allow');
    expect(all).toContain('Spotify, which bought the show in 2024');
    expect(all).not.toMatch(
      /Subscribe|Listen to|Follow the show|rate and review|listeners find|Northwind|ad choices|privacy|Produced|theme music|voice memo|member|sister show/,
    );
  });
});

describe('a live blog whose posts open with their time as a <time> element, with no dash after it', () => {
  it('quotes each post without its time', () => {
    const html = `<html><head><title>Strike day live: trains cancelled across the country | The Courier</title></head><body>
<h1>Strike day live: trains cancelled across the country</h1>
<article>
<p><time datetime="2027-03-02T09:41">9.41am</time> Network Rail says only one in five trains are running, and most lines will close by 6pm.</p>
<p><time datetime="2027-03-02T09:20">9.20am</time> The union's general secretary said members were "more determined than ever" after a year without a pay rise.</p>
<p><time datetime="2027-03-02T09:02">9:02 GMT</time> Roads into major cities are busier than usual, with the AA reporting queues on the M1 and M62.</p>
</article></body></html>`;
    const { result, all } = keyPointsOf('strike.html', html);
    expect(result.lead).toMatch(/^Network Rail says/);
    expect(all).not.toMatch(/\d[.:]\d\d/);
  });
});

describe('a live blog whose posts open with a bare 24-hour time, in bold or plain', () => {
  it('quotes each post without its time', () => {
    const html = `<html><head><title>Storm Ingrid live: power cuts and rail closures across the north</title></head><body>
<h1>Storm Ingrid live: power cuts and rail closures across the north</h1>
<p><strong>14:32</strong> More than 60,000 homes are now without power in Cumbria and Northumberland, the network operator says.</p>
<p><strong>13:55</strong> Network Rail has closed the West Coast Main Line between Preston and Carlisle after trees fell on the track.</p>
<p>13.10 Gusts of 94 mph were recorded at Great Dun Fell this morning, the Met Office said.</p>
</body></html>`;
    const { result, all } = keyPointsOf('storm.html', html);
    expect(result.lead).toMatch(/^More than 60,000 homes/);
    expect(all).not.toMatch(/\d\d[.:]\d\d/);
  });

  it('keeps a single paragraph that opens with a price shaped like a time', () => {
    const md = `# Hostels in the old town

14.50 Euros a night is what the Lantern hostel charges, the cheapest bed in the old town.

Most of its rooms sleep six, and breakfast costs extra.
`;
    const { all } = keyPointsOf('hostels.md', md);
    expect(all).toContain('14.50 Euros a night is what the Lantern hostel charges');
  });
});

const FERRIES = `# Ferries to the islands will run all winter

CalMac will keep its Arran and Mull ferries running through the winter for the first time, after the government agreed to pay for two relief vessels.

The relief ships will cover the routes while the main ferries are refitted, ending months of cancellations on the islands.

EXTRA

Islanders' groups welcomed the decision but said the new ferries promised for 2022 were still not in service.
`;

describe("a newsletter's sponsor block or correction, in a paragraph of its own between its stories", () => {
  it.each([
    [
      '**This issue is sponsored by Ledgerly.** Ledgerly makes bookkeeping simple for freelancers. Try it free for 30 days at ledgerly.example.',
      /Ledgerly|sponsored|Try it free/,
    ],
    [
      '**Correction:** Last week we said the crossing to Arran takes 45 minutes. It takes 55. Thanks to the readers who wrote in.',
      /Correction|It takes 55|Thanks to the readers/,
    ],
  ])('gives no point: %s', (extra, furniture) => {
    const { all } = keyPointsOf('ferries.md', FERRIES.replace('EXTRA', extra), 8);
    expect(all).toContain('Islanders');
    expect(all).not.toMatch(furniture);
  });

  it.each([
    [
      'This issue is sponsored by Ledgerly, which the regulator fined on Monday for misleading freelancers about its fees.',
      'which the regulator fined on Monday',
    ],
    [
      'Correction officers at the ferry terminal said: the new rota leaves the ticket office unstaffed on Sundays.',
      'the new rota leaves the ticket office unstaffed',
    ],
  ])('keeps news with the same words: %s', (extra, news) => {
    const { all } = keyPointsOf('ferries.md', FERRIES.replace('EXTRA', extra), 8);
    expect(all).toContain(news);
  });
});

describe("an emailed newsletter saved as Markdown, with the mailer's link above its '#' title", () => {
  it('is titled with the heading', () => {
    const md = `[View in browser](https://example.com/issue/42)

# The Commute #42: Cities are finally fixing the bus

Bus ridership in Houston rose 12 percent in the three years after the city redrew its network around frequent routes, according to a new analysis.

The redesign did not add money, as Houston cut low-ridership routes and used the savings to run buses every 15 minutes on more corridors.
`;
    const { result } = keyPointsOf('the-commute.md', md);
    expect(result.title).toBe('The Commute #42: Cities are finally fixing the bus');
  });
});

describe("a job posting's diversity statement", () => {
  it('gives no point', () => {
    const md = `# Product Designer

Fernleaf makes budgeting software for charities and community groups, and more than 2,000 organisations use it to track grants and donations.

You will be our second designer, working across the web app and our new mobile app with our engineers.

You will run research with charity treasurers and turn what you learn into prototypes that we test every fortnight.

*Fernleaf is committed to building a diverse team and encourages applications from under-represented groups.*
`;
    const { all } = keyPointsOf('job.md', md);
    expect(all).not.toMatch(/diverse|under-represented/);
  });
});

describe("a PDF saved as text, with its footnotes' numbers glued to sentences and their notes at the page's foot", () => {
  it('quotes the sentences without the numbers and no note as a point', () => {
    const text = `Review of Library Services 2026

The city's libraries recorded 2.4 million visits in 2026, an increase of 11 per cent on the previous year, driven largely by the extended evening opening hours introduced in March.1 Digital loans rose by a quarter, and e-audiobooks overtook e-books for the first time.

Children's activities were the fastest-growing area, with attendance at holiday reading events up 38 per cent.2

1 Evening opening was extended at six branches from 5pm to 8pm on weekdays.
2 Figures from the Summer Reading Challenge annual report.

The review recommends that extended opening hours be made permanent at all six branches and trialled at a further four, at an estimated cost of £310,000 a year.
`;
    const { article, all } = keyPointsOf('review.txt', text, 6);
    expect(sentencesOf(article)).toContain(
      "Children's activities were the fastest-growing area, with attendance at holiday reading events up 38 per cent.",
    );
    expect(all).not.toMatch(/March\.1|Evening opening was extended|Summer Reading Challenge/);
  });
});

describe('a number glued after a word with no note of its own', () => {
  it('stays, as a rank does', () => {
    const text = `Spieth eyes top spot

Jordan Spieth has Rory McIlroy and the world No.1 spot firmly in his sights after winning the Masters by four shots.

The 21-year-old said the ranking was now his main goal for the rest of the season.
`;
    const { article } = keyPointsOf('golf.txt', text);
    expect(sentencesOf(article).join(' ')).toContain('the world No.1 spot');
  });
});

describe("a job posting in plain text whose first line is its 'Job Title:' field", () => {
  it('is titled with the job, without the label', () => {
    const text = `Job Title: Community Library Assistant
Location: Harbour City Central Library
Salary: £23,500 per annum

We are looking for a friendly and organised library assistant to join our team at Harbour City Central Library.

You will help visitors find books and information, run weekly rhyme-time sessions for under-fives and support people using our public computers.
`;
    const { result } = keyPointsOf('job.txt', text);
    expect(result.title).toBe('Community Library Assistant');
  });
});

describe("a shop page's customer reviews, each opening with its star rating", () => {
  it('give no point', () => {
    const html = `<html><head><title>Lumen Desk Lamp | Lumen</title></head><body>
<h1>Lumen Desk Lamp</h1>
<p>The Lumen desk lamp shifts its colour temperature automatically from cool white in the morning to warm amber at night.</p>
<h2>Designed for focus</h2>
<p>A wide, flicker-free LED panel spreads light evenly across a 90cm desk without glare on your monitor.</p>
<h2>Built to last</h2>
<p>The body is made from recycled aluminium and every part is replaceable, with a five-year warranty on the LED panel.</p>
<h2>What our customers say</h2>
<p>★★★★★ "Best lamp I've owned, and my eyes feel much better after long days at the desk." — Sarah K.</p>
<p>★★★★☆ "Lovely build and a soft light, but I wish it came in black as well." — Tom R.</p>
</body></html>`;
    const { all } = keyPointsOf('lamp.html', html);
    expect(all).toContain('recycled aluminium');
    expect(all).not.toMatch(/★|Sarah K|Tom R/);
  });
});

describe("a planning notice in plain text that opens with its block of 'Label: value' fields", () => {
  const fields = `Application no.: 24/01873/FUL
Site address: 14 Mill Lane, Ashford
Proposal: Erection of a two-storey rear extension and single-storey side extension with associated alterations to the existing dwelling and landscaping
Decision: Granted subject to conditions`;
  const prose =
    "The council's planning committee approved the scheme on Tuesday after neighbours withdrew their objections over overshadowing of their gardens.";

  it('leads with its first prose paragraph, not its long Proposal field', () => {
    const { result } = keyPointsOf(
      'notice.txt',
      `Planning application notice\n\n${fields}\n\n${prose} Work is expected to begin in the spring.\n\nResidents can view the full decision notice and the officer's report at the town hall until the end of the month.\n`,
    );
    expect(result.lead).toContain(prose);
    expect(result.keyPoints.map((point) => point.summary).join(' ')).not.toMatch(/Erection/);
  });

  it('still leads with a field when the notice is nothing but fields', () => {
    const { result } = keyPointsOf('notice.txt', `Planning application notice\n\n${fields}\n`);
    expect(result.lead).toContain('Proposal: Erection');
  });

  it("keeps a news sentence opening with 'Proposal:' as the lead", () => {
    const sentence =
      'Proposal: the council wants to ban cars from the centre, its leader said on Monday.';
    const { result } = keyPointsOf(
      'ban.txt',
      `Council plans car ban\n\n${sentence}\n\nShops in the old town fear losing trade, though the council says footfall rose in other car-free towns.\n`,
    );
    expect(result.lead).toBe(sentence);
  });
});

describe('a plain-text forum reply that opens with the lines it quotes', () => {
  const reply =
    'Hold the reset button on the back for thirty seconds while the router is switched on, then wait for the lights to settle.';
  const rest =
    'If it still drops the connection after a reset, ask your provider to check the line, because a faulty filter often causes the same symptoms.';
  const quoted = `> How do I reset the router to its factory settings without losing my login details?
> I have tried unplugging the router from the wall several times already this week.`;

  it("leads with the reply's own text, and takes no point from the quoted lines, with or without 'Anna wrote:'", () => {
    for (const quote of [quoted, `Anna wrote:\n${quoted}`]) {
      const { result, all } = keyPointsOf(
        'forum.txt',
        `Router keeps dropping connection\n\n${quote}\n\n${reply}\n\n${rest}\n`,
      );
      expect(result.lead).toBe(reply);
      expect(all).not.toMatch(/How do I|unplugging/);
    }
  });

  it("still leads with a '>' that means more than, and with quoted lines that are the whole text", () => {
    const more = '>50 homes on the street have fitted solar panels since 2020, the council says.';
    expect(keyPointsOf('solar.txt', `Solar street\n\n${more}\n\n${rest}\n`).result.lead).toBe(more);
    expect(keyPointsOf('quote.txt', `Quoted\n\n${quoted}\n\n> ${reply}\n`).result.lead).toContain(
      'How do I reset the router',
    );
  });
});

describe('a Japanese, Chinese or Korean page whose date and time stand on a line under the headline', () => {
  const story = [
    '北海道では2日夜から3日朝にかけて強い冬型の気圧配置となり、札幌市で24時間の降雪量が58センチに達した。',
    'JR北海道によると、札幌駅を発着する快速エアポートなど270本が運休し、約6万人に影響が出た。',
    '気象台によると、4日にかけて道央や道北で引き続き大雪となるおそれがある。',
  ];

  it('leads with the story, not the date line', () => {
    for (const stamp of ['2026年12月3日 10時15分', '2026年12月3日', '2026년 12월 3일 14시 22분']) {
      const html = `<html lang="ja"><head><title>北海道で記録的な大雪</title></head><body><article><h1>北海道で記録的な大雪</h1><p class="date">${stamp}</p>${story.map((sentence) => `<p>${sentence}</p>`).join('')}</article></body></html>`;
      const { result, all } = keyPointsOf('snow.html', html);
      expect(result.lead).toBe(story[0]);
      expect(all).not.toContain(stamp);
    }
  });

  it('keeps a sentence that gives a date or a time as its news', () => {
    const sentence = '首相は2026年12月3日午前10時15分に官邸で記者会見を開き、辞任を表明した。';
    const html = `<html lang="ja"><head><title>首相が辞任表明</title></head><body><h1>首相が辞任表明</h1><p>${sentence}</p><p>${story[1]}</p><p>${story[2]}</p></body></html>`;
    expect(keyPointsOf('resign.html', html).result.lead).toBe(sentence);
  });
});

describe("an encyclopedia article's hatnote above its first paragraph", () => {
  const opening =
    "Lake Orvenna is a glacial lake in the north of Valdria, the country's second largest by surface area and its deepest.";
  const rest = [
    'The lake is about 27 kilometres long and at most 2.4 kilometres wide, and its basin was carved by the Teval glacier during the last ice age.',
    'Archaeologists have found the remains of at least fourteen pile-dwelling settlements along the shallow eastern shore, the oldest dated to around 3800 BC.',
  ];
  const hatnotes = [
    'For the village, see Orvenna (village).',
    'This article is about the lake. For the village, see Orvenna (village).',
    'For other uses, see Orvenna (disambiguation).',
    'Not to be confused with Lake Orvana.',
    '"Orvenna" redirects here. For the village, see Orvenna (village).',
  ];

  it('is neither the lead nor a point, in HTML, Markdown or plain text', () => {
    for (const hatnote of hatnotes) {
      const pages = {
        'lake.html': `<html><head><title>Lake Orvenna - Wikipedia</title></head><body><h1>Lake Orvenna</h1><div class="hatnote">${hatnote}</div><p>${opening}</p>${rest.map((sentence) => `<p>${sentence}</p>`).join('')}</body></html>`,
        'lake.md': `# Lake Orvenna\n\n*${hatnote}*\n\n${opening}\n\n${rest.join('\n\n')}\n`,
        'lake.txt': `Lake Orvenna\n\n${hatnote}\n\n${opening}\n\n${rest.join('\n\n')}\n`,
      };
      for (const [name, text] of Object.entries(pages)) {
        const { result, all } = keyPointsOf(name, text);
        expect(result.lead, `${name}: ${hatnote}`).toBe(opening);
        expect(all).not.toMatch(/, see |confused|redirects here/);
      }
    }
  });

  it('keeps news sentences that use the same words', () => {
    const news = [
      'For the villagers, seeing the river rise again was terrifying, the mayor said.',
      'For now, see you in court, the lawyer told reporters outside the building.',
      'This article is about to be rewritten by the commission, officials said on Tuesday.',
      'The council said the plan was not to be confused with the rejected bypass scheme of 2019.',
    ];
    for (const sentence of news) {
      const { result } = keyPointsOf(
        'news.txt',
        `Council news\n\n${sentence}\n\n${rest.join('\n\n')}\n`,
      );
      expect(result.lead).toBe(sentence);
    }
  });
});

describe("a product review's box of pros and cons above the review", () => {
  const review = [
    'Northwind has spent three years trying to build a laptop that weighs less than a kilogram without giving up a full day of battery life, and with the Aero 14 it has finally done it.',
    'The magnesium chassis weighs 980g, about 300g less than its closest rival, yet it feels rigid, with no flex in the keyboard deck even under firm typing.',
    'In our standard test, which loops web browsing and video playback, the Aero 14 lasted 17 hours and 40 minutes, nearly four hours longer than its rivals.',
    'The 2.8K OLED panel covers the full DCI-P3 colour range and reached 612 nits in our measurements with HDR content.',
  ];
  const box = (pros: string, cons: string) =>
    `<p><strong>${pros}</strong></p><ul><li>Weighs just 980g</li><li>Outstanding battery life</li><li>Bright, sharp OLED screen</li></ul><p><strong>${cons}</strong></p><ul><li>Grainy 720p webcam</li><li>Only two USB-C ports</li><li>Expensive upgrades</li></ul>`;

  it('heads no point with its labels, and quotes none of its items', () => {
    for (const [pros, cons] of [
      ['Pros', 'Cons'],
      ['The good', 'The bad'],
      ['What we like', "What we don't like"],
      ['Pros:', 'Cons:'],
    ]) {
      const html = `<html><head><title>Northwind Aero 14 review | GadgetBench</title></head><body><article><h1>Northwind Aero 14 review</h1>${box(pros ?? '', cons ?? '')}<p>${review[0]}</p><p>${review[1]}</p><h2>Battery life</h2><p>${review[2]}</p><h2>Display</h2><p>${review[3]}</p></article></body></html>`;
      const { result, all } = keyPointsOf('review.html', html);
      expect(result.keyPoints.map((point) => point.heading)).not.toContain(cons);
      expect(all).toContain(review[0]);
      expect(all).not.toMatch(/webcam|USB-C/);
    }
  });

  it('keeps a sentence that weighs the pros and cons', () => {
    const sentence =
      'Pros and cons of the new laptop were debated for hours by the council’s IT committee on Tuesday.';
    const { result } = keyPointsOf(
      'it.html',
      `<html><body><h1>Council buys laptops</h1><p>${sentence}</p><p>${review[1]}</p></body></html>`,
    );
    expect(result.lead).toBe(sentence);
  });
});

describe("a science news page's paper citation and notice under the story, as syndicated releases print them", () => {
  const story = [
    'Bumblebees can learn a two-step task that none of them could work out alone by watching a trained bee do it, according to a study published on Wednesday.',
    'The researchers built a puzzle box in which a bee had to push a blue tab out of the way before it could rotate a red one and reach a sugar reward.',
    'When the team trained a single demonstrator bee and let others watch it, 15 of 30 observers learned to open the box, most within a few days.',
    "Hart's team now plans to test whether wild colonies pass the behaviour from one generation of workers to the next.",
  ];

  it('gives no point from them', () => {
    const html = `<html><head><title>Bumblebees learn by watching</title></head><body><article><h1>Bumblebees learn by watching</h1>${story.map((sentence) => `<p>${sentence}</p>`).join('')}
<p><strong>More information:</strong> Lena Hart et al, Social learning of a two-step puzzle in bumblebees, <i>Nature Ecology &amp; Evolution</i> (2026). DOI: 10.1038/s41559-026-0000-0</p>
<p><strong>Journal information:</strong> Nature Ecology &amp; Evolution</p>
<p>Provided by University of Northbridge</p>
<p>This document is subject to copyright. Apart from any fair dealing for the purpose of private study or research, no part may be reproduced without the written permission. The content is provided for information purposes only.</p>
</article></body></html>`;
    const { all } = keyPointsOf('bees.html', html, 8);
    expect(all).toContain(story[3]);
    expect(all).not.toMatch(/et al|information purposes|Nature Ecology/);
  });
});

describe("a letters page, each letter signed with the writer's name in bold over a line of where they live", () => {
  const letters = [
    [
      'Libraries are more than books',
      'The council says the five branches it plans to close had fewer than 20,000 visits each last year, as if that settles the matter.',
      'Closing them will save £640,000 a year, but the cost of the loneliness and lost opportunity that follows will not appear in any budget.',
      '<strong>Ruth Abara</strong><br>Eastfield',
    ],
    [
      'Free school meals work',
      'Your report on the free school meals pilot in Westgate showed that attendance rose by 4 per cent in a single year.',
      'If the results hold, the council should extend the scheme to every primary school in the county before the next academic year.',
      "<strong>David Mensah</strong><br>Headteacher, St Aidan's Primary, Kelbrook",
    ],
  ];

  it('heads the points with the letters’ headings, not the signatures', () => {
    const html = `<html><head><title>Letters | The Northbridge Courier</title></head><body><article><h1>Letters: The library closures will hurt those who can least afford it</h1><p>Readers respond to the council's plan to close five branch libraries, and to last week's report on school meals.</p>${letters
      .map(
        ([heading, first, second, signature]) =>
          `<h2>${heading}</h2><p>${first}</p><p>${second}</p><p>${signature}</p>`,
      )
      .join(
        '',
      )}<p>Have an opinion on anything you've read in the Courier today? Email us your letter and it will be considered for publication.</p></article></body></html>`;
    const { result, all } = keyPointsOf('letters.html', html);
    expect(result.keyPoints.map((point) => point.heading)).toEqual([
      'Libraries are more than books',
      'Free school meals work',
    ]);
    expect(all).not.toMatch(/Ruth Abara|Mensah|Eastfield|Headteacher/);
  });

  it('still takes a bold line over a sentence for a subhead', () => {
    const html = `<html><body><h1>Valley guide</h1><p>${letters[0]?.[1]}</p><p><b>A lifeline for older residents</b><br>The nearest branch is now a 40-minute bus ride away for most of the village.</p><p><b>What happens next</b><br>The council will publish its final plan in March, after a second consultation.</p></body></html>`;
    const { result } = keyPointsOf('guide.html', html);
    expect(result.keyPoints.map((point) => point.heading)).toEqual([
      'A lifeline for older residents',
      'What happens next',
    ]);
  });
});

describe("a project's README announcing a release, with its Contributing and License sections", () => {
  const news = [
    'Shoreline is a free, open-source app that lets hikers download detailed topographic maps and use them without a phone signal.',
    'The app now draws a profile of the climbs and descents along a planned route, with the total ascent and an estimate of walking time.',
    'Map packs use a new vector format, so the whole of Scotland now takes 410 MB instead of 1.1 GB.',
  ];

  it('gives no point from them', () => {
    for (const [contributing, license] of [
      ['Contributing', 'License'],
      ['How to contribute', 'Licence'],
    ]) {
      const markdown = `# Shoreline 2.0\n\n${news[0]}\n\n## What's new\n\n${news[1]}\n\n${news[2]}\n\n## ${contributing}\n\nPull requests are welcome. For major changes, please open an issue first to discuss what you would like to change.\n\n## ${license}\n\nThis project is licensed under the MIT License, which lets anyone reuse the code for any purpose.\n`;
      const { all } = keyPointsOf('README.md', markdown);
      expect(all).toContain(news[1]);
      expect(all).not.toMatch(/open an issue|MIT License/);
    }
  });

  it("keeps a story's section whose heading only begins with the same word", () => {
    const markdown = `# Why the bridge failed\n\n${news[0]}\n\n## Contributing factors\n\nInvestigators found that corrosion in two cables had gone unreported for a decade before the collapse.\n\n## What happens next\n\n${news[2]}\n`;
    expect(keyPointsOf('bridge.md', markdown).all).toContain('corrosion in two cables');
  });

  it("keeps a story's 'Licence' section that the story goes on after", () => {
    const markdown = `# Harbour pub loses its licence\n\n${news[0]}\n\n## Licence\n\nMagistrates revoked the Anchor's licence on Friday after police recorded 14 assaults outside it in a year.\n\n## What happens next\n\n${news[2]}\n`;
    expect(keyPointsOf('pub.md', markdown).all).toContain('Magistrates revoked');
  });
});

describe("a Medium post's closing box about its writer, headed 'Written by …'", () => {
  const story = [
    'A year ago, our 23-person design agency moved to a four-day week with no cut in pay, and our revenue rose by 9 per cent.',
    'Everyone works Monday to Thursday, and Friday is off unless a client emergency cannot wait.',
    'Days lost to illness fell from an average of seven per person to just under three, which made up for much of the lost time.',
  ];

  it('gives no point, and nor do the responses under it', () => {
    const html = `<html><head><title>What I learned | by Priya Nair | Medium</title></head><body><article><h1>What I learned running a four-day week for a year</h1>${story.map((sentence) => `<p>${sentence}</p>`).join('')}<h2>Written by Priya Nair</h2><p>1.2K Followers</p><p>Founder of Northlight Studio, writing about work, design and running a small business in the north of England.</p><h2>Responses (18)</h2><p>What a thoughtful piece about how small companies can change the way they work.</p></article></body></html>`;
    const { all } = keyPointsOf('medium.html', html, 6);
    expect(all).toContain(story[2]);
    expect(all).not.toMatch(/Northlight|thoughtful/);
  });

  it("keeps a story's closing section headed by what someone wrote", () => {
    const html = `<html><body><h1>The lost letters of Harbour City</h1><p>${story[0]}</p><h2>The archive</h2><p>${story[1]}</p><h2>Written by hand in 1916</h2><p>The letters, written by soldiers to their families, were found in a sealed box under the floor of the old post office.</p></body></html>`;
    expect(keyPointsOf('letters.html', html).all).toContain('sealed box under the floor');
  });
});

describe('meeting minutes in Markdown that open with their fields a line each, each label in bold', () => {
  const fields =
    '**Present:** J. Harper (chair), M. Osei, R. Clarke, T. Novak, S. Li\n**Apologies:** D. Fraser\n**Minutes:** T. Novak';
  const body = [
    'The chair reported that the burst pipe on the north field had been repaired by the council at no cost to the society.',
    'The council has confirmed that plot rents will rise from £42 to £48 a year from April, the first increase since 2021.',
    'There are now 64 people on the waiting list, up from 38 a year ago, and the committee agreed to split vacant plots.',
  ];

  it('does not lead with the fields run together', () => {
    const { result, all } = keyPointsOf(
      'minutes.md',
      `# Allotment committee minutes, 2 December 2026\n\n${fields}\n\n${body.join('\n\n')}\n`,
    );
    expect(result.lead).toBe(body[0]);
    expect(all).not.toMatch(/Apologies|Harper/);
  });

  it('keeps a paragraph whose first line only opens with a label', () => {
    const paragraph =
      'Warning: the bridge will close\nfrom Monday for three weeks while engineers replace its bearings.';
    const { result } = keyPointsOf('bridge.md', `# Bridge closure\n\n${paragraph}\n\n${body[1]}\n`);
    expect(result.lead).toBe(paragraph.replace('\n', ' '));
  });
});

describe("an emailed newsletter's greeting that welcomes the reader to the issue", () => {
  it('is not the lead', () => {
    const story =
      'Negotiators at Cop31 agreed a deal on Saturday that commits countries to phase out coal power by 2040.';
    const { result, all } = keyPointsOf(
      'brief.md',
      `# The Climate Brief: Cop31 deal lands at the last minute\n\nHi everyone, and welcome to issue 118.\n\n${story}\n\nThe agreement also sets a new target of $400bn a year in climate finance for developing countries.\n\nSmall island states called the coal deadline too late and said they would press for 2035.\n`,
    );
    expect(result.lead).toBe(story);
    expect(all).not.toMatch(/welcome/i);
  });
});

describe("a recipe's or a review's affiliate disclosure in a paragraph of its own above the story", () => {
  const story = [
    'This one-pan lemon chicken orzo has become our most requested weeknight dinner, and it comes together in about 35 minutes.',
    'The orzo cooks right in the chicken stock, soaking up all the flavour from the browned thighs, garlic and lemon zest.',
    'Browning the chicken first leaves a fond in the pan that gives the orzo its deep, savoury flavour.',
  ];
  const page = (disclosure: string, lang = 'en') =>
    `<html lang="${lang}"><head><title>Lemon chicken orzo | Simply Supper</title></head><body><article><h1>Lemon chicken orzo</h1><p><em>${disclosure}</em></p>${story.map((sentence) => `<p>${sentence}</p>`).join('')}</article></body></html>`;

  it('goes whole, with what follows the notice in its paragraph', () => {
    for (const disclosure of [
      'This post may contain affiliate links. As an Amazon Associate I earn from qualifying purchases. Please read my disclosure policy.',
      "When you purchase through links on our site, we may earn an affiliate commission. Here's how it works.",
      'As an Amazon Associate, we earn from qualifying purchases. Thank you for supporting the site!',
    ]) {
      const { result, all } = keyPointsOf('orzo.html', page(disclosure));
      expect(result.lead).toBe(story[0]);
      expect(all).not.toMatch(/qualifying|disclosure|how it works|commission|supporting/i);
    }
    const markdown = `# Lemon chicken orzo\n\n*This post contains affiliate links. As an Amazon Associate, I earn from qualifying purchases.*\n\n${story.join('\n\n')}\n`;
    expect(keyPointsOf('orzo.md', markdown).result.lead).toBe(story[0]);
  });

  it('goes whole in French and German too', () => {
    for (const [disclosure, lang] of [
      [
        'Cet article peut contenir des liens affiliés. Nous percevons une commission sur les achats effectués via ces liens.',
        'fr',
      ],
      [
        'Dieser Beitrag enthält Affiliate-Links. Wenn du über diese Links einkaufst, erhalten wir eine kleine Provision.',
        'de',
      ],
    ] as const) {
      const { all } = keyPointsOf('orzo.html', page(disclosure, lang), 8);
      expect(all).not.toMatch(/commission|Provision/);
    }
  });

  it('goes whole after the site speaking of its reviews in the same note', () => {
    for (const note of [
      'We test every product we review. We may earn a commission if you buy through our links.',
      'I only recommend tools I use every day. As an Amazon Associate I earn from qualifying purchases.',
    ]) {
      const { result, all } = keyPointsOf('orzo.html', page(note), 8);
      expect(result.lead).toBe(story[0]);
      expect(all).not.toMatch(/every product|every day|commission|qualifying/);
    }
    const markdown = `# Lemon chicken orzo\n\n*We test every product we review. We may earn a commission if you buy through our links.*\n\n${story.join('\n\n')}\n`;
    expect(keyPointsOf('orzo.md', markdown).result.lead).toBe(story[0]);
  });

  it('leaves the news a short paragraph gives before it', () => {
    const news = 'The council voted on Tuesday to close the Riverside library for two years.';
    const { result } = keyPointsOf(
      'library.html',
      `<html><body><h1>Library to close</h1><p>${news} We may earn a commission if you buy through our links.</p><p>${story[1]}</p></body></html>`,
    );
    expect(result.lead).toBe(news);
  });

  it('keeps news sentences that use the same words', () => {
    const news = [
      'Bloggers who earn from qualifying purchases on Amazon will have to label every link from March, the Competition and Markets Authority said.',
      'Publishers that take an affiliate commission on sales made through their links face new rules on disclosure.',
      '"We receive a commission on every sale," the founder told the committee, adding that reviews were never paid for.',
    ];
    const { result, all } = keyPointsOf(
      'links.html',
      `<html><body><h1>Regulator targets affiliate links</h1>${news.map((sentence) => `<p>${sentence}</p>`).join('')}</body></html>`,
    );
    expect(result.lead).toBe(news[0]);
    for (const sentence of news) expect(all).toContain(sentence);
  });
});

describe('a list of short items without a full stop under a label above the story, as a weather warning sets its impacts', () => {
  const story = [
    'A yellow weather warning for snow and ice has been issued for much of northern England from Tuesday evening until midday on Wednesday.',
    'Between 2 and 5cm of snow is expected to fall on ground above 200 metres, with up to 15cm possible on the highest routes across the Pennines.',
    'National Highways urged drivers to check their route before setting off and to carry a blanket and a charged phone.',
  ];
  const items = [
    'Some roads and railways likely to be affected with longer journey times by road, bus and train services',
    'Some injuries from slips and falls on icy surfaces',
    'Probably some icy patches on some untreated roads, pavements and cycle paths',
  ];
  const advice =
    '<h2>What should I do?</h2><p>Prepare for travel delays and check road conditions before you travel.</p>';

  it('is not the lead: the story opens with its first sentence', () => {
    const html = `<html><head><title>Snow and ice warning</title></head><body><article><h1>Snow and ice warning for northern England</h1><p>Issued at: 10:42 on Mon 7 Dec 2026</p><p>Valid from: 18:00 Tue 8 Dec · Valid to: 12:00 Wed 9 Dec</p><p><strong>What to expect</strong></p><ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>${story.map((sentence) => `<p>${sentence}</p>`).join('')}${advice}</article></body></html>`;
    expect(keyPointsOf('warning.html', html).result.lead).toBe(story[0]);
    const markdown = `# Snow and ice warning for northern England\n\nIssued at: 10:42 on Mon 7 Dec 2026\n\nValid from: 18:00 Tue 8 Dec · Valid to: 12:00 Wed 9 Dec\n\n**What to expect**\n\n${items.map((item) => `- ${item}`).join('\n')}\n\n${story.join('\n\n')}\n\n## What should I do?\n\nPrepare for travel delays and check road conditions before you travel.\n`;
    expect(keyPointsOf('warning.md', markdown).result.lead).toBe(story[0]);
  });

  it('still leads a page that has nothing but such items', () => {
    const html = `<html><body><h1>What to expect</h1><ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul></body></html>`;
    expect(keyPointsOf('impacts.html', html).result.lead).toBe(items[0]);
  });
});

describe("a post's closing asks to the reader: a question about the post over what to do, a sign-off, a sponsor's thanks", () => {
  const story = [
    'Logrotate is installed by default on Ubuntu, but a new application needs a file of its own in the logrotate folder.',
    'The configuration below keeps 14 days of compressed logs and does not complain when a log is missing.',
    'Logrotate now keeps the application’s logs to a fixed size, so a runaway log can no longer fill the disk.',
  ];
  const page = (closing: string) =>
    `# How to rotate logs with logrotate\n\n${story.join('\n\n')}\n\n${closing}\n`;

  it('gives no point', () => {
    for (const closing of [
      'Did you make this recipe? Leave a comment below and tag me on Instagram!',
      'Found this useful? Share it with a friend and follow me on Twitter for more tips.',
      'Enjoyed this post? Subscribe to get the next one by email.',
      'Hast du das Rezept ausprobiert? Dann hinterlasse uns gerne einen Kommentar und eine Bewertung!',
      "That's all for this week! If you enjoyed this issue, forward it to a friend. See you next Friday.",
      'Thanks for learning with the DevNotes Community. Check out our offerings for compute and storage.',
      'Thanks to our sponsor, Ledgerly — the easiest way to track every pension you have ever had.',
    ]) {
      const { all } = keyPointsOf('logrotate.md', page(closing), 8);
      expect(all).toContain(story[2]);
      expect(all).not.toMatch(/comment|friend|Subscribe|Kommentar|issue|offerings|Ledgerly/);
    }
  });

  it('keeps news sentences that use the same words', () => {
    const news = [
      'Did you make this recipe for disaster yourself, the judge asked the defendant, before adjourning the case until March.',
      'Thanks to our sponsors, the festival will stay free this year, the organisers said on Monday.',
      'Thanks for listening to us, the residents told the council after it dropped the plan for a car park.',
      "That's all for this week's storm, forecasters said, with calmer weather expected from Monday.",
      'Loved it? Hated it? Readers sent us 3,000 letters about the new bridge in its first week.',
    ];
    const { all } = keyPointsOf('news.md', `# Town news\n\n${news.join('\n\n')}\n`, 8);
    for (const sentence of news.slice(0, 4)) expect(all).toContain(sentence);
    expect(all).toContain('Readers sent us 3,000 letters about the new bridge in its first week.');
  });
});

describe("a science release's paper cited in a paragraph of its own, the title and journal after the authors", () => {
  const story = [
    'Microbes living near methane seeps lock away the greenhouse gas as carbonate rock far faster than previously thought, according to a study published on Wednesday.',
    'The team measured carbonate formation in sediment cores collected at 1,200 metres depth off the coast of Oregon.',
    'Microbial communities converted up to 40% of the methane seeping from below into solid minerals within a few years.',
    'The researchers now plan to study whether warming ocean waters could slow the process.',
  ];
  const page = (citation: string) =>
    `<html><head><title>Microbes turn methane into rock</title></head><body><article><h1>Microbes turn methane into rock</h1>${story.map((sentence) => `<p>${sentence}</p>`).join('')}<p>${citation}</p></article></body></html>`;

  it('gives no point from any of its parts', () => {
    for (const citation of [
      '<strong>Reference:</strong> Yusuf, A. et al. Rapid microbial carbonate precipitation at methane seeps. Nat. Geosci. (2026). https://doi.org/10.1038/s41561-026-01234-5',
      'Journal reference: Yusuf, A., Marsh, H. &amp; Lin, S. Rapid microbial carbonate precipitation at methane seeps. Nature Geoscience, 2026; 19 (4): 211.',
      '<strong>Référence :</strong> Yusuf, A. et al. Rapid microbial carbonate precipitation at methane seeps. Nature Geoscience (2026). DOI : 10.1038/s41561-026-01234-5',
      'Originalpublikation: Yusuf, A. et al. Rapid microbial carbonate precipitation at methane seeps. Nature Geoscience (2026). DOI: 10.1038/s41561-026-01234-5',
    ]) {
      const { all } = keyPointsOf('seeps.html', page(citation), 8);
      expect(all).toContain(story[3]);
      expect(all).not.toMatch(/Rapid microbial|Nature Geoscience,|Geosci/);
    }
  });

  it('keeps a paragraph of news under the same label', () => {
    const news =
      'Reference: the council will publish the full report in March, along with the 2026 figures. Rents in the city have risen faster than wages for a decade, the report found.';
    const { all } = keyPointsOf('rents.html', page(news), 8);
    expect(all).toContain(
      'Rents in the city have risen faster than wages for a decade, the report found.',
    );
  });
});

describe("a show's or a newsletter's sponsors under a subhead of their own", () => {
  const notes = [
    'Night trains are making a comeback across Europe, and operators are betting on sleeper services again.',
    'Rail journalist Mark Lowe explains why the first wave of new routes lost money, and what the operators changed.',
    "Austria's state railway now runs more than 20 night routes and carried 1.5 million sleeper passengers last year.",
  ];

  it('give no point', () => {
    for (const heading of [
      'Sponsors',
      'Our sponsors',
      "This week's sponsor",
      'Sponsored',
      'A word from our sponsor',
    ]) {
      const markdown = `# Ep. 57: The future of night trains\n\n${notes[0]}\n\n## ${heading}\n\n- **Ledgerly** — track every pension in one place. Get a free month at ledgerly.example/trains\n- **Northwind Rail Passes** — 10% off with code SLEEPER\n\n## The new operators\n\n${notes[1]}\n\n## Can sleepers pay?\n\n${notes[2]}\n`;
      const { result, all } = keyPointsOf('ep57.md', markdown, 8);
      expect(result.keyPoints.map((point) => point.heading)).not.toContain(heading);
      expect(all).not.toMatch(/Ledgerly|SLEEPER/);
      expect(all).toContain(notes[2]);
    }
  });

  it("keeps a story's section whose heading is news about sponsors", () => {
    const markdown = `# Festival in trouble\n\n${notes[0]}\n\n## Sponsors pull out\n\nThree of the festival's four sponsors withdrew their money on Monday after the ticket scandal.\n\n## What happens next\n\n${notes[2]}\n`;
    expect(keyPointsOf('festival.md', markdown, 8).all).toContain(
      "Three of the festival's four sponsors withdrew their money on Monday after the ticket scandal.",
    );
  });
});

describe('a section of related stories under its own heading', () => {
  const story = [
    'Die Lokführergewerkschaft GDL hat für Dienstag zu einem ganztägigen Streik im Personenverkehr aufgerufen.',
    'Die Gewerkschaft fordert eine Lohnerhöhung von 3,5 Prozent sowie eine kürzere Wochenarbeitszeit.',
    'Verkehrsminister Volker Wissing rief beide Seiten zu einer raschen Einigung auf.',
  ];
  const teasers = [
    'Streik bei der Bahn: Welche Rechte Fahrgäste bei Zugausfällen haben und wie sie ihr Geld zurückbekommen.',
    'Tarifkonflikt: Warum sich Bahn und GDL seit Monaten nicht einigen können, erklären Experten.',
  ] as const;
  /** The story's key points and lead, with `after` (headings and paragraphs) under it. */
  const pointsWith = (after: readonly (readonly [string, string])[]) => {
    const tail = after.map(([heading, text]) => `<h2>${heading}</h2><p>${text}</p>`).join('');
    const paragraphs = story.map((text) => `<p>${text}</p>`).join('');
    const html = `<html lang="de"><head><title>Bahnstreik</title></head><body><article><h1>Bahnstreik</h1>${paragraphs}${tail}</article></body></html>`;
    return keyPointsOf('bahn.html', html, 8).all;
  };

  it('gives no point, in any language, wherever it stands', () => {
    for (const heading of [
      'Mehr zum Thema',
      'Das könnte Sie auch interessieren',
      '関連記事',
      'Related stories',
      'Похожие новости:',
    ]) {
      const all = pointsWith([[heading, `${teasers[0]}</p><p>${teasers[1]}`]]);
      expect(all, heading).not.toMatch(/Tarifkonflikt|Zugausfällen/);
      expect(all).toContain(story[2]);
    }
  });

  it("keeps a story's section whose heading only opens with the words", () => {
    const news =
      'Die damit verbundenen Kosten stiegen nach Angaben der Bahn um ein Drittel auf 1,2 Milliarden Euro.';
    const all = pointsWith([
      ['Mehr zum Thema Kosten', news],
      ['Related costs rose', teasers[0]],
    ]);
    expect(all).toContain(news);
    expect(all).toContain(teasers[0]);
  });

  it('keeps the story going on after a prompt to read one other story', () => {
    const rest =
      'Die Verhandlungen waren Ende November nach der dritten Runde ergebnislos abgebrochen worden.';
    expect(pointsWith([['Lesen Sie auch', rest]])).toContain(rest);
  });
});

describe("a broadcast transcript whose first turn opens with the host's greeting", () => {
  const turns = [
    'NICK ROBERTS: Good morning. The Chancellor, Rachel Green, joins me now after a Budget that froze income tax thresholds until 2030.',
    'RACHEL GREEN: We kept income tax, national insurance and VAT rates exactly where they were, and we are asking the wealthiest to pay their fair share.',
    'NICK ROBERTS: The Office for Budget Responsibility says the freeze will pull 1.2 million more people into the higher rate by 2029.',
    'RACHEL GREEN: The freeze was set by the last government, and what we have done is raise £26bn for the NHS.',
  ];

  it('leads with what the host says after it', () => {
    for (const greeting of ['Good morning.', 'Hello, everyone.', 'Good evening and welcome.']) {
      const text = `Interview with the Chancellor\n\n${turns.map((turn, at) => (at === 0 ? turn.replace('Good morning.', greeting) : turn)).join('\n\n')}\n`;
      expect(keyPointsOf('budget.txt', text).result.lead).toBe(
        'The Chancellor, Rachel Green, joins me now after a Budget that froze income tax thresholds until 2030.',
      );
    }
  });

  it('keeps a sentence that opens with the words', () => {
    const sentence =
      'Good morning, Vietnam was the film that made Robin Williams a star, and it opens at the Lido on Friday.';
    expect(keyPointsOf('film.txt', `Cinema news\n\n${sentence}\n\n${turns[2]}\n`).result.lead).toBe(
      sentence,
    );
  });
});

describe("an earnings call's transcript, with the operator's lines and the call's furniture", () => {
  const transcript = `Harbor Logistics (HRBR) Q3 2026 Earnings Call Transcript

Operator: Good day, ladies and gentlemen, and welcome to the Harbor Logistics Third Quarter 2026 Earnings Conference Call. At this time, all participants are in a listen-only mode. As a reminder, this conference call is being recorded. I would now like to turn the call over to Jane Roe, Head of Investor Relations. Please go ahead.

Jane Roe: Thank you, operator. Before we begin, I'd like to remind everyone that today's remarks contain forward-looking statements, and actual results may differ materially. With me today are our CEO Dana Whitfield and our CFO Marco Diaz.

Dana Whitfield: Thanks, Jane, and good afternoon, everyone. Revenue rose 14% to $1.2 billion in the third quarter, driven by record volumes in our less-than-truckload business. We are raising our full-year revenue outlook to between $4.6 billion and $4.7 billion.

Marco Diaz: Thank you, Dana. Operating margin improved by 120 basis points to 11.4%, as higher prices and lower fuel costs more than offset wage increases.

Operator: Thank you. We will now begin the question-and-answer session. Our first question comes from Tom Hale with Northbridge Securities. Please go ahead.

Tom Hale: Can you talk about pricing in the fourth quarter?

Dana Whitfield: Sure. Contract renewals are coming in about 5% higher, and we expect that to hold through the peak season.

Operator: This concludes today's conference call. Thank you for participating. You may now disconnect.
`;

  it('leads with what the executives say, and quotes none of the furniture', () => {
    const { result, all } = keyPointsOf('call.txt', transcript, 6);
    expect(result.lead).not.toMatch(/welcome|listen-only/);
    expect(all).toContain('Revenue rose 14% to $1.2 billion in the third quarter');
    expect(all).not.toMatch(
      /listen-only|being recorded|turn the call over|forward-looking|With me today|first question|concludes|disconnect/,
    );
  });

  it('keeps news sentences that use the same words', () => {
    const news = [
      'Welcome to the earnings call that wiped $40bn off the company, analysts said on Wednesday after the shares fell 18%.',
      'The chief executive said the company would turn the call centre over to a contractor in Manila next year.',
      'Our first question to the minister was about the cost of the bridge, and she did not answer it.',
      '"I would like to hand the floor over to the families of the victims," the judge said before passing sentence.',
      'The chief executive left the stage saying "I would like to turn the floor over to the unions" as shareholders booed.',
    ];
    const { all } = keyPointsOf('news.txt', `Markets\n\n${news.join('\n\n')}\n`, 6);
    for (const sentence of news) expect(all).toContain(sentence);
  });
});
