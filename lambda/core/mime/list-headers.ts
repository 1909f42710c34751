import { ValidationError } from '../errors';
import { assertAsciiHeaderValue, assertHeaderText, encodePhrase } from './header-values';

export interface ListHeaderInput {
  /** Human name of the list, shown by clients that display List-Id. */
  readonly listName: string;
  /** Dot-atom id of the list (RFC 2919), e.g. weekly.example.com. */
  readonly listId: string;
  /** The recipient's own one-click unsubscribe URL. */
  readonly unsubscribeUrl: string;
}

const LIST_ID = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)+$/;
/** An http(s) URL without the characters that would end `<…>` or the header. */
const HEADER_URL = /^https?:\/\/[\x21-\x3b\x3d\x3f-\x7e]+$/;

/** Checks a URL that goes into List-Unsubscribe: http(s), printable ASCII, no spaces or angle brackets. */
export function assertUnsubscribeUrl(url: string): void {
  assertAsciiHeaderValue('unsubscribe URL', url);
  if (!HEADER_URL.test(url)) {
    throw new ValidationError(
      'unsubscribe URL',
      'must be an http(s) URL without spaces or angle brackets',
    );
  }
}

/**
 * The list fields every newsletter message carries: List-Id (RFC 2919), and List-Unsubscribe
 * with List-Unsubscribe-Post (RFC 8058), which let mailbox providers offer one-click unsubscribe.
 */
export function listHeaders(input: ListHeaderInput): Record<string, string> {
  assertHeaderText('list name', input.listName);
  if (!LIST_ID.test(input.listId)) {
    throw new ValidationError('list id', `"${input.listId}" must look like weekly.example.com`);
  }
  assertUnsubscribeUrl(input.unsubscribeUrl);
  return {
    'List-Id': `${encodePhrase(input.listName.trim())} <${input.listId}>`,
    'List-Unsubscribe': `<${input.unsubscribeUrl}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
