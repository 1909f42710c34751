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
    // Russian and Ukrainian: "this was reported by…", "however", a pronoun.
    "Про це повідомив прем'єр-міністр під час засідання уряду.",
    'Об этом сообщил министр труда на заседании правительства.',
    'Однако профсоюзы назвали повышение недостаточным.',
    'Она возглавит комиссию с января.',
    'Крім того, уряд підвищить пенсії з березня.',
    // "But" in French, German, Spanish, Dutch, Finnish, Russian and Ukrainian.
    'Mais ma priorité est de transmettre mon expérience aux nouveaux astronautes.',
    'Aber die Stadt will an dem Plan festhalten.',
    'Pero el gobierno rechazó la propuesta del sindicato.',
    'Maar de gemeente houdt vast aan het plan.',
    'Mutta hallitus hylkäsi ehdotuksen tiistaina.',
    'Но профсоюзы назвали повышение недостаточным.',
    'Але уряд відмовився від цього плану.',
    // Chinese and Japanese, with no space after the word, and Korean.
    '她表示，扣除食品和能源价格的核心CPI同比上涨0.3%。',
    '其中，食品价格下降2.7%，影响CPI环比下降约0.51个百分点。',
    '此外，央行也下修明年經濟成長率預測。',
    '该公司表示，将在明年上半年恢复生产。',
    '一方、市場では追加利上げの観測が広がっている。',
    '同氏は「データを確認したい」と述べた。',
    '그는 "성장 경로의 불확실성이 더 크다"고 말했다.',
    '그러나 시장에서는 추가 인하 기대가 크다.',
    // Portuguese, Italian, Polish, Dutch, Indonesian, Turkish and Vietnamese pronouns and "but".
    'Ele disse que a decisão foi unânime.',
    'Mas o mercado esperava uma alta menor.',
    'Tuttavia i sindacati hanno annunciato ricorso al Tar.',
    'Jednak ekonomiści spodziewają się wzrostu inflacji.',
    'Hij noemde het bedrag te laag.',
    'Namun, BI kemungkinan baru akan menurunkan suku bunga pada kuartal II.',
    'Ancak ekonomistler faiz indirimlerinin süreceğini öngörüyor.',
    'Ông cho rằng dư địa để giảm lãi suất thêm là không còn nhiều.',
    // Hindi and Bengali, by their first word.
    "उन्होंने कहा, ''मुद्रास्फीति को लक्ष्य के अनुरूप लाने पर हमारा ध्यान बना हुआ है।''",
    'हालांकि, केंद्रीय बैंक ने नकद आरक्षित अनुपात में कटौती की।',
    'তিনি বলেন, সেপ্টেম্বরে মূল্যস্ফীতি কিছুটা কমেছে।',
    'তবে ব্যবসায়ীরা বলছেন, ঋণের খরচ বাড়বে।',
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
    'Общество защиты прав потребителей обратилось в суд.',
    'Онлайн-продажи выросли на 20 процентов за год.',
    'Правительство одобрило законопроект о повышении зарплат.',
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
    // Portuguese "mais" is "more", and names open on the same letters.
    'Mais de 100 pessoas morreram nas enchentes do Rio Grande do Sul.',
    'Mais um banco anunciou o fechamento de agências no interior.',
    'Aberdeen won the match 2-0 on Saturday.',
    // Chinese, Japanese and Korean sentences naming their subject.
    '国家统计局9日发布数据显示，11月份CPI同比上涨0.2%。',
    '他国企业也在观望，分析人士说。',
    '日本銀行は19日の金融政策決定会合で、金利を据え置いた。',
    '한국은행은 28일 기준금리를 연 3.00%로 낮췄다.',
    '그동안 시장은 금리 인하를 기다려 왔다.',
    'इस साल मानसून में औसत से कम बारिश हुई।',
    // A title before a name, and English words that look alike.
    'Ông Nguyễn Hữu Huân cho rằng việc giữ nguyên lãi suất là phù hợp.',
    'Ale sales rose by a third at the brewery last year.',
    'On Monday the council approved the budget.',
    'Dia de Finados reúne milhares de pessoas nos cemitérios.',
    'আরবিআই শুক্রবার নীতিগত দর অপরিবর্তিত রেখেছে।',
    'Maarten Stekelenburg saved a penalty in the last minute.',
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
    // So with French "Mais", which is Portuguese's "more".
    expect(opensWithDependentWord('Mais a prefeitura manteve o plano.', 'pt-BR')).toBe(false);
    expect(opensWithDependentWord('Mais la mairie a maintenu son plan.', 'fr')).toBe(true);
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
    // And in Ukrainian, Czech, Finnish, Hungarian, Croatian, Bengali, Hindi's other spelling,
    // Persian, Urdu, Indonesian's "see also", and German's and French's "on the same subject".
    'Читайте також: Уряд затвердив бюджет на наступний рік і збільшив видатки на освіту та медицину.',
    'Przeczytaj też: Inflacja w listopadzie wyniosła 4,7 proc. i była wyższa od oczekiwań ekonomistów.',
    'Přečtěte si také: Vláda schválila rozpočet na příští rok a zvýšila výdaje na školství a zdravotnictví.',
    'Lue myös: Suomen Pankki ennustaa korkojen laskevan ensi vuonna ja työttömyyden kääntyvän laskuun.',
    'Olvassa el ezt is: Az MNB nem változtatott az alapkamaton, amely továbbra is 6,5 százalék maradt.',
    'Pročitajte i: Inflacija u studenom usporila na četiri posto, objavio je Državni zavod za statistiku.',
    'আরও পড়ুন: ডলারের দাম আবার বাড়ল, খোলাবাজারে ১২৫ টাকায় বিক্রি হচ্ছে প্রতি ডলার',
    'ये भी पढ़ें: शेयर बाजार में तेजी, सेंसेक्स 800 अंक चढ़ा और निफ्टी भी नई ऊंचाई पर पहुंचा',
    'بیشتر بخوانید: قیمت دلار در بازار آزاد از ۷۰ هزار تومان عبور کرد و رکورد تازه‌ای ثبت شد',
    'یہ بھی پڑھیں: اسٹیٹ بینک نے شرح سود میں دو فیصد کمی کا اعلان کر دیا ہے اور مارکیٹ میں تیزی',
    'Lihat juga: Rupiah melemah ke level Rp16.000 per dolar AS dan Bank Indonesia siap intervensi pasar.',
    'Leia mais: Dólar fecha acima de R$ 6 pela primeira vez na história e Banco Central intervém no mercado.',
    'Das könnte Sie auch interessieren: Bahn und GDL einigen sich nach monatelangem Streit auf neuen Tarifvertrag.',
    'Zum Thema: Bahn und GDL einigen sich nach monatelangem Streit auf einen neuen Tarifvertrag.',
    'Sur le même sujet : Grève du 5 décembre, ce qui vous attend dans les transports en commun.',
    // A site's rights notice and its ban on reproduction in other languages, Yonhap's under every
    // story, a Japanese paywall's teaser and a Chinese repost's original headline.
    '<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>',
    'Все права защищены. Перепечатка без согласия редакции запрещена.',
    'Перепечатка без согласия редакции запрещена.',
    'Полная или частичная перепечатка материалов запрещена.',
    'Todos los derechos reservados. Prohibida su reproducción total o parcial.',
    '© 2026 Rzeczpospolita. Wszelkie prawa zastrzeżone.',
    'Alle Rechte vorbehalten.',
    'この記事は有料記事です。残り1234文字',
    '記事の続きは会員登録が必要です',
    '原标题：国家统计局：11月份居民消费价格同比上涨0.2%',
    'Condividi su Facebook | Condividi su WhatsApp',
    'Partager sur Facebook',
    'Delen op X',
    'E-mail to a friend .',
    'FILE PHOTO: An oil pump jack is seen at sunset.',
    '(Reporting by Jane Smith; Editing by David Goodman)',
    // With a footnote's asterisk, or a colon before the agency, as British and Irish papers credit it.
    '*Additional reporting by Reuters',
    'Additional reporting: PA',
    'Additional reporting: Agencies and Jane Smith',
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
    'Sign up to receive email or SMS alerts about food recalls.',
    "Sign up for Guardian Australia's breaking news email",
    'Sign up to our free morning briefing.',
    // A news site's notes on the piece itself: the gift offer and the print edition.
    'As a subscriber, you have 10 gift articles to give each month.',
    'Get our free daily newsletter with the top headlines from the coast.',
    'Try our weekly email briefing for the week’s best reads.',
    // A feed item's WordPress footer, a syndicate's credit, an AI note and the page's tools.
    'The post Rail fares frozen for first time in 30 years appeared first on Harbour News.',
    'The post Ferry strike called off appeared first on kottke.org.',
    'The post Ferry strike called off appeared first on Friends of the Earth.',
    'Distributed by Tribune Content Agency, LLC.',
    'This article was produced by Harbour News Service and distributed by Tribune Content Agency.',
    'This report was written with the assistance of artificial intelligence and reviewed by an editor.',
    'We earn a commission when you buy through our links.',
    'Our editors independently research, test, and recommend the best products.',
    'Click to share on WhatsApp (Opens in new window)',
    'Sign in to your account to save this article.',
    'Bookmark this article to read later.',
    'Report an error in this article.',
    // A page's messages from its players, embeds and paywall, which scrapers keep as text.
    'We’re sorry, this feature is currently unavailable.',
    'This content is not available due to your privacy preferences.',
    'This video can not be played',
    'This video is not available in your country.',
    'This content is currently unavailable in your region.',
    'This video is unavailable right now.',
    'Your browser does not support the video tag.',
    'Please enable JavaScript to view the comments powered by Disqus.',
    'Please turn on JavaScript to use this feature',
    // A notice's place and date above its signature, standing alone.
    'Villanueva, a 3 de diciembre de 2026.',
    'Paris, le 3 décembre 2026',
    'Berlin, den 3. Dezember 2026',
    'Harbour City, 3 December 2026',
    'Something went wrong, please try again later.',
    'Allow cookies to view this content on YouTube.',
    'To continue reading this article, please log in or create a free account.',
    'Thank you for your patience while we verify access.',
    'Our apps are available on the App Store and Google Play.',
    'Republish this article under a Creative Commons licence.',
    // A wire or syndicated story's notes on itself: its funders, where it was first published,
    // and that it was updated.
    'AP’s climate and environmental coverage receives financial support from multiple private foundations.',
    'AP is solely responsible for all content.',
    'Find AP’s standards for working with philanthropies, a list of supporters and funded coverage areas at AP.org.',
    'This article is republished from The Conversation under a Creative Commons license.',
    'Read the original article.',
    'This story has been updated with additional information.',
    // The Associated Press's correction note and its pointer to a topic's page, under the story.
    'This story has been corrected to show the law was passed last year, not in 2024.',
    'This version corrects the spelling of the senator’s name.',
    'Follow AP’s coverage of technology at https://apnews.com/hub/technology.',
    "Follow AP's coverage of the war in Ukraine: https://apnews.com/hub/russia-ukraine",
    // A news page's warning that the piece is old, and its audio player's note.
    'This article is more than 2 years old',
    'This article is more than 5 months old',
    'This story is over a year old.',
    'Listen to this article · 4 min',
    'Audio is generated by AI and may contain errors.',
    'This audio is AI-generated.',
    // An entry of a list of works cited, standing alone under a bold label rather than a heading.
    'Hart, L., Okafor, D. & Lin, S. Social learning of a two-step puzzle in bumblebees.',
    'Hart, L., Okafor, D., & Lin, S. (2026). Social learning in bumblebees.',
    'Liu D, Huang Y, Huang C, et al. Calorie restriction with or without time-restricted eating.',
    'Liu D, Huang Y & Chen M. Calorie restriction in mice.',
    'Hart, L. and Lin, S. (2026). Social learning in bumblebees.',
    'Send any friend a story',
    'A version of this article appears in print on Dec. 4, 2026, Section A, Page 18 of the New York edition with the headline: Harbour City Bans Gas Stoves in New Buildings.',
    'Subscribe to get breaking news alerts on your phone.',
    // A syndicated science story's citation of its paper, and the notice under it.
    'More information: Lena Hart et al, Social learning of a two-step puzzle in bumblebees, Nature Ecology & Evolution (2026).',
    'Journal reference: Hart, L. et al. (2026). Social learning of a two-step puzzle in bumblebees.',
    // Its authors alone, where a full stop cut its journal, year and DOI off.
    'Journal reference: Marsh, H., Okafor, D. & Lindqvist, S. Microbial carbonate precipitation at cold seeps underpins deep-water reef formation.',
    'Publication: Berg, A., Holm, E. & Engstrand, L. Gut microbial species predict response to immune checkpoint blockade.',
    'Paper: Hart L, Okafor D, Lin S (2026) Social learning of a two-step puzzle in bumblebees.',
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
    'Unsubscribe | Manage preferences Harbour Valley Water Ltd, 1 Reservoir Road, Harbour City HC1 4AB.',
    'Manage preferences · Unsubscribe Northwind Energy, PO Box 12, Leeds LS1 4AB.',
    'Manage your subscription',
    'Northwind will host a conference call at 5:00 p.m. Eastern Time today to discuss the results.',
    'The company will hold a webcast for investors at 8:30 a.m. ET on Thursday.',
    'A replay of the webcast will be available on the company’s investor relations website.',
    // A mailer's line under a newsletter, in other languages.
    'Você está recebendo este e-mail porque se inscreveu no Boletim da Manhã.',
    'Recibes este correo porque te suscribiste a nuestro boletín.',
    'Ricevi questa email perché ti sei iscritto alla newsletter del Giornale.',
    'Vous recevez cet e-mail car vous êtes abonné à notre lettre.',
    'Sie erhalten diese E-Mail, weil Sie unseren Newsletter abonniert haben.',
    'U ontvangt deze nieuwsbrief omdat u zich heeft aangemeld op onze website.',
    'Anda menerima email ini karena berlangganan buletin Kabar Kini.',
    // A site's channels and app, in Portuguese, Italian and Indonesian.
    'Clique aqui para seguir o canal do g1 no WhatsApp.',
    'Iscriviti alla newsletter di Repubblica per ricevere le notizie del giorno.',
    'Ikuti berita terkini dari Kabar Kini di WhatsApp Channel.',
    'Baca berita selengkapnya di aplikasi Kabar Kini.',
    // The agencies a story drew on, closing it.
    'Com informações da Agência Brasil e da Reuters.',
    'Com informações da Folhapress, da Reuters e da AFP.',
    '*Com Estadão Conteúdo',
    'Con información de EFE.',
    'Con informazioni di Ansa.',
    'Met medewerking van ANP.',
    '(Dengan informasi dari Reuters)',
    // Its safe-harbor notice run in under the results without a heading of its own.
    'This press release contains forward-looking statements within the meaning of Section 27A of the Securities Act of 1933, including statements regarding our revenue forecast.',
    'Statements in this release that are not historical facts are forward-looking statements within the meaning of the Private Securities Litigation Reform Act of 1995.',
    'These statements are subject to risks and uncertainties that could cause actual results to differ materially.',
    'Investors are cautioned not to place undue reliance on these forward-looking statements, which speak only as of the date hereof.',
    // A cookie-consent banner, in the languages the page may be in.
    'We use cookies to improve your experience.',
    'By continuing to browse you agree to our use of cookies.',
    'This website uses cookies to ensure you get the best experience on our website.',
    'We use some essential cookies to make this website work.',
    'We’d like to set additional cookies to understand how you use GOV.UK, remember your settings and improve government services.',
    'We and our partners store and/or access information on a device, such as cookies, and process personal data, such as unique identifiers and standard information sent by a device, for personalised ads and content, ad and content measurement, and audience insights.',
    'You can change your preferences at any time by returning to this site or visiting our privacy policy.',
    // The IAB consent framework's own wording, as most European news sites show it: without a
    // comma after "cookies" it led the email.
    'We and our 143 partners store and/or access information on a device, such as cookies and process personal data, such as unique identifiers and standard information sent by a device for personalised advertising and content.',
    'With your permission we and our partners may use precise geolocation data and identification through device scanning.',
    'You may click to consent to our and our 143 partners’ processing as described above.',
    'Alternatively you may access more detailed information and change your preferences before consenting or to refuse consenting.',
    'Please note that some processing of your personal data may not require your consent, but you have a right to object to such processing.',
    'Your preferences will apply to this website only.',
    // A paywall's teaser that opens on what the reader wants.
    'To continue reading this article and get unlimited access to all our journalism, subscribe today for just £1 a week.',
    'To keep reading, sign in or create a free account.',
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
    // The same for a thing, with what it gives the reader, and the pointer to the whole of what
    // the page quotes.
    'Follow the marathon on Facebook and Instagram for updates.',
    'Follow the festival on X for the latest news.',
    'Listen to the full interview on our podcast.',
    'Watch the full interview below.',
    'Read the full report here.',
    'Read the full article on our website.',
    'Read the full review here.',
    'Follow The Harbour Post on Twitter and Instagram for the latest news.',
    // A page's promotions of itself in the body: its newsletter, app, channels, membership.
    "Don't miss: The ten best beaches in Cornwall this summer",
    'Get the latest news delivered to your inbox every morning with our free newsletter.',
    // A British local paper's pitch, the news sent "straight" or "direct" to the inbox.
    'Get the latest news from Bristol and the surrounding area straight to your inbox by signing up to our free newsletter here.',
    'Get all the latest news direct to your inbox.',
    // A Pakistani paper's print-edition footer and its pages' accounts under every story.
    'Published in Dawn, December 8th, 2026',
    'Published in The Express Tribune, December 8th, 2026.',
    'Published in Dawn, The Business and Finance Weekly, December 8th, 2026',
    'Like Business on Facebook, follow @TribuneBiz on Twitter to stay informed and join in the conversation.',
    'Like us on Facebook and follow us on Twitter for the latest updates.',
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
    // A judgment's case name and neutral citation over its press summary.
    'Harbour City Council (Appellant) v Okafor (Respondent) [2026] UKSC 41',
    'R (on the application of Hale) (Appellant) v Secretary of State for the Home Department (Respondent)',
    // A food blog's, an obituary site's and a local news site's furniture around the text.
    'Tag us on Instagram @sallyskitchen so we can see your bakes.',
    'Tag @sallyskitchen on Instagram and hashtag it #sallyskitchen.',
    'Nutrition information is automatically calculated, so should only be used as an approximation.',
    'Cet article peut contenir des liens affiliés.',
    'Dieser Artikel enthält Affiliate-Links.',
    'Este artículo contiene enlaces de afiliados.',
    'Partagez votre photo sur Instagram avec le hashtag #cuisinedejulie !',
    'Épinglez cette recette sur Pinterest pour la retrouver plus tard.',
    'If you found this useful, give it a clap and follow me for more stories about cloud costs.',
    'Sign up to discover human stories that deepen your understanding of the world.',
    'Catch all the Business News, Breaking News Events and Latest News Updates on Live Mint.',
    // A syndicated story's notes on itself and a rights notice, in English, Korean and Italian.
    'Mehr News aus Musterstadt lesen Sie hier.',
    '版权声明：本网站所刊载信息，不代表本站观点。',
    '未经授权禁止转载。',
    '免責聲明：本文僅供參考。',
    'Mehr Nachrichten aus der Region finden Sie hier.',
    '(With inputs from PTI)',
    // A wire story's note on what its new version changed.
    '(Adds analyst comment, details in paragraphs 4-6)',
    '(Updates with share price in fourth paragraph.)',
    '(Corrects spelling of name in third paragraph)',
    '(Refiles to fix typo in headline)',
    '(This story has not been edited by our staff and is auto-generated from a syndicated feed.)',
    'Also Read | Delhi air quality slips to severe again as stubble burning peaks in Punjab',
    'ⓒ 한국일보, 무단전재 및 재배포 금지',
    '무단 전재 및 재배포 금지',
    'Riproduzione riservata © Copyright Il Quotidiano',
    'Follow all the latest football news on our live page.',
    'Upgrade to paid',
    'Keep reading with a 7-day free trial',
    'Pin this recipe for later on Pinterest so you can find it again.',
    'Click the stars to rate this recipe and leave a comment below.',
    'This post was sponsored by King Arthur Flour, but all opinions are my own.',
    'Serves 4 as a main course or 6 as a starter with bread',
    'Sign the guest book and share your memories of Rosa with the family.',
    'Send flowers to the service of Rosa Delgado through our trusted florist.',
    'Prices correct at the time of going to press.',
    'Odds correct at time of publication and subject to change.',
    'Prices are correct at the time of writing but may change.',
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
    // And in Portuguese, Dutch, German and French: the newsletter pitch, the ban on reproduction,
    // the site's accounts and where the piece first ran.
    'Receba as principais notícias do dia no seu e-mail.',
    'É proibida a reprodução do conteúdo desta página em qualquer meio de comunicação sem autorização.',
    'Volg ons ook op Facebook en Instagram.',
    'Siga-nos no Instagram e no X.',
    'Dieser Artikel erschien zuerst in der gedruckten Ausgabe vom 3. Dezember.',
    "Cet article a été publié dans l'édition du 3 décembre.",
    'Dit artikel verscheen eerder in de krant van zaterdag.',
    // A photo credit or a source line in other languages, as a plain text keeps it between paragraphs.
    'Фото: Андрей Титов / «Казанские новости»',
    'Fot. Karolina Misztal / Dziennik Bałtycki',
    'Fotoğraf: İzmir Büyükşehir Belediyesi',
    'Ảnh: Ngọc Thành',
    'تصوير: محمد العمري',
    'צילום: דוברות משרד התחבורה',
    'Picha: Maktaba',
    'Foto: Adam Ihse/TT',
    '(Фото: ТАСС)',
    'Источник: пресс-служба мэрии Казани',
    'Źródło: ZTM Gdańsk',
    'Kaynak: Anadolu Ajansı',
    'Sumber: Dinas Perhubungan DKI Jakarta',
    'Source: city hall press office',
    // With its full stop after a name: the agency, the office, the city.
    'Source: Reuters.',
    'Quelle: dpa.',
    'Источник: пресс-служба мэрии Казани.',
    'ŹRÓDŁO: ZTM Gdańsk',
    // A newsletter's line announcing what its issue holds, under its greeting.
    "Here's what's happening in Scottish beer this week.",
    'Here is what you need to know today.',
    "Here's what we're watching in this issue.",
    "Here's what's new in this issue.",
    'Here is what we are reading this weekend.',
    // The same as a link roundup says it, with its greeting before it.
    'Hi all — here are the best things I read this week.',
    'Here are five stories that caught my eye this week.',
    "Hey friends, here's this week's links.",
    // A mailer's line that says why the reader gets it, without naming the email.
    "You're receiving this because you subscribed at links.example.",
    // A newsletter's pitch that counts its readers, after a question in its paragraph.
    'Join 4,000 readers of the Valley Ledger newsletter.',
    // And in Russian, Ukrainian, Polish, Czech, Turkish, Indonesian and Vietnamese: the site's
    // accounts and channels, its cookie banner, its rights notice, its typo reporter and where the
    // piece first ran.
    'Подписывайтесь на наш Telegram-канал, чтобы первыми узнавать главные новости города.',
    'Следите за нами в Telegram и ВКонтакте.',
    'Підписуйтесь на наш канал у Telegram та сторінку у Facebook, щоб не пропустити важливі новини.',
    'Obserwuj nas w Google News i bądź na bieżąco z najważniejszymi wiadomościami z Krakowa.',
    'Sledujte nás na Facebooku a Instagramu, ať vám nic neunikne.',
    "Son dakika haberleri için bizi Google News'te takip edin.",
    'Simak berita dan artikel lainnya di Google News.',
    'Dapatkan update berita pilihan dan breaking news setiap hari dari Warta Kota.',
    'Mari bergabung di Grup Telegram "Warta Kota Update", caranya klik link berikut, kemudian join.',
    'Mời bạn đọc theo dõi Báo Thủ Đô trên Google News để cập nhật tin tức nhanh nhất.',
    'Мы используем файлы cookie, чтобы сделать сайт удобнее.',
    'Продолжая пользоваться сайтом, вы соглашаетесь с их использованием.',
    'Ми використовуємо файли cookie для покращення роботи сайту.',
    'Korzystamy z plików cookies, aby zapewnić najlepszą jakość usług.',
    'Dalsze korzystanie z serwisu oznacza zgodę na ich użycie.',
    'Tento web používá k poskytování služeb a analýze návštěvnosti soubory cookie.',
    'Používáním tohoto webu s tím souhlasíte.',
    'Sitemizde çerezler kullanılmaktadır.',
    "Detaylı bilgi için Çerez Politikası'nı inceleyebilirsiniz.",
    'Kami menggunakan cookie untuk meningkatkan pengalaman Anda.',
    'Chúng tôi sử dụng cookie để cải thiện trải nghiệm của bạn.',
    'Tüm hakları saklıdır.',
    'İçeriklerin izinsiz kopyalanması ve kullanılması yasaktır.',
    'Bản quyền thuộc về Báo Thủ Đô.',
    'Cấm sao chép dưới mọi hình thức nếu không có sự chấp thuận bằng văn bản.',
    'Якщо ви помітили помилку, виділіть її та натисніть Ctrl+Enter.',
    'Выделите текст и нажмите Ctrl+Enter.',
    'Artikel ini telah tayang di WartaKota.com dengan judul Jakarta Perluas Jalur Sepeda hingga 300 Kilometer.',
    'Simak breaking news dan berita pilihan kami langsung di ponselmu.',
    'Pilih saluran andalanmu akses berita Kompas.com WhatsApp Channel.',
    'Pastikan kamu sudah install aplikasi WhatsApp ya.',
    'Ранее мы писали, что в Перми закроют на ремонт детскую поликлинику на Гайве.',
    'Раніше ми писали, що у Львові подорожчає проїзд.',
    'Материал подготовлен при поддержке Фонда президентских грантов.',
    'Новости Перми и края — в нашем канале в Telegram.',
    'Новости Перми и края — в нашем канале в Telegram. Подписывайтесь!',
    'Читайте нас в Дзене и ВКонтакте.',
    // And in Hindi, Arabic, Hebrew, Persian, Swahili and Swedish.
    'देश और दुनिया की ताज़ा खबरों के लिए हमें फेसबुक और ट्विटर पर फॉलो करें।',
    'ताज़ा खबरों के लिए हमारा व्हाट्सएप चैनल फॉलो करें।',
    'हम आपके अनुभव को बेहतर बनाने के लिए कुकीज़ का उपयोग करते हैं।',
    'جميع الحقوق محفوظة © 2026 صحيفة المدينة.',
    'يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك.',
    'הצטרפו לערוץ הטלגרם שלנו לעדכונים שוטפים.',
    'אתר זה עושה שימוש בקבצי עוגיות (cookies) לשיפור חוויית הגלישה.',
    'ما را در کانال تلگرام و اینستاگرام دنبال کنید.',
    'کلیه حقوق این سایت متعلق به خبرگزاری شهر است و استفاده از مطالب با ذکر منبع بلامانع است.',
    'تمامی حقوق مادی و معنوی برای خبرگزاری شهر محفوظ است.',
    'Tufuatilie kwenye Facebook, Instagram na X kwa habari zaidi.',
    'Haki zote zimehifadhiwa © 2026 Habari Leo.',
    'Följ Västnytt på Facebook och Instagram.',
    'Följ oss på Instagram.',
    'Vi använder cookies för att ge dig en bättre upplevelse av webbplatsen.',
    // And in Greek, Arabic, Japanese and Hindi: the site's accounts, its cookie banner, its rights
    // notice, its "Read also" and "Related" pointers, its paywall and its syndication disclaimer.
    'Ακολουθήστε μας στο Google News για να ενημερώνεστε πρώτοι.',
    'Διαβάστε επίσης: Πώς θα διαμορφωθούν οι συντάξεις το 2027',
    'Χρησιμοποιούμε cookies για να βελτιώσουμε την εμπειρία σας.',
    // And in Portuguese, Finnish, Dutch and Thai: the site's accounts named, its cookie banner,
    // and Thai's "Read more:".
    'Siga o Jornal da Cidade no Instagram e no WhatsApp.',
    'Urmărește-ne pe Google News și pe Facebook.',
    'Acest site folosește cookie-uri pentru a vă oferi o experiență mai bună.',
    'Citește și: Cum se modifică pensiile în 2027',
    'Følg oss på Facebook og Instagram.',
    'Følg os på Instagram.',
    'Les også: Slik blir skattene i 2027',
    'Läs också: Så blir skatterna 2027',
    // And Vietnamese, Swahili, Turkish, Spanish and Portuguese before a headline.
    'Xem thêm: Giá vàng hôm nay tăng mạnh, nhà đầu tư đổ xô đi mua vàng miếng',
    'Đọc thêm: Giá vàng hôm nay tăng mạnh, nhà đầu tư đổ xô đi mua vàng miếng',
    'Tin liên quan: Giá vàng hôm nay tăng mạnh, nhà đầu tư đổ xô đi mua.',
    'Soma pia: Serikali yatangaza bei mpya za mafuta kuanzia mwezi ujao.',
    'İlgili haber: Merkez Bankası faiz kararını açıkladı ve piyasalar yükseldi.',
    'Lea también: El Gobierno aprueba la subida del salario mínimo para 2027.',
    'Saiba mais: como funciona o novo programa de habitação do governo federal.',
    'Seuraa Ylen uutisia Facebookissa ja Instagramissa.',
    'Wij gebruiken cookies om je de beste ervaring op onze website te geven.',
    'อ่านเพิ่มเติม: ค่าครองชีพปี 2570 จะเป็นอย่างไร',
    'ติดตามข่าวสารได้ที่ Facebook และ LINE ของเรา',
    'เว็บไซต์นี้ใช้คุกกี้เพื่อพัฒนาประสบการณ์การใช้งานของคุณ',
    'Με την επιφύλαξη παντός δικαιώματος.',
    'تابعونا على فيسبوك وتويتر لمعرفة آخر الأخبار.',
    '関連記事：保育士不足、都内で深刻に',
    '相关阅读：北京地铁票价明年上调',
    'この記事は有料会員限定です。',
    '(डिस्क्लेमर: यह खबर सीधे सिंडिकेट फीड से पब्लिश हुई है।)',
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
    // An emailed newsletter's sponsor and its offer.
    'This issue is sponsored by Ledgerly.',
    "Today's newsletter is brought to you by Northwind Bank.",
    'This edition is supported by Fernleaf.',
    'Try it free for 30 days at ledgerly.example.',
    'Hit reply and tell me what you think!',
    // Its greeting that welcomes the reader to the issue.
    'Hi everyone, and welcome to issue 118.',
    // A live blog's welcome and its writer's hello, in English, German, French and Spanish.
    'Good morning and welcome to our live coverage of Storm Bert.',
    "Hello and welcome to today's live blog on the budget.",
    "I'm Rhian Evans and I'll be bringing you the latest updates throughout the day.",
    'Guten Morgen und willkommen zu unserem Liveticker.',
    'Herzlich willkommen in unserem Newsblog zur Bundestagswahl.',
    'Bonjour et bienvenue dans ce direct consacré à la tempête Ciarán.',
    'Buenos días y bienvenidos a nuestra cobertura en directo de las elecciones.',
    "Welcome to this week's edition!",
    'Good morning and welcome to edition #42 of The Climate Brief.',
    'Hello friends, welcome back to another issue of Field Notes.',
    'Just hit reply to this email and let us know what you think.',
    'Reply to this email with your questions.',
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
    // And so in other languages, the reader asked straight after the words.
    'Informasi lebih lanjut dapat menghubungi Halo Kemenkes melalui nomor hotline 1500-567, SMS 081281562620, dan alamat email kontak@kemkes.go.id.',
    'Per maggiori informazioni è possibile contattare il numero verde 800 187 187.',
    'Para mais informações, contacte imprensa@cm-lisboa.example.pt.',
    'Voor meer informatie kunt u bellen met 0800-1234.',
    'Για περισσότερες πληροφορίες επικοινωνήστε στο 210 333 0000.',
    'Để biết thêm thông tin, vui lòng liên hệ 1900 1234.',
    'Kwa maelezo zaidi wasiliana na 0800 110 011.',
    'For further details, please email recalls@brightkettle.example or visit www.brightkettle.example/recall.',
    'For more information on the recall, call 0800 123 4567.',
    'FOR MORE INFORMATION CONTACT: Jane Smith, +44 20 7946 0000',
    'For more information or to book, visit www.northwind.example/tickets.',
    'For media enquiries, contact press@brightkettle.example.',
    // A job posting's and a notice's contact, the enquiries named otherwise.
    'For informal enquiries please contact Jane Smith, District Nursing Lead, on 01632 960 555.',
    'For general enquiries, email info@harbourcity.example.',
    'For all enquiries call 01632 960 000.',
    // An email's confidentiality notice, under a message saved or forwarded as text.
    'This email and any attachments are confidential and intended solely for the addressee.',
    'This message (including any attachments) may contain confidential or privileged information.',
    'This e-mail is intended only for the person to whom it is addressed.',
    'If you have received this email in error please notify the sender immediately and delete it.',
    'If you received this message in error, please contact us and destroy all copies.',
    'If you are not the intended recipient, you must not copy, distribute or act on it.',
    'If you are not the intended recipient of this email, please delete it and notify the sender.',
    'Please consider the environment before printing this email.',
    'Sent from my iPhone',
    'Sent from my Samsung Galaxy smartphone',
    'Sent from my BlackBerry 10 device.',
    // A crisis help line under a story on a death, suicide or abuse, speaking to the reader.
    'Readers seeking support can contact Lifeline on 13 11 14 or Beyond Blue on 1300 22 4636.',
    'If you or someone you know needs help, call or text 988 to reach the Suicide & Crisis Lifeline.',
    'If you have been affected by any of the issues raised in this story, contact Samaritans on 116 123.',
    'Anyone who needs support can call Lifeline on 13 11 14 or Kids Helpline on 1800 55 1800.',
    'For confidential support call the Samaritans on 116 123 or visit www.samaritans.org.',
    'Need to talk? Free call or text 1737 any time for support from a trained counsellor.',
    'If you are struggling with your mental health, the South African Depression and Anxiety Group can be reached on 0800 567 567.',
    'You can contact Samaritans free of charge on 116 123, or email jo@samaritans.ie.',
    'If you are in distress, call the Tele MANAS helpline on 14416 or 1-800-891-4416.',
    // The Guardian's, a country's line after its name.
    'In the UK and Ireland, Samaritans can be contacted on freephone 116 123, or email jo@samaritans.org or jo@samaritans.ie.',
    'In the US, you can call or text the 988 Suicide & Crisis Lifeline at 988 or chat at 988lifeline.org.',
    'In Australia, the crisis support service Lifeline is 13 11 14.',
    'Other international helplines can be found at befrienders.org',
    'International helplines can be found at www.befrienders.org.',
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
    'This issue is sponsored by Ledgerly, which the regulator fined on Monday.',
    'This edition was supported by the Arts Council, the editor said in a note to readers.',
    // The words of a rights notice, a reproduction ban or a paywall in a sentence of news.
    'El acuerdo deja a la familia todos los derechos reservados sobre la obra del pintor, según el tribunal.',
    'Перепечатка архивных документов без согласия семьи запрещена законом, напомнил суд.',
    'この記事は有料記事ですが、読者から多くの反響があった。',
    // A help line's words and number in news: someone else speaks, or the line is the subject.
    'Anyone who needs support can call the new helpline on 1800 123 456, Health Minister Mark Butler said.',
    'If you are struggling, call 988, the surgeon general urged in a televised address on Tuesday.',
    'Lifeline said calls to 13 11 14 had risen by a fifth since the floods began in March.',
    'In the UK, Samaritans received 400,000 calls to its 116 123 line last year.',
    'Sign up to the pilot email scheme was slow at first, the council admitted.',
    'Sign up for the new email bulletin by 31 March to keep receiving bin reminders.',
    'Other helplines can be found at the library and in every GP surgery, the council said.',
    'Additional reporting: the rules require every large firm to publish its pay gap.',
    'In the past, anyone who needed support had to call a landline on 116 123 from a phone box.',
    'In the US, you can call 988 from any phone, the surgeon general said on Tuesday.',
    '(Updates to the banking app arrive on Monday for all customers, the company said.)',
    'Published in The Lancet, December 8th, 2026, the study found that half of the patients recovered.',
    'Like Labour on Facebook, the Conservatives now spend more on adverts on TikTok, the report found.',
    'This story has been corrected more than a dozen times since 2019, the ombudsman found.',
    'Follow the coverage of the trial closely, the judge warned jurors, and you will be dismissed.',
    'Readers seeking support overwhelmed the 988 line after the broadcast, with 40,000 calls in a day.',
    '原标题为《国家统计局发布数据》的文章被广泛转载。',
    // The words of a "Read also" prompt in a sentence of news, with no colon after them.
    'Zum Thema Wohnungsbau sagte die Ministerin: „Wir bauen schlicht zu langsam.“',
    'Sur le même sujet, le ministre a déclaré : « Nous n’avons rien caché aux Français. »',
    'Lihat juga bagaimana harga beras naik di seluruh Indonesia menjelang akhir tahun: pemerintah menyiapkan operasi pasar.',
    'Leia mais devagar: o contrato tem 40 páginas, disse o advogado dos moradores.',
    'Residents can try it free for 30 days at the Eastgate library.',
    'Hit reply to a scam text and you confirm your number is live, the bank warned.',
    'Welcome to the new Harbour City library, the mayor told the crowd on Saturday.',
    // A welcome that is the news, and a writer's plan that is no live blog's hello.
    'Welcome to our live coverage was the last thing the anchor said before the power cut.',
    "I'm Rhian Evans and I'll be running for mayor next year, she told the crowd.",
    'Willkommen zu unserem Liveticker sagte der Moderator, dann fiel der Strom aus.',
    'Welcome to the issue that will decide the election: housing costs in every town.',
    'Hello Kitty maker Sanrio doubled its profit in the first half of the year.',
    'The regulator fined the company $2 million for misleading forward-looking statements in its 2024 results.',
    'Com informações da polícia, a família localizou o menino no domingo à noite.',
    'Ikuti berita ini terus, kata Presiden kepada wartawan di Istana Merdeka.',
    'O ministério recebeu este e-mail da empresa na segunda-feira e o encaminhou à polícia.',
    'Tin liên quan đến vụ án đã được tòa án công bố vào sáng thứ Hai.',
    'Saiba mais sobre o programa no site do ministério, disse a ministra em Brasília.',
    'Iscriviti al corso di italiano entro venerdì, ha detto il sindaco agli stranieri.',
    'Met medewerking van Rijkswaterstaat is de dijk in drie maanden versterkt.',
    'Con información de los vecinos, la policía detuvo al sospechoso el lunes.',
    'The release contains no forecast for next year, which disappointed investors, and the shares fell 9%.',
    'Reply to this email within 48 hours or lose your refund, the airline told passengers.',
    'The new limits on power plant emissions were drafted by the EPA.',
    'Updated figures released on Tuesday show unemployment fell to 3.9 percent in May.',
    'Published in 1962, the report helped launch the modern environmental movement.',
    'The company refused to share this information with investigators.',
    'Images from the satellite show the glacier has retreated by two kilometres.',
    'Copyright lawsuits against artificial intelligence companies have surged this year.',
    'Polls close at 8:00 p.m. Eastern time.',
    'Retailers may earn a commission of up to 8% on each sale, the report found.',
    'Sign up for flood alerts, the Environment Agency urged residents along the river on Tuesday.',
    'Register for the new flood alerts scheme by 31 March to qualify for the £500 grant.',
    'A version of this story appeared in print in 1962, before the censors cut it, the archivist said.',
    'Hart, a biologist at Northbridge, and Okafor, her student, spent two years on the study.',
    // Capitals after a comma are a list of names, not initials, when a word goes on from them.
    'Texas, NY and California Democrats sued the administration on Monday.',
    'Britain, US and EU Ministers met in Geneva to agree the text.',
    // Names with initials that a verb follows, not the full stop before a cited work's title.
    'Liu D, Huang Y and Chen M won the prize on Monday.',
    'Okafor, D. and Lin, S. were cleared by the tribunal on Friday.',
    'This article is more than 200 years old and was found in a sealed vault, the museum said.',
    'Get the briefing wrong and the minister is exposed, officials said on Tuesday.',
    'The BBC’s election coverage receives more complaints than any other, the regulator said.',
    'This content is not available in China, where the service is blocked, the company said.',
    // Who cannot see it and since when, not the reader: a geo-block in the news.
    'This content is not available to users in the EU after the ruling.',
    'This video is unavailable in Russia since the law took effect in March.',
    'Something went wrong with the rocket’s second stage, officials said on Tuesday.',
    'Turn on JavaScript only for sites you trust, the security agency said on Monday.',
    'Villanueva, a town of 3,000 people, voted on 3 December 2026 to leave the district.',
    'Berlin, den 3. Dezember 2026 wird niemand so schnell vergessen.',
    'To continue reading the meter, engineers must now log in to a new system, the utility said.',
    'Our apps are available to 2 million customers, the bank’s chief executive said.',
    'Volg ons advies op en blijf binnen, zei de burgemeester.',
    'The post office appeared first on the list of closures, the union said on Monday.',
    'Distributed by volunteers, the leaflets reached 40,000 homes in a week.',
    'This report was written with the help of AI, the minister admitted, and no one checked it.',
    'We earn a commission on every house we sell, the estate agent told the tribunal.',
    'Click to share buttons were removed from the site after the ruling, the company said.',
    'Report an error to the tax office within 30 days or face a fine, the agency said.',
    'Dieser Artikel erschien zuerst 1933 im Exil und wurde sofort verboten.',
    'É proibida a reprodução de animais silvestres em cativeiro sem licença, diz a lei.',
    'Join 3,000 people in the square at noon, organisers urged on Tuesday.',
    'Fotoğraf sanatçısı Ara Güler’in arşivi müzeye bağışlandı.',
    'Bild-Reporter sahen den Minister am Montag in Berlin.',
    'Источник: в мэрии решили продлить работу метро, потому что жители жаловались на поздние смены.',
    "Here's what's happening to house prices, according to the Land Registry's figures for October.",
    "Here's what we know about the crash that killed three people this morning, police said.",
    // What changes, not what the issue holds: a news lead.
    "Here's what's changing for renters today.",
    'Here is what the new rules mean for drivers this week.',
    'Here are the stories the council wants told this week, critics said.',
    'Here are five things that will cost more this week after the budget.',
    "You're receiving this because the council changed its rules, the letter told tenants.",
    '«Подписывайтесь на наш канал», — писали мошенники в сообщениях от имени банка.',
    'Obserwuj nas, a zobaczysz, jak pracujemy – zachęcał komendant policji podczas dnia otwartego.',
    'Sledujte nás, vyzval policista řidiče a dovedl je objížďkou do Brna.',
    'Polis, "bizi takip edin" diyerek sürücüleri alternatif yola yönlendirdi.',
    'Google News menjadi sumber berita utama bagi 40 persen pembaca muda, menurut survei.',
    'Dapatkan update berita dari sumber resmi, pesan Kominfo kepada warga di tengah maraknya hoaks.',
    'Mari bergabung di grup warga, ajak ketua RT kepada pendatang baru di kompleks itu.',
    'Theo dõi tin tức trên Google News đã trở thành thói quen của 30% người dùng, theo khảo sát.',
    'Мы используем только данные, которые указали сами пользователи, а файлы cookie не храним, заявили в компании.',
    'Продолжая пользоваться сайтом банка после предупреждения, клиенты рисковали потерять деньги.',
    'Dalsze korzystanie z serwisu przez dzieci wymaga zgody rodziców, orzekł sąd.',
    'Tüm hakları saklıdır ibaresi, mahkemeye göre eseri korumaya yetmiyor.',
    'Haberlerin izinsiz kullanılması yasaktır diyen gazete, kopyalayan hesap hakkında suç duyurusunda bulundu.',
    'Bản quyền thuộc về nhạc sĩ, tòa án kết luận sau hai năm tranh chấp.',
    'Používáním tohoto webu se žáci naučí číst rychleji, tvrdí autoři studie.',
    'Luật mới không cấm sao chép dưới mọi hình thức, ông giải thích.',
    'Виділіть текст і натисніть Ctrl+Enter, щоб надіслати повідомлення, пояснюють у Microsoft.',
    'Artikel ini telah tayang di banyak media tanpa izin, kata pengacara penulisnya.',
    'Следите за нами, сказал полицейский, и повёл колонну в объезд.',
    'Ранее мы писали в прокуратуру трижды, но ответа не получили, рассказали жильцы.',
    // The pointer to an earlier story going on to what has changed since.
    'Ранее мы писали, что поликлинику на Гайве закроют на ремонт, однако в понедельник минздрав края отменил это решение.',
    'Раніше ми писали, що у Львові подорожчає проїзд, а тепер міськрада відклала рішення до весни.',
    'Материал подготовлен при поддержке спецслужб, заявил суд, признав газету иностранным агентом.',
    'В нашем канале в Telegram мошенники разместили фальшивую рекламу, сообщила редакция.',
    'Pastikan kamu sudah membayar pajak kendaraan sebelum jatuh tempo, kata petugas Samsat.',
    '"हमें फॉलो करें" लिखे फर्जी खातों से ठगी करने वाले गिरोह को पुलिस ने पकड़ा।',
    'हम रोज़ाना सौ किलो कुकीज़ बेचते हैं, बेकरी के मालिक ने बताया।',
    'قال المحامي إن عبارة جميع الحقوق محفوظة لا تحمي الكتاب من النسخ.',
    'غرّمت الهيئة الشركة لأنها تستخدم ملفات تعريف الارتباط دون موافقة المستخدمين.',
    'הצטרפו לערוץ, כתבו המתחזים, ושלחו לאלפי משתמשים קישור זדוני.',
    'אנחנו משתמשים בעוגיות של המאפייה הסמוכה, סיפרה הבעלים.',
    '«ما را دنبال کنید» شعاری بود که کلاهبرداران در پیام‌های جعلی می‌فرستادند.',
    'کلیه حقوق کارگران باید تا پایان ماه پرداخت شود، وزیر کار گفت.',
    'تمامی حقوق مادی و معنوی این اثر به ورثه شاعر رسید، دادگاه اعلام کرد.',
    'Tufuatilie kwa karibu, polisi waliwaambia madereva kabla ya kuwaongoza kupitia njia mbadala.',
    'Mahakama ilisema kuandika haki zote zimehifadhiwa hakutoshi kulinda kitabu hicho.',
    'Följ pengarna på Facebook och du hittar bedragarna, sade åklagaren.',
    'Vi använder kakor från bageriet bredvid, berättar caféägaren.',
    'Ακολουθήστε μας, φώναξε ο αστυνομικός στους οδηγούς και τους οδήγησε σε παρακαμπτήριο.',
    'Siga o dinheiro no Facebook e você encontra os doadores, disse o promotor.',
    'Urmărește-ne pașii, a strigat polițistul către șoferi și i-a condus pe un drum ocolitor.',
    'Acest site folosește cookie-uri fără acordul utilizatorilor, a recunoscut compania în instanță.',
    'Følg pengene på Facebook, og du finner svindlerne, sa aktor.',
    'Seuraa rahaa Facebookissa, niin löydät lahjoittajat, sanoi syyttäjä.',
    'Wij gebruiken cookies zonder toestemming van bezoekers, gaf het bedrijf toe voor de rechter.',
    'Utilizamos cookies sin el consentimiento de los usuarios, reconoció la empresa ante el juez.',
    'เราใช้คุกกี้จากร้านเบเกอรี่ข้างบ้าน เจ้าของร้านกล่าว',
    'Χρησιμοποιούμε cookies χωρίς τη συναίνεση των χρηστών, παραδέχθηκε η εταιρεία στο δικαστήριο.',
    'Ο δικηγόρος απάντησε με την επιφύλαξη παντός δικαιώματος του πελάτη του.',
    'تابعونا على فيسبوك، كتب المحتالون في رسائل مزيفة أرسلوها إلى آلاف المستخدمين.',
    '関連記事の削除を求める声が上がった。',
    'この記事は会員限定で公開されていたが、批判を受けて無料にしたと同社は説明した。',
    'डिस्क्लेमर के बिना विज्ञापन चलाने पर कंपनी पर जुर्माना लगा।',
    // A privacy ruling quotes the banner's words, with who said them after a comma.
    'Vi använder cookies för att spåra besökare utan samtycke, medgav företaget inför domstolen.',
    'Мы используем файлы cookie без согласия пользователей, признали в компании после решения суда.',
    'Korzystamy z plików cookies bez zgody użytkowników, przyznała firma przed sądem.',
    'Używamy plików cookie do śledzenia klientów – przyznał prezes spółki w sądzie.',
    'Používáme soubory cookie i bez souhlasu návštěvníků, přiznala společnost před soudem.',
    'Sitemizde çerezleri onaysız kullandık, şirket sözcüsü mahkemede itiraf etti.',
    'Kami menggunakan cookie tanpa persetujuan pengguna, kata juru bicara perusahaan itu.',
    'Chúng tôi sử dụng cookie mà không có sự đồng ý của người dùng, đại diện công ty thừa nhận.',
    'نستخدم ملفات تعريف الارتباط دون موافقة المستخدمين، اعترفت الشركة أمام المحكمة.',
    'אנחנו משתמשים בקבצי עוגיות ללא הסכמת הגולשים, הודתה החברה בבית המשפט.',
    'हम अनुभव बेहतर बनाने के नाम पर बिना अनुमति कुकीज़ रखते थे, कंपनी ने अदालत में स्वीकार किया।',
    // A post, a source named in a sentence of news.
    'The post of chief constable appeared first on the list of vacancies published on Monday.',
    'The post appeared first on Facebook before it was shared thousands of times.',
    'Source: the ministry confirmed the figure.',
    // A sentence after the label, its verb no reporting one: it ends on a word in small letters.
    'Źródło: rząd podniesie płacę minimalną od stycznia.',
    'Fuente: el Gobierno subirá el salario mínimo.',
    'Источник: министерство повысит зарплаты врачам с весны.',
    'The editor is solely responsible for all content published in the magazine, the court ruled.',
    'This article was republished from a 1922 pamphlet that the police had seized.',
    'Read the original article in the archive and you find a different story.',
    'Audio generated by AI was used to fake the candidate’s voice in calls to 5,000 voters.',
    'Paris, London and Berlin, the three capitals, signed the accord on Monday.',
    'Harris, A and B shares both fell in early trading, according to the exchange.',
    'Subscribers who send a story to a friend will get a month free, the company said.',
    'More information: the council will publish the full report in March, along with the 2026 figures.',
    'More information: Hart, the council leader, and Okafor will present the plan to residents in March.',
    'Publication: Berg, Holm and Engstrand will present the results at a conference in Vienna next month.',
    'Paper: the council will publish its plans for the bridge in March, its leader said.',
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
    'Unsubscribe requests rose by 40 per cent after the change, the company said.',
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
    'Harbour City Council (Appellant) v Okafor (Respondent) [2026] UKSC 41 settles who pays for damp.',
    'The council, the appellant in Okafor [2026] UKSC 41, must now pay £18,000 in damages',
    'We use cookies from the bakery next door for the school fair every year.',
    'We and our partners process 2 million claims a year, the insurer said in its annual report.',
    'We and our partners store grain for 40 villages in the district.',
    'To continue reading the meter, engineers must now subscribe to a new service.',
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
    'Follow the storm on the Met Office app for updates, the agency urged residents.',
    'Read the full report and you will see the council knew in 2019, the campaigners said.',
    'Read the full article of the treaty and you find no such clause, the lawyers said.',
    'Listen to the full interview and the minister never answers the question.',
    'Download speeds in rural areas are still half those in cities, the regulator said.',
    'Join the queue early, as tickets for the festival sold out in an hour last year.',
    'This story was first told by the BBC in 1987, when the survivors were found.',
    'Support for the plan fell to 40 per cent in the latest poll.',
    'If you enjoyed the summer heat, the forecast for August will disappoint you.',
    'Contact tracing ended in the spring, when case numbers fell.',
    'Suivez la Seine sur trois kilomètres pour rejoindre le village.',
    'Die Stadt will das Material von der Baustelle wiederverwenden.',
    'Tag teams from the club won three titles this season.',
    'Tag @harbourpolice on X if you see the missing dog, officers said on Monday.',
    'Nutrition information on menus is calculated by the chains themselves, the study found.',
    'Cet article de loi peut contenir des failles, a reconnu le ministre devant les députés.',
    'Partagez votre photo sur Instagram avec le hashtag #sauvonslaplage, demande la mairie aux baigneurs.',
    'Épinglez cette recette au frigo, conseille la cheffe, elle se garde une semaine.',
    'If you found this useful, the council said, tell your neighbours about the scheme.',
    'Catch all the buses you can before the strike, the union warned commuters on Monday.',
    'Mehr Nachrichten aus der Region wünschen sich 60 Prozent der Leser, hier zeigt die Umfrage Luft nach oben.',
    '法院认为，仅凭“未经授权禁止转载”的声明不足以保护作品。',
    'With inputs from farmers, the ministry drafted a new seed policy for the next season.',
    'This story has not been edited by anyone, the author admitted to the tribunal on Monday.',
    'Also read between the lines of the budget, the opposition leader told parliament.',
    '법원은 무단 전재 및 재배포 금지 문구만으로는 저작권을 보호할 수 없다고 판단했다.',
    'Riproduzione riservata ai soci del circolo, ha deciso il consiglio direttivo.',
    'Follow the latest advice on our website, the health minister urged on Tuesday.',
    'Upgrade to paid plans rose by a third after the price cut, the company said.',
    'Keep reading with a torch after dark and you strain your eyes, optometrists warn.',
    'Rate rises are expected to continue into next year, the bank said.',
    'The post was sponsored by three councillors and passed on Tuesday.',
    'Serves were broken four times in the final set.',
    'Send flowers by post and they arrive wilted, the survey found.',
    'The figures were correct at the time of the census in 2021, officials said.',
    'The forecast was correct at the time of publication and subject to change, the agency said.',
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
    'For informal enquiries, the council has opened a hotline on 0800 111 222, the mayor said.',
    'Per maggiori informazioni sul piano, la Regione ha aperto un numero verde, 800 187 187, attivo 24 ore su 24.',
    'Informasi lebih lanjut mengenai jumlah korban belum tersedia hingga Rabu pukul 18.00 WIB.',
    'For more information about the victims, police asked families to call the casualty bureau on 0800 056 0944.',
    'For more advice, the NHS said, parents should visit www.nhs.uk or call 111 if their child has a fever.',
    // A story about such an email: past tense, or with a reporting clause.
    'This email was confidential, the tribunal heard, but it reached a reporter within hours.',
    'This message is confidential, the memo warned staff, before setting out 400 job cuts.',
    'If you received this email in error, you do not need to do anything, the bank said on Tuesday.',
    'Customers who received the email in error were told to delete it, the bank said.',
    'If you are not the intended recipient of a fine, the council says, you can appeal online.',
    // The recipient of something else than the message.
    'If you are not the intended recipient of the vaccine, you should not book an appointment.',
    'If you are not the named recipient of a parcel, do not sign for it at the door.',
    'Sent from my iPhone, the message reached the minister at 2am, the inquiry heard.',
    // Sent from somewhere that is no phone: a short line of a letter or a dispatch.
    'Sent from my home in Kyiv.',
    'Sent from my desk at the embassy.',
  ])('keeps %s', (sentence) => {
    expect(isJunkSentence(sentence)).toBe(false);
  });

  it('reads agencies named with many joining words in linear time', () => {
    // "de" was two of an agency's joining words: each one doubled the ways to read the line.
    const names = Array(4)
      .fill(`A${' de'.repeat(8)}`)
      .join(', ');
    expect(isJunkSentence(`Com informações da ${names} x!`)).toBe(false);
    expect(isJunkSentence(`Com informações da ${names}.`)).toBe(true);
  });

  it('reads the spaces after "By" in a byline in linear time', () => {
    // Plain text keeps a line's tabs and spaces: 10 KB of them after "By" took 28 s.
    const spaces = ' \t'.repeat(7_000);
    expect(isJunkSentence(`By\t${spaces}T`)).toBe(false);
    expect(isJunkSentence(`By\t${spaces}Jo Feld. Updated 10 March`)).toBe(true);
    expect(isJunkSentence('By . Associated Press . PUBLISHED: 14:11 EST')).toBe(true);
  });

  it('reads the spaces after the label of a timestamp in linear time', () => {
    // Plain text keeps a line's tabs: 50 KB of them after "Posted" took 7.5 s.
    const tabs = '\t'.repeat(150_000);
    expect(isJunkSentence(`Posted${tabs}-`)).toBe(false);
    expect(isJunkSentence(`Posted${tabs}on 4 March`)).toBe(true);
    expect(isJunkSentence('Posted prices at the pump rose again, the survey found.')).toBe(false);
  });

  it("reads the spaces after a Korean site's ban on reposting in linear time", () => {
    // Each way to split the spaces around the notice's closing bracket was tried.
    const spaces = ' '.repeat(150_000);
    expect(isJunkSentence(`무단전재 재배포 금지${spaces}x`)).toBe(false);
    expect(isJunkSentence(`<무단전재 재배포 금지${spaces}>${spaces}.`)).toBe(true);
    expect(isJunkSentence('<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>')).toBe(
      true,
    );
  });

  it('reads the spaces after an agency credit in linear time', () => {
    // Each way to split the spaces after "/EPA" around its full stop was tried: 50 KB took 6 s.
    const spaces = ' '.repeat(150_000);
    expect(isJunkSentence(`/EPA${spaces}x`)).toBe(false);
    expect(isJunkSentence(`/EPA${spaces}/EPA.`)).toBe(true);
    expect(isJunkSentence('Protesters in Athens. Yannis Kolesidis/EPA-EFE')).toBe(true);
    expect(isJunkSentence('The EPA said the rules on diesel would be tightened.')).toBe(false);
  });

  it("reads the spaces after a plug for the site's channel in linear time", () => {
    // Each way to split them around the full stop and the call to join was tried: 100 KB, 16 s.
    const spaces = ' \t'.repeat(75_000);
    expect(isJunkSentence(`Все новости в нашем канале${spaces}Ч`)).toBe(false);
    expect(isJunkSentence(`Все новости в нашем канале${spaces}Подписывайтесь!`)).toBe(true);
    expect(isJunkSentence('Все новости в нашем телеграм-канале.')).toBe(true);
    expect(isJunkSentence('В нашем канале вышло интервью с министром.')).toBe(false);
  });

  it('reads the spaces after the time label of a recipe in linear time', () => {
    // Each way to split them around an optional colon was tried: 100 KB took 15 s.
    const spaces = ' \t'.repeat(75_000);
    expect(isJunkSentence(`Bake time${spaces}N`)).toBe(false);
    expect(isJunkSentence(`Bake time${spaces}: 25 minutes`)).toBe(true);
    expect(isJunkSentence('Total time in custody was 14 hours, his lawyer said.')).toBe(false);
  });

  it('reads the spaces between "updated" and its time in linear time', () => {
    // Each way to split them around an optional colon and full stop was tried: 4 KB took 26 s.
    const spaces = ' \t'.repeat(2_500);
    expect(isJunkSentence(`Story updated${spaces}x`)).toBe(false);
    expect(isJunkSentence(`Story updated${spaces}10:42`)).toBe(true);
    expect(isJunkSentence('Last updated: 10:42 BST')).toBe(true);
    expect(isJunkSentence('The council updated its plans for the depot on Tuesday.')).toBe(false);
  });

  it("reads the spaces after a citation's label once", () => {
    // The words after them were looked for from each of those spaces, 200 characters at a time:
    // a megabyte of them took 2.7 s.
    const spaces = ' '.repeat(2_500_000);
    expect(isJunkSentence(`Paper:${spaces}x`)).toBe(false);
    expect(
      isJunkSentence(`More information:${spaces}Lena Hart et al, Social learning (2026).`),
    ).toBe(true);
    expect(isJunkSentence('Paper: the council will publish its figures on Monday.')).toBe(false);
  });

  it('reads the spaces after a time that opens a line in linear time', () => {
    // Each way to split them among the zone, the date and the end was tried: 50 KB took 7 s.
    const tabs = '\t'.repeat(150_000);
    expect(isJunkSentence(`0:00${tabs} a b c d e f g h i`)).toBe(false);
    expect(isJunkSentence(`15:36${tabs}EST, 25 October 2013 .`)).toBe(true);
    expect(isJunkSentence('10:30 was the time the polls opened, officials said.')).toBe(false);
  });

  it('finds the word a line with a clock time ends on in linear time', () => {
    // Each letter of a long word began a try at the last word: 33,000 letters took 2 s.
    const word = 'a'.repeat(150_000);
    expect(isJunkSentence(`At 8:00 ${word}-`)).toBe(true);
    expect(isJunkSentence(`At 8:00 ${word}.`)).toBe(false);
    expect(isJunkSentence('Polls close at 8:00 p.m. Eastern time.')).toBe(false);
  });

  it('looks for a photo credit in brackets at the end in linear time', () => {
    // Each "(Photo" was read to the end for its closing bracket: 100 KB of them took 3.5 s, 240 KB 18 s.
    const credits = '(Photo'.repeat(80_000);
    expect(isJunkSentence(`${credits} x`)).toBe(false);
    expect(isJunkSentence(`${credits})`)).toBe(true);
    expect(isJunkSentence('The mayor at the opening. (Photo: Jane Doe/Reuters)')).toBe(true);
    expect(isJunkSentence('Two photos (picture, left) show the flooded square.')).toBe(false);
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
    // Under a label with a hyphen too.
    'Line-ups: Liverpool: Alisson; Alexander-Arnold, Konate, Van Dijk, Robertson; Szoboszlai, Mac Allister, Gravenberch; Salah, Nunez, Diaz.',
    'Kick-off: 3pm at Anfield on Saturday, live on Sky Sports.',
    // With the team's formation after its name, and its last two names joined by "and".
    'INTER (3-5-2): Sommer; Pavard, Acerbi, Bastoni; Dumfries, Barella, Calhanoglu, Mkhitaryan, Dimarco; Lautaro, Thuram.',
    'FLAMENGO: Rossi; Wesley, Léo Ortiz, Léo Pereira e Ayrton Lucas; Pulgar, Gerson e Arrascaeta; Luiz Araújo, Pedro e Bruno Henrique.',
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
    // A release's contact lines run together, with no full stop to end them.
    'Ufficio Stampa Trenitalia Tel. +39 06 4410 0000 ufficiostampa@trenitalia.example.it',
    'Press Office Harbour City Council Communications Team press@harbourcity.example.gov.uk',
    'Kepala Biro Komunikasi dan Pelayanan Publik Kementerian Kesehatan telp. 021 5201590',
    // A run of short items and nothing else, without a label: a match's ratings and line-up
    // under their subhead, a list of names.
    'Carter 7, Walsh 6, Mensah 7, Doyle 6, Burke 7, Kane 6, Lowe 7, Hughes 7, Okafor 9, Diaz 6, Moore 6.',
    'Moss; Harper, Grant, Ellis, Byrne; Cole, Reid, Shaw; Doyle (Bell 80), Quinn (Lane 65) and Lowe (Hart 72).',
    'Subs not used: Fisher, Grant, Ndiaye, Park, Lane.',
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
    'Long-term: The council expects the new bridge to cut journey times across the city by a third within five years.',
    // The same details in a sentence that ends as one.
    'The press office said questions can be sent to ufficiostampa@trenitalia.example.it or by phone on +39 06 4410 0000.',
    // Lists of names and numbers in a sentence that says something of them.
    'Officials named the dead as Ann Lee, 34, Tom Ray, 51, and Jo Kim, 8.',
    'Paris, Lyon, Lille, Nantes and Bordeaux will ban the oldest diesel cars from January.',
    'Apples, pears, plums, cherries and grapes all rose in price last month.',
    'Sales reached 1,204,300 units, up 14%, in the quarter to September.',
    // Khmer, Lao and Burmese put no space between words, only between phrases: a sentence of
    // three phrases is no line of three words.
    'ថវិកានេះនឹងផ្តោតលើវិស័យអប់រំ សុខាភិបាល និងហេដ្ឋារចនាសម្ព័ន្ធ។',
    'ອັດຕາເງິນເຟີ້ໃນເດືອນພະຈິກ ຫຼຸດລົງມາຢູ່ທີ່ 17 ສ່ວນຮ້ອຍ.',
    'ရေကြီးမှုကြောင့် လူအများ ထိခိုက်ခဲ့သည်။',
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

  it("takes a straight double mark between two Hebrew letters for an acronym's gershayim, not a quotation's", () => {
    // מנכ"ל ("CEO"), צה"ל ("the IDF"), ארה"ב ("the USA"), typed with the keyboard's mark.
    const story = [
      'מנכ"ל רכבת ישראל מיכאל מאיר אמר בראיון כי העבודות על הקו לאילת יתחילו בשנה הבאה.',
      'לדבריו, צה"ל וארה"ב יסייעו במימון הפרויקט.',
      'העלות של הפרויקט כולו מוערכת ב-30 מיליארד שקל.',
    ];
    expect(insideQuotation(story)).toEqual([false, false, false]);
    for (const sentence of story) expect(isFitKeyPoint(sentence)).toBe(true);
    // A quotation opened with the same mark before a Hebrew word still opens one.
    expect(
      insideQuotation(['הוא אמר: "הקו ייפתח ב-2032.', 'זה יהיה הקו המהיר בארץ".', 'הוא הוסיף.']),
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
    // And where the pronoun follows its verb: German, Dutch, French, Russian, Ukrainian.
    '„Die Menschen haben kein Verständnis mehr für diesen Arbeitskampf“, sagte er am Montag.',
    '„We moeten af van de eindeloze procedures”, zei hij vrijdag na de ministerraad.',
    '« Nous ne lâcherons rien », a-t-il déclaré mercredi soir.',
    '« Nous ne lâcherons rien », affirme-t-elle.',
    '«Мы готовы вжить дополнительные меры», — заявил он на пресс-конференции.',
    '«Ми готові вжити додаткових заходів», – заявив він на пресконференції.',
    // And with none, as Spanish, Portuguese and Italian leave it out: the verb ends the sentence.
    '"Ningún trabajador a jornada completa puede vivir en la pobreza", afirmó.',
    '«No vamos a dar un paso atrás» —dijo ayer.',
    '"O BC mostrou que não vai tolerar uma desancoragem", disse.',
    '«Non è accettabile che milioni di italiani restino a piedi», ha detto.',
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
    '„Die Menschen haben kein Verständnis mehr“, sagte Wissing am Montag in Berlin.',
    '« Nous ne lâcherons rien », a déclaré le secrétaire fédéral de Sud-Rail.',
    '«Мы готовы к диалогу», — заявил он, но министр Иванов возразил: «Диалога не будет».',
    '«Мы готовы вжить меры», — заявила Набиуллина.',
    '"Ningún trabajador puede vivir en la pobreza", afirmó la vicepresidenta.',
    '«Non è accettabile», ha detto il vicepremier Matteo Salvini.',
    '"O BC mostrou que não vai tolerar uma desancoragem", disse Rafaela Vitória.',
    'The council approved the plan on Wednesday.',
  ])('finds a speaker or the writer in %s', (sentence) => {
    expect(isUnattributedQuotation(sentence)).toBe(false);
  });
});
