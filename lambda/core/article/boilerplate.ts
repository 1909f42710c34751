/**
 * A rights notice opens with © (Korean sites write ⓒ) or with "Copyright" followed by what a notice names next: a
 * symbol, a year or "by". "Copyright lawsuits against…" is news.
 */
const COPYRIGHT_NOTICE = /^(?:[©ⓒ]|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\)|\d{4}|by\b))/i;

/**
 * A company's or a charity's registration in a mailer's or a site's footer, with the postal address it follows:
 * "Briefing Media Ltd, 100 Fleet Street, London EC4Y 1AA. Registered in England and Wales No.
 * 01234567.", "Acme Ltd is a company registered in … with company number 02366661, whose
 * registered office is …". It opens its sentence, or follows only the company's name, and its
 * number ends the sentence or leads on to the registered office, the VAT number or the
 * regulator, perhaps after its number in Scotland ("… (No. 202918) and Scotland (SC039042)."). News names a company so and goes on ("Acme Ltd, registered in … under company
 * number 02366661, entered administration…"), or names it inside a sentence about something
 * else ("Administrators were appointed to Acme Ltd, registered in…").
 */
const REGISTRATION_FOOTER =
  /(?:^|[.!?|]\s+)(?:\p{Lu}[\p{L}\d&.'’-]*(?:\s+(?:\p{Lu}[\p{L}\d&.'’-]*|&|and|of|the)){0,8}(?:\s*,\s*|\s+is\s+|\s*\(\s*))?(?:[Aa]n?\s+(?:[\p{L}-]+\s+){0,4})?[Rr]egistered (?:[Cc]harity(?: in (?:England|Scotland|Northern Ireland|Ireland|Wales)(?: (?:and|&) Wales)?)?|in (?:England|Scotland|Northern Ireland|Ireland|Wales)(?: (?:and|&) Wales)?)[,.]?\s(?:\((?:[Nn]o\.?\s?)?|(?:(?:under|with)\s)?(?:(?:[Cc]ompany|[Cc]harity|[Rr]egistered)\s)?(?:[Rr]egistration\s)?(?:[Nn]o\.?|[Nn]umber)\s?:?\s?)(?:[A-Z]{2}\s?)?\d+\)?(?:,?\s+and\s+(?:in\s)?(?:Scotland|Northern Ireland|Ireland)\s(?:\(|(?:[Nn]o\.?|[Nn]umber)\s?:?\s?)?(?:[A-Z]{2}\s?)?\d+\)?)?(?:\s*(?:[.;|]|$)|,?\s+(?:(?:and|with|whose|its)\s+){0,2}(?:[Rr]egistered (?:[Oo]ffice|[Aa]ddress)|VAT\b|[Aa]uthori[sz]ed and regulated))/u;

/**
 * An encyclopedia's hatnote above an article, pointing readers to another page of the same name:
 * "For the village, see Orvenna (village).", "This article is about the lake. For other uses, see
 * Orvenna (disambiguation).", "Not to be confused with Lake Orvana.", "\"Orvenna\" redirects
 * here. For …, see …". Only a paragraph that is nothing else: "For the villagers, seeing the
 * river rise…" and "For now, see you in court, the lawyer told reporters." go on past it.
 */
const HATNOTE =
  /^(?:this (?:article|page) is about (?!to\b)[^.!?]{1,80}\.\s+|["“][^"“”]{1,60}["”] redirects here\.\s+)?(?:(?:for [^,.!?]{1,50}, see [^,.!?]{1,80}\.\s*)+|not to be confused with [^.!?]{1,80}\.)$/i;

/**
 * A newsletter's pitch that counts its readers: "Join 20,000 people who get our newsletter."
 * A paragraph of it goes with any offer after it, and the sentence goes after a question ("Want
 * stories like this every Friday? Join 4,000 readers of the Valley Ledger newsletter.").
 */
const NEWSLETTER_PITCH =
  /^join (?:over |more than |nearly |almost )?[\d,.]+k?\+? (?:other )?(?:people|readers|subscribers|others|members)\b[^.!?]{0,60}\b(?:newsletter|inbox|e-?mails?)\b/i;

/**
 * A notice's slug, standing alone: "PUBLIC NOTICE", "Legal Notices", a tender's "CONTRACT NOTICE",
 * and in Spanish, French, German and Italian, "ANUNCIO", "AVIS PUBLIC", "Öffentliche
 * Bekanntmachung", "AVVISO PUBBLICO" (not a review's subhead "Avis", its verdict).
 */
const NOTICE_SLUG =
  /^(?:(?:public|legal|statutory|official|contract|tender|procurement) notices?|anuncios?|edictos?|avis (?:public|officiel|d['’]enquête publique)|(?:öffentliche |amtliche )?bekanntmachung(?:en)?|avviso pubblico)$/i;
/** An obituary's slug, standing alone over the name: "OBITUARY", "In Memoriam". */
const OBITUARY_SLUG = /^(?:obituary|obituaries|in memoriam|death notices?)$/i;

/** The words of a reporting clause or its source: "…, regulators said", "according to a filing". */
const NEWS_CLAUSE =
  '\\b(?:said|says|say|told|tells|reported|reports|announced|confirmed|claimed|alleged|revealed|disclosed|admitted|warned|ruled|according to)\\b';

/**
 * What a phone or tablet's mail app signs with, "Sent from my iPhone", "…my Samsung Galaxy
 * smartphone": a device, not a place ("Sent from my home in Kyiv." is a letter's line).
 */
const PHONE_MAKERS =
  'iphone|ipad|ipod|android|samsung|galaxy|huawei|xiaomi|oneplus|pixel|nokia|motorola|blackberry|htc|sony|lg|(?:smart|mobile |cell ?)?phone|mobile(?: device)?|tablet|kindle|verizon|t-mobile';

/**
 * A site's affiliate disclosure: "This article contains affiliate links.", "We may earn a
 * commission…", Amazon's required "As an Amazon Associate I earn from qualifying purchases.", and
 * in French, German and Spanish ("Cet article peut contenir des liens affiliés.", "…, erhalten wir
 * eine kleine Provision."). A paragraph opening with it goes whole, with what the notice runs on
 * to ("Please read my disclosure policy.", "Here's how it works."), which led recipes and reviews.
 * The site speaks of its own links as "I" or "we": "Bloggers who earn from qualifying purchases…"
 * and a commission a source says it gets ("…," the founder told the committee) are news.
 */
const AFFILIATE_DISCLOSURE: readonly RegExp[] = [
  /\b(?:contains?|includes?|uses?) affiliate links?\b/i,
  // And in French, German and Spanish: "Cet article peut contenir des liens affiliés.", "Dieser
  // Artikel enthält Affiliate-Links.", "Este artículo contiene enlaces de afiliados."
  /^(?:cet article|cette page|ce billet|cet article de blog|dieser (?:artikel|beitrag)|diese seite|este (?:artículo|post)|esta página)\b[^.!?]{0,30}\b(?:liens? (?:affiliés?|d['’]affiliation)|affiliate-links?|enlaces? de afiliad[oa]s?)\b/i,
  /\bwe (?:may|might) (?:earn|receive|get) (?:a |an )?(?:small )?(?:affiliate )?commission\b/i,
  /\b(?:i|we) (?:may |might |can )?earn from qualifying purchases\b/i,
  new RegExp(
    `(?:^|,\\s)(?:nous (?:percevons|touchons|recevons)|(?:erhalten|bekommen|verdienen) wir|(?:recibimos|ganamos|obtenemos))(?: (?:alors|dann|parfois|eventuell|möglicherweise))? (?:une |eine |una )?(?:petite |kleine |pequeña )?(?:commission|provision|comisión)\\b(?![^.!?]{0,120}?${NEWS_CLAUSE})`,
    'i',
  ),
  // The same said by the site or its editors, on what the reader buys through its links:
  // "GadgetBench may earn a commission when you buy through links on our site." Not a report on
  // others' commissions: "Brokers may earn a commission when you buy shares…, the regulator warned."
  new RegExp(
    `(?:\\b(?:may|might|can) |^we )(?:earn|receive|get) (?:a |an )?(?:small )?(?:affiliate )?(?:commission|share of (?:the )?(?:sales|revenue))\\b[^.!?]{0,60}?\\b(?:(?:when|if) you (?:buy|purchase|shop|click)|(?:through|via) (?:(?:our|the|these|affiliate|retailer) )?links)\\b(?![^.!?]{0,120}?${NEWS_CLAUSE})`,
    'i',
  ),
];

/**
 * A post's closing words to its reader, each opening its paragraph, which goes whole with the asks
 * after it: a question about the post ("Did you make this recipe? Leave a comment below…", "Found
 * this useful? Share it with a friend…", "Hast du das Rezept ausprobiert? …", "Vous avez testé
 * cette recette ? …"), a sign-off ("That's all for this week! If you enjoyed this issue…"), the
 * thanks for reading, learning or listening ("Thanks for learning with the DevNotes Community.")
 * and the sponsor's ("Thanks to our sponsor, Ledgerly — the easiest way to…"). Each ends where
 * the words do: "That's all for this week's storm, forecasters said", "Thanks to our sponsors, the
 * festival will stay free…", thanks a source gives ("…, the residents told the council") and a
 * question naming no post, "Loved it? Hated it? Readers sent us 3,000 letters…", are news.
 */
const CLOSING_WORDS: readonly RegExp[] = [
  /^(?:did you (?:make|try|bake|cook) (?:this|these|my|our|the) (?:recipe|dish|bake|loaf|cake|cookies|bread)s?|(?:found|enjoyed?|liked?|loved?) (?:this|it)(?: (?:post|article|guide|tutorial|issue|edition|newsletter|episode|video|recipe|piece|story)(?: useful| helpful)?| useful| helpful)|hast du (?:das|dieses|mein|unser) rezept (?:ausprobiert|nachgebacken|nachgekocht|gemacht)|(?:vous avez|tu as|avez-vous|as-tu) (?:testé|essayé|réalisé|fait) (?:cette|ma|notre) recette|¿?(?:has|habéis|ha) (?:hecho|probado|preparado) (?:esta|mi|nuestra) receta)\s?\?/i,
  /^that['’]s (?:all|it|a wrap) for (?:this week|today|now|this issue|this edition|this episode|this time)\s*[.!]/i,
  new RegExp(
    `^(?:thanks|thank you) (?:so much )?for (?:reading|learning|listening|watching|subscribing)\\b(?![^.!?]{0,120}?${NEWS_CLAUSE})[^.!?]{0,80}(?:[.!]|$)`,
    'i',
  ),
  /^(?:thanks|thank you) to (?:our|today['’]s|this (?:week|episode|issue)['’]s) sponsors?(?:[,:]?\s[^.!?,—–]{1,40}?)?(?:\s[—–-]\s|\s?[.!:]|,?\sfor (?:supporting|sponsoring|making)\b)/i,
];

/**
 * A cited work's author: "Hart, L.", "Liu D", "Okafor, D. K.". An initial is a capital no
 * lower-case letter follows: "California D" of "Texas, NY and California Democrats sued…" is none.
 */
const CITED_AUTHOR = String.raw`\p{Lu}[\p{L}'’-]+,? (?:\p{Lu}(?!\p{Ll})\.? ?){1,3}`;
/**
 * An entry of a list of works cited, wherever it stands (under a bold "Journal Reference:" rather
 * than a heading): two authors or more, or one and "et al", in Nature's, APA's or Vancouver's
 * style ("Hart, L., Okafor, D. & Lin, S. Social learning…", "Liu D, Huang Y, et al. Calorie…").
 * A sentence of news names people by more than an initial ("Hart, a biologist…"), or goes on
 * from their initials with a verb, where a cited work goes on to its year or title: "Liu D,
 * Huang Y and Chen M won the prize…" is news.
 */
const CITED_WORK = new RegExp(
  `^${CITED_AUTHOR}(?:, ${CITED_AUTHOR}){0,20}(?:,? (?:&|and) ${CITED_AUTHOR}|,? et al\\b)[.,]?\\s?(?=[\\p{Lu}\\d(“"]|$)`,
  'u',
);

/**
 * The label in French, German and Spanish: "Référence :", "Originalpublikation:", "Referencia:",
 * as the release's language writes it, capital first.
 */
const CITATION_LABEL_ELSEWHERE =
  "[Rr]éférences?(?: de l['’](?:étude|article))?|[Oo]riginalpublikation|[Oo]riginalveröffentlichung|[Pp]ublikation|[Rr]eferencias?|[Aa]rtículo original";

/** A cited work under a science story's label, which the label's capital or small letters may open. */
const CITED_WORK_UNDER_LABEL = new RegExp(
  `^(?:[Mm]ore [Ii]nformation|[Jj]ournal [Rr]eference|[Rr]eference|[Cc]itation|[Pp]ublication|[Pp]aper|[Ss]tudy|${CITATION_LABEL_ELSEWHERE})\\s{0,3}:\\s{0,3}${CITED_WORK.source.slice(1)}`,
  'u',
);

/**
 * A science story's citation of its paper, in a paragraph of its own which goes whole: under a
 * label ("More information: Lena Hart et al, Social learning…, Nature Ecology & Evolution
 * (2026).", "Journal reference: Hart, L. et al. (2026)…", "Référence : …", "Originalpublikation:
 * …"), which a label over a sentence of news ("More information: the council will publish…") has
 * none of: authors "et al", a year in brackets, a DOI; its authors by surname and initials alone
 * under the label, "Journal reference: Marsh, H., Okafor, D. & Lindqvist, S. Microbial
 * carbonate…", whose year and DOI a full stop cut off; and the entry with no label. Split into
 * sentences, its title and journal ("Rapid microbial carbonate precipitation at methane seeps.
 * Nat. Geosci.") were points.
 */
const SCIENCE_CITATION: readonly RegExp[] = [
  new RegExp(
    `^(?:more information|journal (?:information|reference)|reference|citation|publication|(?:original |the )?(?:paper|study)|original article|${CITATION_LABEL_ELSEWHERE})\\s*:\\s*(?!\\s)[^!?]{0,200}?(?:\\bet al\\b|\\((?:19|20)\\d{2}\\)|\\bdoi\\b)`,
    'i',
  ),
  CITED_WORK_UNDER_LABEL,
  CITED_WORK,
];

/** Where a site keeps its accounts, as a pointer to them names them. */
const SOCIAL_NETWORK =
  '(?:facebook|twitter|x|instagram|tiktok|linkedin|threads|bluesky|youtube|mastodon|whatsapp)';

/**
 * An earnings call's furniture, as its transcript keeps it: the operator's turns ("Operator: Good
 * day, and welcome to the … Earnings Conference Call.", "All participants are in a listen-only
 * mode.", "This conference call is being recorded.", "I would now like to turn the call over to
 * …", "Our first question comes from … with …", "This concludes today's conference call.", "You
 * may now disconnect."), the safe-harbor reminder ("today's remarks contain forward-looking
 * statements") and who is on the call ("With me today are our CEO …"). The operator's paragraph
 * goes whole; the executives' words after it led the email, and its lines were points. A welcome
 * to a call that made news ("…, analysts said") and "Our first question to the minister was…" stay.
 */
const CONFERENCE_CALL: readonly RegExp[] = [
  /^operator\s*:\s/i,
  new RegExp(
    `^(?:good (?:day|morning|afternoon|evening)(?:,? (?:everyone|ladies and gentlemen))?,? (?:and )?)?(?:thank you for standing by,? (?:and )?)?welcome to (?:the |today['’]s |our )?[^.!?]{0,80}\\b(?:conference call|earnings call|investor call|webcast)\\b(?![^.!?]{0,120}?${NEWS_CLAUSE})`,
    'i',
  ),
  /\ball (?:participants|lines) (?:are|have been placed|will be) (?:in|on) (?:a )?listen-only mode\b/i,
  /^(?:as a reminder,? )?(?:this|today['’]s) (?:conference )?call is being recorded\b/i,
  // The operator's own sentence, not the words quoted in a story ("…," the judge said).
  new RegExp(
    `^i would (?:now )?like to (?:turn|hand) the (?:call|conference|floor) (?:back )?over to\\b(?![^.!?]{0,120}?${NEWS_CLAUSE})`,
    'i',
  ),
  /^(?:our|the|your) (?:first|next|last|final) question (?:comes|is coming|will come) from\b/i,
  /^we (?:will|['’]ll) now (?:begin|open|start) the question-and-answer session\b/i,
  /^this concludes (?:today['’]s|the|our) (?:conference|call|presentation|program|programme)\b|^you may now disconnect\b|^please go ahead\s*[.!]?$/i,
  /\b(?:remarks|comments|discussion|presentation|call) (?:today |on (?:this|today['’]s) call )?(?:contain|include|may contain|will contain|will include)\b[^.!?]{0,40}\bforward-looking statements\b/i,
  /^(?:with me (?:today|on (?:the|today['’]s) call)|joining me (?:today|on (?:the|today['’]s) call)) (?:are|is)\b/i,
];

/** The label of a correction under the story, or an editor's note on it. */
const CORRECTION_LABEL = "(?:correction|clarification|editor['’]?s note)";
/**
 * A note's label ends on its colon, right after it or after its day or time ("Correction, May 4:",
 * "Update 6:45 p.m.:", "Editor's note (March 5):"): "Correction officers at the prison said: …" is
 * a sentence of news.
 */
const NOTE_LABEL_END = String.raw`(?:\s*:|(?:\s*[,(—–-]|\s+(?:on|at)\b|\s+(?=\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)))[^:]{0,40}:)`;
/**
 * A correction or an editor's note set in a paragraph of its own ("Correction: Last week we said
 * the crossing takes 45 minutes. It takes 55.") is about the article, and goes whole; an update's
 * news stays.
 */
const CORRECTION_NOTE = new RegExp(`^${CORRECTION_LABEL}${NOTE_LABEL_END}`, 'i');

/**
 * The sponsor's line (a podcast's, or an emailed newsletter's: "This issue is sponsored by
 * Ledgerly.") names the sponsor and ends, perhaps on its offer; news about the sponsor goes on
 * with a clause: "…by Northwind Bank, regulators said", "…by Fernleaf, which…". A paragraph
 * opening with it is the sponsor's block and goes whole, its pitch and offer with it.
 */
const SPONSOR_LINE = new RegExp(
  `^(?:this|today['’]s) (?:episode|show|podcast|issue|newsletter|edition)(?: of [^.!?]{1,40})? (?:is|was) (?:brought to you|sponsored|supported|presented|made possible) by\\b(?![^.!?]{0,160}?(?:,\\s*(?:which|who|whom|whose|although|though|while|because|after)\\b|${NEWS_CLAUSE}))`,
  'i',
);

/**
 * A mailer's link to the issue on the web standing alone, or before its other links set apart by
 * bars: "View this email in your browser", "View in browser", "View online | Unsubscribe". Above a
 * newsletter pasted as text it is no title; "View online reviews with care, regulator warns" is.
 */
const VIEW_ONLINE_LINK =
  'view (?:this (?:e-?mail|newsletter|issue) )?(?:in (?:your |a |the )?(?:web )?browser|online|as a web ?page)';
// The spaces after a bar are part of the 40 characters after it: spaces on both sides of a
// run of its own made "View online|||" and 20 kB of spaces take a minute.
const VIEW_ONLINE = new RegExp(
  String.raw`^${VIEW_ONLINE_LINK}(?:\s*[|·•][^|·•]{0,40}){0,3}\s*[.›»→]?$`,
  'i',
);

/** A notice that a piece speaks for its writer: "The views expressed in this commentary…". */
const VIEWS_EXPRESSED = String.raw`the (?:views|opinions) expressed (?:in this \p{L}+|here)\b`;
/**
 * A writer's note: a short paragraph whose last sentence is that notice ("Laura Mendes is an urban
 * planner at the University of Leeds. The views expressed here are her own."), so what goes before
 * it says who wrote the piece, not what it says. The notice is read from a sentence's end only.
 */
const WRITERS_NOTE = new RegExp(
  `(?:^|[.!?]["”’]?\\s)\\s*${VIEWS_EXPRESSED}[^.!?]*[.!]?["”’]?$`,
  'iu',
);

/**
 * Lines that pages and feeds wrap around an article: rights notices, comment and share prompts,
 * "Related:" links, newsletter sign-ups. Each pattern is anchored or specific enough that a
 * sentence of news ("Share prices fell...") does not match it.
 */
const BOILERPLATE_PATTERNS: readonly RegExp[] = [
  VIEW_ONLINE,
  SPONSOR_LINE,
  CORRECTION_NOTE,
  ...AFFILIATE_DISCLOSURE,
  ...CLOSING_WORDS,
  ...SCIENCE_CITATION,
  ...CONFERENCE_CALL,
  // The site's ask for tips, which opens the paragraph saying where to send them ("Do you have a
  // story for us? Email newsdesk@…"): the story is for the site, "for us", "we should know about".
  // "Do you have a story for the council archive?" is someone else's.
  /^(?:do you have|have you got|got) (?:a |any )?(?:news )?(?:story|stories|tips?|tip-offs?)\b(?: (?:for us|(?:that )?you(?:['’]d| would)? (?:like|want) to share|(?:that )?we should (?:know about|cover|hear about|look into)))[^.!?]{0,20}\?/i,
  COPYRIGHT_NOTICE,
  HATNOTE,
  /\ball rights reserved\b/i,
  // The wire notice lists what may not be done ("published, broadcast, rewritten or
  // redistributed"); "may not be published under state law" is a sentence of news.
  /\bmay not be (?:published|reproduced|broadcast|rewritten|redistributed)(?:,|\s+or\b|\s+in (?:whole|any form)|\s+without\b)/i,
  // A paper's notice under a signed opinion piece that it speaks for its writer, in Portuguese,
  // Spanish, Italian, French, German and Dutch, naming the writer or the paper: "Os artigos
  // publicados com assinatura não traduzem a opinião do jornal. Sua publicação obedece…", "Las
  // opiniones expresadas son responsabilidad exclusiva del autor." A paragraph opening with it goes
  // whole. ("As opiniões expressas pelos manifestantes foram ignoradas pelo governo" is news.)
  /^(?:os artigos (?:publicados com assinatura|de opini[aã]o|assinados)|as opini[oõ]es (?:expressas|emitidas)|las opiniones (?:expresadas|vertidas)|le opinioni espresse|les opinions exprim[ée]es|die (?:hier )?geäußerten meinungen|de (?:hier )?geuite meningen)\b[^.!?]{0,80}\b(?:aut(?:or|ora|ore|ores|ori|eurs?|eur)|jornal|peri[oó]dico|giornale|testata|journal|r[ée]daction|redaktion|redactie|opini[aã]o do|opinión del?|opinione del|opinion d[eu]|meinung der|mening van)/iu,
  // And in Russian, Ukrainian, Polish, Turkish, Arabic and Persian: "Мнение автора может не
  // совпадать с позицией редакции.", "Yazıdaki görüşler yazara aittir.", "المقال يعبر عن رأي
  // كاتبه…", "دیدگاه‌های مطرح شده در این یادداشت لزوماً دیدگاه این رسانه نیست." (a Persian
  // column's last point). "Мнение автора законопроекта совпадает с позицией правительства" is news.
  /^(?:мнение автора (?:статьи |колонки |материала )?(?:может не совпадать|не обязательно совпадает|может отличаться) с (?:позицией|мнением|точкой зрения) редакции|думка автора (?:статті |колонки |матеріалу )?(?:може не збігатися|може не співпадати|не обов['’]язково збігається) з (?:позицією|думкою) редакції|opinie wyrażone w (?:tym )?(?:artykule|tekście|felietonie|komentarzu) (?:są|stanowią) (?:opiniami|opinią|wyłącznie opinią|prywatnymi opiniami) autor|(?:bu )?(?:yazıdaki|köşe yazısındaki|makaledeki) (?:görüşler|düşünceler|ifadeler) (?:yalnızca |sadece )?yazar(?:ın)?a aittir|(?:المقال|المقالة|الآراء الواردة في (?:المقال|المقالة|هذا المقال))[^.!?]{0,20}(?:يعبر|تعبر) عن (?:رأي|آراء) (?:كاتبه|كاتبها|الكاتب|أصحابها)|(?:دیدگاه|نظر|مطالب)[^.!?]{0,50}(?:یادداشت|مطلب|مقاله)[^.!?]{0,20}لزوما[ًا]?\s)/iu,
  // A page's skip link, standing alone: the first line of a page copied from a browser as text,
  // which titled it "Skip to main content" ("Zum Inhalt springen", "Aller au contenu", "Ir al
  // contenido", "Vai al contenuto").
  /^(?:(?:skip|jump) to (?:the )?(?:main )?(?:content|navigation|menu|search|footer)|skip (?:navigation|links)|(?:direkt )?zum (?:haupt)?inhalt(?: springen)?|aller (?:au|directement au) contenu(?: principal)?|(?:ir|saltar) al contenido(?: principal)?|(?:vai|salta) al contenuto(?: principale)?)$/i,
  /^leave a (?:comment|reply)\b/i,
  /^\d*\s*comments?$/i,
  /^(?:share|tweet|email|print|save)(?: this)?(?: (?:article|story|post|page))?$/i,
  /^share (?:this|on|via|the (?:story|article))\b/i,
  /^(?:related|read more|more from|see also|recommended|most read|trending|advertisement)(?: (?:stories|articles|links|posts|reading|coverage|content))?\b\s*(?::|$)/i,
  /^you (?:may|might) also (?:like|enjoy)\b/i,
  /^(?:sign up|subscribe)\b.*\bnewsletters?\b/i,
  /\b(?:sign up for|subscribe to) (?:our|the) [\w\s]*newsletters?\b/i,
  /^(?:follow|like) us on\b/i,
  // Substack's and other platforms' widgets: "Thanks for reading The Slow Garden!",
  // "Subscribe for free to receive new posts and support my work."
  /^thanks for reading\b[^.!?]{0,80}[.!]?$/i,
  /^subscribe (?:for free|now)\b/i,
  /\bto receive new posts and support my work\b/i,
  // A notice's slug above its heading, standing alone: "PUBLIC NOTICE", "Legal Notices", a
  // tender's "CONTRACT NOTICE" (not a
  // headline that opens on the words, "Public notice issued over contaminated water").
  NOTICE_SLUG,
  // A page number standing alone, as a PDF saved as text keeps it on every page: "Page 3",
  // "Page 1 of 24", "- 12 -".
  /^(?:page\s+\d{1,4}(?:\s+of\s+\d{1,4})?|[-–—]\s?\d{1,4}\s?[-–—])$/i,
  REGISTRATION_FOOTER,
  // A job posting's standard statements: "Northwind is an equal opportunity employer. We
  // welcome applications from all backgrounds…", "… is committed to safeguarding and promoting
  // the welfare of children…", "… is committed to building a diverse team and encourages
  // applications from under-represented groups".
  /^[^.!?]{0,80}\bis an? equal[- ]opportunit(?:y|ies)\b[^.!?]{0,40}\bemployer\b/i,
  /\bcommitted to safeguarding and promoting the welfare of children\b/i,
  /\b(?:committed to (?:building|creating|having) a diverse (?:team|workforce)|(?:encourage|welcome)s? applications from (?:all|people of all|under-?represented|diverse)(?: sections of (?:the|our) community| (?:backgrounds|groups|candidates))\b)/i,
  // A show's or a guide's disclaimer: "The Money Hour is for general information only and is not
  // financial advice. Always speak to a qualified adviser."
  /^[^.!?]{0,80}\bis (?:provided )?(?:for )?(?:general )?information(?:al)?(?: purposes)? only\b/i,
  // A newsletter's pitch that counts its readers, with any offer after it: "Join 20,000 people
  // who get our newsletter. Get 10% off your first order."
  NEWSLETTER_PITCH,
  // A shop's customer review, its star rating before the customer's words: "★★★★☆ "Lovely
  // build, wish it came in black." — Tom R."
  /^[★☆⭐]{3,5}\s*["“]/u,
  // An obituary's slug, standing alone over the name: "OBITUARY", "In Memoriam".
  OBITUARY_SLUG,
  // A press release's contact block.
  /^(?:media|press) (?:contacts?|enquiries|inquiries)\b/i,
  /^click here to\b/i,
  // A paywall's teaser at the end of what the page shows: "Subscribe to continue reading", "You
  // have read all of your free articles this month", "This post is for paid subscribers", "Este
  // contenido es exclusivo para suscriptores", "Cet article est réservé aux abonnés".
  /\b(?:subscribe|sign in|log in|sign up|register)\b[^.!?]{0,40}\bto (?:continue|keep) reading\b/i,
  /^(?:you(?:['’]ve| have) (?:read|reached|used)|this is your last)\b[^.!?]{0,40}\bfree (?:articles?|stories|story)\b/i,
  /^this (?:article|story|content|post) is (?:only )?(?:(?:available|reserved|exclusive(?:ly)?) )?(?:to|for) (?:paid )?(?:subscribers|members)(?: only)?\s*(?:[.!:]|$)/i,
  /\b(?:exclusiv[oae]?|reservad[oa]|réservée?|riservat[oa]) (?:(?:para|pour|für|per|a) )?(?:los |las |les |aux |gli |agli |ai |os |as |aos )?(?:suscriptores|abonnés|abonnenten|abbonati|assinantes)\b/i,
  // A byline left in the body: "By Jane Doe", "By Jane Doe and John Roe, Reuters", and with where
  // the writer was, "By Tom Reyes, at the Dock Road stadium", "By Jane Doe in Kyiv" (a line with
  // no full stop: "By Christmas in Kyiv the shelves were empty." is a sentence).
  // Each name runs to a separator, so a line of capitals splits into names one way only (a name
  // that could end anywhere made "By AAB" + "fABBA" × 10, 57 characters, take 23 s).
  /^[Bb]y (?:(?:[\p{Lu}][\p{L}.'’-]*|and|&)(?:[\s,]+|$)){1,8}(?:(?:at|in|from)\s[^.!?,]{1,40})?$/u,
];

/**
 * A field with its label: "When: Friday…", "Keywords: …", "Media contact: …", "Application no.:
 * …", "Line-ups: …", a team's line-up with its formation, "INTER (3-5-2): …". Up to three words
 * before the colon (each may hold a hyphen, the last may be cut short: "no.", and a short bracket
 * may follow them), and not a speaker ("He said: '…", "The minister said: '…").
 */
export const FIELD_LABEL =
  /^(?!(?:he|she|they|we|i|it|you)\b)(?!(?:\p{L}+ ){0,2}(?:said|says|told|tells|added|adds|asked|wrote|writes|explained|warned|replied|insisted|declared):)\p{L}+(?:-\p{L}+)?(?: \p{L}+(?:-\p{L}+)?){0,2}(?: \([^()\n]{1,12}\))?\.?:\s/iu;

/**
 * A figure's or a table's caption: "Figure 1. Mean change in body weight…", "Table 2: Rents by
 * city", "Fig. 3 –", "Abbildung 2:". "Figure 1 shows…" is a sentence about it.
 */
export const CAPTION =
  /^(?:fig(?:ure)?|table|chart|graph|exhibit|abbildung|tabelle|tableau)\.?\s*\d+[a-z]?\s*[.:|–—-](?:\s|$)/iu;

/**
 * A photo credit or caption label: "Photograph: Andy Rain/EPA", "Photo by Jane Doe", "FILE PHOTO:",
 * and in brackets, as agencies and galleries write it after a caption, with the agency's name:
 * "(Photo: Dana Wu/The Harbour Post)", "(AP Photo/Evan Vucci)". In other languages with its colon
 * ("Foto: Adam Ihse/TT", "Фото: …", "Fotoğraf: …", "تصوير: …", "צילום: …") or Polish "Fot. ":
 * "Fotoğraf sanatçısı…" and "Bild-Reporter…" stay.
 */
export const PHOTO_CREDIT =
  /^(?:\((?:[A-Z]{2,6}\s+)?)?(?:(?:file\s+)?(?:photo|picture|image|caption|credit|photograph)s?\s*(?:[:|–—/-]|(?:credit|copyright|courtesy|by)\b)|(?:foto|fotografie|fotoğraf|фото|світлина|ảnh|फोटो|फ़ोटो|तस्वीर|تصوير|صورة|צילום|عکس|picha|bild|zdjęcie|kuva)\s*:\s|fot\.\s)/i;

/**
 * A word of a site's name as its WordPress footer gives it: a capital's or a number's word
 * ("Harbour News", "9to5Mac"), one with a dot or capital inside ("kottke.org", "iMore") or a
 * joining word ("Friends of the Earth"). A word such as "before" or "list" is a sentence's.
 */
const SITE_NAME_WORD = String.raw`(?:[\p{Lu}\d][^\s!?,]*|\p{Ll}[^\s!?,.\p{Lu}]*[.\p{Lu}][^\s!?,]*|(?:of|the|and|for|de|la|le|du|des|del|und|&)(?=\s|[.!]?$))`;

/** The label of a source line, in the languages the site may be in. */
const SOURCE_LABELS = [
  'source',
  'sources',
  'quelle',
  'fuente',
  'fonte',
  'bron',
  'källa',
  'kilde',
  'lähde',
  'источник',
  'джерело',
  'źródło',
  'zdroj',
  'kaynak',
  'sumber',
  'nguồn',
  'स्रोत',
  'المصدر',
  'מקור',
  'منبع',
  'chanzo',
];
/** Each label as a line writes it, "source", "Source" or "SOURCE": the line is read with its case. */
const SOURCE_LABEL = SOURCE_LABELS.flatMap((label) => [
  label,
  label.charAt(0).toUpperCase() + label.slice(1),
  label.toUpperCase(),
]).join('|');

/** A word of a source line: no space or sentence mark. */
const SOURCE_WORD = '[^\\s.!?,;]+';
/** A word with a capital or a figure in it, found from its start (one way to read it). */
const SOURCE_NAME = '[^\\s.!?,;\\p{Lu}\\d]*[\\p{Lu}\\d][^\\s.!?,;]*';

/**
 * A line that names where the story came from and nothing else, as a plain text keeps it between
 * paragraphs: "Source: city hall press office", "Источник: пресс-служба мэрии Казани", "Źródło:
 * ZTM Gdańsk". Up to seven words with no comma or sentence mark, and a full stop only after a
 * name (a word with a capital or a number: "Source: Reuters.", "…мэрии Казани.") or a single
 * word ("Quelle: dpa."): a sentence after the label, "Источник: в мэрии решили…, потому что…",
 * one that reports ("Source: the ministry confirmed the figure.") or one ending on a word in
 * small letters and its full stop, in any language ("Źródło: rząd podniesie płacę minimalną od
 * stycznia."), stays. The spaces around the colon are counted, so a hostile run of them is not
 * read again from each one, and the full stop's word is read forwards, as one of the
 * alternatives: a look back from the stop for a capital read the whole word again from each
 * place, 150 kB of "Ч:Ж" taking 28 s.
 */
const SOURCE_LINE = new RegExp(
  `^(?:${SOURCE_LABEL})\\s{0,3}:\\s{0,3}(?![^.!?,;]*${NEWS_CLAUSE})` +
    `(?:${SOURCE_WORD}(?:\\s${SOURCE_WORD}){0,6}|${SOURCE_WORD}\\.|(?:${SOURCE_WORD}\\s){0,6}${SOURCE_NAME}\\.)$`,
  'u',
);

/**
 * A press release's slug above its headline: "FOR IMMEDIATE RELEASE", "Press release", and in
 * German, French, Spanish, Italian, Dutch, Portuguese, Turkish, Indonesian, Greek, Vietnamese,
 * Korean, Arabic, Swahili, Swedish, Danish, Norwegian, Finnish, Polish, Czech, Slovak, Hungarian,
 * Romanian, Russian, Ukrainian, Hebrew, Hindi, Chinese and Japanese: "Pressemitteilung",
 * "Comunicado de imprensa", "SIARAN PERS", "ΔΕΛΤΙΟ ΤΥΠΟΥ", "보도자료", "PRESSMEDDELANDE", "TIEDOTE
 * 3.12.2026 klo 10.00", "Informacja prasowa", "ПРЕСС-РЕЛИЗ", "新闻稿", "プレスリリース"…, alone
 * or with its date, number, place or issuer ("Pressemitteilung Nr. 45/2026 vom 3. Dezember 2026",
 * "Communiqué de presse – Paris, le 3 décembre 2026", "Pressemitteilung der Polizei Köln"): words
 * in capitals, numbers, marks, months and little joining words. A headline about a press release
 * says what it did in small letters ("Pressemitteilung der Polizei sorgt für Empörung").
 */
const PRESS_RELEASE_SLUG =
  /^(?:for immediate release|(?:press|news|media) release|embargoed until|pressemitteilung|pressemeldung|presseinformation|communiqué de presse|comunicado de prensa|nota de prensa|comunicato stampa|persbericht|comunicado (?:de|à) imprensa|nota à imprensa|bas[ıi]n (?:bülten[iİ]|duyurusu|aç[ıi]klamas[ıi])|siaran pers|δελτ[ιί]ο τ[υύ]που|thông cáo báo chí|보도\s?자료|بيان صحفي|taarifa kwa vyombo vya habari|pressmeddelande|pressemeddelelse|pressemelding|(?:lehdistö|media)?tiedote|informacja prasowa|komunikat prasowy|tisková zpráva|tlačová správa|sajtóközlemény|comunicat de presă|прес(?:с-релиз|-реліз)|הודעה לעיתונות|प्रेस विज्ञप्ति|新[闻聞]稿|プレスリリース|報道発表)(?![\p{L}\p{N}])/iu;
const MAX_SLUG_TAIL = 40;
const SLUG_TAIL_WORD =
  /^(?:[\p{Lu}\d]|(?:of|the|from|for|on|at|and|immediate|release|until|der|des|dem|vom|von|zur|zum|und|am|de|du|le|la|del|della|di|van|het|en|y|nr|no|den|klo|kl|dnia|godz)$|(?:jan|fév|fev|mar|avr|apr|abr|mai|may|mag|mei|jui|jun|giu|jul|lug|aug|aoû|ago|sep|set|oct|okt|ott|nov|déc|dec|dez|dic|ene|feb|gen))/u;

function isPressReleaseSlug(line: string): boolean {
  const slug = PRESS_RELEASE_SLUG.exec(line)?.[0];
  if (slug === undefined) return false;
  const tail = line.slice(slug.length);
  return (
    tail.length <= MAX_SLUG_TAIL &&
    !/[!?]|\.$/.test(tail) &&
    (tail.match(/\p{L}+/gu) ?? []).every((word) => SLUG_TAIL_WORD.test(word))
  );
}

/**
 * True when a line is the slug a notice, a release or an obituary sets over its heading ("PUBLIC
 * NOTICE", "FOR IMMEDIATE RELEASE", "OBITUARY"): what stands above it is the issuer's name.
 */
export function isSlug(line: string): boolean {
  const trimmed = line.trim();
  return isPressReleaseSlug(trimmed) || NOTICE_SLUG.test(trimmed) || OBITUARY_SLUG.test(trimmed);
}

/** True when a paragraph is an encyclopedia's hatnote, whose opening "This article is about …" is part of it. */
export function isHatnote(text: string): boolean {
  return HATNOTE.test(text.trim());
}

/**
 * Boilerplate is short; a long paragraph that merely mentions a newsletter is article text. So is
 * a box's pitch under its bold title (boldLedBlocks).
 */
export const MAX_BOILERPLATE_WORDS = 40;

export function isBoilerplate(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.split(/\s+/).length > MAX_BOILERPLATE_WORDS) return false;
  return (
    isPressReleaseSlug(trimmed) || BOILERPLATE_PATTERNS.some((pattern) => pattern.test(trimmed))
  );
}

/** Apps that carry only podcasts. */
const PODCAST_APP =
  '(?:apple podcasts|google podcasts|overcast|pocket ?casts|castbox|podcast addict|your (?:favou?rite )?podcast (?:app|player))';
/** Where podcasts are listened to: those apps, and services that carry music and video too. */
const LISTENING_PLATFORM = `(?:${PODCAST_APP}|spotify|youtube(?: music)?|amazon music|audible|stitcher|iheart(?:radio)?|deezer)`;
/** An ask to the listener, as a show's notes open one: "Subscribe", "Please rate and review". */
const LISTENER_ASK =
  "^(?:if you [^.!?,]{0,60},\\s*)?(?:(?:please|be sure to|make sure to|don['’]t forget to)\\s+)?(?:subscribe|listen|follow|rate|review|download|find|stream|tune in|catch|leave us a (?:rating|review))(?:\\s+(?:and|&)\\s+(?:subscribe|rate|review|follow|share))?";

/**
 * A podcast episode's furniture: where to listen ("Subscribe on Apple Podcasts, Spotify, or
 * wherever you get your podcasts"), the asks to follow, rate and review the show, the sponsor
 * and its offer, and the host platform's notices. An ask counts when it names the show, an
 * episode or "us" before the platform, or a platform that carries only podcasts: "Follow the
 * money on Spotify and you find…" and "Listen to the band's new album on Spotify…" are news.
 */
const PODCAST_FURNITURE: readonly RegExp[] = [
  /\bwherever you (?:get|find|listen to|download|stream|hear) (?:your |all your |good )?podcasts\b/i,
  new RegExp(
    `${LISTENER_ASK}\\s+(?:to\\s+)?(?:us|the (?:full )?(?:show|podcast|episode|interview|conversation|series)|this (?:show|podcast|episode|series)|(?:all |new |every |each )?episodes?)\\b[^.!?]{0,60}\\b(?:on|via|in|at|from)\\s+${LISTENING_PLATFORM}\\b`,
    'i',
  ),
  new RegExp(`${LISTENER_ASK}\\b[^.!?]{0,80}\\b(?:on|via|in|at|from)\\s+${PODCAST_APP}\\b`, 'i'),
  /^it helps (?:other |new |more )?(?:people|listeners|others|fans) (?:find|discover) (?:us|the (?:show|podcast))\b/i,
  SPONSOR_LINE,
  // A newsletter's sponsor's offer with where to take it: "Try it free for 30 days at ledgerly.example."
  /^try (?:it|us|[\w-]+) (?:for )?free\b[^.!?]{0,40}\b(?:at|on|via)\s+[\w-]+(?:\.[\w-]+)+/i,
  /^(?:visit|go to|head (?:over )?to)\s+[\w-]+(?:\.[\w-]+)+(?:\/\S*)?\s[^.!?]{0,60}\b(?:free|off|discount|promo code|offer code)\b[^.!?]{0,30}[.!]?$/i,
  /^learn more about your ad choices\b/i,
  /^(?:see|visit) [\w-]+(?:\.[\w-]+)+\/(?:adchoices|privacy|listener)\b|^see \S+ for privacy information\b/i,
  // The show notes' credits, names alone after "by" ("Produced by Pixar, the film…" and "Music
  // by Taylor Swift was played…" go on), the asks for listener mail with where to send it, the
  // membership pitch and a sister show's plug.
  /^(?:[Oo]ur )?(?:[Tt]heme )?(?:[Mm]usic(?: is)?|[Pp]roduced|[Ee]dited|[Mm]ixed|[Ee]ngineered|[Ss]ound design(?: is)?|[Aa]rtwork(?: is)?)(?: (?:and|&) (?:produced|edited|mixed|mastered|engineered|hosted|directed))? by \p{Lu}[\p{L}.'’-]*(?:[\s,]+(?:(?:and|&)\s+)?\p{Lu}[\p{L}.'’-]*){0,7}[\s,]*$/u,
  /^(?:send|e-?mail|leave|drop|give|text) us (?:a |an |your )?(?:voice ?memo|voice ?mail|voice note|message|note|line|call|question)s?\b[^.!?@]{0,40}(?:[\w.+-]+@[\w-]+\.[\w.-]+|\+?\d[\d\s().-]{6,})/i,
  /^(?:become a (?:member|patron|paid subscriber|supporter)|support (?:the|this|our) (?:show|podcast|work))\b[^.!?]{0,80}\b(?:[\w-]+\.[a-z]{2,}\/|patreon\b|ad-free\b|bonus (?:episodes|content)\b)/i,
  /^(?:check out|listen to|subscribe to|try|find) our (?:sister|other|new|companion|partner) (?:show|podcast|series)s?\b/i,
  /^hosted (?:on|by) (?:acast|anchor|libsyn|buzzsprout|podbean|simplecast|megaphone|transistor|omny(?: ?studio)?|spreaker|captivate|redcircle|art19|audioboom)\b[^.!?]{0,20}[.]?$/i,
];

/**
 * An agency's or a paper's name: capitalised words and the little words that join them. Each
 * word one way only ("de" is in `d[aoe]s?`): a word two alternatives read doubles the ways to
 * read the name, exponential in a line of many ("A de de de…, A de de de…").
 */
const AGENCY_NAME = String.raw`[\p{Lu}\d][\p{L}\d.&'’-]*(?:\s(?:e|y|en|dan|and|&|d[aoe]s?|del|la|el|di|della|van|het|der|[\p{Lu}\d][\p{L}\d.&'’-]*)){0,8}`;
const AGENCIES_DRAWN_ON = new RegExp(
  String.raw`^[(*]{0,2}(?:(?:[Cc]om informações|[Cc]on información|[Cc]on informazioni|[Mm]et medewerking|[Dd]engan informasi)\s(?:d[aoe]s?|del|di|della|dell['’]|van|dari)\s(?:(?:o|a|os|as|la|el|il|het|de)\s)?${AGENCY_NAME}(?:,\s(?:(?:d[aoe]s?|di)\s)?${AGENCY_NAME}){0,3}|[Cc]om (?:Estadão Conteúdo|[Aa]gências))\)?\.?$`,
  'u',
);

/**
 * A cookie banner's words said by someone, as a story about a privacy ruling quotes them: after a
 * comma or a dash, a reporting verb within the clause, first ("…, признали в компании", "…,
 * przyznała firma", "…، اعترفت الشركة", "…, הודתה החברה", "…, παραδέχθηκε η εταιρεία") or last, as Turkish, Vietnamese and
 * Hindi put it ("…, şirket sözcüsü itiraf etti", "…, đại diện công ty thừa nhận", "…, कंपनी ने
 * स्वीकार किया"). Words for "according to" are left out: a banner names its policy so. The
 * separator is looked for in the sentence's first 200 characters, so a hostile run of commas is
 * read once, not once per comma, and only after a banner's opening words, so a sentence that
 * opens otherwise costs nothing.
 */
const SAID_AFTER_A_CLAUSE = String.raw`(?![^.!?]{0,200}?[,،–—]\s?(?:[^.!?]{0,60}?\s)?(?:заяв|сообщ|призна|рассказ|поясн|отмет|говорит|визна|повідом|розпов|powiedzia|przyzna|oświadczy|poinformowa|stwierdzi|twierdzi|napisa|doda|wyjaśni|orzek|uvedl|řekl|přiznal|sdělil|tvrdí|napsal|dodal|oznámil|vysvětlil|prohlásil|dedi|diye|açıkladı|belirtti|itiraf et|söyledi|kabul et|bildirdi|(?:kata|ujar|ucap|tutur|ungkap|akui)(?:nya)?(?:[\s,.]|$)|mengakui|cho biết|thừa nhận|khẳng định|tuyên bố|xác nhận|nói|و?(?:قال|اعترف|أقر|أكد|صرح|أوضح|أعلن|كتب)|dijo|reconoci|admiti|afirm|a reconnu|a admis|a déclaré|reconnaît|admet|sagte|räumte|gab |gibt |erklärte|ha ammesso|ha detto|ha riconosciuto|zei |zegt|vertel|erken|gaf |geeft |aldus|a recunoscut|a declarat|a spus|a admis|a precizat|είπε|δήλωσ|παραδέχ|ανέφερ|ανακοίνωσ|τόνισ|εξήγησ|έγραψ|אמר|הודה|הודת|טען|טענ|לדברי|מסר|הסביר|כתב|הודיע|कहा|बताया|स्वीकार|माना))`;

/** A number to call, an address to write to or a site to visit, as a line for more information gives it. */
const CONTACT_GIVEN = String.raw`(?:\d{3,12}[\s-]?\d{3}|[\w.+-]{1,64}@[\w-]{1,64}\.\w|www\.|https?:\/\/)`;

/**
 * Lines that are not article text but sit inside it on news pages and in scraped bodies:
 * bylines with publication times, video prompts, captions and photo credits, timestamps,
 * sponsor lines, reference-list entries, runs of links. Patterns that start like a sentence of
 * news could ("Updated figures show…", "Images from the satellite show…", "…drafted by the
 * EPA.") ask for what only the junk has: a colon, a date, a credit's slash.
 */
const JUNK_PATTERNS: readonly RegExp[] = [
  NEWSLETTER_PITCH,
  ...CLOSING_WORDS,
  ...CONFERENCE_CALL,
  // An emailed newsletter's line announcing what the issue holds, under its greeting ("Good
  // morning. Here's what's happening in Scottish beer this week."), which led the issue over its
  // first story; it ends on the time or the issue it names. "Here's what we know about the crash
  // that killed three people this morning, police said." goes on and stays. It says what is on or
  // what the writers watch: "Here's what's changing for renters today." leads a story.
  // Its greeting that welcomes the reader to the issue by its number or its edition ("Hi everyone,
  // and welcome to issue 118.", "Welcome to this week's edition!"), which led it, ending on the
  // issue's number or name. A welcome to a place ("Welcome to the new Harbour City library, the
  // mayor told the crowd.") and "Welcome to the issue that will decide the election" are news.
  /^(?:(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|greetings)(?: (?:everyone|everybody|all|friends|folks|readers|there|again))?\s?[,!.]?\s(?:and\s)?)?welcome (?:back )?to (?:(?:this week['’]s|today['’]s|this month['’]s|the latest|another|our|the) )?(?:issue|edition|instal?lment|number|no\.)(?:\s?#?\d+)?(?:\s(?:of|from)\s[^.!?]{1,60})?\s?[.!]?$/i,
  // A greeting that is the whole sentence, perhaps after a transcript's speaker and a colon ("NICK
  // ROBERTS: Good morning.", "Hello, everyone.", "Good evening and welcome."): the host's, before
  // the first words of substance, which it led. "Good morning, Vietnam was the film…" goes on.
  /^(?:\p{Lu}[\p{Lu}'’.-]*(?: \p{Lu}[\p{Lu}'’.-]*){0,2}:\s)?(?:good (?:morning|afternoon|evening|day)|hello|hi|hey|hiya|greetings)(?:,? (?:and welcome(?: back)?|everyone|everybody|all|friends|folks|listeners|viewers|readers|there|again))?\s?[.!]?$/iu,
  // A live blog's welcome to itself, perhaps with its topic, and its writer's hello, which closed
  // a live blog's posts and was its last point: "Good morning and welcome to our live coverage of
  // Storm Bert.", "I'm Rhian Evans and I'll be bringing you the latest updates…", "Guten Morgen
  // und willkommen zu unserem Liveticker.", "Bonjour et bienvenue dans ce direct…", "Buenos días y
  // bienvenidos a nuestra cobertura en directo…". A welcome that goes on as a sentence ("Welcome to
  // our live coverage was the last thing the anchor said…") stays.
  /^(?:(?:hi|hello|good (?:morning|afternoon|evening))\s?[,!.]?\s(?:and\s)?)?welcome (?:back )?to (?:our|this|today['’]s|the) (?:rolling |continuing )?live (?:blog|coverage|updates|reporting|commentary)(?:\s(?:of|on|for|from|as)\s[^.!?]{1,60})?\s?[.!]?$/i,
  /^i['’]m [\p{L}.'’ -]{2,40}? and i['’]ll be (?:bringing you|taking you through|keeping you (?:up to date|updated|posted)|guiding you through|with you)\b[^.!?]{0,80}[.!]?$/iu,
  /^(?:(?:guten (?:morgen|tag|abend)|hallo)\s?[,!.]?\s(?:und\s)?)?(?:herzlich )?willkommen (?:zu|in|bei) unse?re?m (?:live-?ticker|live-?blog|newsblog|ticker)(?:\s(?:zu[rm]?|über|von|mit|aus)\s[^.!?]{1,60})?\s?[.!]?$/iu,
  /^(?:(?:bonjour|bonsoir)\s?[,!.]?\s(?:et\s)?)?bienvenue (?:dans|sur) (?:ce|notre) (?:direct|live|fil)(?:\s(?:consacré|sur|de|du|des|à)\s[^.!?]{1,60})?\s?[.!]?$/iu,
  /^(?:(?:buen(?:os días|as tardes|as noches)|hola)\s?[,!.]?\s(?:y\s)?)?bienvenid[oa]s? a (?:nuestra cobertura en directo|nuestro directo|este directo|nuestro minuto a minuto)(?:\s(?:de|del|sobre|con)\s[^.!?]{1,60})?\s?[.!]?$/iu,
  /^here(?:['’]s| is) what(?:(?:['’]s| is) (?:happening|new|on|in|inside|ahead|coming up|going on|in store|trending)| (?:we['’]re|we are) (?:watching|reading|covering|following|tracking|talking about|looking at|thinking about|listening to)| you need to know| to know)\b[^.!?:]{0,60}\b(?:this (?:week|weekend|morning|month)|today|in (?:this|today['’]s) (?:issue|edition|newsletter))\s*[.!:]?$/i,
  // And as a link roundup says it, after its greeting: "Hi all — here are the best things I read
  // this week.", "Here are five stories that caught my eye this week.", "Hey friends, here's this
  // week's links." The links it names end the line: "Here are five things that will cost more this
  // week after the budget." and "…this week, critics said." are news.
  /^(?:(?:hi|hello|hey|hiya)(?: (?:all|everyone|everybody|friends|folks|there|again))?\s?[—–,!.-]{0,3}\s)?here(?:['’]s| is| are) (?:(?:(?:the|my|our|some|a few|\d{1,2}|two|three|four|five|six|seven|eight|nine|ten) )?(?:(?:best|favou?rite|top|most interesting|latest) )?(?:things|links|stories|reads|articles|pieces|picks|finds)\b[^.!?:]{0,60}\b(?:this (?:week|weekend|month)|today|lately|recently)|(?:this week['’]s|this weekend['’]s|today['’]s|this month['’]s) (?:(?:best|favou?rite|top) )?(?:things|links|stories|reads|articles|pieces|picks|finds))\s*[.!:]?$/i,
  /^by(?:\s*\.)?\s+(?!\s)[^.]{0,80}\.\s*(?:published|updated|last updated)\b/i,
  /\b(?:published|updated|last updated)\s*(?::\s*)?(?:\.\s*)?\d{1,2}[:.]\d{2}\b/i,
  /\b(?:published|updated)\s*:\s*\./i,
  /^(?:published|updated|posted|last (?:updated|modified))\s*(?!\s)(?:[:|]|on\b|at\b|\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\.?\s*$)/i,
  // "Posted by Jane Doe on March 3, 2024": a short line; "Published by Penguin in 1962, the
  // novel…" goes on.
  /^(?:published|posted) by\b[^.!?]{0,60}[.]?$/i,
  /\bscroll down\b/i,
  /^(?:click|tap) (?:here|below|on)\b/i,
  /^(?:watch|video|listen|see)\b.{0,60}(?:video|below|above|here)\s*[.:]?$/i,
  /^pictured\b/i,
  CAPTION,
  PHOTO_CREDIT,
  SOURCE_LINE,
  /\b(?:photo|image|picture)\s*credit/i,
  // The BBC's caption and credit, each after a label for screen readers and a comma: "Image
  // caption, Councillors say…", "Image source, Getty Images", "Media caption, Watch: …".
  /^(?:image|media|video) (?:source|caption),\s/i,
  // "Follow BBC Cumbria on Facebook, X and Instagram.": the site's own accounts, named (a name or
  // "us"; "Follow the money on Facebook and you find…" is a story).
  /^[Ff]ollow\b(?!\s+(?:the|a|an|this|that|these|those|his|her|their|its|my|your)\s)[^.!?]{0,60}\b[Oo]n (?:[Ff]acebook|[Tt]witter|[Xx]|[Ii]nstagram|[Tt]ik[Tt]ok|[Ll]inked[Ii]n|[Tt]hreads|[Bb]luesky|[Yy]ou[Tt]ube|[Mm]astodon|[Ww]hats[Aa]pp)\b[^.!?]{0,80}[.!]?$/,
  // And a thing to follow there for what it gives the reader: "Follow the marathon on Facebook and
  // Instagram for updates." ("Follow the money on Facebook and you find…" goes on.)
  new RegExp(
    `^follow (?:the|this|our) [^.!?,]{1,40} on ${SOCIAL_NETWORK}(?:(?:,| and| or|, and) ${SOCIAL_NETWORK}){0,4} for (?:updates|the latest(?: news| updates)?|more(?: news| updates| information)?|news|live updates)\\s*[.!]?$`,
    'i',
  ),
  /(?:^|\))(?:[^)(]|\((?!(?:photo|picture|image|credit)))*\((?:photo|picture|image|credit)[^)]*\)\s*$/i,
  /(?:\bgetty images|\bap photo|\breuters\/|\bafp\/getty|\bshutterstock|\/\s*epa(?:-efe)?)\s*(?:\.\s*)?$/i,
  /^(?:promoted|sponsored) (?:by|content)\b/i,
  /^advertisement\b/i,
  /^(?:\^|\[\d+\]|↑)/,
  // A time or date standing alone: "1:39 PM ET", "15:36 EST, 25 October 2013 ."
  /^\d{1,2}[:.]\d{2}\s*(?!\s)(?:am|pm|a\.m\.|p\.m\.)?(?:\s*[A-Z]{2,4})?(?:,?\s*\d{1,2}(?:st|nd|rd|th)?\s+\p{L}+\.?,?\s+\d{4})?[\s.|]*$/iu,
  /(?:https?:\/\/\S+\s*){2,}/i,
  /^(?:home|menu|search|log ?in|sign ?in|subscribe)\b(?:\s+\p{Lu}[\p{L}-]*){1,6}\s*$/u,
  /^(?:e-?mail|share|tweet|print)\s+(?:this|to a friend)\b/i,
  /\b(?:e-?mail|share|tweet|print) this (?:article|story|page|post)\b/i,
  /^(?:share|comments?|follow)\b.{0,40}$/i,
  /^(?:read|see) (?:more|also)\b/i,
  // The pointer to the whole of what the page quotes or is: "Read the full report here.", "Read
  // the full article on our website.", "Watch the full interview below.", "Listen to the full
  // interview on our podcast." Ending there: "Read the full report and you will see the council
  // knew in 2019, the campaigners said." is news.
  new RegExp(
    `^(?:read|see|watch|listen to|hear) (?:the|our) full (?:article|piece|post|column|review|analysis|investigation|letter|essay|interview|episode|conversation|video|podcast|story|report|speech|statement|decision|judgment|ruling|text|transcript|document|list|results|gallery)\\b(?![^.!?]{0,120}?${NEWS_CLAUSE})[^.!?,]{0,40}(?:[.!:]|$)`,
    'i',
  ),
  /^(?:à )?(?:lire|voir) aussi\b|^lesen sie auch\b|^mehr zum thema\b|^(?:lee|ver|leia|veja) tamb(?:ém|ién)(?![\p{L}])|^leggi anche\b/iu,
  // Dutch, Polish, Russian, Ukrainian, Czech, Slovak, Finnish, Hungarian, Croatian, Turkish,
  // Indonesian, Arabic, Hebrew, Hindi, Bengali, Persian, Urdu and Greek "Read also:", and Japanese,
  // Chinese, Korean and Thai "Related articles:" or "Read more:", Romanian, Norwegian, Danish and
  // Swedish "Read also:", and German's and French's "On the same subject:", before a headline.
  /^(?:lees (?:ook|meer)|(?:przeczytaj|czytaj) (?:także|też|również)|читайте (?:также|також)|přečtěte si (?:také|též)|čtěte (?:také|též)|prečítajte si (?:aj|tiež)|lue myös|olvass?(?:a|d) el ezt is|pročitajte (?:i|još|također)|আরও পড়ুন|আরো পড়ুন|(?:ये|इसे) भी पढ़ें|بیشتر بخوانید|یہ بھی پڑھیں|lihat juga|leia mais|ler também|das könnte sie auch interessieren|zum thema|sur le même sujet|ayrıca (?:okuyun|bakınız)|baca juga|[اإ]قرأ أيض[اًا]+|קראו גם|यह भी पढ़ें|διαβάστε (?:επίσης|ακόμη|ακόμα)|関連記事|あわせて読みたい|合わせて読みたい|相关阅读|延伸阅读|相關閱讀|延伸閱讀|관련 ?기사|อ่านเพิ่มเติม|อ่านต่อ|ข่าวที่เกี่ยวข้อง|citește și|citeste si|les også|læs også|läs också|läs även|xem thêm|đọc thêm|tin liên quan|soma (?:pia|zaidi)|habari zinazohusiana|[iİ]lgili haber(?:ler)?|lea también|saiba mais|devamını oku)\s*[:：]/iu,
  /^(?:teilen|partager|compartir|condividi)\s*:/i,
  // "Condividi su Facebook | Condividi su WhatsApp", "Partager sur X", "Delen op Facebook": a
  // share bar in other languages, which as a short line under the byline passes for a subhead.
  /^(?:teilen|teile|partager|partagez|compartir|comparte|compartilhar|compartilhe|condividi|delen|deel)\s+(?:auf|sur|en|em|no|na|su|op|via|per)\s+[^.!?]{1,60}$/i,
  // Wire-service credits: "(Reporting by …; Editing by …)", "Our Standards: The Thomson Reuters…"
  /^[(*]?(?:additional )?(?:reporting|writing|editing) by\b/i,
  // "Additional reporting: PA", "Additional reporting: Agencies and Jane Smith": names alone.
  /^[(*]?(?:[Aa]dditional [Rr]eporting|ADDITIONAL REPORTING):\s?\p{Lu}[\p{L}'’.-]*(?:(?:,| and| &)? \p{Lu}[\p{L}'’.-]*){0,8}\)?\.?$/u,
  /^our standards\s*:/i,
  // The reporters credited at a wire story's end: "Associated Press writers Lisa Mascaro and Kevin
  // Freking contributed to this report.", "Jane Doe contributed reporting from Kyiv." Ending there:
  // "…contributed to this report's finding that…" is news. AP's own writers' line may say only
  // where they wrote from: "Associated Press writer Christopher Weber contributed from Los Angeles."
  /\bcontributed (?:reporting|to this (?:report|story|article))(?: (?:from|in) [^.!?]{1,40})?[.)]?$/i,
  /^(?:Associated Press|AP) (?:writers?|reporters?|correspondents?)\b[^.!?]{0,120}\bcontributed\b[^.!?]{0,60}[.)]?$/,
  /^\d+\s*min(?:ute)?s?\s+read\b/i,
  // How to reach the writer: "Sarah Lindqvist can be reached at s.lindqvist@example.com.",
  // "Reach him at jonah@urbanledger.example." Not a story about an address ("The scammers
  // contacted victims from support@…").
  /\b(?:can be (?:reached|contacted)|(?:reach|contact|e-?mail|write to) (?:him|her|them|me|us|the (?:author|writer|reporter|editor)s?))\b[^.!?@]{0,30}[\w.+-]+@[\w-]+\.[\w.-]+/i,
  // An advice column's or a letters page's call for mail: "Send your questions to Annie Lane at
  // dearannie@…", "Email your letters to letters@…". Asking readers, with the address.
  /^(?:send|e-?mail|submit|write in with) your (?:questions?|letters?|problems?|dilemmas?)\b[^.!?@]{0,40}[\w.+-]+@[\w-]+\.[\w.-]+/i,
  // Where to get more information, asking the reader straight out, with the number, the address
  // or the link to use: "For more information call 0800 123 4567…", "For further details on the
  // recall, email recalls@…", "For media enquiries, contact press@…", a job posting's "For informal
  // enquiries please contact Jane Smith … on 01632 960 555.". Without one ("For more
  // information on the outbreak, officials urged residents to call their GP"), or with someone
  // else telling the reader ("For more help, flood victims can call the hotline on 0800…, the
  // mayor said") it is news.
  new RegExp(
    String.raw`^for (?:(?:more|further) (?:information|info|details|help|advice)|(?:(?:media|press|informal|general|all|any|further|booking|sales) )?(?:enquiries|inquiries))(?:\s(?:on|about|regarding|concerning|of|or to|and to)\s[^,.!?:]{1,50})?\s?[,:]?\s(?:please\s)?(?:call|contact|visit|e-?mail|phone|ring|text|go to|see)\b[^!?]{0,80}?${CONTACT_GIVEN}`,
    'i',
  ),
  // And so in Indonesian, Portuguese, Spanish, Italian, Dutch, Greek, Vietnamese and Swahili,
  // the verb asking the reader straight after the words: "Informasi lebih lanjut dapat
  // menghubungi … hotline 1500-567…", "Per maggiori informazioni è possibile contattare …".
  new RegExp(
    String.raw`^(?:(?:untuk )?informasi lebih lanjut,?\s(?:dapat |silakan |bisa )?(?:menghubungi|hubungi|kunjungi|mengunjungi)|para (?:mais informações|más información),?\s(?:pode |podem |puede |pueden )?(?:contacte|contate|contactar|ligue|llame|escriba|visite|consulte|acesse|aceda)|per (?:maggiori|ulteriori) informazioni,?\s(?:è possibile |si può |potete )?(?:contattare|contattate|chiamare|chiamate|scrivere|scrivete|visitare|visitate|consultare)|voor meer informatie,?\s(?:kunt u |kun je )?(?:bellen|bel|mailen|mail|contact|kijk|ga naar|bezoek)|για περισσότερες πληροφορίες,?\s(?:μπορείτε να )?(?:επικοινωνήστε|επικοινωνείτε|καλέστε|επισκεφθείτε|απευθυνθείτε)|để biết thêm thông tin,?\s(?:vui lòng |xin )?(?:liên hệ|gọi|truy cập)|kwa (?:maelezo|taarifa) zaidi,?\s(?:tafadhali )?(?:wasiliana|piga simu|tembelea))[^!?]{0,100}?${CONTACT_GIVEN}`,
    'iu',
  ),
  // "This interview has been edited for length and clarity."
  /\b(?:has|have) been (?:lightly )?(?:edited|condensed)(?: and (?:edited|condensed))? for (?:length|clarity|brevity|space)\b/i,
  // A changelog's preamble from the Keep a Changelog template, copied into thousands of projects:
  // "All notable changes to this project will be documented in this file. The format is based on
  // Keep a Changelog, and this project adheres to Semantic Versioning."
  /^all notable changes to this project\b|^the format is based on keep a changelog\b/i,
  // A listed company's safe-harbor notice run in under the results with no heading of its own:
  // "This press release contains forward-looking statements within the meaning of…", "Statements
  // in this release that are not historical facts are forward-looking statements…", "These
  // statements are subject to risks and uncertainties that could cause actual results to differ
  // materially.", "Investors are cautioned not to place undue reliance on these forward-looking
  // statements…". A story on a regulator's fine for misleading forward-looking statements names
  // them otherwise.
  /^(?:this|the) (?:press |news |earnings )?(?:release|announcement|document|report) (?:contains|includes|may contain)\b[^.!?]{0,40}\bforward-looking (?:statements|information)\b/i,
  /^(?:certain |some |all )?(?:statements|information) (?:in|contained in|made in|included in) this (?:press |news )?(?:release|announcement)\b[^.!?]{0,160}\b(?:are|constitute|may be|may constitute|are considered) forward-looking\b/i,
  /\bnot to place undue reliance on (?:these|any|such|the|our) forward-looking\b/i,
  /^(?:these|such|the) (?:forward-looking )?statements (?:are subject to|involve)\b[^.!?]{0,80}\bactual results (?:may|could|might|to) differ materially\b/i,
  // An earnings release's call logistics: "Northwind will host a conference call at 5:00 p.m.
  // ET…", "A replay of the webcast will be available on …". When and where, not the results.
  /\bwill (?:host|hold) (?:a |an |its )?(?:(?:live )?(?:conference|earnings|investor) call|(?:live )?webcast)\b/i,
  /^(?:a |the )?(?:live )?(?:replay|recording|webcast|audio)\b[^.!?]{0,60}\bwill be (?:available|archived|accessible)\b/i,
  /^all rights reserved/i,
  COPYRIGHT_NOTICE,
  // Notices about the piece: "The opinions expressed in this commentary are solely those of the
  // writer.", "Subscribe to the Post for $1 a week.", and the affiliate disclosure.
  new RegExp(`^${VIEWS_EXPRESSED}`, 'iu'),
  ...AFFILIATE_DISCLOSURE,
  /^subscribe to\b[^.!?]{0,80}\bfor (?:less than |just |only )?[$£€]\s?\d/i,
  // A site's pointer to its own live coverage ("Follow all the latest football news on our live
  // page.") and Substack's paywall buttons ("Upgrade to paid", "Keep reading with a 7-day free
  // trial"), each ending there: "Follow the latest advice on our website, the minister urged." stays.
  /^follow (?:all |every )?(?:the )?(?:latest|live)\b[^.!?,]{0,60}\b(?:on|via|in|with) our (?:live (?:page|blog|coverage)|website|site|app)\b[^.!?,]{0,30}[.!]?$/i,
  /^upgrade to paid\s*[.!]?$|^keep reading with a \d+-day free trial\s*[.!]?$/i,
  ...SCIENCE_CITATION,
  // A feed item's WordPress footer ("The post … appeared first on Harbour News."), a syndicate's
  // credit ("Distributed by Tribune Content Agency, LLC."), a note that AI wrote the piece and an
  // editor checked it, a shop's editorial promise ("Our editors independently research, test…")
  // and the page's tools ("Click to share on WhatsApp (Opens in new window)", "Sign in to your
  // account to save this article.", "Bookmark this article…", "Report an error in this
  // article."). Each ends there: "The post office appeared first on the list of closures, the
  // union said" and "Report an error to the tax office…, the agency said" are news, and so is a
  // post that appeared first on no site's name ("…on the list of vacancies…", "…on Facebook
  // before it was shared…").
  new RegExp(
    `^[Tt]he post\\b[^!?]{1,200}\\bappeared first on (?:${SITE_NAME_WORD}\\s+){0,8}${SITE_NAME_WORD}[.!]?$`,
    'u',
  ),
  /^distributed by [^.!?,]{1,60}\b(?:agency|syndicate|services?|features)\b[^!?]{0,20}$|^this (?:article|story|column) was (?:produced|written) by\b[^.!?]{0,80}\band distributed by\b/i,
  /^this (?:article|story|report|summary|piece) (?:was|has been|is) (?:written|generated|produced|created|drafted)\b[^.!?,]{0,40}\b(?:artificial intelligence|ai)\b[^.!?,]{0,60}\b(?:reviewed|edited|checked|verified)\b[^.!?,]{0,40}[.!]?$/i,
  /^our (?:editors|journalists|experts|team|reviewers) independently (?:research|review|select|test|choose)\b/i,
  /^click to (?:share|email|print|tweet)\b[^.!?]{0,40}$|\(opens in (?:a )?new (?:window|tab)\)\s*$/i,
  /^(?:sign in|log in)\b[^.!?]{0,40}\bto (?:save|bookmark)\b[^.!?]{0,30}[.!]?$|^bookmark this (?:article|story|page)\b[^.!?]{0,30}[.!]?$|^report an error in this (?:article|story|page)\s*[.!]?$/i,
  // A page's messages from its players, embeds and paywall, which scrapers keep as text: "We’re
  // sorry, this feature is currently unavailable.", "This content is not available due to your
  // privacy preferences.", "Your browser does not support the video tag.", "Please enable
  // JavaScript…", "Something went wrong, please try again later.", "Allow cookies to view this
  // content…", "To continue reading this article, please log in…", and its own plugs, "Our apps
  // are available on the App Store…", "Republish this article…". Ending there, or as written:
  // "This content is not available in China, where…" and "Something went wrong with…" are news.
  // A notice that the content is not available says so to the reader ("…in your country", "…due
  // to your privacy preferences") or ends there; "…to users in the EU after the ruling" is news.
  /^(?:we['’]re|we are) sorry, (?:this|the) (?:feature|content|video|service|page) is (?:currently |temporarily )?unavailable\b|^this (?:content|video|embed|media|post)\b[^.!?,]{0,40}\b(?:not available|unavailable|can ?not be (?:displayed|played|shown|loaded))\b(?:[^.!?,]{0,60}\byour?\b[^.!?,]{0,40}|\s+(?:right now|at the moment|at this time|for now|any ?more))?\s*[.!]?$/i,
  /^your browser does not support (?:the )?(?:video|audio|iframe|html5)\b|^(?:please )?enable javascript\b|^something went wrong\b[^.!?]{0,20}\b(?:please )?try again\b|^allow cookies to (?:view|see|watch) this content\b|^(?:please )?(?:turn|switch) on javascript\b[^.!?,]{0,60}[.!]?$/i,
  // A notice's or a letter's place and date above its signature, standing alone: "Villanueva, a 3
  // de diciembre de 2026.", "Paris, le 3 décembre 2026", "Berlin, den 3. Dezember 2026".
  /^\p{Lu}[\p{L}-]*(?: \p{Lu}[\p{L}-]*){0,2}, (?:(?:a|le|den|am|el|il|on) )?\d{1,2}\.? (?:de )?\p{L}{3,}\.? (?:de )?\d{4}\s*\.?$/u,
  // A paywall's teaser that opens on what the reader wants, the ask straight after it or later
  // ("To continue reading this article and get unlimited access…, subscribe today…"); "To
  // continue reading the meter, engineers must now subscribe…" is news.
  /^to (?:continue|keep) reading(?:,[^.!?]{0,100}?| (?:this |the (?:full )?)?(?:article|story|piece|post)\b[^.!?]{0,100}?| (?:please )?)\b(?:log in|sign in|subscribe|subscription|register|sign up|create|become a (?:member|subscriber))\b|^thank you for your patience while we verify access\b/i,
  /^our apps? (?:is|are) available (?:on|in|from) the app store\b|^republish (?:this|our) articles?\b/i,
  // A wire or syndicated story's notes on itself: who funds the coverage and who answers for it
  // (the Associated Press's "AP’s climate and environmental coverage receives financial support
  // from multiple private foundations. AP is solely responsible for all content. Find AP’s
  // standards for working with philanthropies…"), where it first ran ("This article is
  // republished from The Conversation under a Creative Commons license. Read the original
  // article.") and that it was updated ("This story has been updated with additional information.").
  /^[^.!?]{0,60}\bcoverage (?:receives|is supported by|is funded by|gets) (?:financial )?support from\b[^.!?,]{0,80}[.!]?$|^[^.!?]{1,60} (?:is|are) solely responsible for all content\s*[.!]?$|^find [^.!?]{0,40}['’]s standards for working with philanthropies\b/i,
  /^this (?:article|story|piece|post) (?:is|was|has been) republished from\b[^.!?]{0,80}\b(?:under (?:a )?creative commons|with (?:the )?permission)\b|^read the original article\s*[.!]?$/i,
  /^this (?:article|story|post|piece|report) has been updated with (?:additional|new|more|further) (?:information|details|reporting)\s*[.!]?$/i,
  // The Associated Press's correction note and its pointer to a topic's page under the story:
  // "This story has been corrected to show the law was passed last year…", "This version corrects
  // the spelling of…", "Follow AP’s coverage of technology at https://apnews.com/hub/technology."
  // ("This story has been corrected more than a dozen times…, the ombudsman found." and "Follow
  // the coverage of the trial closely, the judge warned…" stay.)
  /^this (?:article|story|report|item) (?:has been|was) corrected to (?:show|reflect|say|state|note|remove|fix|clarify|include|correct|delete)\b|^this version corrects\b/i,
  /^[Ff]ollow (?:the )?[\p{Lu}][\p{L}.]{0,30}['’]s? coverage\b[^!?]{0,120}?(?:https?:\/\/|\b[\w-]+\.(?:com|org|net)\/)/u,
  // And an Indian wire story's: "(With inputs from PTI)", "(This story has not been edited by our
  // staff and is auto-generated from a syndicated feed.)". A Korean and an Italian site's rights
  // notice: "무단 전재 및 재배포 금지" (ending there), "Riproduzione riservata ©…".
  // And so the agencies a story drew on, as Portuguese, Spanish, Italian, Dutch and Indonesian
  // papers close it: "Com informações da Agência Brasil e da Reuters.", "*Com Estadão Conteúdo",
  // "Con información de EFE.", "Con informazioni di Ansa.", "Met medewerking van ANP.", "(Dengan
  // informasi dari Reuters)": names and nothing more. "Com informações da polícia, a família…" and
  // "Met medewerking van Rijkswaterstaat is de dijk versterkt." stay.
  AGENCIES_DRAWN_ON,
  // A wire story's note on what its new version changed, in brackets over or under the story:
  // Reuters' "(Adds analyst comment, details in paragraphs 4-6)", Bloomberg's "(Updates with share
  // price in fourth paragraph.)", "(Corrects spelling of name in third paragraph)", "(Refiles to
  // fix typo)". Not a sentence in brackets that someone says: "(Updates to the app arrive on
  // Monday, the company said.)".
  /^\((?:updates|adds|recasts|rewrites|corrects|refiles|changes|removes|inserts|fixes|clarifies|moves|repeats)\b(?![^()]{0,200}\b(?:said|says)\b)[^()]{0,200}\)\.?$/i,
  /^\(?with inputs from [^.!?,]{1,40}\)?\.?$|^\(?this (?:story|article|report) has not been edited by [^.!?]{0,40}\b(?:staff|team)\b[^.!?]{0,80}\b(?:syndicated|agency|wire) feed\b/i,
  // A Korean site's ban on reposting; the spaces around its closing bracket are read one way only
  // (each way to split them was tried: quadratic).
  /무단 ?전재 ?(?:및|·|,|-)? ?재배포[^.!?]{0,30}금지(?:\s*[>)\]])?\s*[.]?$|^riproduzione riservata\s*(?:©|$)/i,
  // "All rights reserved" in other languages, opening its sentence (or after the copyright) and
  // ending it, Yonhap's notice under every story ("<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및
  // 활용 금지>"), a ban on reproduction ending its sentence ("Перепечатка без согласия редакции
  // запрещена."), a Japanese paywall's teaser ("この記事は有料記事です。", "残り1234文字") and a
  // Chinese repost's original headline ("原标题：…"). "…todos los derechos reservados sobre la
  // obra…" and "この記事は有料記事ですが、…" go on, and stay. A Cyrillic word is bounded by the
  // letters around it, not \b, which knows ASCII letters only and never matched there.
  /^(?:(?:©|\(c\)|copyright)[^.!?。]{0,80})?(?:todos los derechos reservados|tous droits réservés|alle rechte vorbehalten|tutti i diritti riservati|todos os direitos reservados|wszelkie prawa zastrzeżone|tüm hakları saklıdır|alle rechten voorbehouden|все права защищены|(?:усі|всі) права захищені|všechna práva vyhrazena|hak cipta dilindungi undang-undang|جميع الحقوق محفوظة|כל הזכויות שמורות|版权所有|版權所有)\s*(?:[.!。](?:\s|$)|$)/iu,
  /^(?:queda )?prohibida (?:la|su) reproducción (?:total|parcial)\b|^(?:полная или частичная )?перепечатка(?!\p{L})[^.!?]{0,60}(?<!\p{L})запрещена\s*[.!]?$/iu,
  /^この記事は(?:有料(?:会員限定)?記事|会員限定(?:記事)?)です(?:。|$)|^記事の続きは[^。]{0,30}(?:会員|ログイン|登録|購読)|^残り\d+文字\s*$|^原[标標][题題]\s*[:：]/u,
  // A Chinese site's notices: its copyright statement and disclaimer under their labels, "版权声明：…",
  // "免责声明：…", and "未经授权禁止转载。" ending a line.
  /^(?:版权声明|免责声明|版權聲明|免責聲明)\s*[:：]|(?:^|[。，,])\s*未[经經]授[权權](?:[,，]\s*)?(?:禁止|不得|严禁|嚴禁)(?:转载|轉載|复制|複製|使用)\s*[。.]?$/u,
  // A news page's warning that the piece is old ("This article is more than 2 years old") and its
  // audio player ("Listen to this article · 4 min", "Audio is generated by AI and may contain
  // errors."): notes on the page, no news. "This article is more than 200 years old and was found…" goes on.
  /^this (?:article|story|piece|post|page) is (?:more than|over) (?:a|an|one|\d{1,2}) (?:years?|months?|days?) old\s*[.!]?$/i,
  /^listen to this (?:article|story)\b[^.!?]{0,30}$|^(?:the |this )?audio (?:is|was) (?:generated by ai|ai[- ]generated)\b[^.!?]{0,60}[.!]?$/i,
  // A news site's notes on the piece itself: the subscriber's gift offer ("As a subscriber, you
  // have 10 gift articles to give each month.", "Send any friend a story") and where it ran in
  // print ("A version of this article appears in print on Dec. 4, 2026, Section A, Page 18…").
  /\bgift (?:articles?|stor(?:y|ies)|links?) to (?:give|share|send)\b|^send any friend a story\s*[.!]?$/i,
  /^a version of this (?:article|story|review|essay|interview) appear(?:s|ed) in print on\b[^!?]{0,200}\b(?:edition|section|page)\b/i,
  // The site's offer of alerts or of its emails: "Sign up to receive email or SMS alerts about
  // food recalls.", "Sign up for Guardian Australia's breaking news email".
  // Ending there: "Sign up for flood alerts, the Environment Agency urged…" is news, and so is
  // a scheme's deadline ("Register for the new flood alerts scheme by 31 March to qualify…").
  /^(?:sign up|subscribe|register)\b(?![^.!?]*\b(?:by|before|until) (?:\d|the end\b|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b))[^.!?,]{0,40}\b(?:alerts|updates|notifications|e-?mails?|newsletters?|briefings?|digest|bulletin)\b[^.!?,]{0,60}[.!]?$/i,
  // And the notice under a science story's citation of its paper (SCIENCE_CITATION): "The content
  // is provided for information purposes only."
  /^(?:the |this )?(?:content|information|material|document|article|page)s? (?:is|are) provided for (?:general )?information(?:al)? purposes only\s*[.!]?$/i,
  // The writer's line: "Jane Doe is a columnist for the Courier", "… is a freelance writer based
  // in …". A full name (two words or more) and a writer's role; "Australia is the largest
  // contributor…" is news.
  /^\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){1,3}\s+is (?:a|an|the)\b[^.!?]{0,150}\b(?:columnist|contributing (?:writer|editor)|staff writer|opinion writer|freelance (?:writer|journalist))\b/u,
  // An emailed newsletter pasted as text keeps the mailer's lines around it: "View this email in
  // your browser", "You are receiving this email because you signed up at …", "Forward this email
  // to a friend", "Unsubscribe | Update your preferences" (and the sender's postal address, on
  // the same line when the lines were joined, ending on its full stop after a bar or a dot set
  // the links apart). A sentence about unsubscribing ends on a mark and has no bar.
  new RegExp(String.raw`^${VIEW_ONLINE_LINK}\b[^.!?]{0,40}$`, 'i'),
  // Or says only why, "You're receiving this because you subscribed at …", unless a source is
  // quoted saying so ("…, the letter told tenants").
  new RegExp(
    `^you(?:['’]re| are)? receiv(?:ing|ed) this (?:(?:e-?mail|newsletter|message)\\b|because\\b(?![^.!?]{0,160}?${NEWS_CLAUSE}))`,
    'i',
  ),
  // And in Portuguese, Spanish, Italian, French, German, Dutch and Indonesian: "Você está recebendo
  // este e-mail porque…", "Recibes este correo porque…", "Ricevi questa email perché…", "Vous
  // recevez cet e-mail car…", "Sie erhalten diese E-Mail, weil…", "U ontvangt deze nieuwsbrief
  // omdat…", "Anda menerima email ini karena…".
  /^(?:(?:você )?(?:está recebendo|recebeu|recebe) (?:este|esta) (?:e-?mail|newsletter|mensagem)|(?:usted )?(?:está recibiendo|recibes|recibe|has recibido) (?:este|esta) (?:correo|e-?mail|boletín|newsletter|mensaje)|(?:stai ricevendo|ricevi|hai ricevuto|riceve) questa (?:e-?mail|newsletter|mail|comunicazione)|vous (?:recevez|avez reçu) (?:cet e-?mail|cette (?:newsletter|lettre))|sie (?:erhalten|haben) diese(?:n)? (?:e-?mail|newsletter)|(?:u ontvangt|je ontvangt|jij ontvangt) deze (?:e-?mail|nieuwsbrief|mail)|anda (?:menerima|mendapatkan) (?:email|surel|newsletter|buletin) ini)\b/iu,
  /^forward(?:ed)? this (?:e-?mail|newsletter)\b/i,
  // The confidentiality notice under an email saved or forwarded as text ("This email and any
  // attachments are confidential…", "If you have received this email in error, please notify
  // the sender…", "If you are not the intended recipient…"), the note against printing it and
  // the phone's "Sent from my iPhone" (PHONE_MAKERS): the notice was a key point. Written in the present, as a
  // notice speaks; "This email was confidential, the tribunal heard", a notice reported ("…, the
  // memo warned staff") and the recipient of something else ("…of the vaccine, …") are news.
  new RegExp(
    `^(?:this (?:e-?mail|message|communication|transmission)\\b[^.!?]{0,40}? (?:is|are|may be|may contain|contains?) (?:strictly |legally |only )?(?:confidential|privileged|intended (?:only|solely) for)\\b|if you (?:have )?received this (?:e-?mail|message|communication|transmission)\\b[^.!?]{0,30}? in error\\b|if you are not the (?:intended|named) (?:recipient|addressee)\\b(?! of (?!this (?:e-?mail|message|communication|transmission)\\b))|please consider the environment before printing\\b|sent from my (?:${PHONE_MAKERS})\\b(?: \\S+){0,2}$)(?![^.!?]{0,160}?${NEWS_CLAUSE})`,
    'i',
  ),
  // Its ask for the reader's answer, "Hit reply and tell me what you think!", "Reply to this
  // email with your questions."; a warning reported ("…, the bank warned.") is news.
  new RegExp(
    `^(?:just |simply )?(?:(?:hit|press|click) reply\\b|reply to this (?:e-?mail|newsletter|message|issue)\\b)(?![^.!?]{0,160}?${NEWS_CLAUSE})`,
    'i',
  ),
  // "Add news@briefing.example to your address book to make sure we reach your inbox."
  /^(?:please )?add (?:\S+ ){1,6}to your (?:address book|contacts|safe senders?(?: list)?)\b/i,
  /^(?:unsubscribe|update (?:your )?(?:e-?mail )?preferences|manage (?:your )?(?:e-?mail )?(?:subscription|preferences))\b(?:[^.!?]{0,120}$|\s*[|·•])/i,
  // A cookie-consent banner, which pages put before the article and scrapers and Readability
  // keep: "We use cookies to improve your experience.", "This website uses cookies to ensure…",
  // "We and our partners store and/or access information on a device, such as cookies, …",
  // "By continuing to browse you agree to our use of cookies." The site speaks of itself and says
  // what the cookies are for; "We use cookies from the bakery next door…" is a story.
  /^(?:we|this (?:web)?site|our (?:web)?site)(?: and our (?:\d+ )?partners)?(?:['’]d like to| would like to| may)? (?:use|uses|set|store|stores)\b[^.!?]{0,80}\bcookies(?:,| and (?:similar|other|related) (?:technologies|tools|trackers)| (?:to|so that|on (?:this|our|your))\b)/i,
  /\b(?:agree(?:ing)? to|consent(?:ing)? to|accept(?:ing)?) (?:our|the) (?:use|storing|placement) of cookies\b/i,
  // The IAB consent framework's wording, which most European news sites show as it is: "We and
  // our 143 partners store and/or access information on a device, such as cookies and process
  // personal data…" (no comma after "cookies": it led the email), "With your permission we and our
  // partners may use precise geolocation data…", "You may click to consent to our and our 143
  // partners' processing…", "Alternatively you may access more detailed information…", "Please
  // note that some processing of your personal data may not require your consent…", "Your
  // preferences will apply to this website only." What partners store or process otherwise ("We
  // and our partners store grain for 40 villages") and a source saying so are news.
  new RegExp(
    `^(?:(?:with your (?:permission|consent),? )?we and our (?:\\d+ )?(?:partners|vendors)(?: may)? (?:store|access|use|process)\\b[^.!?]{0,60}\\b(?:information on (?:a|your) device|cookies|personal data|geolocation data)\\b|you (?:may|can) click to consent\\b|(?:alternatively,? )?you (?:may|can) access more detailed information\\b|please note that some processing of your personal data\\b|your (?:consent )?preferences will apply to\\b)(?![^.!?]{0,160}?${NEWS_CLAUSE})`,
    'i',
  ),
  /^you can (?:change|update|withdraw|manage|review)\b[^.!?]{0,60}\b(?:preferences|settings|consent|choices)\b[^.!?]{0,80}\b(?:privacy|cookie) (?:policy|notice|statement)\b/i,
  new RegExp(
    `^(?:utilizamos|usamos|este sitio(?: web)? (?:utiliza|usa)|nous utilisons|ce site(?: web)? utilise|notre site utilise|wir (?:verwenden|nutzen|setzen)|diese (?:web)?(?:seite|site) (?:verwendet|nutzt)|utilizziamo|usiamo|questo sito(?: web)? (?:utilizza|usa)|wij gebruiken|we gebruiken|deze (?:web)?site gebruikt)${SAID_AFTER_A_CLAUSE}\\b[^.!?]{0,20}\\bcookies?\\b`,
    'i',
  ),
  /^si contin[uú]as? navegando\b|^en (?:poursuivant|continuant) (?:votre|la) navigation\b|^mit (?:einem |dem )?klick auf\b[^.!?]{0,60}\bstimmen sie\b/i,
  // A page's promotions of itself in the body: a link to another story ("Don't miss: …"), its
  // newsletter ("Get the latest news delivered to your inbox…", WordPress's "Enter your email
  // address to subscribe to this blog…", "Inscrivez-vous à notre newsletter…"), its app, its
  // channels, its tip line, its membership, a plea to share, and a partner's credit. Each names
  // what a page says of itself: "our app", "your inbox", "this article".
  /^(?:don['’]t miss|must read|also read|trending now|top stories)\s*[:|]/i,
  /^(?:get|receive|have)\b[^.!?]{0,80}\b(?:delivered|sent|news|newsletter|briefing|digest|headlines|stories|updates|straight|direct(?:ly)?)(?: straight| direct(?:ly)?)? (?:to|in|into) your inbox\b/i,
  // A Pakistani paper's print-edition footer under every story, the paper and the day ("Published
  // in Dawn, December 8th, 2026", "Published in The Express Tribune, December 8th, 2026."), and
  // its pages' accounts ("Like Business on Facebook, follow @TribuneBiz on Twitter to stay
  // informed…"). A study "Published in The Lancet, December 8th, 2026, …" goes on past the day,
  // and "Like Labour on Facebook, the Conservatives…" follows no one.
  /^published in [^.!?]{1,80}?,\s?(?:\p{L}+\.? \d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)? \p{L}+),? \d{4}\s?\.?$/iu,
  /^like (?:us|\p{Lu}[^.!?,]{0,40}) on facebook,? (?:and )?follow (?:us|@[\w.]+) on\b/iu,
  /^(?:get|try|read) our (?:free |weekly |daily |morning |evening )*(?:e-?mail )?(?:newsletter|briefing|digest)\b/i,
  /^never miss\b[^.!?]{0,60}\b(?:newsletter|briefing|inbox|story|stories|update)/i,
  /^enter your e-?mail(?: address)?\b[^.!?]{0,40}\b(?:subscribe|sign up|newsletter|notifications)\b/i,
  /^download (?:our|the [\p{L}\s]{1,30}) app\b/iu,
  /^join (?:our|us on)\b[^.!?]{0,30}\b(?:whatsapp|telegram|facebook|discord|signal|viber) ?(?:channel|group|community|page)?\b/i,
  /^(?:contact|e-?mail|call|message|reach) (?:our|the) (?:newsroom|news ?desk|tips? line|tip line)\b/i,
  /^this (?:story|article|report|piece|project|series) (?:was|is) (?:produced|published|reported|supported|funded|made possible)\b[^.!?]{0,40}\b(?:in partnership|in collaboration|with (?:the )?support|by a grant|with a grant|with funding|thanks to)\b/i,
  /^support (?:independent|local|quality|our|public-interest) (?:journalism|reporting|newsroom|work)\b/i,
  /^if you (?:enjoyed|liked|found|appreciated)\b[^.!?]{0,30}\b(?:this|the) (?:article|post|story|piece|newsletter|issue|edition|episode|recipe|guide|tutorial)\b/i,
  // Medium's asks under a post: "If you found this useful, give it a clap and follow me…", "Sign up
  // to discover human stories that deepen your understanding of the world."; and a news site's
  // close, "Catch all the Business News, Breaking News Events and Latest News Updates on Live Mint."
  /^if you (?:enjoyed|liked|found|appreciated) (?:this|it)\b[^.!?]{0,40}\b(?:clap|follow me)\b|^sign up to discover human stories\b/i,
  /^[Cc]atch all the\b[^.!?]{0,100}\b[Nn]ews\b[^.!?]{0,60}\bon [A-Z][^.!?,]{0,40}[.!]?$/,
  /^(?:inscrivez-vous|abonnez-vous)\b[^.!?]{0,30}\bnewsletter\b|^(?:melden sie sich|abonnieren sie)\b[^.!?]{0,40}\bnewsletter\b|^(?:suscr[ií]bete|suscr[ií]base|reg[ií]strate)\b[^.!?]{0,40}\b(?:newsletter|bolet[ií]n)\b/i,
  // A disclaimer or a disclosure under the piece ("Disclaimer: AAAS and EurekAlert! are not
  // responsible…", "Disclosure: The author owns shares…", a Hindi site's "(डिस्क्लेमर: …)"), and a court's notice on its own press
  // summary ("This summary is provided to assist in understanding the Court's decision.", "The
  // full judgment of the Court is the only authoritative document.").
  /^\(?(?:disclaimer|disclosure|डिस्क्लेमर|अस्वीकरण)\s*:/i,
  /^this (?:press )?summary is provided to assist\b|\bis the only authoritative (?:document|version|text)\s*[.!]?$/i,
  // The case's name over its press summary, the parties labelled, with its neutral citation
  // perhaps: "Harbour City Council (Appellant) v Okafor (Respondent) [2026] UKSC 41". A line with
  // no sentence's mark; a sentence naming the case ends on one.
  /^[^.!?]{1,200} \((?:Appellants?|Respondents?|Claimants?|Defendants?|Petitioners?|Applicants?)\) v\.? [^.!?]{1,200}$/,
  // A food blog's asks ("Tag us on Instagram…", "Tag @sallyskitchen on Instagram…", unless a
  // reporting clause follows, "…, officers said"; "Pin this recipe…", "Click the stars to rate
  // this recipe…"), its sponsor's line ("This post was sponsored by …, but all opinions are my
  // own."), an obituary site's guest book and florist, a shop's or a guide's price caveat
  // ("Prices correct at the time of going to press."), and a local news site's footer lines.
  new RegExp(
    `^(?:tag|mention) (?:us\\b|@\\w+ on\\b)(?![^.!?]*${NEWS_CLAUSE})[^.!?]{0,40}\\b(?:instagram|facebook|twitter|tiktok|pinterest|x|@\\w+)`,
    'i',
  ),
  // A recipe card's note under its nutrition facts: "Nutrition information is automatically
  // calculated, so should only be used as an approximation."
  /^nutrition(?:al)? (?:information|info|facts|values)\b[^.!?]{0,40}\bautomatically calculated\b|\bshould only be used as an approximation\s*[.!]?$/i,
  /^pin (?:this|it)\b[^.!?]{0,60}\bpinterest\b|\brate this (?:recipe|post|article)\b/i,
  // And in French: "Partagez votre photo sur Instagram avec le hashtag #…", ending on the hashtag,
  // "Épinglez cette recette sur Pinterest…".
  /^(?:partagez|postez|publiez)\b[^.!?,]{0,60}\b(?:instagram|pinterest|facebook|tiktok)\b[^.!?,]{0,40}#[\w-]+\s*[.!]?$|^épinglez (?:cette|la) recette\b[^.!?]{0,40}\bpinterest\b/i,
  /^this (?:post|article|video|recipe|review) (?:was|is|has been) sponsored by\b|\ball opinions are (?:my|our) own\b/i,
  /^serves \d+\b[^.!?]{0,60}$/i,
  /^sign (?:the|our) guest ?book\b|^send flowers to the (?:service|family)\b/i,
  // The caveats end their line; inside a sentence that goes on ("The death toll, correct at the
  // time of writing, stands at 42…") the words are news.
  /\b(?:correct|accurate) at (?:the )?time of (?:going to press|publi(?:shing|cation)|writing)(?:,?\s+(?:and|but) (?:are |is )?(?:subject to change|may (?:change|vary)))?\s*[.!]?$|\bsubject to change without notice\s*[.!]?$/i,
  /^if you see something that (?:doesn['’]t|does not) look right\b|^our journalists strive for accuracy\b/i,
  // The same in French, German and Spanish: "Folgen Sie uns auf Facebook…", "Suivez-nous sur…",
  // "Síguenos en…", a paywall's "nur für Abonnenten", "Cet article vous a été offert…, abonnez-vous
  // pour lire…", and an agency's credit, "Mit Material von dpa und AFP."
  /^(?:folgen sie uns|folge uns|suivez-nous|s[ií]guenos|seguici|volg ons(?: ook)?|siga-nos|sigam-nos)\s+(?:auf|sur|en|su|op|no|na|nos|nas|em)\b/i,
  // And in Portuguese and Dutch, the newsletter pitch and the ban on reproduction ("Receba as
  // principais notícias do dia no seu e-mail.", "É proibida a reprodução do conteúdo desta
  // página…"), and where the piece first ran, in German, French and Dutch ("Dieser Artikel
  // erschien zuerst in der gedruckten Ausgabe vom 3. Dezember.", "Cet article a été publié dans
  // l'édition du 3 décembre.", "Dit artikel verscheen eerder in de krant van zaterdag.").
  /^receba (?:as|os) (?:principais |últimas )?(?:notícias|novidades|manchetes)\b[^.!?]{0,40}\b(?:e-?mail|whatsapp|celular|caixa de entrada)\b|^é proibida a reprodução\b[^.!?]{0,40}\b(?:conteúdo|página|material|matéria|texto)\b/i,
  /^dieser (?:artikel|beitrag|text) erschien (?:zuerst|erstmals|ursprünglich)\b[^.!?]{0,40}\b(?:ausgabe|zeitung|magazin|heft)\b[^!?,]{0,40}$|^cet article a été (?:initialement )?publié(?= )[^.!?]{0,40}(?:édition|\bnuméro|\bmagazine|\bjournal)[^!?,]{0,40}$|^dit (?:artikel|stuk) (?:verscheen|is eerder verschenen)\b[^.!?]{0,40}\b(?:krant|editie|magazine|blad)\b[^!?,]{0,40}$/i,
  // And in Russian, Ukrainian, Polish, Czech, Turkish, Indonesian and Vietnamese: the site's
  // accounts and channels ("Подписывайтесь на наш Telegram-канал…", "Obserwuj nas w Google
  // News…", "…bizi Google News'te takip edin.", "Mời bạn đọc theo dõi … trên Google News…"), its
  // cookie banner ("Мы используем файлы cookie…", "Dalsze korzystanie z serwisu oznacza zgodę…"),
  // its rights notice ("Tüm hakları saklıdır.", "Bản quyền thuộc về Báo Thủ Đô."), its typo
  // reporter ("…виділіть її та натисніть Ctrl+Enter.") and where the piece first ran ("Artikel ini
  // telah tayang di … dengan judul …"). Each opens its sentence, or ends it, as the site writes
  // it: a quotation of the words, «Подписывайтесь на наш канал», — писали мошенники…, stays, and
  // a cookie banner's words said by someone after a comma ("…, признали в компании") too.
  /^(?:подписывайтесь на наш[а-яё]*|підписуйтесь на наш[а-яєіїґ]*|следите за нами|стежте за нами|obserwuj nas|śledź nas|sledujte nás) (?:в|во|на|у|w|na|v|ve|telegram|канал|сторінк|страниц)/i,
  /^[^.!?]{0,60}bizi [^.!?]{0,40}takip edin[.!]?$/i,
  /^simak (?:berita|artikel|informasi|breaking news)[^.!?]{0,60}(?:google news|ponsel|whatsapp|telegram)|^pilih saluran andalanmu\b|^pastikan (?:kamu|anda) sudah (?:install|instal|menginstal|memasang) aplikasi\b|^dapatkan (?:update|info|informasi|berita)[^.!?]{0,60} setiap hari dari [^.!?,]{1,40}[.!]?$|^mari bergabung (?:di|ke|dengan) (?:grup|channel|saluran) (?:telegram|whatsapp|wa)\b|^artikel ini (?:telah )?(?:tayang|terbit|dimuat|dipublikasikan) di [^!?]{1,80} dengan judul /i,
  // Its channels and app as Portuguese, Italian and Indonesian sites ask for them: "Clique aqui para
  // seguir o canal do g1 no WhatsApp.", "Iscriviti alla newsletter di Repubblica per…", "Ikuti
  // berita terkini dari Kabar Kini di WhatsApp Channel.", "Baca berita selengkapnya di aplikasi…".
  /^clique aqui (?:e |para )(?:seguir|receber|acessar|entrar|participar|se inscrever|assinar)\b[^.!?]{0,60}\b(?:whatsapp|telegram|canal|newsletter|google news|notícias)\b|^iscriviti (?:gratis )?(?:alla|al) (?:nostra |nostro )?(?:newsletter|canale)\b|^ikuti (?:berita|kami|update|informasi|saluran|kanal)\b[^.!?]{0,60}\b(?:di|melalui|lewat) (?:google news|whatsapp|telegram|instagram|facebook|tiktok|youtube)\b|^baca (?:berita|artikel) (?:selengkapnya|lainnya|menarik lainnya)\b[^.!?]{0,40}\b(?:aplikasi|google news)\b/iu,
  /^mời (?:bạn đọc|quý (?:vị|độc giả)|độc giả) (?:theo dõi|đón đọc)|^bản quyền thuộc về [^.!?,]{1,60}[.!]?$|^cấm sao chép dưới mọi hình thức/i,
  new RegExp(
    `^(?:мы (?:используем|применяем)|(?:этот |наш )?сайт использует|ми використовуємо|(?:цей |наш )?сайт використовує|korzystamy z|używamy|(?:ta )?(?:strona|serwis|witryna) (?:używa|korzysta z|wykorzystuje)|tento web používá|tyto stránky používají|používáme|(?:web )?sitemizde|bu (?:web )?site(?:miz)?(?:de| ) |kami menggunakan|situs ini menggunakan|chúng tôi sử dụng|trang web này sử dụng)${SAID_AFTER_A_CLAUSE}[^.!?,]{0,60}(?:cookie|ciasteczk|çerez)`,
    'i',
  ),
  /^продолжая (?:пользоваться|использовать)[^.!?]{0,40}вы (?:соглашаетесь|даете|даёте)|^продовжуючи (?:користуватися|використовувати)[^.!?]{0,40}ви (?:погоджуєтеся|даєте)|^dalsze korzystanie z (?:serwisu|witryny|strony)[^.!?]{0,40}(?:oznacza|jest równoznaczne z) (?:zgod|akceptacj)|^používáním (?:tohoto |těchto )?(?:webu|stránek)[^.!?]{0,40}souhlasíte|^(?:detaylı|daha fazla) bilgi için çerez politikas/i,
  // A pointer to the site's earlier story, its funder's credit and its channels, as Russian and
  // Ukrainian sites write them: "Ранее мы писали, что…", "Материал подготовлен при поддержке
  // Фонда…", "Новости Перми — в нашем канале в Telegram.", "Читайте нас в Дзене…". A pointer that
  // goes on to what has changed since ("…, однако в понедельник минздрав отменил…") is news.
  /^(?:ранее|напомним, ранее|раніше|нагадаємо, раніше) (?:мы|ми) (?:писали|рассказывали|сообщали|повідомляли|розповідали)(?:, (?:что|що)| об?(?: |$))(?![^.!?]*[,;—]\s*(?:однако|но теперь|а теперь|теперь|но сегодня|а сегодня|проте|але тепер|а тепер|тепер)\s)|^(?:материал|матеріал) (?:подготовлен|создан|опубликован|підготовлено|створено) (?:при|за) (?:финансовой )?(?:поддержке|підтримки|участии)[^.!?,]{0,80}[.!]?$|(?:^|\s)в нашем (?:telegram-|телеграм-)?канале(?: в (?:telegram|телеграм|max|дзене))?\s*(?:[.!]\s*)?(?:(?:подписывайтесь|підписуйтесь|присоединяйтесь|приєднуйтесь)\s*!?)?$|^(?:читайте|читайте также) нас (?:в|на|у)\s/i,
  /tüm hakları saklıdır\s*[.!]?$|^(?:[İi]çeriklerin|haberlerin|yazıların)[^.!?]{0,40}izinsiz[^.!?]{0,60}yasaktır[.!]?$/i,
  /(?:^|\s)(?:виділіть|выделите|zaznacz|označte)(?:\s[^.!?]{0,50})?\s(?:натисніть|нажмите|naciśnij|wciśnij|stiskněte) ctrl\s?\+\s?enter\s*[.!]?$/i,
  // And in Hindi, Arabic, Hebrew, Persian, Swahili and Swedish: the site's accounts ("…हमें
  // फेसबुक और ट्विटर पर फॉलो करें।", "הצטרפו לערוץ הטלגרם שלנו…", "ما را در کانال تلگرام …
  // دنبال کنید.", "Tufuatilie kwenye Facebook…", "Följ Västnytt på Facebook…"), its cookie
  // banner, named by the words for a browser's cookie files or with what the site uses them for,
  // and its rights notice ("جميع الحقوق محفوظة ©…", "کلیه حقوق این سایت…", "Haki zote
  // zimehifadhiwa…"; a Persian one names the site or ends "… محفوظ است", so a work's rights,
  // "تمامی حقوق مادی و معنوی این اثر به ورثه شاعر رسید، …", are news). "Vi använder kakor från
  // bageriet…", a notice's words quoted inside a sentence and a banner's words said by someone
  // after a comma ("…, medgav företaget") stay.
  /(?:हमें|हमारा|हमारे) [^.!?।]{0,60}फॉलो करें\s*[।.!]?$/i,
  new RegExp(
    `^(?:हम|यह (?:वेबसाइट|साइट))${SAID_AFTER_A_CLAUSE}\\s[^.!?।]{0,60}अनुभव[^.!?।]{0,40}कुकी`,
    'i',
  ),
  /^(?:הצטרפו ל(?:ערוץ|קבוצת)[^.!?]{0,40}שלנו|עקבו אחרינו ב)/,
  new RegExp(
    `^(?:אתר זה|האתר|אנו|אנחנו)${SAID_AFTER_A_CLAUSE}\\s[^.!?]{0,30}(?:קבצי עוגיות|קובצי עוגיות|cookies)`,
    'i',
  ),
  /^(?:جميع الحقوق محفوظة|حقوق النشر محفوظة)|جميع الحقوق محفوظة\s*[.!]?$/,
  new RegExp(
    `^تابعونا${SAID_AFTER_A_CLAUSE} (?:على|عبر|في)\\s[^.!?]{0,40}(?:فيسبوك|فيس بوك|تويتر|إكس|انستغرام|إنستغرام|انستجرام|تيليجرام|تلغرام|يوتيوب|واتساب|تيك توك|جوجل نيوز|google news|facebook|twitter|instagram|telegram|youtube|whatsapp)`,
    'i',
  ),
  // Greek: the site's accounts, its cookie banner and its rights notice ("Ακολουθήστε μας στο
  // Google News…", "Χρησιμοποιούμε cookies για να…", "Με την επιφύλαξη παντός δικαιώματος.").
  /^ακολουθήστε (?:μας|το [^.!?,]{1,30}|τη [^.!?,]{1,30}|την [^.!?,]{1,30}) (?:στο|στα|στην|στον|σε) (?:google news|facebook|instagram|twitter|x|tiktok|youtube|viber|telegram|threads)\b/i,
  new RegExp(
    `^(?:χρησιμοποιούμε|(?:ο |αυτός ο )?(?:ιστότοπος|ιστοχώρος|δικτυακός τόπος)(?: μας)? χρησιμοποιεί)${SAID_AFTER_A_CLAUSE}[^.!?,]{0,40}(?:cookies|cookie|μπισκότα)`,
    'i',
  ),
  /με την επιφύλαξη παντός δικαιώματος\s*[.!]?$/i,
  // A Japanese site's paywall: "この記事は有料会員限定です。"
  /^この記事は(?:有料)?会員限定(?:です|の記事です)[。.]?$/u,
  new RegExp(
    `^(?:يستخدم هذا الموقع|يستخدم موقعنا|نستخدم|نحن نستخدم)${SAID_AFTER_A_CLAUSE}[^.!?،]{0,30}(?:ملفات تعريف الارتباط|الكوكيز|ملفات الكوكيز|cookies)`,
    'i',
  ),
  /^ما را (?:در|از طریق) [^.!?]{0,60}دنبال کنید|^(?:کلیه|تمامی) حقوق (?:مادی و معنوی )?(?:این (?:سایت|وب‌?سایت|پایگاه)|[^.!?،]{0,60}محفوظ (?:است|می‌باشد)\s*[.!]?$)/,
  /^(?:tufuatilie|tufuate) (?:kwenye|katika|kupitia)\s|^haki zote zimehifadhiwa|haki zote zimehifadhiwa\s*[.!]?$/i,
  // A name after "Följ" (Norwegian and Danish "Følg") is a capital's, so the case is spelt out:
  // "Följ pengarna på Facebook…" and "Følg pengene på Facebook…" stay.
  /^[Ff](?:ölj|ølg) (?:oss|os|\p{Lu}[\p{L}\d.-]*(?: \p{Lu}[\p{L}\d.-]*)?) på (?:[Ff]acebook|[Ii]nstagram|X|[Tt]witter|[Tt]ik[Tt]ok|[Yy]ou[Tt]ube|[Ll]inked[Ii]n|[Tt]hreads|[Bb]luesky)\b/u,
  // And a site's accounts named in Portuguese and Finnish ("Siga o Jornal da Cidade no Instagram…",
  // "Seuraa Ylen uutisia Facebookissa…"; a name's capital, so "Siga o dinheiro no Facebook…" and
  // "Seuraa rahaa Facebookissa…" stay) and in Thai, with "our" ("ติดตามข่าวสารได้ที่ Facebook และ
  // LINE ของเรา"), and a Thai cookie banner saying what the cookies are for ("…ใช้คุกกี้เพื่อ…").
  /^(?:[Ss]iga|[Ss]igam|[Aa]companhe) (?:o |a |os |as )?\p{Lu}[\p{L}\d.-]*(?: (?:da|do|de|\p{Lu}[\p{L}\d.-]*)){0,4} (?:no|na|nos|nas|pelo|pela) (?:[Ii]nstagram|[Ff]acebook|X|[Tt]witter|[Tt]ik[Tt]ok|[Yy]ou[Tt]ube|[Ww]hats[Aa]pp|[Tt]elegram|[Tt]hreads|[Gg]oogle [Nn]ews)\b/u,
  /^[Ss]euraa (?:meitä|\p{Lu}[\p{L}\d.-]*(?: \p{Lu}[\p{L}\d.-]*)?)(?: uutisia| juttuja)? (?:[Ff]acebookissa|[Ii]nstagramissa|X:ssä|[Tt]witterissä|[Tt]ik[Tt]okissa|[Yy]ou[Tt]ubessa|[Tt]elegramissa|[Ww]hats[Aa]ppissa)(?![\p{L}])/u,
  // Romanian: the site's accounts and its cookie banner ("Urmărește-ne pe Google News…", "Acest
  // site folosește cookie-uri pentru…"), a banner's words said by someone after a comma staying.
  /^(?:urmărește-ne|urmăriți-ne|urmareste-ne|urmariti-ne) pe (?:google news|facebook|instagram|x|twitter|tiktok|youtube|whatsapp|telegram)\b/i,
  new RegExp(
    `^(?:acest site|site-ul (?:nostru|acesta)|folosim|utilizăm)${SAID_AFTER_A_CLAUSE} (?:folosește |utilizează )?(?:module )?cookie`,
    'i',
  ),
  /^ติดตาม[^.!?]{0,60}(?:facebook|line|x|youtube|tiktok|instagram)[^.!?]{0,30}ของเรา\s*$|^(?:เว็บไซต์นี้|เว็บไซต์ของเรา|เรา)(?:มีการ)?ใช้คุกกี้เพื่อ/i,
  /^(?![^.!?]*,\s*(?:sa|sade|säger|skriver|skrev|uppger|uppgav|medger|medgav|erkänner|erkände|slog|slår|konstaterar|konstaterade|enligt)\s)(?:vi|(?:den här |denna )?webbplatsen?) använder (?:cookies|kakor)(?:,| och liknande| (?:för att|så att|på)\s)/i,
  /\bnur für (?:abonnenten|abonnentinnen|plus-?kunden)\b|^cet article vous (?:a été|est) offert\b|\babonnez-vous pour (?:lire|continuer)\b/i,
  /^mit material (?:von|der|des)\b[^.!?]{0,60}[.]?$/i,
  // A German site's pointer to more of its news: "Mehr News aus Musterstadt lesen Sie hier."
  /^mehr (?:news|nachrichten|artikel|infos?|meldungen)\b[^.!?]{0,60}\b(?:lesen|finden) sie hier\s*[.!]?$/i,
  // A recipe card's times, fields run together without a full stop: "Prep Time 10 minutes Cook
  // Time 60 minutes Total Time 1 hour 10 minutes".
  /^(?:prep(?:aration)?|cook(?:ing)?|bake|baking|total|active) time\s*(?::\s*)?\d[^.!?]{0,120}$/i,
  // A correction or an update noted under the story: "This article was amended on 4 March 2026 to
  // correct the number of participants." Not "This article of the constitution was amended…".
  /^this (?:article|story|piece|post|report) (?:was|has been) (?:amended|updated|corrected|changed|edited)\b[^.!?]{0,60}\bto (?:correct|include|reflect|clarify|add|remove|update|fix|note)\b/i,
  ...PODCAST_FURNITURE,
];

/**
 * A short line that carries a clock time is a dateline or a timestamp in any language, unless it
 * ends like a sentence, on a word and a full stop: "Polls close at 8:00 p.m. Eastern time." The
 * words a timestamp ends on (a zone, "Uhr", "GMT") do not count. Japanese, Chinese and Korean
 * write the hour and the minute with their signs, "10時15分", "10时15分", "14시 22분", and end a
 * sentence with "。", which a line of their words and no spaces is told by.
 */
const CLOCK_TIME = /(?:^|[^\d])\d{1,2}(?:[:：]\d{2}|h\d{2}|[時时시] ?\d{1,2}[分분])(?:[^\d]|$)/u;
const ENDS_AS_CJK_SENTENCE = /[。！？][」』”)）]*$/u;
const MAX_DATELINE_WORDS = 8;
const ENDS_ON_A_WORD = /(?<!\p{L})(\p{L}{2,})[.!?…]["'”’»)]*$/u;
const TIMESTAMP_END_WORD = /^(?:am|pm|uhr|heures?|horas?|ore)$/i;
const TIME_ZONE = /^[A-Z]{2,4}$/;

/**
 * A date as news pages print one, in any language with Latin digits: "March 4, 2025",
 * "9 April 2025", "14 août 2025", "12. Januar 2025", "2025-03-14", "12.03.2025", "03/14/2025",
 * and with the signs for year, month and day of Japanese, Chinese and Korean, "2026年12月3日",
 * "2026년 12월 3일".
 */
const DATE =
  /(?:(?=\.? \d)(?<=\b\p{L}{3,})\.? \d{1,2}(?:st|nd|rd|th)?, \d{4}|\b(?:\d{1,2}\.? \p{L}{3,}\.?,? \d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{4}))\b|(?<!\d)\d{4}[年년] ?\d{1,2}[月월] ?\d{1,2}[日일]/u;

/** True when a line carries a date or a clock time. */
export function carriesDateOrTime(text: string): boolean {
  return DATE.test(text) || CLOCK_TIME.test(text);
}

function isDateline(text: string): boolean {
  if (!CLOCK_TIME.test(text) || text.split(/\s+/).length > MAX_DATELINE_WORDS) return false;
  if (ENDS_AS_CJK_SENTENCE.test(text)) return false;
  const lastWord = ENDS_ON_A_WORD.exec(text)?.[1];
  return lastWord === undefined || TIMESTAMP_END_WORD.test(lastWord) || TIME_ZONE.test(lastWord);
}

/**
 * Notes about the article, not of it, that open a paragraph: "Update, 6:45 p.m.: …",
 * "Correction, May 4: …", "This article was originally published in …", what a transcript is
 * ("This is an edited transcript of an interview broadcast on …", "The following is a
 * transcript of …", "This transcript has been lightly edited…"), and the writer's own summary of
 * the piece, "TL;DR: …", "tl;dr — …", which is no opening of the story either.
 */
const EDITORIAL_NOTE = new RegExp(
  `^(?:update|updated|${CORRECTION_LABEL})${NOTE_LABEL_END}|^this (?:article|story|post|piece) (?:was )?(?:originally|first) (?:published|appeared)\\b|^(?:this is|the following is|what follows is) an? (?:[\\w-]+ ){0,2}transcript\\b|^this transcript (?:has been|was|is) (?:\\w+ )?(?:edited|condensed|generated|produced)\\b|^(?:tl;\\s?dr|tldr)\\s*(?:[:—–-]|\\.\\s)`,
  'i',
);

/**
 * The label over a box of the writer's own summary in a few bullets ("Key takeaways", "TL;DR",
 * "At a glance", "In brief", "Key points", "Key facts", "Fast facts"), which the story then tells in full: as points it
 * would repeat the story, and as the opening it would stand in for the lead. A review's verdict
 * box lists its "Pros" and "Cons" ("The good", "The bad", "What we like") so.
 */
const SUMMARY_BOX_LABEL =
  /^(?:key (?:takeaways?|points|facts)|(?:fast|quick) facts|(?:the )?takeaways?|tl;\s?dr|tldr|at a glance|in brief|the short version|pros|cons|the good|the bad|what we (?:like|liked|love|loved|(?:don['’]t|didn['’]t) like))\s*:?$/i;

/** True when a line labels a list that sums up the article ahead of it: "Key takeaways". */
export function isSummaryBoxLabel(line: string): boolean {
  return SUMMARY_BOX_LABEL.test(line.trim());
}

/** True when a paragraph is a writer's note ending on "The views expressed here are her own." */
export function isWritersNote(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.split(/\s+/).length <= MAX_BOILERPLATE_WORDS && WRITERS_NOTE.test(trimmed);
}

/** The site speaking of itself and its reviews: "We test every product…", "I only recommend…". */
const SITE_SPEAKS = /^(?:we|our|i|my)\b/i;

/**
 * True when a paragraph's sentences are the site's note on its reviews ending on its affiliate
 * disclosure: "We test every product we review. We may earn a commission if you buy through our
 * links.", whose first sentence led a review once the disclosure went. News before a disclosure
 * ("The council voted on Tuesday to close the library. We may earn…") is no site speaking of
 * itself, and stays.
 */
export function isSitesNote(sentences: readonly string[]): boolean {
  const last = sentences.at(-1)?.trim() ?? '';
  return (
    sentences.length > 1 &&
    AFFILIATE_DISCLOSURE.some((pattern) => pattern.test(last)) &&
    sentences.slice(0, -1).every((sentence) => SITE_SPEAKS.test(sentence.trim()))
  );
}

/** True when a sentence opens an editor's note about the article (an update, a correction). */
export function isEditorialNote(sentence: string): boolean {
  return EDITORIAL_NOTE.test(sentence.trim());
}

/**
 * A crisis help line under a story on a death, a suicide or abuse, speaking to the reader with a
 * number to call: "Readers seeking support can contact Lifeline on 13 11 14…", "If you or someone
 * you know needs help, call or text 988…", "If you have been affected by … contact Samaritans on
 * 116 123.", "Free call or text 1737 any time for support…", and after the country it serves, as
 * the Guardian lists them: "In the UK and Ireland, Samaritans can be contacted on freephone 116
 * 123…", "In Australia, the crisis support service Lifeline is 13 11 14.". The reader is addressed, a need for
 * support named and a verb to reach it with a number given; someone else saying it ("…, Health
 * Minister Mark Butler said.", "…, the surgeon general urged…") or a line that is the subject
 * ("Lifeline said calls to 13 11 14 had risen…") is news.
 */
const HELP_LINE_READER =
  /^(?:if (?:you|your|anyone|someone)\b|samaritans\b|(?:the )?crisis support service\b|readers?\b|anyone\b|those (?:affected|seeking|who)\b|for (?:(?:free|confidential|24-hour|immediate|emotional) )*(?:support|help|advice)\b|you can\b|where to get help\b|need (?:to talk|help)\b|(?:help|support) is available\b|(?:free )?(?:call|text|phone|ring|contact)\b)/iu;
/** The country a help line serves, before it: "In the UK and Ireland, ", "In Australia, ". */
const HELP_LINE_COUNTRY = /^[Ii]n (?:the )?\p{Lu}[\p{L} ]{1,40}?,\s?/u;
const HELP_LINE_NEED =
  /\b(?:support|help(?:line)?|distress|affected|struggling|crisis|suicid\p{L}*|mental health|self-harm|lifeline|samaritans|counsell?or)\b/iu;
const HELP_LINE_REACH = /\b(?:call|text|contact|contacted|phone|ring|reach|reached)\b|\bis \d/i;
const HELP_LINE_NUMBER = /\d{3}|\d{2}[ -]\d{2}/;
const SOMEONE_ELSE_SAYS = /\b(?:said|says|told|urged|urges|announced|added|warned|according to)\b/i;

/** Where to find the others: "Other international helplines can be found at befrienders.org". */
const HELP_LINES_ELSEWHERE =
  /^(?:other )?(?:international )?(?:helplines|hotlines|crisis lines)\b[^.!?]{0,60}\b(?:can be found|are listed|are available) at (?:https?:\/\/)?[\w-]+\.\S+\s?$/i;

function isHelpLine(text: string): boolean {
  return (
    HELP_LINES_ELSEWHERE.test(text) ||
    (HELP_LINE_READER.test(text.replace(HELP_LINE_COUNTRY, '')) &&
      text.split(/\s+/).length <= MAX_BOILERPLATE_WORDS &&
      HELP_LINE_NEED.test(text) &&
      HELP_LINE_REACH.test(text) &&
      HELP_LINE_NUMBER.test(text) &&
      !SOMEONE_ELSE_SAYS.test(text))
  );
}

/** True when a sentence is not article text: a byline, caption, prompt, timestamp, link run… */
export function isJunkSentence(sentence: string): boolean {
  const text = sentence.trim();
  return (
    isDateline(text) ||
    isEditorialNote(text) ||
    isHelpLine(text) ||
    JUNK_PATTERNS.some((pattern) => pattern.test(text))
  );
}
