/**
 * Why an article's own link (the "Read the full article" link of the email) cannot be used, or
 * undefined when it is an absolute http(s) URL. Anything else (a bare `www.…`, `javascript:`,
 * `data:`) never reaches an email: an article is refused or its link dropped when it is read,
 * and the render checks again.
 */
export function articleUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return `"${url}" is not an absolute URL (https://…)`;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return `"${url}" must be an http(s) URL`;
  }
  return undefined;
}
