import { configFromEnvironment, type NewsletterConfig } from '../core/config';

/**
 * What the local run uses when no NEWSLETTER_* variable says otherwise: example.com values that
 * no real mailbox receives. `publicUrl` is where `newsletter api` listens.
 */
export const LOCAL_DEFAULTS = {
  listName: 'The Example Briefing',
  listId: 'briefing.example.com',
  fromAddress: 'newsletter@example.com',
  replyTo: 'editor@example.com',
  postalAddress: 'Example Media Ltd, 1 Example Street, Springfield, EX 12345, USA',
  publicUrl: 'http://127.0.0.1:8787',
  sendRateCap: 14,
};

export function loadLocalConfig(env: NodeJS.ProcessEnv = process.env): NewsletterConfig {
  return configFromEnvironment(env, LOCAL_DEFAULTS);
}
