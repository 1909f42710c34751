import { describe, expect, it } from 'vitest';
import { isJunkSentence } from '../../../lambda/core/article/boilerplate';
import {
  insideQuotation,
  isFitKeyPoint,
  isUnattributedQuotation,
  opensWithDependentWord,
} from '../../../lambda/core/keypoints/sentence-quality';

describe('opensWithDependentWord', () => {
  it.each([
    'He said the talks would resume next week.',
    'But the council rejected the plan on Tuesday.',
    "'It was the worst storm in decades,' said the mayor.",
    'This is the moment a bus driver stopped a runaway lorry.',
    'In addition, the firm will cut 200 jobs.',
    '(CNN) -- They had waited for three hours in the rain.',
    'however the report was never published.',
    'Some of those teachers have taken second jobs to pay their rent.',
    'Three of them broke ground last month.',
    'Others kept their children at home.',
    'In return, the bank will keep the branch open three days a week.',
    'Until then, books can be returned to the Market Street branch.',
    'Since then not a single tree has died.',
    'After that appearance, the campaign changed its message.',
    'A: We have fast-tracked permits for 1,200 affordable units.',
    'Second, fund soil testing so that farmers know what their land needs.',
    'Lastly, the report calls for a ban on night flights.',
    'Elle a ajouté que le chantier serait terminé avant la fin de l’année.',
    'Il plaide pour des investissements dans le stockage de l’électricité.',
    'Ces limitations sont imposées par la réglementation pour protéger la faune.',
    'Diese Verbindungen sollen ab Dezember entfallen, teilte die Bahn mit.',
    'Cependant, le conseil municipal a rejeté la proposition mardi.',
    'Er sagte, die Arbeiten würden im Mai beginnen.',
    'Außerdem will die Stadt drei neue Schulen bauen.',
    'Sin embargo, el gobierno rechazó la propuesta del sindicato.',
    'L’un d’eux, Dott, estime que la mesure le privera de 15 % de ses trajets.',
    "Certains d'entre elles ont déjà quitté la ville.",
    'Einer von ihnen wurde schwer verletzt.',
    'Das teilte die Güterverkehrstochter DB Cargo am Dienstag mit.',
    'Dies sei ein wichtiger Schritt für den Güterverkehr, sagte der Minister.',
    'Deshalb will die Bahn die Technik zunächst in Maschen erproben.',
    'Dabei fährt in einer ersten Phase ein Lokführer als Beobachter mit.',
    'Uno de ellos fue detenido el martes en Sevilla.',
    'Lowering it from 21C to 20C cuts heating use by about 10%.',
    'Releasing them with a radiator key takes a few minutes.',
    // Contractions with a straight apostrophe, as a curly one already splits off.
    "That's not a guess, that's the letter we got from the Federal Transit Administration.",
    "It's the third time this year the bridge has closed.",
    "They're due back in court in May.",
    "There's no money left for the second phase.",
    "That company's shares fell by a third.",
  ])('finds a word pointing back in %s', (sentence) => {
    expect(opensWithDependentWord(sentence)).toBe(true);
  });

  it.each([
    'The council rejected the plan on Tuesday.',
    'This week the first contracts were signed.',
    // A time phrase's possessive, with either apostrophe.
    "This year's headliner is the New Orleans brass band Crescent City Stompers.",
    "This week's storms cut power to 20,000 homes across the county.",
    'This season’s first frost came two weeks early.',
    'Heathrow said flights would resume.',
    'Italy won the match 2-0.',
    'Second-quarter profits rose 4 percent.',
    'Third parties will be allowed to bid for the contract.',
    'Until Thursday, books can be returned to the Market Street branch.',
    'Since 2019 the library has lent more e-books than paper ones.',
    'Even the council admits that the barriers leaked in two places.',
    // At last, not the last step: news opens a story so.
    'Finally, after six years of delays, the bridge opened to traffic on Monday.',
    // A word ending in "thing" before "it" is no gerund.
    'Everything it touched in the flooded basement had to be thrown away.',
    // Impersonal, not a reference back.
    'Il y a trois ans, la ville a fermé la gare du centre.',
    "Il s'agit du troisième record de chaleur depuis le début de l'été.",
    'Il faut remonter à 2003 pour trouver une canicule aussi longue.',
    'Es gibt in der Stadt seit Montag drei neue Buslinien.',
    'Cette semaine, le gouvernement a présenté son budget pour 2026.',
    'Diese Woche beginnt der Umbau des Hauptbahnhofs in Leipzig.',
    '(CNN)Fox\'s smash hit series "Empire" had its season finale on Wednesday night.',
    "Heathrow's third runway was approved on Tuesday.",
    'L’un des trois opérateurs, Dott, a annoncé un recours.',
    'Uno de los detenidos fue liberado el martes.',
    'Das Unternehmen teilte am Dienstag mit, dass der Versuch zwölf Monate dauert.',
    'Das neue Stellwerk ist seit Montag in Betrieb.',
    'Damit die Züge pünktlich fahren, baut die Bahn ein drittes Gleis.',
    'During her tenure the museum doubled its visitors.',
    'Starting this week, buses run every ten minutes.',
    'Heating a house from cold uses more energy than a steady schedule.',
  ])('finds none in %s', (sentence) => {
    expect(opensWithDependentWord(sentence)).toBe(false);
  });

  it('takes "Il" for the French pronoun only in an article that is French or does not say', () => {
    const italian = 'Il calendario sarà pubblicato entro la fine di gennaio.';
    expect(opensWithDependentWord(italian, 'it')).toBe(false);
    expect(
      opensWithDependentWord('«Il ticket non è una tassa», ha detto il sindaco.', 'it-IT'),
    ).toBe(false);
    const french = 'Il plaide pour des investissements dans le stockage.';
    expect(opensWithDependentWord(french, 'fr')).toBe(true);
    expect(opensWithDependentWord(french, 'fr-CA')).toBe(true);
    expect(opensWithDependentWord(french)).toBe(true);
    // The other words keep their meaning whatever the page declares.
    expect(opensWithDependentWord('He said the talks would resume.', 'it')).toBe(true);
  });
});

describe('isJunkSentence', () => {
  it.each([
    'By . Associated Press . PUBLISHED: .',
    '14:11 EST, 25 October 2013 . UPDATED: .',
    '15:36 EST, 25 October 2013 .',
    'Last updated at 3:31 PM on 19th July 2011 .',
    'Scroll down for video .',
    'Photo CreditKevin Frayer/Getty Images',
    'Pictured on the right is a Mercator map turned on its head .',
    'Promoted By Harbourside Motors',
    '^ Frankel, Theodore (2004). Lights of the North. Harbour Press.',
    'https://example.org/a https://example.org/b https://example.org/c',
    '1:39 PM ET',
    'Veröffentlicht am 12. Januar 2025 um 09:15 Uhr',
    'Lire aussi : Les halles de la région, un patrimoine fragile',
    // "Read more" in Spanish, Dutch, Polish, Russian, Turkish and Indonesian, long enough to pass as a sentence.
    'Lee también: El paro baja en noviembre por tercer mes consecutivo y alcanza su nivel más bajo desde 2008.',
    'Lees ook: Kabinet trekt extra geld uit voor de woningbouw in Utrecht en de rest van het land.',
    'Czytaj także: Rząd przyjął projekt budżetu na przyszły rok, a opozycja zapowiada głosowanie przeciw niemu.',
    'Читайте также: Правительство утвердило бюджет на следующий год и повысило расходы на образование и медицину.',
    'Ayrıca okuyun: Merkez Bankası faiz kararını açıkladı ve piyasalar kararın ardından güne yükselişle başladı.',
    'Baca juga: Harga beras naik menjelang akhir tahun di seluruh Indonesia dan pemerintah menyiapkan operasi pasar.',
    'اقرأ أيضا: البنك المركزي يثبت أسعار الفائدة للمرة الثالثة على التوالي هذا العام وسط توقعات بخفضها',
    'קראו גם: הממשלה אישרה את תקציב המדינה לשנה הבאה לאחר דיון ארוך וסוער בכנסת',
    'यह भी पढ़ें: सरकार ने अगले साल के बजट को मंजूरी दी और शिक्षा पर खर्च बढ़ाने का फैसला किया',
    'Condividi su Facebook | Condividi su WhatsApp',
    'Partager sur Facebook',
    'Delen op X',
    'E-mail to a friend .',
    'FILE PHOTO: An oil pump jack is seen at sunset.',
    '(Reporting by Jane Smith; Editing by David Goodman)',
    'Our Standards: The Thomson Reuters Trust Principles.',
    'Associated Press writers Lisa Mascaro and Kevin Freking contributed to this report.',
    'Jane Doe contributed reporting from Kyiv.',
    'Associated Press writer Christopher Weber contributed from Los Angeles.',
    '(Additional reporting by Sam Lee in Hong Kong)',
    'Photograph: Andy Rain/EPA',
    '(AP Photo/Evan Vucci)',
    'Image copyright Getty Images',
    'Photo by Jane Doe',
    'Updated Mar 5, 2024',
    'Posted on March 5',
    'Posted by Jane Doe on March 3, 2024',
    'Sponsored by Harbourside Motors',
    'Copyright 2024 The Associated Press.',
    'Veröffentlicht am 12. Januar 2025 um 09:15 Uhr.',
    'Update, 6:45 p.m.: Firefighters say the blaze is now 30 percent contained.',
    'Correction, May 4: An earlier version of this article misstated the number.',
    'This article was originally published in The Valley Courier.',
    'TL;DR: The library closes on 15 September for a £6.4m restoration.',
    'tl;dr — sleeper trains are back, and they are still unreliable.',
    '8 min read · Nov 2, 2023',
    'Figure 2: Mean weight change over twelve months by group.',
    'Sarah Lindqvist can be reached at s.lindqvist@example-news.com.',
    'Reach him at jonah@urbanledger.example.',
    'Send your questions to Annie Lane at dearannie@creators.com.',
    'Email your letters to letters@valleycourier.example.',
    'This interview has been edited for length and clarity.',
    'This is an edited transcript of an interview broadcast on Morning Report on 20 November 2025.',
    'The following is a transcript of the mayor’s remarks at the opening of the bridge.',
    'This is a rush transcript.',
    'All notable changes to this project will be documented in this file.',
    'The format is based on Keep a Changelog, and this project adheres to Semantic Versioning.',
    'This transcript has been lightly edited for readability.',
    'The conversation has been condensed and edited for clarity.',
    'The opinions expressed in this commentary are solely those of the writer.',
    'The views expressed in this column are the author’s own.',
    'This article contains affiliate links.',
    'If you buy through our links, we may earn a small commission.',
    'GadgetBench may earn a commission when you buy through links on our site.',
    // A syndicated science story's citation of its paper, and the notice under it.
    'More information: Lena Hart et al, Social learning of a two-step puzzle in bumblebees, Nature Ecology & Evolution (2026).',
    'Journal reference: Hart, L. et al. (2026). Social learning of a two-step puzzle in bumblebees.',
    'The content is provided for information purposes only.',
    'This material is provided for informational purposes only.',
    'The Harbour Post may receive a share of sales from products purchased through links in this article.',
    'Our editors may earn an affiliate commission if you buy something through our links.',
    'Subscribe to the Port Alder Post for $1 a week.',
    'Hannah Price is a columnist for the Midvale Courier and writes about cities and transport.',
    'Neil Edward Schlecht is a freelance writer based in Litchfield County and the author of travel guides.',
    'View this email in your browser',
    'You are receiving this email because you signed up at allotmentletter.example.',
    "You're receiving this newsletter because you attended one of our events.",
    'Forward this email to a friend who might enjoy it.',
    'Unsubscribe | Update your preferences The Allotment Letter, 14 Orchard Lane, Hebden Bridge HX7 8AB',
    'Manage your subscription',
    'Northwind will host a conference call at 5:00 p.m. Eastern Time today to discuss the results.',
    'The company will hold a webcast for investors at 8:30 a.m. ET on Thursday.',
    'A replay of the webcast will be available on the company’s investor relations website.',
    // A cookie-consent banner, in the languages the page may be in.
    'We use cookies to improve your experience.',
    'By continuing to browse you agree to our use of cookies.',
    'This website uses cookies to ensure you get the best experience on our website.',
    'We use some essential cookies to make this website work.',
    'We’d like to set additional cookies to understand how you use GOV.UK, remember your settings and improve government services.',
    'We and our partners store and/or access information on a device, such as cookies, and process personal data, such as unique identifiers and standard information sent by a device, for personalised ads and content, ad and content measurement, and audience insights.',
    'You can change your preferences at any time by returning to this site or visiting our privacy policy.',
    'By clicking “Accept all cookies”, you agree to the storing of cookies on your device.',
    'By continuing to use this site you are agreeing to our use of cookies.',
    'If you continue browsing, you accept the use of cookies on this website.',
    'Utilizamos cookies propias y de terceros para mejorar nuestros servicios.',
    'Si continúa navegando, consideramos que acepta su uso.',
    'Wir verwenden Cookies und ähnliche Technologien, um Inhalte zu personalisieren und die Zugriffe auf unsere Website zu analysieren.',
    'Mit einem Klick auf „Alle akzeptieren“ stimmen Sie der Verarbeitung Ihrer Daten zu.',
    'Nous utilisons des cookies pour vous garantir la meilleure expérience sur notre site.',
    'En poursuivant votre navigation, vous acceptez l’utilisation de cookies.',
    'Questo sito utilizza cookie tecnici e di profilazione.',
    // A correction noted under the story.
    'This article was amended on 4 March 2026 to correct the number of participants.',
    'This story has been updated to include a statement from the council.',
    // The BBC's captions and credits, each with its label for screen readers.
    'Image caption, Councillors say older residents will struggle without a branch',
    'Image source, Getty Images',
    'Media caption, Watch: the moment the bridge was lifted into place',
    'Follow BBC Cumbria on Facebook, X and Instagram.',
    'Follow The Harbour Post on Twitter and Instagram for the latest news.',
    // A page's promotions of itself in the body: its newsletter, app, channels, membership.
    "Don't miss: The ten best beaches in Cornwall this summer",
    'Get the latest news delivered to your inbox every morning with our free newsletter.',
    'Get our morning briefing in your inbox.',
    'Follow us on Instagram and TikTok.',
    'Never miss a story: get our free daily briefing in your inbox.',
    'Enter your email address to subscribe to this blog and receive notifications of new posts by email.',
    'Download our app for the latest breaking news and alerts on your phone.',
    'Join our WhatsApp channel for the latest updates from the newsroom.',
    'Contact our newsroom at tips@courier.example.',
    'This story was produced in partnership with the Pulitzer Center.',
    'Support independent journalism by becoming a member today for just $5 a month.',
    'If you enjoyed this article, please consider sharing it with friends.',
    'Inscrivez-vous à notre newsletter pour recevoir les dernières actualités chaque matin.',
    'Melden Sie sich für unseren Newsletter an und erhalten Sie jeden Morgen die wichtigsten Nachrichten.',
    'Suscríbete a nuestro boletín para recibir las noticias más importantes cada mañana.',
    // A disclaimer under a release, and a court's notice about its own press summary.
    'Disclaimer: AAAS and EurekAlert! are not responsible for the accuracy of news releases posted to EurekAlert! by contributing institutions.',
    'Disclosure: The author owns shares in two of the companies mentioned.',
    'This summary is provided to assist in understanding the Court’s decision.',
    'The full judgment of the Court is the only authoritative document.',
    // A food blog's, an obituary site's and a local news site's furniture around the text.
    'Tag us on Instagram @sallyskitchen so we can see your bakes.',
    'Pin this recipe for later on Pinterest so you can find it again.',
    'Click the stars to rate this recipe and leave a comment below.',
    'This post was sponsored by King Arthur Flour, but all opinions are my own.',
    'Serves 4 as a main course or 6 as a starter with bread',
    'Sign the guest book and share your memories of Rosa with the family.',
    'Send flowers to the service of Rosa Delgado through our trusted florist.',
    'Prices correct at the time of going to press.',
    'Prices and availability are subject to change without notice.',
    "If you see something that doesn't look right, click here to contact us!",
    'Our journalists strive for accuracy and fairness.',
    // The same furniture in French, German and Spanish.
    'Folgen Sie uns auf Facebook, Instagram und X.',
    'Suivez-nous sur Facebook, Instagram et X.',
    'Síguenos en Facebook, Instagram y X.',
    'Dieser Artikel ist nur für Abonnenten verfügbar.',
    'Cet article vous a été offert par la rédaction, abonnez-vous pour lire tous nos articles.',
    'Mit Material von dpa und AFP.',
    // A recipe card's times, a run of fields without a full stop.
    'Prep Time 10 minutes Cook Time 60 minutes Total Time 1 hour 10 minutes',
    'Cook time: 45 mins Total time: 1 hr 5 mins Servings: 8',
    // A podcast's furniture: where to listen, asks to follow or rate, the sponsor and its offer,
    // the host platform's notices.
    'Subscribe on Apple Podcasts, Spotify, or wherever you get your podcasts.',
    'New episodes every Tuesday, wherever you get your podcasts.',
    'Listen to the full episode on Spotify and Apple Podcasts.',
    'Follow the show on Apple Podcasts so you never miss an episode.',
    'If you like the show, please rate and review us on Apple Podcasts.',
    'Be sure to subscribe to the podcast on YouTube Music or Pocket Casts.',
    'Find us on Overcast.',
    'It helps other listeners find us.',
    'This episode is brought to you by Northwind Bank.',
    "Today's show is sponsored by Fernleaf.",
    'This episode is brought to you by Squarespace, the all-in-one platform for building your website.',
    'This episode is sponsored by Northwind Bank, get 3 months free at northwind.example/podcast.',
    'Visit northwind.example/podcast for 3 months free.',
    'Learn more about your ad choices.',
    'Visit megaphone.fm/adchoices',
    'See omnystudio.com/listener for privacy information.',
    'Hosted on Acast.',
    // Its show notes' credits, asks for listener mail, membership pitch and cross-promotion.
    'Produced by Sam Ortiz.',
    'Produced and edited by Sam Ortiz.',
    'Mixed & mastered by Jo Park.',
    'If you enjoyed this episode, please leave us a review on Apple Podcasts.',
    'Edited by Jo Park and Lee Chan.',
    'Our theme music is by Blue Dot Sessions.',
    'Send us a voice memo at hello@townpod.example.',
    'Leave us a voicemail at 555-0134.',
    // A Japanese, Chinese or Korean page's date and time under its headline.
    '2026年12月3日 10時15分',
    '2026年12月3日 10时15分',
    '2026년 12월 3일 14시 22분',
    'Become a member at townpod.example/join to get ad-free episodes.',
    'Support the show on Patreon and get bonus episodes every week.',
    'Check out our sister show, City Limits, available now.',
    // Where to get more information: a phone number, an address or a link.
    'For more information call 0800 123 4567, Monday to Friday, 9am to 5pm.',
    'For further details, please email recalls@brightkettle.example or visit www.brightkettle.example/recall.',
    'For more information on the recall, call 0800 123 4567.',
    'FOR MORE INFORMATION CONTACT: Jane Smith, +44 20 7946 0000',
    'For more information or to book, visit www.northwind.example/tickets.',
    'For media enquiries, contact press@brightkettle.example.',
  ])('rejects %s', (sentence) => {
    expect(isJunkSentence(sentence)).toBe(true);
  });

  it.each([
    'The bishop of the Fargo Catholic Diocese has exposed hundreds of church members to hepatitis A.',
    'Share prices fell sharply after the announcement on Monday.',
    'The photographer spent three years on the project before it was published.',
    'Le marché couvert du centre-ville a rouvert ses portes samedi matin.',
    // Sentences of news that open or end like a caption, credit, timestamp or notice.
    'Credit Suisse shares fell 20 percent on Monday after the bank disclosed new losses.',
    'The bill, sponsored by Senator Maria Lopez, would require utilities to cut emissions.',
    'The new limits on power plant emissions were drafted by the EPA.',
    'Updated figures released on Tuesday show unemployment fell to 3.9 percent in May.',
    'Published in 1962, the report helped launch the modern environmental movement.',
    'The company refused to share this information with investigators.',
    'Images from the satellite show the glacier has retreated by two kilometres.',
    'Copyright lawsuits against artificial intelligence companies have surged this year.',
    'Polls close at 8:00 p.m. Eastern time.',
    'Retailers may earn a commission of up to 8% on each sale, the report found.',
    'More information: the council will publish the full report in March, along with the 2026 figures.',
    'The figures are provided for information purposes only, the agency said, and carry no legal weight.',
    'Brokers may earn a commission when you buy shares through them, the regulator warned.',
    '会見は午前10時15分に始まった。',
    '투표는 오후 8시 30분에 마감된다.',
    'Published by Penguin in 1962, the novel sold a million copies in its first year.',
    'The hackers reached the email accounts of 40 officials, the ministry said.',
    'The scammers contacted victims from addresses such as support@bank-secure.example.',
    'Readers can email questions to help@council.example before the meeting on Friday.',
    'Figure 1 shows that both groups lost most of their weight in the first six months.',
    'Table salt accounts for most of the sodium in a typical diet.',
    'The speech has been edited by aides to remove two paragraphs on tariffs.',
    'Australia is the largest non-NATO contributor to the war in Afghanistan.',
    'The views of residents were expressed at a meeting on Tuesday.',
    'The retailer said it would stop using affiliate marketing firms next year.',
    'Subscribers to the service pay $10 a month.',
    'Del en la tarde, el ministro anunció un nuevo plan de vivienda.',
    'Unsubscribe links in spam can install malware, the agency warned.',
    'View counts on the video passed two million by Sunday.',
    'Send your questions about the new permits to the council before Friday, the mayor said.',
    'More than 200 scientists from 40 countries contributed to the report, which took three years.',
    'Nearly $2 million was contributed from donors in Texas.',
    'Analysts on the conference call pressed the chief executive about falling margins.',
    'The minister will host a conference of European energy ministers in March.',
    'The grants contributed to this report’s finding that rural clinics are underfunded, she said.',
    'Websites use cookies to follow readers from page to page, the regulator said.',
    'The regulator fined the retailer for its use of cookies without consent.',
    // A caveat's words inside a sentence that goes on with the news.
    'The death toll, correct at the time of writing, stands at 42 after the earthquake.',
    'Fares are subject to change without notice, the operator warned passengers on Monday.',
    'The court said the English text is the only authoritative version of the treaty, rejecting the appeal.',
    'We use cookies from the bakery next door for the school fair every year.',
    'You can change the settings on the boiler to lower the flow temperature.',
    'By continuing the talks, both sides hope to agree a deal before the summer.',
    'This article of the constitution was amended in 1992 to give regions more powers.',
    'The law was amended on 4 March to correct a drafting error.',
    'Prep time for the dish is 10 minutes, the chef said, and it cooks in twenty.',
    'Image sources on the site were checked by the fact-checking team.',
    'Get the vaccine before winter, the health minister urged older residents on Monday.',
    'Phishing emails that land in your inbox often copy the look of a real bank.',
    'Get ready for higher bills landing in your inbox this winter, the regulator warned.',
    'Follow the money on Facebook and you find the same three donors behind every page.',
    'Download speeds in rural areas are still half those in cities, the regulator said.',
    'Join the queue early, as tickets for the festival sold out in an hour last year.',
    'This story was first told by the BBC in 1987, when the survivors were found.',
    'Support for the plan fell to 40 per cent in the latest poll.',
    'If you enjoyed the summer heat, the forecast for August will disappoint you.',
    'Contact tracing ended in the spring, when case numbers fell.',
    'Suivez la Seine sur trois kilomètres pour rejoindre le village.',
    'Die Stadt will das Material von der Baustelle wiederverwenden.',
    'Tag teams from the club won three titles this season.',
    'Rate rises are expected to continue into next year, the bank said.',
    'The post was sponsored by three councillors and passed on Tuesday.',
    'Serves were broken four times in the final set.',
    'Send flowers by post and they arrive wilted, the survey found.',
    'The figures were correct at the time of the census in 2021, officials said.',
    'The disclaimer on the packet was too small to read, the court found.',
    'This summary of the evidence was prepared by the committee’s clerks in March.',
    'Follow the river path on foot for two miles to reach the village.',
    'Followers of the band on Instagram were told of the tour on Monday.',
    'Total time spent on the project came to 4,000 hours over three years.',
    // News that names the same platforms, or asks the reader to listen to something else.
    'Spotify cut 1,500 jobs on Monday, its chief executive said.',
    'Follow the money on Spotify and you find that most artists earn less than $1,000 a year.',
    "Listen to the band's new album on Spotify and the influence of 1970s soul is obvious.",
    'Listeners on Apple Podcasts can now read a transcript of every episode, the company said.',
    'Subscribers to Spotify Premium will pay £1 more a month from April.',
    'The podcast is sponsored by a betting firm, which regulators say breaks the advertising code.',
    // News about a show's sponsor: the sentence goes on past the sponsor's name with a clause.
    'This episode was sponsored by Northwind Bank, regulators said on Tuesday.',
    "Today's show was sponsored by Fernleaf, which the advertising watchdog fined £2m in March.",
    'This episode was brought to you by a betting firm that the regulator says broke the code.',
    'This podcast is supported by Northwind Bank, according to a filing seen by the BBC.',
    'Visit the museum on a Sunday and entry is free for children under 12.',
    'It helps that the new stadium is a short walk from the station, fans said.',
    'Produced by Pixar, the film took six years to make.',
    'Music by Taylor Swift was played at the rally on Saturday.',
    'Edited by a team of 40 volunteers, the dictionary runs to 12 volumes.',
    'Produced and directed by Greta Gerwig, the film took $1.4bn at the box office.',
    'Leave the motorway at junction 5 and the podcast studio is on your left, the firm said.',
    'Send us a message, the kidnappers wrote to the family, or you will not see him again.',
    'Become a member of the European Union is what Ukraine asked for in 2022.',
    'Check out our guide to the best walks in the Lake District before you go.',
    'For more information on the outbreak, health officials urged residents to call their GP rather than visit A&E.',
    'For more details of the 2,400 job cuts, the union said it would call a meeting on 12 May.',
    // A helpline quoted in a story: someone else tells the reader to call, the sentence goes on.
    'For more help, flood victims can call the council hotline on 0800 555 0123, the mayor said on Sunday.',
    'For more information about the victims, police asked families to call the casualty bureau on 0800 056 0944.',
    'For more advice, the NHS said, parents should visit www.nhs.uk or call 111 if their child has a fever.',
  ])('keeps %s', (sentence) => {
    expect(isJunkSentence(sentence)).toBe(false);
  });
});

describe('isFitKeyPoint', () => {
  it.each([
    'What would you do if your flight was cancelled?',
    "'I'm so happy to be back home with my family.",
    'Themes Add-ons',
    '$7/month',
    'Fighter ace:',
    'Keywords: intermittent fasting; type 2 diabetes; HbA1c; randomised controlled trial',
    'Media Contact: Jamie Ortiz, press@northwind.example, +1 415 555 0142',
    'When: Friday, August 9, 5 p.m. to Sunday, August 11, 11 p.m.',
    'Saturday: 10am to 6pm, Millennium Square.',
    'Fixed: two crashes.',
    'New: Version 2.1 (beta)',
    // A long field whose value is a list: a match's line-ups and ratings, a recipe's ingredients.
    'Harbour City: Brooks 6, Adeyemi 7, Lund 7, Fraser 6, Owusu 7, Whitely 8, Kerr 7, Okafor 9, Ainsley 6, Price 7.',
    'Riverside: Moss; Harper, Grant, Ellis, Byrne; Cole, Reid, Shaw; Doyle (Bell 80), Quinn (Lane 65), Lowe (Hart 72).',
    'Q: Housing costs are the top concern in every survey.',
    'هل ستنجح هذه الجهود الدبلوماسية الكبيرة في إنهاء الصراع الطويل في المنطقة؟',
    'Ποιοι μπορούν να υποβάλουν αίτηση για το νέο στεγαστικό πρόγραμμα της κυβέρνησης;',
    '„Wir werden die Schuldenbremse einhalten, sagte der Kanzler in seiner Rede.',
    // Bylines with a date, long enough to pass for a sentence that lost its full stop.
    'By Jonah Feld | March 4, 2025 | 6 min read',
    'Interview by Helen Marsh Published 9 April 2025',
    'Par Claire Dubois — Publié le 14 août 2025 à 08h12, mis à jour à 11h40',
    // What it announces (code, a list, a table) is not in the point.
    'Each build computes a hash of its lockfile and asks the cache for the matching blob:',
    'If you are upgrading from 3.x, run tessera-upgrade --check first:',
    // A line of a list of ingredients or materials, which never had a full stop.
    '60ml extra virgin olive oil, plus extra for drizzling',
    '2 tbsp olive oil, plus extra for greasing the tin',
    '1½ cups plain flour, sifted twice with the baking powder',
    // A list's item that goes on from the line announcing the list, in lower case.
    'funding for demand-responsive services in villages without a regular bus',
    'local authorities to set out their plans for the money by the summer',
  ])('refuses %s', (sentence) => {
    expect(isFitKeyPoint(sentence)).toBe(false);
  });

  it.each([
    'The road tunnel under the harbour opened to traffic on Friday, two months early.',
    "'We have waited a long time for this,' said a baker whose shop faces the road.",
    '新館には子ども向けの読み聞かせ室や、静かに勉強できる自習席が三百席設けられた。',
    'Michelle Obama likes to keep a busy schedule and travels most weeks',
    'The council will vote on the new budget on March 4, 2025.',
    'Speaking in parliament, the minister said: "We will rebuild every school the floods destroyed."',
    'The minister said: "We will rebuild every school."',
    "Mr Hayes added: 'We are putting up the toll booth first.'",
    '„Wir werden die Schuldenbremse einhalten und investieren“, sagte der Kanzler in seiner Rede.',
    '« Cette ligne transformera la vie de milliers d’habitants de la banlieue est. »',
    'केंद्र सरकार ने मंगलवार को नई शिक्षा नीति की घोषणा की।',
    "He said: 'I think he should just finish the season with Dortmund and then decide",
    'Background: Council tax, business rates, parking fees, grants and loans from the government all fell short of what the town needs.',
    'Methods: We randomly assigned 312 adults with type 2 diabetes to a fasting diet or to continuous calorie restriction.',
    'นายกรัฐมนตรีกล่าวว่ามาตรการนี้จะช่วยให้ประชาชนมีรายได้เพิ่มขึ้น',
    'More than 85,000 homes are without power across the west coast',
    'iPhone sales rose by a fifth in China over the holiday quarter',
    'eBay will stop accepting payments by cheque from the start of next month',
    '10 kg of cocaine were seized at the port on Tuesday.',
    '3 children were taken to hospital after the crash on the A84',
    // A forecast's or a schedule's day is no form's field: the sentence after it is the news.
    'Monday: Cloudy with outbreaks of rain, heavy at times in the afternoon.',
    'Tonight: Clear skies and light winds, with a touch of frost in rural areas.',
    // Release notes' kind of change over its sentence.
    'NEW: Hourly rain alerts warn you 15 minutes before rain starts where you are.',
    "FIXED: Widgets no longer show yesterday's forecast after the phone restarts.",
    'Improved: Forecasts load twice as fast on slow connections.',
  ])('accepts %s', (sentence) => {
    expect(isFitKeyPoint(sentence)).toBe(true);
  });
});

describe('insideQuotation', () => {
  it('marks the sentences a quotation opened earlier in the paragraph runs over', () => {
    expect(
      insideQuotation([
        'The minister spoke on Thursday.',
        '"Our critics are wrong.',
        'The vaccine is dangerous.',
        'We checked every case," she said.',
        'The vote is on Friday.',
      ]),
    ).toEqual([false, false, true, true, false]);
    expect(
      insideQuotation(['„Wir sind bereit.', 'Wir zahlen“, sagte er.', 'Dann ging er.']),
    ).toEqual([false, true, false]);
  });
});

describe('isUnattributedQuotation', () => {
  it.each([
    '"Our members are not going to be replaced by machines."',
    '“Every dollar we collect goes straight back into buses.”',
    '« Le parc nucléaire a été conçu pour un climat qui n’existe plus. »',
    '«Chi sceglie di venire nei giorni più affollati deve sapere che la città ha un costo».',
    '“La medida no resuelve el problema de la vivienda”.',
    // Its speaker only a pronoun: who that is, the sentence before said.
    '“You are asking the people who use the least water to pay for it,” she said.',
    '"We will appeal," they told reporters outside the court on Monday.',
  ])('finds a quotation with no speaker in %s', (sentence) => {
    expect(isUnattributedQuotation(sentence)).toBe(true);
  });

  it.each([
    '"We are prepared to fight," union president Harold Daggett said.',
    '"We are prepared to fight," Shelley Daggett said.',
    'The mayor said: "Every dollar goes back into buses."',
    '"This is a press release," she said, "not a plan."',
    '«I dati ci dicono che il ticket non ha ridotto le presenze», ha detto Massimo Zanon.',
    'La consigliera ha definito il provvedimento «una tassa sull’ingresso in città».',
    'The council approved the plan on Wednesday.',
  ])('finds a speaker or the writer in %s', (sentence) => {
    expect(isUnattributedQuotation(sentence)).toBe(false);
  });
});
