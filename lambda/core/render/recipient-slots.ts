import { randomBytes } from 'node:crypto';
import { TemplateError } from '../errors';
import { escapeHtml } from './escape-html';
import type { TemplateFunction } from './handlebars-template';
import type { IssueView, ListView, RecipientView } from './types';

type RecipientField = keyof RecipientView;

/** Where a recipient's value goes, and whether the template escaped it there. */
interface RecipientSlot {
  readonly field: RecipientField;
  readonly escaped: boolean;
}

/** A part rendered once for the whole issue, with the recipient's values left open. */
export type OpenPart = readonly (string | RecipientSlot)[];

/** Whether the recipient has a name decides which branches render, so a part has two forms. */
export interface OpenParts {
  readonly named: OpenPart;
  readonly anonymous: OpenPart;
}

/** Values that escaping would change, so a slot that is escaped differently shows up. */
const PROBE_URL = 'https://probe.invalid/unsubscribe?token=a&b=<c>';
const PROBES: readonly RecipientView[] = [
  { name: `Probe & <Name> "q" 'a' \`b\` =`, unsubscribeUrl: PROBE_URL },
  { name: null, unsubscribeUrl: PROBE_URL },
];

function fillOpenPart(part: OpenPart, recipient: RecipientView): string {
  let filled = '';
  for (const piece of part) {
    if (typeof piece === 'string') filled += piece;
    else {
      const value = recipient[piece.field] ?? '';
      filled += piece.escaped ? escapeHtml(value) : value;
    }
  }
  return filled;
}

/**
 * Renders a part once per form (with and without a name), with placeholders for the recipient's
 * values, and cuts it at the placeholders. Then it checks the cut part against a real render
 * for sample recipients: a template that uses recipient fields in other ways (a length, a
 * comparison) is refused here rather than filled wrongly later.
 */
export function openRecipientSlots(
  render: TemplateFunction,
  shared: { readonly list: ListView; readonly issue: IssueView },
  file: string,
): OpenParts {
  const nonce = randomBytes(12).toString('hex');
  // A control character and a nonce no article contains; the "&" shows whether it was escaped.
  const placeholder = (field: RecipientField) => `\u0001${nonce}:${field}:&\u0001`;
  const pattern = new RegExp(`\u0001${nonce}:(name|unsubscribeUrl):(&amp;|&)\u0001`, 'g');
  const open = (name: string | null): OpenPart => {
    const rendered = render({
      ...shared,
      recipient: { name, unsubscribeUrl: placeholder('unsubscribeUrl') },
    });
    const part: (string | RecipientSlot)[] = [];
    let last = 0;
    for (const match of rendered.matchAll(pattern)) {
      part.push(rendered.slice(last, match.index));
      part.push({ field: match[1] as RecipientField, escaped: match[2] === '&amp;' });
      last = match.index + match[0].length;
    }
    part.push(rendered.slice(last));
    return part.filter((piece) => piece !== '');
  };
  const parts = { named: open(placeholder('name')), anonymous: open(null) };
  for (const probe of PROBES) {
    const expected = render({ ...shared, recipient: probe });
    if (fillOpenPart(probe.name ? parts.named : parts.anonymous, probe) !== expected) {
      throw new TemplateError(
        file,
        'uses recipient fields in a way that cannot be filled per recipient; use {{recipient.name}}, ' +
          '{{recipient.unsubscribeUrl}} and {{#if recipient.name}} as they are',
      );
    }
  }
  return parts;
}
