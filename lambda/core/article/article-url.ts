/**
 * Why an article's own link (the "Read the full article" link of the email) cannot be used, or
 * undefined when it is an absolute http(s) URL. Anything else (a bare `www.…`, `javascript:`,
 * `data:`) never reaches an email: an article is refused or its link dropped when it is read,
 * and the render checks again. Nor does a URL with a user name or password: every subscriber
 * would get the password, and `https://www.bank.com@evil.example` (which goes to evil.example)
 * is the shape of a phishing link, which spam filters hold against the whole message.
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
  if (parsed.username !== '' || parsed.password !== '') {
    return `"${url}" carries a user name or password (before the "@"), which no email may link to`;
  }
  return undefined;
}
