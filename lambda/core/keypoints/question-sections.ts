import type { Article, ArticleSection, Paragraph } from '../article/types';
import { countWords } from '../article/words';
import {
  endsAsQuestion,
  isInterviewQuestion,
  speakerOf,
  withoutInterviewLabel,
} from './sentence-quality';

/** Longer than this, a question is an interviewer's argument, no line to head a point. */
const MAX_QUESTION_WORDS = 30;

/**
 * A paragraph that asks what the next one answers: one short sentence ending in a question mark,
 * followed in its section by a paragraph that does not itself end in one. A question after a
 * statement ("Marcus, thanks for coming on. Why would a city…?") and a transcript's turn ("DANA
 * REYES: …?") are the interviewer's talk, which the interviewer rule keeps out of the points.
 */
function isQuestion(paragraph: Paragraph, next: Paragraph | undefined): boolean {
  return (
    next !== undefined &&
    paragraph.sentences.length === 1 &&
    endsAsQuestion(paragraph.text) &&
    !endsAsQuestion(next.text) &&
    (isInterviewQuestion(paragraph.text) || speakerOf(paragraph.text) === undefined) &&
    countWords(paragraph.text) <= MAX_QUESTION_WORDS
  );
}

function withoutLabel(paragraph: Paragraph): Paragraph {
  const [first, ...rest] = paragraph.sentences;
  if (first === undefined) return paragraph;
  return {
    text: withoutInterviewLabel(paragraph.text),
    sentences: [withoutInterviewLabel(first), ...rest],
  };
}

/**
 * Each section split at its question paragraphs, a question heading what follows it up to the
 * next question, and every section headed by a question (so also `## Q: …?`) losing the "Q:" of
 * its heading and the "A:" of its answer.
 */
function splitAtQuestions(section: ArticleSection): ArticleSection[] {
  const sections: { heading: string | null; paragraphs: Paragraph[] }[] = [
    { heading: section.heading, paragraphs: [] },
  ];
  section.paragraphs.forEach((paragraph, at) => {
    if (isQuestion(paragraph, section.paragraphs[at + 1])) {
      sections.push({ heading: paragraph.text, paragraphs: [] });
    } else {
      sections.at(-1)?.paragraphs.push(paragraph);
    }
  });
  return sections
    .filter((part) => part.paragraphs.length > 0)
    .map(({ heading, paragraphs }) => {
      if (heading === null || !(endsAsQuestion(heading) || isInterviewQuestion(heading))) {
        return { heading, paragraphs };
      }
      const [answer, ...rest] = paragraphs as [Paragraph, ...Paragraph[]];
      return {
        heading: withoutInterviewLabel(heading),
        paragraphs: [withoutLabel(answer), ...rest],
      };
    });
}

/**
 * The article with its questions as subheads: a FAQ or an interview written as paragraphs ("Q:
 * Who can get the grant?" over "A: Any household…", a bold "Do I need a new card?" over its
 * answer, as editors without a heading style write them) is organised by its questions as much
 * as by `<h3>`s, and a point from an answer ("Call the council to arrange it.") needs its
 * question to mean anything.
 */
export function sectionByQuestions(article: Article): Article {
  return { ...article, sections: article.sections.flatMap(splitAtQuestions) };
}
