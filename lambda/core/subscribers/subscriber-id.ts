import { createHmac } from 'node:crypto';

/**
 * The subscriber id: a keyed hash of the normalised address. The same address always maps to the
 * same id, so a second sign-up is a conditional-write conflict rather than a second row, and the
 * id can appear in logs and URLs without revealing the address. The address is lower-cased as a
 * whole for the id, because in practice mailbox providers treat local parts case-insensitively.
 */
export function subscriberIdFor(normalisedEmail: string, key: string): string {
  return createHmac('sha256', key)
    .update(`subscriber-id\0${normalisedEmail.toLowerCase()}`)
    .digest('base64url')
    .slice(0, 22);
}
