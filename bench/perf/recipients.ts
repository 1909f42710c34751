import type { MessageRecipient } from '../../lambda/core/render/prepare-message';

/** Names of several scripts and lengths, so header encoding (plain, quoted, RFC 2047) varies. */
const FIRST_NAMES = ['Ann', 'José', 'Zoë', 'Mary-Jane', 'Øyvind', 'Li', 'Siobhán', 'Dmitri'];
const LAST_NAMES = ['Smith', "O'Neill", 'Müller', 'García Márquez', 'Nakamura', 'Kowalski'];
const DOMAINS = ['example.com', 'example.org', 'mail.example.net'];

/**
 * `count` distinct recipients, deterministic: ids and addresses unique, every other one without
 * a name (the two forms of the message), the named ones drawn from a mix of ASCII and accented
 * names.
 */
export function makeRecipients(count: number): MessageRecipient[] {
  return Array.from({ length: count }, (_, index) => {
    const named = index >> 1;
    const first = FIRST_NAMES[named % FIRST_NAMES.length] as string;
    const last = LAST_NAMES[Math.floor(named / FIRST_NAMES.length) % LAST_NAMES.length] as string;
    return {
      id: `bench-${index.toString(36).padStart(6, '0')}`,
      email: `reader.${index}@${DOMAINS[index % DOMAINS.length]}`,
      name: index % 2 === 0 ? null : `${first} ${last}`,
    };
  });
}
