import { isQuestionLine } from '../article/blocks';
import type { Article, ArticleSection, Paragraph } from '../article/types';
import {
  endsAsQuestion,
  isInterviewQuestion,
  speakerOf,
  withoutInterviewLabel,
} from './sentence-quality';

/**
 * A lone question stays a paragraph (an interview's one bold question in a profile), and its
 * answer, which points back to it, waits for it.
 */
const MIN_QUESTIONS = 2;

/**
 * A paragraph that asks what the next one answers: one short sentence ending in a question mark
 * (`isQuestionLine`), followed in its section by a paragraph that does not itself end in one. A question after a
 * statement ("Marcus, thanks for coming on. Why would a city…?") and a transcript's turn ("DANA
 * REYES: …?") are the interviewer's talk, which the interviewer rule keeps out of the points.
 */
function isQuestion(paragraph: Paragraph, next: Paragraph | undefined): boolean {
  return (
    next !== undefined &&
    paragraph.sentences.length === 1 &&
    isQuestionLine(paragraph.text) &&
    !endsAsQuestion(next.text) &&
    (isInterviewQuestion(paragraph.text) || speakerOf(paragraph.text) === undefined)
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

/** A section split at its question paragraphs, each question heading what follows it. */
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
  return sections.filter((part) => part.paragraphs.length > 0);
}

/** A section headed by a question (so also `## Q: …?`) without the "Q:" and its answer's "A:". */
function withoutLabels(section: ArticleSection): ArticleSection {
  const { heading, paragraphs } = section;
  const [answer, ...rest] = paragraphs;
  if (heading === null || answer === undefined) return section;
  if (!(endsAsQuestion(heading) || isInterviewQuestion(heading))) return section;
  return { heading: withoutInterviewLabel(heading), paragraphs: [withoutLabel(answer), ...rest] };
}

/**
 * The article with its questions as subheads: a FAQ or an interview written as paragraphs ("Q:
 * Who can get the grant?" over "A: Any household…", a bold "Do I need a new card?" over its
 * answer, as editors without a heading style write them) is organised by its questions as much
 * as by `<h3>`s, and a point from an answer ("Call the council to arrange it.") needs its
 * question to mean anything.
 */
export function sectionByQuestions(article: Article): Article {
  const questions = article.sections.flatMap((section) =>
    section.paragraphs.filter((paragraph, at) => isQuestion(paragraph, section.paragraphs[at + 1])),
  );
  const sections =
    questions.length < MIN_QUESTIONS
      ? article.sections
      : article.sections.flatMap(splitAtQuestions);
  return { ...article, sections: sections.map(withoutLabels) };
}
