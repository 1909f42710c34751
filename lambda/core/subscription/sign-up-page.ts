/**
 * GET /subscribe: the hosted sign-up form. It posts to POST /subscribe on the same URL; other
 * sites can embed the same fields (docs/subscription-api.md).
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../render/escape-html';
import type { HttpResponse } from './http';
import { htmlPage, SEND_ONCE_SCRIPT } from './responses';

/**
 * A field people never see or fill (it is moved off-screen and out of the tab order); form-filling
 * bots do. A sign-up with it filled in gets the usual answer and nothing else happens.
 */
export const HONEYPOT_FIELD = 'homepage';

/** What the form says a person agrees to; `{list}` is the list's name. */
const CONSENT_TEXT =
  'By subscribing you agree to receive {list} by email. Every issue has a link to unsubscribe with one click, and your address is used for nothing else.';

/** How double opt-in works, said under the consent text. */
const DOUBLE_OPT_IN_TEXT =
  'We will email you a link to confirm: you are subscribed only once you open it (it works for 48 hours). If it does not arrive, check your spam folder.';

/** Changes whenever the consent text does, so each consent record names the text that was shown. */
const SIGN_UP_CONSENT_VERSION = `form-${createHash('sha256').update(CONSENT_TEXT).digest('hex').slice(0, 8)}`;

/** The `source` the hosted form records. */
const HOSTED_FORM_SOURCE = 'hosted-form';

/**
 * The sign-up form's link from the other pages. Relative: every route is a sibling of
 * /subscribe, wherever the API is mounted.
 */
export const SIGN_UP_HREF = 'subscribe';

/** A sign-up the form refused: shown again with what was typed, and why beside its field. */
export interface RefusedSignUp {
  readonly email: string;
  readonly name: string;
  /** The visible field the error is about; none: the error is shown above the form. */
  readonly field?: 'email' | 'name';
  readonly message: string;
}

/**
 * The form, empty (200), or filled in again with the error of a refused sign-up: 400, or the
 * `status` and `headers` given (429 with Retry-After).
 */
export function signUpPage(
  listName: string,
  refused?: RefusedSignUp,
  answer: { readonly status?: number; readonly headers?: Record<string, string> } = {},
): HttpResponse {
  return formPage(listName, refused, refused && { ...refused, error: true }, {
    status: answer.status ?? (refused ? 400 : 200),
    ...(answer.headers ? { headers: answer.headers } : {}),
  });
}

/**
 * The form filled in from a query string: a form sent with GET (embedded elsewhere without
 * `method="post"`) signs nobody up, as no GET changes anything, so it comes back filled in, to
 * be sent with one press.
 */
export function filledSignUpPage(
  listName: string,
  filled: { readonly email: string; readonly name: string },
): HttpResponse {
  const message = 'You are not subscribed yet: check your details and press Subscribe.';
  return formPage(listName, filled, { message, error: false }, { status: 200 });
}

function formPage(
  listName: string,
  filled: { readonly email: string; readonly name: string } | undefined,
  notice: (Pick<RefusedSignUp, 'field' | 'message'> & { readonly error: boolean }) | undefined,
  answer: { readonly status: number; readonly headers?: Record<string, string> },
): HttpResponse {
  const list = escapeHtml(listName);
  // A function, so a `$&` or `$'` in the list name is text, not a replacement pattern.
  const consentText = CONSENT_TEXT.replace('{list}', () => listName);
  const consent = escapeHtml(consentText);
  const noticeOf = (field?: 'email' | 'name') => {
    if (!notice || notice.field !== field) return [];
    const text = escapeHtml(notice.message);
    if (!notice.error) return [`<p id="form-note">${text}</p>`];
    return [`<p class="error" id="${field ?? 'form'}-error">${text}</p>`];
  };
  // The error is read with its field, which takes the focus so it is not missed.
  const state = (field: 'email' | 'name') =>
    (filled?.[field] ? ` value="${escapeHtml(filled[field])}"` : '') +
    (notice?.error && notice.field === field
      ? ` aria-invalid="true" aria-describedby="${field}-error" autofocus`
      : '');
  const main = [
    `<h1>Subscribe to ${list}</h1>`,
    ...noticeOf(undefined),
    '<form method="post" id="sign-up" aria-describedby="consent double-opt-in">',
    '<label for="email">Email address</label>',
    ...noticeOf('email'),
    `<input id="email" name="email" type="email" required maxlength="254" autocomplete="email" inputmode="email"${state('email')}>`,
    '<label for="name">Name (optional)</label>',
    ...noticeOf('name'),
    `<input id="name" name="name" type="text" maxlength="100" autocomplete="name" dir="auto"${state('name')}>`,
    `<div class="hp" aria-hidden="true"><label for="${HONEYPOT_FIELD}">Leave this field empty</label>`,
    `<input id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" type="text" tabindex="-1" autocomplete="off"></div>`,
    `<input type="hidden" name="consentVersion" value="${SIGN_UP_CONSENT_VERSION}">`,
    `<input type="hidden" name="source" value="${HOSTED_FORM_SOURCE}">`,
    `<p class="small" id="consent">${consent}</p>`,
    `<p class="small" id="double-opt-in">${DOUBLE_OPT_IN_TEXT}</p>`,
    '<button type="submit">Subscribe</button>',
    '</form>',
    `<script>${SEND_ONCE_SCRIPT}</script>`,
  ].join('\n');
  // htmlPage adds the list's name to the title.
  const title = notice?.error ? 'Error: Subscribe' : 'Subscribe';
  // In words, for a script that asks for JSON: what the form says.
  const message = [`Subscribe to ${listName}.`, notice?.message, consentText, DOUBLE_OPT_IN_TEXT]
    .filter((part) => part !== undefined)
    .join(' ');
  return { ...htmlPage(answer.status, { listName, title, main }, answer.headers), message };
}
