/**
 * Lines that pages and feeds wrap around an article: rights notices, comment and share prompts,
 * "Related:" links, newsletter sign-ups. Each pattern is anchored or specific enough that a
 * sentence of news ("Share prices fell...") does not match it.
 */
const BOILERPLATE_PATTERNS: readonly RegExp[] = [
  /^(?:copyright\b|©|\(c\)\s*\d{4})/i,
  /\ball rights reserved\b/i,
  /\bmay not be (?:published|reproduced|broadcast|rewritten|redistributed)\b/i,
  /^leave a (?:comment|reply)\b/i,
  /^\d*\s*comments?$/i,
  /^(?:share|tweet|email|print|save)(?: this)?(?: (?:article|story|post|page))?$/i,
  /^share (?:this|on|via|the (?:story|article))\b/i,
  /^(?:related|read more|more from|see also|recommended|most read|trending|advertisement)\b\s*(?::|$)/i,
  /^(?:sign up|subscribe)\b.*\bnewsletters?\b/i,
  /\b(?:sign up for|subscribe to) (?:our|the) [\w\s]*newsletters?\b/i,
  /^(?:follow|like) us on\b/i,
  /^click here to\b/i,
  // A byline left in the body: "By Jane Doe", "By Jane Doe and John Roe, Reuters".
  /^[Bb]y (?:[\p{Lu}][\p{L}.'’-]*[\s,]*|and\s+|&\s+){1,8}$/u,
];

/** Boilerplate is short; a long paragraph that merely mentions a newsletter is article text. */
const MAX_BOILERPLATE_WORDS = 40;

export function isBoilerplate(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.split(/\s+/).length > MAX_BOILERPLATE_WORDS) return false;
  return BOILERPLATE_PATTERNS.some((pattern) => pattern.test(trimmed));
}
