import addresses from 'email-addresses';
import { ValidationError } from '../errors';

/** RFC 5321's limit on a forward path; longer addresses cannot be delivered. */
export const MAX_EMAIL_LENGTH = 254;

/**
 * Parses a bare address (addr-spec) with an RFC 5322 parser and returns it normalised: trimmed,
 * domain lower-cased (the local part is case-sensitive by the standard, so it is kept).
 * `where` names the field or CSV line in the error message.
 */
export function normaliseEmail(raw: string, where = 'email'): string {
  const input = raw.trim();
  if (input === '') throw new ValidationError(where, 'is empty');
  if (/[\r\n]/.test(raw)) throw new ValidationError(where, 'contains a line break');
  if (input.length > MAX_EMAIL_LENGTH) {
    throw new ValidationError(where, `is longer than ${MAX_EMAIL_LENGTH} characters`);
  }
  const parsed = addresses.parseOneAddress({ input, rejectTLD: true });
  if (parsed === null || parsed.type !== 'mailbox' || parsed.name !== null) {
    throw new ValidationError(where, 'is not a valid email address (expected name@example.com)');
  }
  if (parsed.domain.startsWith('[')) {
    throw new ValidationError(where, 'uses an IP-address domain, which cannot receive newsletters');
  }
  return `${parsed.local}@${parsed.domain.toLowerCase()}`;
}
