import { createHash } from 'node:crypto';

/**
 * What an issue id can be: issueIdFor's slug and hash, or an older id of up to 128 letters, digits,
 * `-` and `_`. Ids from outside (a queue message, `status --issue`) are checked against it before
 * they reach a key.
 */
export const ISSUE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/**
 * An issue's id comes from the article's bytes, so composing the same article again finds the
 * same issue (and sends nothing twice). `salt` makes a new issue of the same article (--force).
 * The title slug only makes ids readable in folders and logs.
 */
export function issueIdFor(articleBytes: Uint8Array, title: string, salt?: string): string {
  const hash = createHash('sha256').update(articleBytes);
  if (salt !== undefined) hash.update(`\0${salt}`);
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return `${slug || 'issue'}-${hash.digest('hex').slice(0, 10)}`;
}
