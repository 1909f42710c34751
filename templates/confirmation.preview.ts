import type { ConfirmationView } from '../lambda/core/subscription/confirmation-email';

/** Sample data for previews of confirmation.mjml and confirmation.txt.hbs. */
export const previewData = {
  list: {
    name: 'Weekly Briefing',
    postalAddress: 'Example Media Ltd, 1 Example Street, Springfield, EX 12345, USA',
    publicUrl: 'https://news.example.com',
  },
  confirmation: {
    url: 'https://news.example.com/confirm?token=preview',
    expiresIn: '48 hours',
  },
} satisfies ConfirmationView;
