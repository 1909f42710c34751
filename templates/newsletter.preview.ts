import type { NewsletterView } from '../lambda/core/render/types';

/**
 * Sample data for previews of newsletter.mjml and newsletter.txt.hbs: the sample article
 * (examples/articles/xi-putin-meeting.txt) as an issue, sent to a subscriber with a name.
 */
export const previewData = {
  list: {
    name: 'Weekly Briefing',
    postalAddress: 'Example Media Ltd, 1 Example Street, Springfield, EX 12345, USA',
    publicUrl: 'https://news.example.com',
  },
  issue: {
    id: 'what-xi-and-putin-want-to-gain-from-their-0123456789',
    subject: 'What Xi and Putin want to gain from their joint meeting',
    preheader:
      'Chinese President Xi Jinping is due to travel to Moscow next week for talks with Russian President Vladimir Putin…',
    title: 'What Xi and Putin want to gain from their joint meeting',
    lead: 'Chinese President Xi Jinping is due to travel to Moscow next week for talks with Russian President Vladimir Putin – his first visit to Russia since Kremlin troops invaded Ukraine.',
    url: 'https://news.example.com/articles/xi-putin-meeting',
    language: null,
    archiveUrl:
      'https://news.example.com/issues/what-xi-and-putin-want-to-gain-from-their-0123456789/index.html',
    keyPoints: [
      {
        heading: 'Putin wants guns',
        summary:
          'After launching an attack on Ukraine a year ago, Putin found himself with a limited group of friends, a size that matters when it comes to Moscow’s ability to import and resupply weapons and critical ammunition in combat. So far, China has refrained from providing such deadly aid, opting instead to support Russia through increased trade and additional joint war games.',
      },
      {
        heading: 'Xi wants to develop his reputation as a peacemaker',
        summary:
          'Xi’s government has already released a so-called “peace plan” for Ukraine, a 12-point program for “a political resolution of the Ukrainian crisis”, which has been largely ignored in the West.',
      },
      {
        heading: 'Both want a new world order',
        summary:
          'One of the likely outcomes of the Xi-Putin meeting is a public recommitment to the partnership between the two, seen as vital for them to counter what they see as unfair Western interference in their affairs.',
      },
      {
        heading: 'Shaking things up – Xi set to meet international fugitive',
        summary:
          'The Xi-Putin meeting was announced a few hours before the International Criminal Court (ICC) issuing an arrest warrant against the Russian President for alleged war crimes related to the illegal deportation of children from Ukraine to Russia.',
      },
    ],
  },
  recipient: {
    name: 'Alex',
    unsubscribeUrl: 'https://news.example.com/unsubscribe?token=preview',
  },
} satisfies NewsletterView;
