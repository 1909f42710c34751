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
 * statement ("Marcus, thanks for coming on. Why would a city…?") is the interviewer's talk, which
 * the interviewer rule keeps out of the points; a transcript's turn ("DANA REYES: Why now?") is a
 * question as "Q: Why now?" is, or its answer, a point only after it, would give none.
 */
function isQuestion(paragraph: Paragraph, next: Paragraph | undefined, maxSentences = 1): boolean {
  return (
    next !== undefined &&
    paragraph.sentences.length <= maxSentences &&
    isQuestionLine(paragraph.text) &&
    !endsAsQuestion(next.text)
  );
}

function withoutLabel(paragraph: Paragraph, question: string): Paragraph {
  const [first, ...rest] = paragraph.sentences;
  if (first === undefined) return paragraph;
  return {
    text: withoutInterviewLabel(paragraph.text, question),
    sentences: [withoutInterviewLabel(first, question), ...rest],
  };
}

/**
 * In an article its questions organise, an interviewer's question may open with a statement
 * ("Shopkeepers fear losing customers. What do you tell them?"): still a short paragraph (30
 * words at most, isQuestionLine) that ends in the question its answer follows.
 */
const MAX_QUESTION_SENTENCES_AMONG_QUESTIONS = 2;

/** A section split at its question paragraphs, each question heading what follows it. */
function splitAtQuestions(section: ArticleSection): ArticleSection[] {
  const sections: { heading: string | null; paragraphs: Paragraph[] }[] = [
    { heading: section.heading, paragraphs: [] },
  ];
  section.paragraphs.forEach((paragraph, at) => {
    const next = section.paragraphs[at + 1];
    if (isQuestion(paragraph, next, MAX_QUESTION_SENTENCES_AMONG_QUESTIONS)) {
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
  return {
    heading: withoutInterviewLabel(heading),
    paragraphs: [withoutLabel(answer, heading), ...rest],
  };
}

/**
 * A name before a colon at the start of an interview's line: the interviewer's ("Urban Review:",
 * "The Gazette:") or the interviewee's ("Sofia Lindgren:", "**Russo:**"), up to four capitalised
 * words, with the space French sets before the colon too ("Thomas Pesquet : ").
 */
const NAME_LABEL =
  /^[*_]*(\p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*){0,3})[ \u00a0\u202f]?:[*_]*\s+(?=\S)/u;

/**
 * The name every one of the lines opens with, when they are two or more and all open with the
 * same one: an interview's speakers, named before each question and each answer as Q: and A:
 * would mark them. Labels that differ ("Tenants: …?", "Landlords: …?") say whom a question
 * concerns, and stay.
 */
function sharedNameLabel(lines: readonly string[]): string | undefined {
  const labels = new Set(lines.map((line) => NAME_LABEL.exec(line)?.[1]));
  const [label] = labels;
  return lines.length >= MIN_QUESTIONS && labels.size === 1 ? label : undefined;
}

function withoutNameLabel(text: string, label: string | undefined): string {
  const match = NAME_LABEL.exec(text);
  return label !== undefined && match?.[1] === label ? text.slice(match[0].length) : text;
}

/**
 * An interview's sections under its questions without the speakers' names that open each
 * question and each answer ("Urban Review: Why start with children?" over "Sofia Lindgren:
 * Because a street…"), as without "Q:" and "A:".
 */
function withoutSpeakerNames(sections: readonly ArticleSection[]): ArticleSection[] {
  const asked = sections.filter(
    (section) => section.heading !== null && endsAsQuestion(section.heading),
  );
  const asker = sharedNameLabel(asked.map((section) => section.heading ?? ''));
  const answerer = sharedNameLabel(asked.map((section) => section.paragraphs[0]?.text ?? ''));
  if (asker === undefined && answerer === undefined) return [...sections];
  return sections.map((section) => {
    if (!asked.includes(section)) return section;
    const [answer, ...rest] = section.paragraphs;
    if (answer === undefined) return section;
    const [first, ...more] = answer.sentences;
    return {
      heading: withoutNameLabel(section.heading ?? '', asker),
      paragraphs: [
        {
          text: withoutNameLabel(answer.text, answerer),
          sentences: first === undefined ? [] : [withoutNameLabel(first, answerer), ...more],
        },
        ...rest,
      ],
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
  // A transcript's host introduces the guest before asking ("ANNA LEE: Joining me is Ben Carter.
  // Ben, why did the bank hold?"): the speaker's name marks the turn as the interviewer's.
  const questions = article.sections.flatMap((section) =>
    section.paragraphs.filter((paragraph, at) =>
      isQuestion(
        paragraph,
        section.paragraphs[at + 1],
        speakerOf(paragraph.text) === undefined ? 1 : MAX_QUESTION_SENTENCES_AMONG_QUESTIONS,
      ),
    ),
  );
  const sections =
    questions.length < MIN_QUESTIONS
      ? article.sections
      : article.sections.flatMap(splitAtQuestions);
  return { ...article, sections: withoutSpeakerNames(sections.map(withoutLabels)) };
}
