import { describe, expect, it } from 'vitest';
import { carriesDateOrTime, isBoilerplate } from '../../../lambda/core/article/boilerplate';
import { parseArticle } from '../../../lambda/core/article/parse-article';

describe('isBoilerplate', () => {
  it.each([
    'Copyright 2023 Nexstar Media Inc. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.',
    '© 2024 Example Media',
    'Leave a Comment',
    '74 comments',
    'Share this article',
    'Share on Facebook',
    'Related: Ten quiet railway stations',
    'Read more:',
    'Related stories:',
    'You might also like:',
    'Sign up for our weekly newsletter.',
    'Subscribe to the Morning Brief newsletter',
    'Follow us on Instagram',
    'Advertisement',
    'By Jane Doe and John Roe',
    // With where the writer was, as a match report or a foreign story gives it.
    'By Tom Reyes, at the Dock Road stadium',
    'By Jane Doe in Kyiv',
    'Thanks for reading The Slow Garden!',
    'Subscribe for free to receive new posts and support my work.',
    'Media contacts',
    'FOR IMMEDIATE RELEASE',
    'For Immediate Release: June 3, 2025',
    'Pressemitteilung',
    'Pressemitteilung Nr. 45/2026 vom 3. Dezember 2026',
    'Pressemitteilung der Polizei Köln',
    'Communiqué de presse – Paris, le 3 décembre 2026',
    'Press release – for immediate release',
    'Embargoed until 00:01 on 4 March 2026',
    'Communiqué de presse',
    'Comunicado de prensa',
    'Comunicato stampa',
    'COMUNICADO DE IMPRENSA',
    'BASIN BÜLTENİ',
    'SIARAN PERS',
    'ΔΕΛΤΙΟ ΤΥΠΟΥ',
    '보도자료',
    'THÔNG CÁO BÁO CHÍ',
    'بيان صحفي',
    'TAARIFA KWA VYOMBO VYA HABARI',
    'Pressmeddelande',
    'PRESSEMEDDELELSE',
    'Lehdistötiedote',
    'TIEDOTE 3.12.2026 klo 10.00',
    'Informacja prasowa',
    'KOMUNIKAT PRASOWY',
    'Tisková zpráva',
    'Пресс-релиз',
    'Прес-реліз',
    'Sajtóközlemény',
    'Comunicat de presă',
    'הודעה לעיתונות',
    'प्रेस विज्ञप्ति',
    '新闻稿',
    'プレスリリース',
    // A paper's notice under a signed opinion piece, with what follows it in its paragraph.
    'Os artigos publicados com assinatura não traduzem a opinião do jornal. Sua publicação obedece ao propósito de estimular o debate dos problemas brasileiros e mundiais.',
    'Las opiniones expresadas en este artículo son responsabilidad exclusiva del autor.',
    "Le opinioni espresse in questo articolo sono quelle dell'autore.",
    // And in Russian, Ukrainian, Polish, Turkish, Arabic and Persian.
    'Мнение автора может не совпадать с позицией редакции.',
    'Думка автора може не збігатися з позицією редакції.',
    'Opinie wyrażone w tekście są opiniami autora.',
    'Yazıdaki görüşler yazara aittir.',
    'المقال يعبر عن رأي كاتبه ولا يعبر بالضرورة عن رأي الموقع.',
    'دیدگاه‌های مطرح شده در این یادداشت لزوماً دیدگاه این رسانه نیست.',
    'PUBLIC NOTICE',
    'OBITUARY',
    'Obituaries',
    'In Memoriam',
    'We welcome applications from all backgrounds.',
    'Fernleaf encourages applications from under-represented groups.',
    'Legal Notices',
    'Subscribe to continue reading',
    'Sign in or register for free to keep reading this story.',
    'You have read all of your free articles this month. Subscribe to The Valley Courier for just $1 for 6 months and get unlimited access to local news you can trust.',
    "You've reached your limit of free stories.",
    'This post is for paid subscribers',
    'Este contenido es exclusivo para suscriptores. Suscríbete por 1 € el primer mes y disfruta de acceso ilimitado.',
    'Cet article est réservé aux abonnés.',
    // A company's registration in a footer: alone, or before its registered office.
    'Briefing Media Ltd, 100 Fleet Street, London EC4Y 1AA. Registered in England and Wales No. 01234567.',
    'Acme Ltd is a company registered in England and Wales with company number 02366661, whose registered office is at 1 High Street, Leeds LS1 4AP.',
    'Northwind Media Limited, registered in Scotland under company number SC123456. Registered office: 5 Quay Street, Glasgow G1 1AA.',
    'Registered in England & Wales No. 4567890 | VAT No. GB 123 4567 89',
    'Harbour Food Bank is a registered charity in England and Wales (No. 1123456).',
    'Registered charity number 1123456.',
    'A registered charity in England and Wales (1123456) and in Scotland (SC012345).',
    'Oxfam GB is a registered charity in England and Wales (no 202918) and Scotland (SC039042). Oxfam GB is a member of Oxfam International.',
    'Registered charity in England and Wales no. 1123456 and in Scotland no. SC012345, registered office: 1 High Street, Leeds.',
    // A site's ask for tips, with where to send them: it was a key point ("Email newsdesk@… or
    // message us on WhatsApp.").
    'Do you have a story for us? Email newsdesk@valleypost.example or message us on WhatsApp.',
    'Got a news tip you want to share? Contact our team at tips@example.com.',
    'Have you got a story we should know about? Get in touch.',
    // A page's skip link, the first line of a page copied from a browser as text: it titled the
    // article "Skip to main content".
    'Skip to main content',
    'Skip to content',
    'Jump to navigation',
    'Skip navigation',
    'Zum Inhalt springen',
    'Aller au contenu principal',
    'Ir al contenido',
    'Vai al contenuto principale',
  ])('recognises %j', (line) => {
    expect(isBoilerplate(line)).toBe(true);
  });

  it.each([
    'Share prices fell 5% on Monday after the results.',
    'Related companies were also fined by the regulator.',
    'By noon the queue stretched around the block.',
    'By Christmas in Kyiv the shelves were empty.',
    'Skip to the end of the report and the picture is bleaker, the auditors said.',
    'Skip to content creators: the platform pays them less this year',
    // A French review's verdict, as its subhead.
    'Avis',
    'Avviso',
    'By Tuesday, at the latest, the bridge will reopen.',
    'Copyright lawsuits against AI companies have surged this year.',
    'Press releases from the ministry were published late on Friday.',
    'Pressemitteilung der Polizei: Unfall auf der A9 fordert zwei Verletzte.',
    // A headline about a press release, with no full stop, is no slug: its verb is in small letters.
    'Pressemitteilung der Polizei sorgt für Empörung',
    'Communiqué de presse du gouvernement : la polémique enfle',
    'Press release on job cuts sparks anger',
    'Siaran pers Kemenkes soal vaksin picu kritik',
    'As opiniões expressas pelos manifestantes foram ignoradas pelo governo, disse o sindicato.',
    'Las opiniones vertidas en la consulta pública obligan al ayuntamiento a cambiar el plan.',
    '보도자료를 배포한 구청이 사과했다',
    // News about an author's or a writer's views.
    'Мнение автора законопроекта совпадает с позицией правительства, заявил спикер.',
    'Opinie wyrażone w raporcie są opiniami ekspertów ministerstwa.',
    'Yazıdaki görüşler nedeniyle gazeteci hakkında soruşturma başlatıldı.',
    'المقال الذي نشرته الصحيفة أثار جدلا واسعا في البرلمان.',
    // Headlines about a release, and the Finnish word for a notice as the subject of a sentence.
    'Tiedote jäi julkaisematta ministeriön virheen vuoksi.',
    'Pressmeddelandet från polisen väckte kritik',
    'Пресс-релиз Минфина вызвал споры',
    'Informacja prasowa ministerstwa wywołała krytykę',
    '新闻稿发布后股价大涨',
    'プレスリリースの配信を停止した',
    'Le communiqué de presse du ministère a été publié vendredi.',
    'Public notice issued over contaminated water in Ashby',
    'Obituary writers remember the actor as generous.',
    'The names of the victims may not be published under state law until families are notified.',
    'Readers who subscribe to the print edition will keep reading it on paper until December.',
    'You have read the news about free school meals, and the council has now confirmed the plan.',
    'This story is for members of the public who were affected by the floods.',
    // A council's or a fund's call for applicants is news; only a job posting's statement goes.
    'The council said it welcomes applications from all residents for the new hardship grant, which opens on Monday.',
    'The fund encourages applications from under-represented communities, the minister said on Tuesday.',
    'The paper said its newsletter would no longer be free, and readers who signed up before March would keep their discount for a year while new readers pay the full price from the start.',
    // News that names a company by its registration: the sentence goes on after the number, or
    // the number ends a sentence that is about something else.
    'Acme Ltd, registered in England and Wales under company number 02366661, entered administration on Monday.',
    'The Glasgow firm, registered in Scotland with company number SC123456, was fined £40,000 for the breach.',
    'Administrators were appointed on Friday to Acme Ltd, registered in England and Wales under company number 02366661.',
    'Harbour Food Bank, a registered charity in England and Wales (No. 1123456), said demand had doubled.',
    'The trustees of the registered charity number 1123456 were disqualified by the regulator.',
    'Oxfam is a registered charity in England and Wales (No. 202918) and Scotland (SC039042), the regulator noted as it opened an inquiry.',
    'Do you have a story for the council archive? Residents can bring photographs to the library on Saturday, the archivist said.',
    'Do you have a tip for saving energy this winter? The council will publish the best ones in its newsletter.',
  ])('leaves article text alone: %j', (line) => {
    expect(isBoilerplate(line)).toBe(false);
  });

  it('reads a byline of names run together in capitals in linear time', () => {
    // A name could end anywhere in a run of capitals: 57 characters took 23 s, 82 a minute.
    const names = `AAB${'fABBA'.repeat(16)}`;
    expect(isBoilerplate(`By ${names}!`)).toBe(false);
    expect(isBoilerplate(`By ${names} and Jane Doe`)).toBe(true);
  });

  it("reads a line of a mailer's bars with a long run of spaces in linear time", () => {
    // Spaces on both sides of each bar, each a run of its own: 20 kB took a minute.
    expect(isBoilerplate(`View online|||${' \t'.repeat(50_000)}|`)).toBe(false);
    expect(isBoilerplate('View online  |  Forward  |  Unsubscribe »')).toBe(true);
  });

  it('reads a long word after a source label in linear time', () => {
    // A look back from the end for a capital read the word again from each place: 150 kB, 28 s.
    const line = `Bron:r\tК\tỒ\tЧ${'Ч:Ж'.repeat(50_000)}!`;
    const text = `Title line\n\n${line}\n\nThe council voted on Monday to close the bridge.`;
    const article = parseArticle({ name: 'a.txt', bytes: new TextEncoder().encode(text) });
    expect(article.title).toBe('Title line');
    expect(article.sections.at(-1)?.paragraphs.at(-1)?.text).toBe(
      'The council voted on Monday to close the bridge.',
    );
  });
});

describe('carriesDateOrTime', () => {
  it('reads a month name before its day and year in linear time', () => {
    // Latin and other letters alternating: a word could begin at each, and was read to its end
    // from there. 33 KB took 28 s.
    const letters = `t${'月n'.repeat(25_000)}`;
    expect(carriesDateOrTime(`${letters}.`)).toBe(false);
    expect(carriesDateOrTime(`${letters} 4, 2025`)).toBe(true);
    expect(carriesDateOrTime('On March 4, 2025, the council voted to close the depot.')).toBe(true);
    expect(carriesDateOrTime('Le 14 août 2025, la mairie a fermé le dépôt.')).toBe(true);
    expect(carriesDateOrTime('The council voted to close the depot.')).toBe(false);
  });
});

describe('a "Key takeaways" box over its list', () => {
  const takeaways = ['Lower the flow temperature to 45C.', 'Use a time-of-use tariff.'];
  const story = [
    'Thousands of households who switched to heat pumps were surprised by their bills.',
    'Engineers say most heat pumps run at flow temperatures that are too high.',
  ];
  it.each([
    [
      'story.md',
      `# Heat pump bills\n\n> **Key takeaways**\n> - ${takeaways[0]}\n> - ${takeaways[1]}\n\n${story[0]}\n\n${story[1]}\n`,
    ],
    [
      'story.txt',
      `Heat pump bills\n\nTL;DR\n- ${takeaways[0]}\n- ${takeaways[1]}\n\n${story[0]}\n\n${story[1]}\n`,
    ],
    [
      'story.html',
      `<html><body><article><h1>Heat pump bills</h1><div class="box"><h3>Key takeaways</h3><ul><li>${takeaways[0]}</li><li>${takeaways[1]}</li></ul></div><p>${story[0]}</p><p>${story[1]}</p></article></body></html>`,
    ],
    [
      'facts.html',
      `<html><body><article><h1>Heat pump bills</h1><p><strong>Key facts</strong></p><ul><li>${takeaways[0]}</li><li>${takeaways[1]}</li></ul><p>${story[0]}</p><p>${story[1]}</p></article></body></html>`,
    ],
    [
      'facts.md',
      `# Heat pump bills\n\n**Fast facts:**\n\n- ${takeaways[0]}\n- ${takeaways[1]}\n\n${story[0]}\n\n${story[1]}\n`,
    ],
  ])('leaves the writer’s summary out of %s, whose story says it', (name, text) => {
    const article = parseArticle({ name, bytes: new TextEncoder().encode(text) });
    const paragraphs = article.sections.flatMap((section) => section.paragraphs);
    expect(paragraphs.map((paragraph) => paragraph.text)).toEqual(story);
  });

  it('keeps a list under a heading of its own ("Key features")', () => {
    const text = `# House for sale\n\nA Victorian house near the park, extended in 2022.\n\n## Key features\n\n- Four double bedrooms with fitted wardrobes\n- A south-facing garden with a home office\n`;
    const article = parseArticle({ name: 'house.md', bytes: new TextEncoder().encode(text) });
    expect(article.sections.at(-1)?.paragraphs).toHaveLength(2);
  });
});
