import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { MAX_HTML_NESTING } from '../../../lambda/core/article/html-nesting';
import { parseArticle } from '../../../lambda/core/article/parse-article';
import { htmlBlocks, markLineBreaks } from '../../../lambda/core/article/parse-html';
import type { Article } from '../../../lambda/core/article/types';

const examples = join(import.meta.dirname, '../../../examples/articles');

function parsePage(html: string, name = 'page.html'): Article {
  return parseArticle({ name, bytes: new TextEncoder().encode(html) });
}

const paragraph = (topic: string) =>
  `<p>The ${topic} was discussed at length by the committee on Monday. Members agreed that the ${topic} needs more money and a clear timetable before the winter.</p>`;

describe('parseArticle on HTML', () => {
  const name = 'night-trains.html';
  const example = parseArticle({ name, bytes: readFileSync(join(examples, name)) });

  it('takes title, canonical URL, date and author from the page metadata', () => {
    expect(example).toMatchObject({
      format: 'html',
      title: 'Night trains return to the timetable',
      url: 'https://example.com/transport/night-trains-return',
      date: '2024-09-03T06:00:00Z',
      author: 'Newsletter sample desk',
    });
  });

  // A page's character references can name control characters (&#8;, &#x1b;): the parser keeps
  // them, and they reached the email's text part (where a terminal mail reader runs an ESC
  // sequence) and its HTML (where some clients draw a box).
  it('reads the control characters a page names by reference as spaces, in headings and paragraphs', () => {
    const article = parsePage(`<!doctype html><html><body><article>${paragraph('budget')}
      <h2>Fares&#x7;rise</h2>
      <p>Bus fares&#8;rise &#x1b;[31mfrom&#x1; Monday,&#x7f;the council said on Tuesday. Riders were told in a letter sent to every home in the town.</p>
      </article></body></html>`);
    const texts = article.sections.flatMap((section) => [
      section.heading ?? '',
      ...section.paragraphs.flatMap((paragraph) => [paragraph.text, ...paragraph.sentences]),
    ]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    const control = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/;
    expect(texts.filter((text) => control.test(text))).toEqual([]);
    expect(article.sections[1]?.heading).toBe('Fares rise');
    expect(article.sections[1]?.paragraphs[0]?.sentences[0]).toBe(
      'Bus fares rise [31mfrom Monday, the council said on Tuesday.',
    );
  });

  // A <br> (in a paragraph: an address, a poem, a CMS's soft return) went with nothing in its
  // place: "on Tuesday<br>after" reached the email as "on Tuesdayafter", "spending.<br>It agreed"
  // was one sentence "spending.It agreed", and an h1 "Bus fares<br>fall today" the subject.
  it('reads a <br> as a line break: a space between words, none in Chinese', () => {
    const page = parsePage(
      `<!doctype html><html><body><article><h1>Bus fares<br>fall today</h1>${paragraph('budget')}${paragraph('scheme')}</article></body></html>`,
    );
    expect(page.title).toBe('Bus fares fall today');
    const article = parsePage(`<!doctype html><html><body><article>${paragraph('budget')}
      <p>The council approved the plan on Tuesday<br>after a long debate about spending.<br/>It agreed to review it in <b>May<br></b>next year.</p>
      <p lang="zh">预计惠及<br>超过二十万户家庭。</p>
      </article></body></html>`);
    expect(article.sections[0]?.paragraphs.slice(1).map((paragraph) => paragraph.text)).toEqual([
      'The council approved the plan on Tuesday after a long debate about spending. It agreed to review it in May next year.',
      '预计惠及超过二十万户家庭。',
    ]);
    expect(article.sections[0]?.paragraphs[1]?.sentences).toEqual([
      'The council approved the plan on Tuesday after a long debate about spending.',
      'It agreed to review it in May next year.',
    ]);
  });

  // A node per <br> doubled the nodes of a page of short lines: 5 MB of "word<br>" took 49 s of
  // CPU, 25 s when the break is written into the text that follows it.
  it('writes the line break after a <br> into the text after it, adding a node only where no text follows', () => {
    const { document } = parseHTML('<p>on Tuesday<br>after<br><b>May</b><br></p>');
    const nodes = () =>
      [...(document.querySelector('p')?.childNodes ?? [])].map((node) =>
        node.nodeName === '#text' ? node.textContent : node.nodeName,
      );
    markLineBreaks(document);
    const marked = ['on Tuesday', 'BR', '\nafter', 'BR', '\n', 'B', 'BR', '\n'];
    expect(nodes()).toEqual(marked);
    markLineBreaks(document);
    expect(nodes()).toEqual(marked);
  });

  // An icon's <title> and <text> are its label for screen readers, and were read as words of the
  // article: "Clock iconThe council approved…" led the email.
  it('leaves out the text of an inline SVG icon, in a paragraph and in the headline', () => {
    const icon = (label: string) =>
      `<svg class="icon" viewBox="0 0 16 16" aria-hidden="true"><title>${label}</title><text x="0" y="12">${label}</text><path d="M0 0h16v16z"/></svg>`;
    const article = parsePage(
      `<!doctype html><html><head><title>Storm closes coast road | Valley Post</title></head><body><article><h1>${icon('Live')}Storm closes coast road</h1><p>${icon('Clock icon')}The council approved the plan on Tuesday after a long debate about spending.</p>${paragraph('budget')}</article></body></html>`,
    );
    expect(article.title).toBe('Storm closes coast road');
    expect(article.sections[0]?.paragraphs[0]?.text).toBe(
      'The council approved the plan on Tuesday after a long debate about spending.',
    );
    // Raw HTML in Markdown too.
    expect(htmlBlocks('notes.md', `<p>${icon('Share')}Bus fares rise on Monday.</p>`)).toEqual([
      { kind: 'paragraph', text: 'Bus fares rise on Monday.' },
    ]);
  });

  it('takes the language the page declares, and none from a page that declares none or no tag', () => {
    const page = (lang: string) =>
      parsePage(
        `<!doctype html><html${lang}><body><article>${paragraph('budget')}</article></body></html>`,
      );
    expect(page(' lang="pt_BR"').language).toBe('pt-BR');
    expect(page(' lang="FR"').language).toBe('fr');
    expect(page('').language).toBeUndefined();
    expect(page(' lang="english"').language).toBeUndefined();
    expect(example.language).toBe('en');
  });

  it('keeps the article text and drops navigation, byline, related links and footer', () => {
    const text = JSON.stringify(example.sections);
    expect(text).toContain('Sleeper trains are coming back');
    expect(text).not.toMatch(/Home|Subscribe|By Newsletter|Ten quiet railway|Copyright|Sign up/);
    expect(example.sections[0]?.paragraphs[0]?.sentences[0]).toMatch(/^Sleeper trains are coming/);
  });

  it('turns h2 and h3 into subheads', () => {
    const article = parsePage(
      `<html><head><title>Budget day</title></head><body><article><h1>Budget day</h1>${paragraph('budget')}<h2>Roads</h2>${paragraph('road plan')}<h3>Schools</h3>${paragraph('school plan')}</article></body></html>`,
    );
    expect(article.title).toBe('Budget day');
    expect(article.sections.map((section) => section.heading)).toEqual([null, 'Roads', 'Schools']);
    expect(article.url).toBeUndefined();
  });

  it('turns a short paragraph wholly in bold into a subhead, as editors write one without h2', () => {
    const article = parsePage(
      `<html><head><title>Heat pumps</title></head><body><article><h1>Heat pumps</h1>${paragraph('grant')}<p><strong>1. Your radiators may need replacing</strong></p>${paragraph('radiator')}<p><b>2. Insulation comes first</b></p>${paragraph('insulation')}<p><strong>The council has agreed the grant.</strong></p>${paragraph('budget')}</article></body></html>`,
    );
    expect(article.sections.map((section) => section.heading)).toEqual([
      null,
      '1. Your radiators may need replacing',
      '2. Insulation comes first',
    ]);
    expect(article.sections[2]?.paragraphs[1]?.text).toBe('The council has agreed the grant.');
  });

  it('keeps a bold question on the line above its answer a paragraph of its own', () => {
    const article = parsePage(
      `<html><body><h1>Pool</h1>${paragraph('pool')}<p><b>When can I book?</b><br>Bookings open on 20 May on the leisure centre website.</p></body></html>`,
    );
    expect(article.sections[0]?.paragraphs.slice(-2).map((paragraph) => paragraph.text)).toEqual([
      'When can I book?',
      'Bookings open on 20 May on the leisure centre website.',
    ]);
  });

  it('takes a bold line over the text of its paragraph for a subhead, not the start of a sentence', () => {
    const article = parsePage(
      `<html><head><title>Shop</title></head><body><article><h1>Shop</h1>${paragraph('share offer')}<p><b>A lifeline for older residents</b><br>The nearest supermarket is nine miles away and the bus runs twice a day.</p><p><strong>A café too</strong> <br> Volunteers will run a café in the back room from September.</p></article></body></html>`,
    );
    expect(
      article.sections.map((section) => [
        section.heading,
        section.paragraphs.map((paragraph) => paragraph.text.slice(0, 15)),
      ]),
    ).toEqual([
      [null, ['The share offer']],
      ['A lifeline for older residents', ['The nearest sup']],
      ['A café too', ['Volunteers will']],
    ]);
  });

  // A sign-up box set in the story as a paragraph: its bold title was dropped as a run-in label, and
  // its pitch led the email ("The top stories from the valley, in your inbox every weekday…").
  it("leaves out a short paragraph under a bold line that is the page's furniture, and keeps a label's text", () => {
    const article = parsePage(
      `<html><head><title>Bridge</title></head><body><article>${paragraph('bridge')}<p><strong>Get our morning briefing.</strong> The top stories from the valley, in your inbox every weekday at 7am. Sign up now, it's free.</p><p><strong>Search.</strong> Search results now show the bridge closure and the new bus routes.</p><p><b>Follow us on Twitter.</b> The council published the full list of diversions on Friday, with maps for each of the eleven bus routes that cross the river, and said that residents of the north bank would receive a printed copy by post before the closure begins in the spring.</p>${paragraph('bus route')}</article></body></html>`,
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      expect.stringMatching(/^The bridge was/),
      'Search results now show the bridge closure and the new bus routes.',
      // A story's text after a stray line of furniture is the story's.
      expect.stringMatching(/^(?:Follow us on Twitter\. )?The council published the full list/),
      expect.stringMatching(/^The bus route was/),
    ]);
  });

  it("takes a numbered item's bold run-in head for a subhead over the item's text", () => {
    const article = parsePage(
      `<html><head><title>Deadlines</title></head><body><article><h1>Deadlines</h1>${paragraph('deadline')}<p><strong>1. They break work into pieces.</strong> A task that fits in a day can be estimated honestly.</p><p><b>2. They say no early.</b> Declining a request on day one costs a conversation.</p></article></body></html>`,
    );
    expect(article.sections.map((section) => section.heading)).toEqual([
      null,
      '1. They break work into pieces.',
      '2. They say no early.',
    ]);
    expect(article.sections[2]?.paragraphs[0]?.text).toBe(
      'Declining a request on day one costs a conversation.',
    );
  });

  it("takes a <details> element's <summary> for the subhead of what it folds away", () => {
    const article = parsePage(
      `<html><head><title>Parking</title></head><body><article><h1>Parking</h1>${paragraph('parking fee')}<h2>Frequently asked questions</h2><details><summary>Can I pay with my phone?</summary><p>Yes, all parking meters accept the city's app as well as contactless cards from July.</p></details><details><summary>What about Sundays?</summary><p>Parking on Sundays and public holidays remains free in every zone of the centre.</p></details></article></body></html>`,
    );
    expect(
      article.sections.map((section) => [
        section.heading,
        section.paragraphs.map((paragraph) => paragraph.text.slice(0, 12)),
      ]),
    ).toEqual([
      [null, ['The parking ']],
      ['Can I pay with my phone?', ['Yes, all par']],
      ['What about Sundays?', ['Parking on S']],
    ]);
  });

  it("keeps subheads whose class or id holds a word Readability takes for a page's furniture", () => {
    // Substack's class on every subhead, and ids made of a subhead's own words.
    const article = parsePage(
      `<html><head><title>Heat pumps</title></head><body><article><div class="body markup"><h1>Heat pumps</h1>${paragraph('grant')}<h2 class="header-anchor-post">The upfront cost<div class="pencraft header-anchor-parent"><button>Link</button></div></h2>${paragraph('installation cost')}<h2 id="related-work">Earlier studies</h2>${paragraph('Dutch study')}<h3 id="social-media-reaction" class="section-header">Reaction</h3>${paragraph('reaction')}</div></article></body></html>`,
    );
    expect(article.sections.map((section) => section.heading)).toEqual([
      null,
      'The upfront cost',
      'Earlier studies',
      'Reaction',
    ]);
  });

  it('takes a standfirst h2 before the first paragraph for no subhead', () => {
    const article = parsePage(
      `<html><head><title>Budget day</title></head><body><article><h1>Budget day</h1><h2>Roads lose out as the council saves for schools</h2>${paragraph('budget')}${paragraph('road plan')}</article></body></html>`,
    );
    expect(article.sections.map((section) => section.heading)).toEqual([null]);
    expect(article.sections[0]?.paragraphs).toHaveLength(2);
  });

  it('reads quotes, definitions and nested lists once each, and leaves out code', () => {
    const article = parsePage(
      `<html><head><title>Budget day</title></head><body><article>${paragraph('budget')}${paragraph('road plan')}<blockquote>We cannot keep spending money we do not have.</blockquote><blockquote><p>Every department will make sacrifices.</p></blockquote><dl><dt>Deficit</dt><dd>The gap between spending and income.</dd></dl><ul><li>Roads lose out.<ul><li>Bridges too.</li></ul></li></ul><pre>total = roads + schools;</pre>${paragraph('school plan')}</article></body></html>`,
    );
    expect(article.sections[0]?.paragraphs.slice(2, -1).map((paragraph) => paragraph.text)).toEqual(
      [
        'We cannot keep spending money we do not have.',
        'Every department will make sacrifices.',
        'The gap between spending and income.',
        'Roads lose out.',
        'Bridges too.',
      ],
    );
  });

  it("reads an emailed newsletter laid out in one-column tables, and leaves out a data table's cells", () => {
    const data =
      '<table><tr><th>Plot</th><th>Rent</th></tr><tr><td>Half plot, with a shed and a water butt.</td><td>£35</td></tr></table>';
    const article = parsePage(
      `<html><head><title>Spring sowing</title></head><body><table><tr><td><table><tr><td><h1>Spring sowing</h1></td></tr><tr><td>${paragraph('seed order')}<h2>Water butts</h2>${paragraph('water butt')}${data}</td></tr></table></td></tr></table></body></html>`,
    );
    expect(
      article.sections.map((section) => [
        section.heading,
        section.paragraphs.map((paragraph) => paragraph.text.slice(0, 14)),
      ]),
    ).toEqual([
      [null, ['The seed order']],
      ['Water butts', ['The water butt']],
    ]);
  });

  it('leaves out footnote references and footnotes, and keeps units and powers', () => {
    const article = parsePage(
      `<html><head><title>Returns</title></head><body><article><p>Shoppers sent back goods worth $743 billion in 2023.<sup><a href="#fn1">1</a></sup> Much of it never returns to a shelf.</p><p>Returns create 4 million tonnes of waste in the US alone.<sup>[3]</sup> The carbon adds up too.<sup>2,4</sup></p><p>A warehouse of 5,000 m<sup>2</sup> handles 10<sup>6</sup> parcels.<a class="footnote-anchor" href="#footnote-1">5</a> Hugo marks its own.<sup><a href="#fn:6" role="doc-noteref">note</a></sup></p><ol class="footnotes-list"><li id="fn1">National Retail Federation, "2023 Consumer Returns," December 2023.</li></ol><div class="footnote"><div class="footnote-content"><p>Optoro, "Returns Report," 2022, page 14 of the full report.</p></div></div><ol><li id="fn:6">Smith, J. and Lee, K. (2021). "Reverse logistics and landfill."</li></ol></article></body></html>`,
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'Shoppers sent back goods worth $743 billion in 2023. Much of it never returns to a shelf.',
      'Returns create 4 million tonnes of waste in the US alone. The carbon adds up too.',
      'A warehouse of 5,000 m2 handles 106 parcels. Hugo marks its own.',
    ]);
  });

  it('reads the date and author of a Pandoc standalone page, and not its title block or contents', () => {
    const article = parsePage(
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8" /><meta name="generator" content="pandoc" /><meta name="author" content="Jess Tan" /><meta name="dcterms.date" content="2026-03-02" /><title>Ferry fares to rise</title></head><body><header id="title-block-header"><h1 class="title">Ferry fares to rise</h1><p class="author">Jess Tan</p><p class="date">2 March 2026</p></header><nav id="TOC" role="doc-toc"><ul><li><a href="#why">Why fares are rising</a></li></ul></nav><p>The harbour ferry company will raise fares by 8% from April, it said on Monday.</p><h2 id="why">Why fares are rising</h2><p>Fuel costs rose by a third last year, the company said.</p></body></html>`,
    );
    expect(article.date).toBe('2026-03-02');
    expect(article.author).toBe('Jess Tan');
    expect(
      article.sections.map((section) => [
        section.heading,
        ...section.paragraphs.map((p) => p.text),
      ]),
    ).toEqual([
      [null, 'The harbour ferry company will raise fares by 8% from April, it said on Monday.'],
      ['Why fares are rising', 'Fuel costs rose by a third last year, the company said.'],
    ]);
  });

  it("leaves out the footnote and endnote references of Word's 'Save as Web Page'", () => {
    // Word marks them only by their class and their link to the note (#_ftn1, #_edn1), whose
    // number it writes as "[1]" against the word, outside any <sup> in the unfiltered export.
    const reference = (kind: 'ftn' | 'edn', n: number) =>
      `<a style='mso-${kind === 'ftn' ? 'footnote' : 'endnote'}-id:${kind}${n}' href="#_${kind}${n}" name="_${kind}ref${n}" title=""><span class=Mso${kind === 'ftn' ? 'Footnote' : 'Endnote'}Reference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span class=MsoFootnoteReference>[${n}]</span><![endif]></span></span></a>`;
    const article = parsePage(
      `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=ProgId content=Word.Document><title>Ferry fares</title></head><body lang=EN-GB><div class=WordSection1><p class=MsoNormal>The harbour ferry company will raise fares by 8% from April, it said on Monday.<o:p></o:p></p><p class=MsoNormal>Fuel costs rose by a third last year${reference('ftn', 1)}, the company said.<o:p></o:p></p><p class=MsoNormal>Two new boats are due in 2027.${reference('edn', 1)} See the <a href="#_Toc1">timetable [2026]</a> below.<o:p></o:p></p></div><div style='mso-element:footnote-list'><div style='mso-element:footnote' id=ftn1><p class=MsoFootnoteText><a href="#_ftnref1" name="_ftn1"><span class=MsoFootnoteReference>[1]</span></a> Annual report 2025.<o:p></o:p></p></div></div></body></html>`,
      'fares.htm',
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'The harbour ferry company will raise fares by 8% from April, it said on Monday.',
      'Fuel costs rose by a third last year, the company said.',
      'Two new boats are due in 2027. See the timetable [2026] below.',
    ]);
  });

  it("leaves out Substack's subscribe and share boxes and buttons inside the post", () => {
    const article = parsePage(
      `<html><head><title>Bees</title></head><body><article><div class="body markup">${paragraph('hive')}<p class="button-wrapper"><a class="button primary" href="/subscribe"><span>Subscribe now to get every post</span></a></p>${paragraph('honey')}<div class="subscription-widget-wrap"><div class="subscription-widget show-subscribe"><div class="preamble"><p class="cta-caption">Thanks for reading The Slow Garden! Subscribe for free to receive new posts and support my work.</p></div></div></div><div class="captioned-button-wrap"><div class="preamble"><p class="cta-caption">This post is public so feel free to share it with a friend.</p></div></div></div></article></body></html>`,
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      expect.stringMatching(/^The hive was/),
      expect.stringMatching(/^The honey was/),
    ]);
  });

  it("leaves out WordPress's classic captions, which describe a photo", () => {
    const article = parsePage(
      `<html><head><title>Villa</title></head><body><article>${paragraph('excavation')}<div id="attachment_12" class="wp-caption aligncenter"><img src="b.jpg" alt=""><p class="wp-caption-text">Volunteers from the local history society have been helping to sift the soil for coins since early spring.</p></div>${paragraph('mosaic')}<dl class="wp-caption alignleft"><dt class="wp-caption-dt"><img src="c.jpg" alt=""></dt><dd class="wp-caption-dd">The bath house, seen from the east, with its hypocaust pillars still standing.</dd></dl></article></body></html>`,
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      expect.stringMatching(/^The excavation was/),
      expect.stringMatching(/^The mosaic was/),
    ]);
  });

  // A news site marks a photo's caption and credit by class, without <figure>: "Market Street,
  // where parking will be removed under the plans" (a <p class="imageCaption">) was a key point.
  it('leaves out captions and credits a class names so, and keeps text in a box whose class only mentions one', () => {
    const article = parsePage(
      `<html><head><title>Lanes</title></head><body><article><div class="article-body has-caption">${paragraph('cycle lane')}<div class="mol-img-group"><img src="a.jpg"><p class="imageCaption">Market Street, where parking will be removed under the plans approved on Tuesday</p></div>${paragraph('parking plan')}<div class="image"><img src="b.jpg"><div class="media__caption">Shopkeepers on Market Street, who say the loss of parking will hurt their trade this winter</div><span class="photo-credit">Jane Smith/Valley Post</span></div><p class="captionText">A bus passes the site of the new crossing outside Riverside primary school</p>${paragraph('school crossing')}<p>The <span class="text-caption">UN</span> agency said on Monday that the lanes would be studied.</p></div></article></body></html>`,
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      expect.stringMatching(/^The cycle lane was/),
      expect.stringMatching(/^The parking plan was/),
      expect.stringMatching(/^The school crossing was/),
      'The UN agency said on Monday that the lanes would be studied.',
    ]);
  });

  // WordPress and Ghost class a post by its tags and categories: a story tagged "universal
  // credit" or "closed captions" (<article class="post tag-universal-credit">) was taken for a
  // caption whole, and the page refused as having no article text.
  it("reads a post whose tag or category class ends in 'credit' or 'caption'", () => {
    for (const term of ['tag-universal-credit', 'category-tax-credit', 'tag-closed-caption']) {
      const article = parsePage(
        `<html><head><title>Benefits</title></head><body><article class="post-42 post type-post status-publish hentry ${term}"><h1>Benefits</h1>${paragraph('universal credit')}${paragraph('tax credit')}</article></body></html>`,
      );
      expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
        expect.stringMatching(/^The universal credit was/),
        expect.stringMatching(/^The tax credit was/),
      ]);
    }
  });

  it("leaves out Ghost's sign-up card inside the post", () => {
    const article = parsePage(
      `<html><head><title>Trains</title></head><body><article class="gh-article"><section class="gh-content">${paragraph('sleeper route')}<div class="kg-card kg-signup-card kg-width-regular"><div class="kg-signup-card-content"><h2 class="kg-signup-card-heading">Sign up for Rail Notes</h2><p class="kg-signup-card-subheading">Weekly stories about trains, timetables and the people who run them.</p><form data-members-form><input type="email"><button class="kg-signup-card-button">Subscribe</button></form><p class="kg-signup-card-disclaimer">No spam. Unsubscribe anytime.</p></div></div>${paragraph('ticket price')}</section></article></body></html>`,
    );
    expect(article.sections).toHaveLength(1);
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      expect.stringMatching(/^The sleeper route was/),
      expect.stringMatching(/^The ticket price was/),
    ]);
  });

  it('leaves out pull quotes, which repeat a line of the story', () => {
    const article = parsePage(
      `<html><head><title>Orchard</title></head><body><article>${paragraph('harvest')}<blockquote class="pullquote alignright"><p>“The first time my kids ate a plum off a tree.”</p><cite>Ruth Osei, volunteer</cite></blockquote>${paragraph('plum crop')}<div class="pull-quote">“We will plant fifteen more trees along the northern edge.”</div><blockquote><p>The orchard is open to everyone on the first Saturday of the month.</p></blockquote></article></body></html>`,
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      expect.stringMatching(/^The harvest was/),
      expect.stringMatching(/^The plum crop was/),
      'The orchard is open to everyone on the first Saturday of the month.',
    ]);
  });

  // A pull quote set as a plain quote (WordPress's large quote style, a theme's own markup) repeated
  // a sentence of the story, and the email gave the same sentence twice as key points.
  it('leaves out a quote that repeats words of the story, and keeps one with words of its own', () => {
    const said =
      'Repairs were ruled out because they would cost almost as much as a new bridge and last only a decade, said Maria Okafor, who chairs the transport committee.';
    const article = parsePage(
      `<html><head><title>Bridge</title></head><body><article>${paragraph('bridge')}<blockquote class="wp-block-quote is-style-large"><p>“Repairs would cost almost as much as a new bridge and last only a decade”</p><cite>Maria Okafor</cite></blockquote><p>${said}</p>${paragraph('bus route')}<blockquote><p>Repairs would cost almost as much as the council spends on roads in a year.</p></blockquote></article></body></html>`,
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      expect.stringMatching(/^The bridge was/),
      said,
      expect.stringMatching(/^The bus route was/),
      'Repairs would cost almost as much as the council spends on roads in a year.',
    ]);
  });

  it('leaves out posts embedded from social networks', () => {
    const article = parsePage(
      `<html><head><title>Heat</title></head><body><article>${paragraph('heatwave')}<blockquote class="twitter-tweet"><p lang="es">Nuevo récord de temperatura en junio: 46,0 °C en El Granado. pic.twitter.com/abc123</p>— AEMET (@AEMET_Esp) June 29, 2025</blockquote>${paragraph('record')}<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/x/"><p>A post shared by the city council about the cooling centres opening today.</p></blockquote><blockquote><p>Quoted from the agency's report on the heat across the south of the country.</p></blockquote></article></body></html>`,
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      expect.stringMatching(/^The heatwave was/),
      expect.stringMatching(/^The record was/),
      "Quoted from the agency's report on the heat across the south of the country.",
    ]);
  });

  it("leaves out a heading's permalink sign and a wiki's edit link", () => {
    const article = parsePage(
      `<html><head><title>Upgrading to 3.0 — Quill documentation</title></head><body><div role="main"><h1>Upgrading to 3.0<a class="headerlink" href="#upgrading">¶</a></h1>${paragraph('upgrade')}<h2>Configuration<a class="headerlink" href="#configuration" title="Link to this heading">¶</a></h2>${paragraph('config file')}<h2>Plugins <a class="header-anchor" href="#plugins">#</a></h2>${paragraph('plugin hook')}<h2><span class="mw-headline">History</span><span class="mw-editsection"><span class="mw-editsection-bracket">[</span><a href="/w/index.php?title=Quill&amp;action=edit&amp;section=3">edit</a><span class="mw-editsection-bracket">]</span></span></h2>${paragraph('first release')}<h2><a href="#faq">Questions</a></h2>${paragraph('support')}</div></body></html>`,
    );
    expect(article.title).toBe('Upgrading to 3.0');
    expect(article.sections.map((section) => section.heading)).toEqual([
      null,
      'Configuration',
      'Plugins',
      'History',
      'Questions',
    ]);
  });

  it('leaves out a bullet typed at the head of a paragraph, as Word writes its lists', () => {
    const article = parsePage(
      `<html><head><title>Review</title></head><body><div class=WordSection1>${paragraph('repair service')}<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span>Tenant satisfaction rose to 78 per cent over the year.</span></p><p>• Complaints answered within ten days rose to 91 per cent.</p><p>·5 per cent of homes are let to key workers this year.</p></div></body></html>`,
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      expect.stringMatching(/^The repair service was/),
      'Tenant satisfaction rose to 78 per cent over the year.',
      'Complaints answered within ten days rose to 91 per cent.',
      '·5 per cent of homes are let to key workers this year.',
    ]);
  });

  it('takes the Title paragraph of a Google Docs export, which has no <title> or h1, for the title', () => {
    const article = parsePage(
      `<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type"><style type="text/css">.c1{line-height:1.15}.title{font-size:26pt}</style></head><body class="c8 doc-content"><p class="c1 title" id="h.abc"><span class="c7">Library hours to expand</span></p><p class="c1 subtitle"><span>Sunday opening from January</span></p><p class="c1"><span class="c3">All five branches will open on Sundays from January, the council confirmed on Monday.</span></p><p class="c1"><span class="c3">The extra hours will cost </span><span class="c5">£310,000</span><span class="c3"> a year.</span></p></body></html>`,
      'export.html',
    );
    expect(article.title).toBe('Library hours to expand');
    expect(article.sections.map((section) => section.heading)).toEqual([null]);
    expect(article.sections[0]?.paragraphs[0]?.text).toBe(
      'All five branches will open on Sundays from January, the council confirmed on Monday.',
    );
  });

  it('takes the Title paragraph of a Word export without a <title> for the title', () => {
    const article = parsePage(
      `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=Generator content="Microsoft Word 15 (filtered)"></head><body lang=EN-GB><div class=WordSection1><p class=MsoTitle>Cycle lane made permanent</p><p class=MsoSubtitle>Council cites a rise in cycling</p><p class=MsoNormal>The cabinet voted on Wednesday to make the cycle lane on Kings Road permanent.</p><p class=MsoNormal>Car traffic on the road fell by 12 per cent during the trial.</p></div></body></html>`,
      'export.html',
    );
    expect(article.title).toBe('Cycle lane made permanent');
    expect(article.sections.map((section) => section.heading)).toEqual([null]);
    expect(article.sections[0]?.paragraphs[0]?.text).toMatch(/^The cabinet voted/);
  });

  // Readability reads a schema.org article only when its @type is one string and its @context the
  // schema.org address: a type list (["NewsArticle"]), a context list, or an article in the @graph
  // of an item of a list gave nothing, and a page whose <title> is the site's name and whose
  // headline is no h1 was titled "Valley Post".
  it('takes the headline and date of a schema.org article in JSON-LD however it is listed', () => {
    const page = (jsonLd: string) =>
      parsePage(
        `<!doctype html><html lang="en"><head><title>Valley Post</title><script type="application/ld+json">${jsonLd}</script></head><body><div class="content">${paragraph('bridge')}${paragraph('bus route')}</div></body></html>`,
      );
    const article = (fields: string) =>
      `"headline":"Riverside bridge to close to cars next spring","datePublished":"2026-12-07T09:30:00Z"${fields}`;
    for (const jsonLd of [
      `{"@context":"https://schema.org","@type":["NewsArticle"],${article('')}}`,
      `{"@context":["https://schema.org",{"@language":"en"}],"@type":"NewsArticle",${article('')}}`,
      `[{"@context":"https://schema.org","@type":"Organization","name":"Valley Post"},{"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"Valley Post"},{"@type":["Article","NewsArticle"],${article('')}}]}]`,
    ]) {
      expect(page(jsonLd)).toMatchObject({
        title: 'Riverside bridge to close to cars next spring',
        date: '2026-12-07T09:30:00Z',
      });
    }
    // Only an article's headline: a page that describes only its site keeps its <title>.
    expect(
      page(
        '{"@context":"https://schema.org","@type":["WebSite"],"name":"Valley Post Online Edition"}',
      ).title,
    ).toBe('Valley Post');
  });

  it('prefers og:title and og:url when there is no canonical link', () => {
    const article = parsePage(
      `<html><head><title>Budget day | The Paper</title><meta property="og:title" content="Budget day"><meta property="og:url" content="https://example.com/budget"></head><body><article>${paragraph('budget')}</article></body></html>`,
    );
    expect(article.title).toBe('Budget day');
    expect(article.url).toBe('https://example.com/budget');
  });

  // A relative canonical link was dropped as no address, and a page saved by a browser without
  // one went out with no "Read the full article" link, though the browser wrote where it came from.
  it("takes the page's link from a relative canonical link under <base href>, or from where a browser saved it", () => {
    const urlOf = (before: string, head: string) =>
      parsePage(
        `${before}<html><head><title>Budget day</title>${head}</head><body><article>${paragraph('budget')}</article></body></html>`,
      ).url;
    expect(
      urlOf('', '<base href="https://example.com/news/"><link rel="canonical" href="budget-day">'),
    ).toBe('https://example.com/news/budget-day');
    const savedFrom = '<!-- saved from url=(0034)https://example.com/news/budget -->\n';
    expect(urlOf(savedFrom, '')).toBe('https://example.com/news/budget');
    expect(urlOf(savedFrom, '<link rel="canonical" href="/news/budget-day">')).toBe(
      'https://example.com/news/budget-day',
    );
    expect(
      urlOf(
        '<!--\n Page saved with SingleFile \n url: https://example.com/news/budget?utm_source=x \n saved date: Mon Dec 07 2026 \n-->\n',
        '',
      ),
    ).toBe('https://example.com/news/budget?utm_source=x');
    // Neither says where the page is: no link, rather than one to the browser's own page.
    expect(urlOf('<!-- saved from url=(0014)about:internet -->\n', '')).toBeUndefined();
    expect(urlOf('', '<link rel="canonical" href="/news/budget-day">')).toBeUndefined();
  });

  // WordPress SEO plugins escape the title's references once more ("Council&amp;#8217;s"): the
  // subject read "Council&#8217;s bridge vote". Readability reads its own meta titles so too.
  it('reads character references escaped twice in og:title', () => {
    const titleOf = (ogTitle: string) =>
      parsePage(
        `<html><head><title>x</title><meta property="og:title" content="${ogTitle}"></head><body><article>${paragraph('budget')}</article></body></html>`,
      ).title;
    expect(titleOf('Council&amp;#8217;s bridge vote &amp;amp; the &amp;quot;rust&amp;quot;')).toBe(
      'Council’s bridge vote & the "rust"',
    );
    expect(titleOf('Fish &amp; chips at AT&amp;T&amp;#x27;s R&amp;D; canteen')).toBe(
      "Fish & chips at AT&T's R&D; canteen",
    );
  });

  it("drops a page's link that carries a user name or password, which every email would show", () => {
    const article = parsePage(
      `<html><head><title>Budget day</title><link rel="canonical" href="https://editor:s3cret@example.com/budget"></head><body><article>${paragraph('budget')}</article></body></html>`,
    );
    expect(article.url).toBeUndefined();
  });

  it('titles a fragment without <title> or h1 with its opening bold line, as Markdown does', () => {
    for (const html of [
      `<p><strong>Library wins national award</strong></p>${paragraph('award')}${paragraph('scheme')}`,
      `<div><b>Library wins national award</b><br>The award was discussed at length by the committee on Monday.<br><br>Members agreed that the scheme needs more money and a clear timetable before the winter.</div>`,
    ]) {
      const article = parsePage(html, 'export-3.html');
      expect(article.title).toBe('Library wins national award');
      expect(article.sections.map((section) => section.heading)).toEqual([null]);
    }
  });

  it('keeps a page’s own title over a bold line opening its text', () => {
    const article = parsePage(
      `<html><head><title>Budget day</title></head><body><p><strong>Roads lose out</strong></p>${paragraph('budget')}${paragraph('roads')}</body></html>`,
    );
    expect(article.title).toBe('Budget day');
  });

  it('takes the headline for a title that is only the site’s name', () => {
    const titleOf = (head: string, body: string) =>
      parsePage(
        `<html><head>${head}</head><body><article>${body}${paragraph('budget')}${paragraph('roads')}</article></body></html>`,
      ).title;
    const h2 = '<h2>Council approves new cycle lanes on Market Street</h2>';
    expect(titleOf('<title>The Example Times</title>', h2.replace(/h2>/g, 'h1>'))).toBe(
      'Council approves new cycle lanes on Market Street',
    );
    // Over an opening h2, only the name the page declares for its site: a short title-case
    // headline over a lone subhead looks the same as a name over a headline.
    expect(
      titleOf(
        '<title>The Example Times</title><meta property="og:site_name" content="The Example Times">',
        h2,
      ),
    ).toBe('Council approves new cycle lanes on Market Street');
    expect(
      titleOf('<title>Why I Quit</title>', '<h2>The morning I walked out of the office</h2>'),
    ).toBe('Why I Quit');
    expect(
      titleOf(
        '<title>Nurses Strike Again</title>',
        '<h2>What happens next for patients and wards</h2>',
      ),
    ).toBe('Nurses Strike Again');
    expect(
      titleOf(
        '<title>Harbour City Post</title><meta property="og:site_name" content="Harbour City Post">',
        '<h2>Harbour ferry returns after a winter away</h2>',
      ),
    ).toBe('Harbour ferry returns after a winter away');
    // An emailed newsletter's headline under the mailer's line.
    expect(
      titleOf(
        '<title>Gardening Weekly</title><meta property="og:site_name" content="Gardening Weekly">',
        '<p>View this email in your browser</p><h2>Frost arrives early: how to protect tender plants</h2>',
      ),
    ).toBe('Frost arrives early: how to protect tender plants');
    // A title in its own words stays: a headline in sentence case, one that shares its words with
    // the heading, or a heading too short to be a headline.
    expect(titleOf('<title>Cycle lanes for Market Street</title>', h2)).toBe(
      'Cycle lanes for Market Street',
    );
    expect(titleOf('<title>Market Street Cycle Lanes</title>', h2)).toBe(
      'Market Street Cycle Lanes',
    );
    expect(titleOf('<title>Budget Day</title>', '<h2>Roads lose out</h2>')).toBe('Budget Day');
    // One of several h2s is a subhead, not a headline.
    const report = parsePage(
      `<html><head><title>Annual Report</title></head><body><article><h2>Summary of the year</h2>${paragraph('budget')}<h2>Finances</h2>${paragraph('surplus')}<h2>Staff</h2>${paragraph('vacancy')}</article></body></html>`,
    );
    expect(report.title).toBe('Annual Report');
    expect(
      titleOf('<title>Council Approves Cycle Lanes</title>', '<h1>The Example Times Online</h1>'),
    ).toBe('Council Approves Cycle Lanes');
  });

  it("takes the headline for a title that adds the site's name to it", () => {
    const titleOf = (title: string, h1: string) =>
      parsePage(
        `<html><head><title>${title}</title></head><body><article><h1>${h1}</h1>${paragraph('budget')}</article></body></html>`,
      ).title;
    expect(
      titleOf(
        'Library to close for renovations &#8211; The Valley Gazette',
        'Library to close for renovations',
      ),
    ).toBe('Library to close for renovations');
    expect(
      titleOf('Valley Gazette News Online Edition | Library to close', 'Library to close'),
    ).toBe('Library to close');
    expect(
      titleOf('Budget day – roads lose out to schools once again this year', 'Budget day'),
    ).toBe('Budget day – roads lose out to schools once again this year');
    expect(titleOf('Covid-19 cases rise again', 'Covid')).toBe('Covid-19 cases rise again');
    // A French headline set with no-break spaces, under a title typed with plain ones.
    expect(
      titleOf(
        'Grève : le trafic perturbé jeudi - Le Quotidien',
        'Grève&nbsp;: le trafic perturbé jeudi',
      ),
    ).toBe('Grève\u00a0: le trafic perturbé jeudi');
    // A section's label before it as well as the site's name after it.
    expect(
      titleOf(
        'Report: Rivera wins first Grand Slam title in five-set thriller | Tennis Weekly',
        'Rivera wins first Grand Slam title in five-set thriller',
      ),
    ).toBe('Rivera wins first Grand Slam title in five-set thriller');
    // Chinese sites join the two with an underscore or a full-width bar, without spaces.
    expect(
      titleOf(
        '国家统计局：10月份居民消费价格同比上涨0.2%_新闻中心',
        '国家统计局：10月份居民消费价格同比上涨0.2%',
      ),
    ).toBe('国家统计局：10月份居民消费价格同比上涨0.2%');
    expect(titleOf('都、高校授業料を無償化へ：日本経済新聞', '都、高校授業料を無償化へ')).toBe(
      '都、高校授業料を無償化へ',
    );
    expect(titleOf('深圳地铁16号线二期开通｜深圳新闻网', '深圳地铁16号线二期开通')).toBe(
      '深圳地铁16号线二期开通',
    );
  });

  // Many themes set the site's name in an h1 of the page's header on every page, a link to the
  // front page, over the post's own h1: the first h1 was taken for the headline, so the subject
  // was "Headline – Valley Post", or "Valley Post" when the title was only the name.
  it("takes the article's h1 for the headline over the site's name in an h1 linking to the front page", () => {
    const headline = 'Council approves new cycle lanes for the city centre';
    const titleOf = (title: string, logo: string, h1 = headline) =>
      parsePage(
        `<html><head><title>${title}</title></head><body><header>${logo}</header><main><article><h1>${h1}</h1>${paragraph('budget')}${paragraph('roads')}</article></main></body></html>`,
      ).title;
    expect(
      titleOf(
        `${headline} &#8211; Valley Post`,
        '<h1 class="site-title"><a href="https://valleypost.example/" rel="home">Valley Post</a></h1>',
      ),
    ).toBe(headline);
    expect(titleOf('Valley Post', '<h1><a href="/">Valley Post</a></h1>')).toBe(headline);
    expect(
      titleOf('Valley Post', '<h1><a href="/"><img src="logo.png" alt="Valley Post"></a></h1>'),
    ).toBe(headline);
    // A headline that links to its own page (older themes' permalink) is the headline still.
    expect(
      titleOf(
        'Valley Post',
        `<h1><a href="/2026/12/01/cycle-lanes/" rel="bookmark">${headline}</a></h1>`,
        'Comments',
      ),
    ).toBe(headline);
  });

  // The title's separator was found by a pattern that, over a long run of spaces, tried the
  // separator from every place in it: an og:title of 40,000 spaces took 7 s, a megabyte hours.
  it('reads a title with a long run of white space beside its headline in time linear in it', () => {
    const spaces = ' '.repeat(100_000);
    const titleOf = (ogTitle: string) =>
      parsePage(
        `<html><head><meta property="og:title" content="${ogTitle}"></head><body><article><h1>Budget day</h1>${paragraph('budget')}</article></body></html>`,
      ).title;
    expect(titleOf(`a${spaces}Budget day`)).toBe('a Budget day');
    expect(titleOf(`Budget day | a${spaces}b`)).toBe('Budget day');
    expect(titleOf(`Budget day |${spaces}`)).toBe('Budget day |');
    expect(titleOf(`Budget day${spaces}|${spaces}The Paper`)).toBe('Budget day');
    expect(titleOf(`The Paper${spaces}｜Budget day`)).toBe('Budget day');
  });

  // With no h1 to compare it with, the site's name stayed in the subject ("Riverside bridge to close
  // … | Valley Post") though the page declares that name; Readability cuts only " | " and " - ".
  it("leaves out the site's name the page declares from a title that no h1 matches", () => {
    const titleOf = (head: string) =>
      parsePage(
        `<html><head>${head}<meta property="og:site_name" content="Valley Post"></head><body><article><div class="headline">Bridge news</div>${paragraph('bridge')}${paragraph('bus route')}</article></body></html>`,
      ).title;
    const headline = 'Riverside bridge to close to cars next spring';
    expect(titleOf(`<meta property="og:title" content="${headline} | Valley Post">`)).toBe(
      headline,
    );
    expect(titleOf(`<title>${headline} – Valley Post</title>`)).toBe(headline);
    expect(titleOf(`<title>Valley Post: ${headline}</title>`)).toBe(headline);
    // Its name in the headline's words, or another site's after a separator, stays.
    expect(titleOf('<title>Tech group buys the Valley Post</title>')).toBe(
      'Tech group buys the Valley Post',
    );
    expect(titleOf(`<title>${headline} – Valley Times</title>`)).toBe(`${headline} – Valley Times`);
  });

  // A page saved with curl or a script can be what the site showed instead of the article (an
  // error, a bot check, a sign-in form): "The requested URL was not found on this server." led
  // the email.
  it('refuses an error page, a bot check or a sign-in form saved in place of the article, naming its title', () => {
    const refusal = (html: string) => {
      try {
        parsePage(html, 'story.html');
      } catch (error) {
        return (error as Error).message;
      }
      return 'parsed';
    };
    expect(
      refusal(
        '<!doctype html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL was not found on this server.</p><hr><address>Apache/2.4.41 (Ubuntu) Server at valleypost.example Port 443</address></body></html>',
      ),
    ).toBe(
      'Article story.html is what the site showed in place of the article ("404 Not Found": an error, a bot check or a sign-in page) — open the article in a browser and save the page from there',
    );
    expect(
      refusal(
        '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body><div role="main"><h1>valleypost.example</h1><h2>Checking if the site connection is secure</h2><div>valleypost.example needs to review the security of your connection before proceeding.</div></div></body></html>',
      ),
    ).toContain('("Just a moment...":');
    expect(
      refusal(
        `<html><head><title>Page not found &#8211; Valley Post</title></head><body><main><h1>Oops! That page can’t be found.</h1><p>It looks like nothing was found at this location. Maybe try one of the links below or a search?</p></main></body></html>`,
      ),
    ).toContain('in place of the article ("Page not found – Valley Post":');
    expect(
      refusal(
        '<html><head><title>Attention Required! | Cloudflare</title></head><body><h1>Sorry, you have been blocked</h1><p>This website is using a security service to protect itself from online attacks.</p></body></html>',
      ),
    ).toContain('in place of the article ("Attention Required! | Cloudflare":');
    expect(
      refusal(
        `<html><head><title>Sign in | Valley Post</title></head><body><main><h1>Sign in to continue reading</h1><form><input type="email"><button>Sign in</button></form><p>Don't have an account? <a href="/register">Register for free</a> to read up to five articles a month.</p></main></body></html>`,
      ),
    ).toContain('in place of the article ("Sign in | Valley Post":');
    // A story whose headline says so, or a review of a film of that name, is an article.
    const story = `<p>${'The museum said on Tuesday that forty paintings had been missing from its stores since the move in 2019. '.repeat(8)}</p>`;
    expect(
      refusal(
        `<html><head><title>Not found: the 40 paintings missing from the museum</title></head><body><article>${story}</article></body></html>`,
      ),
    ).toBe('parsed');
    expect(
      refusal(
        `<html><head><title>Access Denied | Film Weekly</title></head><body><article>${story}</article></body></html>`,
      ),
    ).toBe('parsed');
  });

  // A news brief is short too: one headlined so ("Access denied", a story of a hacked hospital)
  // was refused as an error page. A page that dates its story is an article.
  it('reads a short story headlined as an error page says when the page dates it', () => {
    const brief =
      '<p>Hackers stole the records of 2,000 patients from the regional hospital on Monday, police said. Access to the system was denied to staff for six hours while engineers restored it.</p>';
    const dated = parsePage(
      `<html><head><title>Access denied | Valley Post</title><meta property="article:published_time" content="2026-03-02T09:00:00Z"></head><body><article><h1>Access denied</h1>${brief}</article></body></html>`,
    );
    expect(dated.sections[0]?.paragraphs[0]?.text).toMatch(/^Hackers stole the records/);
    const jsonLd = parsePage(
      `<html><head><title>Not found – Valley Post</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Not found","datePublished":"2026-03-02T09:00:00Z"}</script></head><body><article><h1>Not found</h1>${brief}</article></body></html>`,
    );
    expect(jsonLd.date).toBe('2026-03-02T09:00:00Z');
    expect(jsonLd.sections[0]?.paragraphs[0]?.text).toMatch(/^Hackers stole the records/);
    // A byline alone does not tell: a site may set its name as every page's author.
    expect(() =>
      parsePage(
        '<html><head><title>404 Not Found</title><meta name="author" content="Valley Post"></head><body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body></html>',
      ),
    ).toThrow('in place of the article');
  });

  it('recognises an HTML document saved with a .txt name', () => {
    const article = parsePage(
      `<!DOCTYPE html><html><head><title>Budget day</title></head><body><article>${paragraph('budget')}</article></body></html>`,
      'saved-page.txt',
    );
    expect(article.format).toBe('html');
  });

  // A fragment saved as .txt was read as text, "<p>The council met…</p>" its lead; text saved as
  // .html was one paragraph with its "=====" and its signature, under the file's name.
  it("reads a page's fragment saved under a text's name as HTML, and text under a page's name as text", () => {
    const fragment = parsePage(
      `<h1>Budget day</h1>\n${paragraph('budget')}\n${paragraph('road plan')}`,
      'budget.txt',
    );
    expect(fragment.format).toBe('html');
    expect(fragment.title).toBe('Budget day');
    expect(fragment.sections[0]?.paragraphs[0]?.text).toMatch(/^The budget was discussed/);
    const text = parsePage(
      `Budget day\n==========\n\n${paragraph('budget').replace(/<\/?p>/g, '')}\n\n-- \nJane Smith\n`,
      'budget.html',
    );
    expect(text.format).toBe('text');
    expect(text.title).toBe('Budget day');
    expect(text.sections.flatMap((section) => section.paragraphs.map((p) => p.text))).toEqual([
      expect.stringMatching(/^The budget was discussed/),
    ]);
  });

  it('reads an HTML fragment without <html> or <body>', () => {
    const article = parsePage(
      '<p>The council met on Monday. It agreed the plan.</p>',
      'fragment.html',
    );
    expect(article.title).toBe('Fragment');
    expect(article.sections[0]?.paragraphs[0]?.sentences).toEqual([
      'The council met on Monday.',
      'It agreed the plan.',
    ]);
  });

  it("drops the time at the head of a live blog's posts and keeps the post", () => {
    const article = parsePage(
      `<html><head><title>Storm live</title></head><body><article><h1>Storm live</h1>
      <p>16:42 — The network operator says 85,400 homes are now without power.</p>
      <p>4.05pm: Police have closed the coast road in both directions.</p>
      <p>09:15 GMT - "Stay at home," the chief inspector said.</p>
      <p>10:30 was the time the ferry left, an hour late.</p>
      <p>12:45 Uhr – Der neue Bundeskanzler hat seinen Amtseid im Plenarsaal abgelegt.</p>
      <p>12.10 uur - De nieuwe kanselier heeft de eed afgelegd in de Bondsdag.</p>
      <p>11:32 hs. - El nuevo canciller obtuvo 328 votos en la primera ronda.</p>
      <p>10:55 Uhr: Die Abstimmung im Bundestag hat begonnen.</p>
      <p>12 Uhr Mittags ist im Bundestag Sitzungspause, sagte ein Sprecher.</p>
      </article></body></html>`,
      'live.html',
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.text)).toEqual([
      'The network operator says 85,400 homes are now without power.',
      'Police have closed the coast road in both directions.',
      '"Stay at home," the chief inspector said.',
      '10:30 was the time the ferry left, an hour late.',
      // With the hour's word German, Dutch and Spanish tickers set after the time.
      'Der neue Bundeskanzler hat seinen Amtseid im Plenarsaal abgelegt.',
      'De nieuwe kanselier heeft de eed afgelegd in de Bondsdag.',
      'El nuevo canciller obtuvo 328 votos en la primera ronda.',
      'Die Abstimmung im Bundestag hat begonnen.',
      '12 Uhr Mittags ist im Bundestag Sitzungspause, sagte ein Sprecher.',
    ]);
  });

  // Text set straight in a box beside paragraphs is no <p>'s: the opening of a <section>, a table
  // cell's text that Readability cut into <p>s at its double <br>s after the first, a run after a
  // paragraph. Only blocks were read, and the story's first paragraph, the lead, went missing.
  it('reads text that stands loose beside paragraphs as paragraphs of its own, in order', () => {
    const texts = (body: string) =>
      parsePage(`<html><head><title>Lanes</title></head><body>${body}</body></html>`).sections.map(
        (section) => [section.heading, ...section.paragraphs.map((paragraph) => paragraph.text)],
      );
    const [budget, roads, schools] = ['budget', 'road plan', 'school plan'].map((topic) =>
      paragraph(topic).replace(/<\/?p>/g, ''),
    );
    expect(
      texts(`<article><section>${budget}<p>${roads}</p><p>${schools}</p></section></article>`),
    ).toEqual([[null, budget, roads, schools]]);
    expect(
      texts(`<table><tr><td>${budget}<br><br>${roads}<br><br>${schools}</td></tr></table>`),
    ).toEqual([[null, budget, roads, schools]]);
    expect(texts(`<main><p>${budget}</p>${roads}<br><br>${schools}</main>`)).toEqual([
      [null, budget, roads, schools],
    ]);
    expect(
      texts(
        `<td><font size="4"><b>Lanes</b></font><br><br><font size="2">${budget}<br><br><b>What next</b><br>${roads}<br><br>${schools}</font></td>`,
      ),
    ).toEqual([
      [null, budget],
      ['What next', roads, schools],
    ]);
    // A heading's, a term's and a form's text stay what they are.
    expect(
      texts(
        `<article><h5>Filed under Transport</h5><dl><dt>Cost</dt><dd>${budget}</dd></dl><p>${roads}</p><form><label>Your email</label><button>Send</button><p>${schools}</p></form></article>`,
      ),
    ).toEqual([[null, budget, roads, schools]]);
  });

  it('names the file when a page has no article text', () => {
    expect(() => parsePage('<html><head><title>Empty</title></head></html>')).toThrow(
      'Article page.html has no readable article text in its HTML',
    );
  });

  it('refuses markup nested deeper than an article page nests, before Readability spends minutes on it', () => {
    const nested = (levels: number) =>
      `<html><body>${'<div>'.repeat(levels)}${paragraph('budget')}${'</div>'.repeat(levels)}</body></html>`;
    // <html>, <body> and the <p> are three of the levels.
    const deepest = parsePage(nested(MAX_HTML_NESTING - 3));
    expect(deepest.sections[0]?.paragraphs[0]?.sentences).toHaveLength(2);
    expect(() => parsePage(nested(MAX_HTML_NESTING - 2))).toThrow(
      `its elements nest ${MAX_HTML_NESTING + 1} levels deep`,
    );
    expect(() => parsePage(nested(5_000))).toThrow(
      `Article page.html could not be read as HTML: its elements nest 5,003 levels deep, more than the ${MAX_HTML_NESTING} an article page needs; save the article's text as Markdown or plain text instead`,
    );
  });

  it('reads each block of a long page once, without the captions, boxes and sublists inside it', () => {
    const item =
      '<li><b>Roads:</b> resurfaced <figure><figcaption>A photo</figcaption></figure>this year<ul><li>Bridges too.</li></ul></li>';
    const page = `<html><body><article>${paragraph('budget')}<ul>${item.repeat(1_000)}</ul><aside><p>Sign up now.</p></aside>${paragraph('road plan')}</article></body></html>`;
    const texts = parsePage(page).sections.flatMap((section) =>
      section.paragraphs.map((text) => text.text),
    );
    expect(texts).toHaveLength(2 + 2 * 1_000);
    expect(texts.slice(1, 3)).toEqual(['Roads: resurfaced this year', 'Bridges too.']);
    expect(texts.at(-2)).toBe('Bridges too.');
    expect(texts.join(' ')).not.toMatch(/A photo|Sign up/);
  });

  // Each row or child went onto the stack as an argument (Math.max(...cells), push(...children)):
  // a page with a data table of 150,000 rows failed with "Maximum call stack size exceeded".
  it('reads a table of a hundred thousand rows, and an element of as many children, without overflowing the stack', () => {
    const opening = '<p>The council met on Monday. It agreed the plan.</p>';
    const table = htmlBlocks('page.html', `${opening}<table>${'<tr>'.repeat(150_000)}</table>`);
    expect(table).toEqual([
      { kind: 'paragraph', text: 'The council met on Monday. It agreed the plan.' },
    ]);
    const run = htmlBlocks(
      'page.html',
      `${opening}<p><span>a${'<wbr>'.repeat(150_000)}b</span></p>`,
    );
    expect(run).toHaveLength(2);
    expect(run[1]?.text).toBe('ab');
  });

  it('refuses a page nested hundreds of thousands of levels deep before parsing it, as linkedom took minutes', () => {
    const levels = 400_000;
    const page = `<html><body>${'<b>'.repeat(levels)}${paragraph('budget')}${'</b>'.repeat(levels)}</body></html>`;
    expect(() => parsePage(page)).toThrow(
      `Article page.html could not be read as HTML: its elements nest 400,003 levels deep, more than the ${MAX_HTML_NESTING} an article page needs`,
    );
  });
});

describe('a structured abstract with bold labels', () => {
  it('heads each part with its bold label, with or without a colon', () => {
    const html = `<html><body><article><h1>Air pollution and dementia</h1>
<p><strong>Objective</strong> To examine whether fine particulate matter raises the risk of dementia.</p>
<p><strong>Results</strong> Higher exposure was associated with a 16% higher risk of dementia.</p>
<p><b>Conclusions:</b> Long-term exposure to air pollution may increase the risk of dementia.</p>
</article></body></html>`;
    const article = parseArticle({ name: 'abstract.html', bytes: new TextEncoder().encode(html) });
    expect(article.sections.map((section) => section.heading)).toEqual([
      null,
      'Results',
      'Conclusions',
    ]);
    expect(article.sections[0]?.paragraphs[0]?.text).toBe(
      'To examine whether fine particulate matter raises the risk of dementia.',
    );
  });
});

describe('a hard-wrapped paragraph in the HTML source', () => {
  it('closes up a line break between Thai letters or Chinese characters, as in plain text', () => {
    const article = parsePage(
      '<html><body><article><h1>ข่าว</h1><p>ธนาคารกลางคงอัตราดอกเบี้ยไว้ที่ร้อยละสอง\nเพื่อสนับสนุนเศรษฐกิจ คณะกรรมการจะประชุมอีกครั้งในเดือนหน้า</p><p>预计惠及\n超过二十万户家庭。部分经销商为预订的新\n车排队。</p></article></body></html>',
    );
    expect(article.sections[0]?.paragraphs.map((paragraph) => paragraph.sentences)).toEqual([
      ['ธนาคารกลางคงอัตราดอกเบี้ยไว้ที่ร้อยละสองเพื่อสนับสนุนเศรษฐกิจ', 'คณะกรรมการจะประชุมอีกครั้งในเดือนหน้า'],
      ['预计惠及超过二十万户家庭。', '部分经销商为预订的新车排队。'],
    ]);
  });
  /** A page as Confluence exports it: the space's name in the breadcrumbs and before the title. */
  const confluencePage = (space: string, title: string, content: string) =>
    `<html><head><title>${space} : ${title}</title></head><body><div id="main-header"><ol id="breadcrumbs"><li class="first"><span><a href="index.html">${space}</a></span></li><li><a href="x.html">Reviews</a></li></ol><h1 id="title-heading" class="pagetitle"><span id="title-text">${space} : ${title}</span></h1></div><div id="content"><div id="main-content" class="wiki-content group">${content}</div></div></body></html>`;

  it("titles a Confluence export without its space's name and leaves out its info and note macros", () => {
    const article = parsePage(
      confluencePage(
        'Platform Team',
        'Incident review: checkout outage',
        `<div class="confluence-information-macro confluence-information-macro-information"><div class="confluence-information-macro-body"><p>This review follows our blameless format. Please add comments below rather than editing the page.</p></div></div>${paragraph('outage')}${paragraph('alert')}`,
      ),
    );
    expect(article.title).toBe('Incident review: checkout outage');
    expect(article.sections[0]?.paragraphs[0]?.text).toMatch(/^The outage was discussed/);
  });

  it('keeps a Confluence title whose words before " : " are not its space', () => {
    const article = parsePage(
      confluencePage('Finance', 'Budget', paragraph('budget')).replaceAll(
        'Finance : Budget',
        'Budget : le plan',
      ),
    );
    expect(article.title).toBe('Budget : le plan');
  });
  /** A notebook as nbconvert's JupyterLab template exports it: each cell in its own wrappers. */
  const notebookCell = (kind: 'Markdown' | 'Code', html: string) =>
    `<div class="jp-Cell jp-${kind}Cell jp-Notebook-cell"><div class="jp-Cell-inputWrapper"><div class="jp-InputArea jp-Cell-inputArea"><div class="jp-InputPrompt jp-InputArea-prompt">${kind === 'Code' ? 'In&nbsp;[1]:' : ''}</div>${kind === 'Code' ? `<div class="jp-CodeMirrorEditor"><div class="highlight hl-ipython3"><pre>${html}</pre></div></div>` : `<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" data-mime-type="text/markdown">${html}</div>`}</div></div></div>`;

  it("reads every Markdown cell of an exported Jupyter notebook, not one, and titles it by its h1 over the file's name", () => {
    const article = parsePage(
      `<html><head><title>bus-delays-analysis</title></head><body class="jp-Notebook">${[
        notebookCell(
          'Markdown',
          `<h1 id="x">Are buses late more often in the rain?</h1>${paragraph('rainfall data')}`,
        ),
        notebookCell('Code', 'df = pd.read_csv("punctuality.csv")'),
        notebookCell('Markdown', `<h2>What the data show</h2>${paragraph('evening peak')}`),
        notebookCell('Code', 'df.groupby("rain").mean()'),
        notebookCell('Markdown', `<h2>Why it matters</h2>${paragraph('bus lane plan')}`),
      ].join('')}</body></html>`,
    );
    expect(article.title).toBe('Are buses late more often in the rain?');
    expect(article.sections.map((section) => section.heading)).toEqual([
      null,
      'What the data show',
      'Why it matters',
    ]);
    expect(article.sections[0]?.paragraphs[0]?.text).toMatch(/^The rainfall data was discussed/);
  });
});

describe("a German or Czech page's dateline under its byline and time", () => {
  it('goes from the first paragraph of the story, not only the first paragraph of the page', () => {
    for (const [place, story] of [
      [
        'Musterstadt. ',
        'Ab Montag fährt die neue Buslinie 12 alle zehn Minuten zwischen der Altstadt und dem Hauptbahnhof.',
      ],
      ['Praha - ', 'Vláda ve středu schválila zvýšení minimální mzdy o sedm procent od ledna.'],
    ]) {
      const article = parsePage(`<html><head><title>Neue Buslinie</title></head><body><article>
<h1>Neue Buslinie verbindet Altstadt und Bahnhof</h1>
<p>Von Max Mustermann</p><p>03.12.2026, 18:30 Uhr</p>
<p>${place}${story}</p>
<p>Die Stadtwerke setzen auf der Strecke sechs neue Elektrobusse ein, die rund 3,6 Millionen Euro gekostet haben.</p>
</article></body></html>`);
      const texts = article.sections.flatMap((section) =>
        section.paragraphs.map((paragraph) => paragraph.text),
      );
      expect(texts).toContain(story);
    }
  });
});

describe("a page's byline in another language", () => {
  it("gives the author without its word for 'by', so the writer's line closing the piece goes", () => {
    const article =
      parsePage(`<html lang="pt-BR"><head><title>Opinião | Folha Nova</title></head><body><article>
<h1>O Brasil precisa de uma reforma do imposto de renda</h1>
<p class="byline">Por Ricardo Mendes</p>
<p>A isenção do imposto de renda para quem ganha até R$ 5.000 por mês beneficiará cerca de 10 milhões de brasileiros.</p>
<p>A reforma deveria tributar dividendos, como fazem quase todos os países da OCDE, e reduzir impostos sobre o consumo.</p>
<p><i>Ricardo Mendes é economista, professor da USP e autor de "Imposto e Desigualdade no Brasil".</i></p>
</article></body></html>`);
    expect(article.author).toBe('Ricardo Mendes');
    const texts = article.sections.flatMap((section) =>
      section.paragraphs.map((paragraph) => paragraph.text),
    );
    expect(texts.join(' ')).not.toMatch(/é economista/);
  });
});
