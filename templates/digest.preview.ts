import type { DigestArticleView, NewsletterView } from '../lambda/core/render/types';
import { previewData as newsletterPreview } from './newsletter.preview';

/**
 * Sample data for previews of digest.mjml and digest.txt.hbs: five long articles from two feeds,
 * each with a key point for each of its twenty subheads, as `newsletter send --feed` makes them. They are long on
 * purpose: the preview studio fits them under Gmail's clip the way compose does, and its checks
 * say what was cut.
 */
const SENTENCES = [
  'The council approved the plan after a four-hour meeting in which residents spoke both for and against the new cycle lanes along the river.',
  'Engineers expect the first section to open in spring, with the rest following once the bridge repairs are finished later in the year.',
  'Local shop owners worry that losing parking spaces will cost them customers, although a survey last year found most visitors arrive on foot or by bus.',
  'The city will publish monthly counts of cyclists and pedestrians so that the effect of the change can be judged on evidence rather than anecdote.',
  'Similar schemes in three neighbouring towns increased footfall on their high streets within two years, according to a university study published in March.',
  'Opponents say the money would be better spent on filling potholes, which they describe as the most common complaint they hear from drivers and cyclists alike.',
];

const HEADINGS = [
  'What was decided',
  'When the work starts',
  'What shops fear',
  'How it will be measured',
  'What happened elsewhere',
  'The case against',
  'What it costs',
  'Who pays',
  'What residents said',
  'What comes next',
  'The timetable',
  'The wider plan',
  'What the mayor said',
  'What the opposition said',
  'The legal questions',
  'Where to read more',
  'What the budget says',
  'What neighbours asked',
  'The alternatives weighed',
  'How the vote went',
];

function article(
  title: string,
  slug: string,
  source: string,
  points: number,
  offset: number,
): DigestArticleView {
  return {
    title,
    url: `https://blog.example.com/${slug}`,
    source,
    language: null,
    lead: `${title}: ${SENTENCES[offset % SENTENCES.length]}`,
    keyPoints: HEADINGS.slice(0, points).map((heading, index) => ({
      heading,
      summary: `${SENTENCES[(index + offset) % SENTENCES.length]} ${SENTENCES[(index + offset + 1) % SENTENCES.length]}`,
    })),
  };
}

export const previewData = {
  list: newsletterPreview.list,
  issue: {
    id: 'digest-river-cycle-lanes-approved-0123456789',
    subject: 'Weekly Briefing: River cycle lanes approved and 4 more',
    preheader: 'River cycle lanes approved · A new library for the east side · Bus fares frozen…',
    title: 'River cycle lanes approved and 4 more',
    lead: '',
    url: null,
    language: null,
    archiveUrl:
      'https://archive.example.com/digest-river-cycle-lanes-approved-0123456789/index.html',
    keyPoints: [],
    articles: [
      article('River cycle lanes approved', 'cycle-lanes', 'City Hall Notes · 1 Dec 2026', 20, 0),
      article('A new library for the east side', 'library', 'City Hall Notes · 2 Dec 2026', 20, 1),
      article(
        'Bus fares frozen for another year',
        'bus-fares',
        'Transit Weekly · 2 Dec 2026',
        20,
        2,
      ),
      article('The market hall reopens', 'market-hall', 'City Hall Notes · 3 Dec 2026', 20, 3),
      article('Night trains return in May', 'night-trains', 'Transit Weekly · 4 Dec 2026', 20, 4),
    ],
  },
  recipient: {
    name: 'Alex',
    unsubscribeUrl: 'https://news.example.com/unsubscribe?token=preview',
  },
} satisfies NewsletterView;
