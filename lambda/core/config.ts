import * as z from 'zod/mini';
import { showsNothing } from './article/words';
import { ConfigError } from './errors';
import { addressAsWrittenProblem } from './subscribers/email-address';
import { unusableInName } from './subscribers/subscriber-name';
import './validation';

/**
 * The longest base URL, as written (below): a token and a path still fit after it on one header
 * line (List-Unsubscribe: <…>, 998 octets, no space to fold at).
 */
const MAX_BASE_URL_LENGTH = 500;

/** A page's name as the last part of a path: index.html, feed.xml, signup.php. */
const PAGE_NAME = /\.(?:html?|xhtml|xml|php|aspx?|jsp)$/i;

/**
 * Whether a base URL names a page rather than the folder links go below: the archive's index or
 * the sign-up form's address copied from the browser, which made every link
 * `…/index.html/<issue>/index.html`.
 */
export function namesAPage(url: URL): boolean {
  return PAGE_NAME.test(url.pathname.slice(url.pathname.lastIndexOf('/') + 1));
}

/** Why a base URL that names a page is refused. */
export const PAGE_NOT_FOLDER =
  "must be the address of the folder the links go below, not of a page in it such as index.html: leave the page's name out";

/**
 * An http(s) base URL, kept without a trailing slash. Links are made from it by appending a path
 * ("/subscribe", "/<issue>/index.html"): so no query or fragment (they would come before the path)
 * and no credentials (every email and public page would carry them). Written as a browser sends
 * it (WHATWG URL): an international host in its xn-- form, other letters and spaces in the path
 * percent-encoded, since the unsubscribe link goes into a header that holds printable ASCII only;
 * and at most MAX_BASE_URL_LENGTH characters so written.
 */
const baseUrl = z.pipe(
  z.url({ protocol: /^https?$/ }).check(
    z.refine(
      (value) => {
        if (!URL.canParse(value)) return true; // z.url has said so
        const url = new URL(value);
        return !/[?#]/.test(value) && !url.username && !url.password;
      },
      { error: 'must be a base URL: no query, fragment, user name or password' },
    ),
    z.refine((value) => !URL.canParse(value) || !namesAPage(new URL(value)), {
      error: PAGE_NOT_FOLDER,
    }),
  ),
  z.pipe(
    z.transform((url: string) => new URL(url).href.replace(/\/+$/, '')),
    z.string().check(
      z.maxLength(MAX_BASE_URL_LENGTH, {
        error: `must be at most ${MAX_BASE_URL_LENGTH} characters written in ASCII (%XX and xn-- forms included)`,
      }),
    ),
  ),
);

const trimmed = (min: number, max: number) =>
  z.string().check(z.trim(), z.minLength(min), z.maxLength(max));

/**
 * A name shown in the From header: refused as a subscriber's name is (readSubscriberName), and
 * when it shows nothing (a Hangul filler, joiners alone), which a subscriber's is taken for none.
 */
const headerName = (min: number, max: number) =>
  trimmed(min, max).check(
    z.refine((name) => unusableInName(name) === undefined, {
      error: (issue) => unusableInName(String(issue.input)),
    }),
    z.refine((name) => !showsNothing(name), {
      error: 'shows nothing: write the name in letters',
    }),
  );

/**
 * A bare address, checked as the mailer checks it at every send (normaliseEmail, the one
 * validator) and written as it normalises: refused at synth or start, not at the first send.
 */
export const emailAddress = z.string().check(
  z.refine((address) => addressAsWrittenProblem(address) === undefined, {
    error: (issue) => addressAsWrittenProblem(String(issue.input)),
  }),
);

/** Whether Intl knows this time zone (a tz database name such as "Pacific/Auckland"). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * What the core needs to know about the list. Validated once (at cold start, process start or
 * synth) and passed down; nothing below reads the environment.
 */
export const newsletterConfigSchema = z.object({
  /** Shown in the email and in List-Id. Example: "Weekly Briefing". */
  listName: headerName(1, 100),
  /**
   * Stable machine id of the list, a domain-like string for List-Id. Example: "weekly.example.com".
   * RFC 2919 wants at least two labels and at most 255 octets; checked here, not at the first compose.
   */
  listId: z.string().check(
    z.regex(/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/, 'must look like weekly.example.com'),
    z.refine((id) => id.includes('.') && !id.includes('..'), {
      error: 'must look like weekly.example.com: labels joined by single dots, at least two',
    }),
    z.maxLength(255, { error: 'must look like weekly.example.com, in 255 characters at most' }),
  ),
  /** Sender address (bare). Example: "news@example.com". */
  fromAddress: emailAddress,
  /** Display name of the sender. Defaults to listName. */
  fromName: z.optional(headerName(1, 100)),
  replyTo: z.optional(emailAddress),
  /** CAN-SPAM: a valid physical postal address, shown in every footer. */
  postalAddress: trimmed(5, 300),
  /** Base URL of the subscription API (NEWSLETTER_PUBLIC_URL), no trailing slash. */
  publicUrl: baseUrl,
  /** Base URL where archived issues are served ("view in browser"); optional. */
  archiveUrl: z.optional(baseUrl),
  /**
   * The IANA time zone the list's issues go out in (the stack's schedule's): the archive dates
   * them in it. Example: "Europe/Berlin". UTC when left out.
   */
  timeZone: z.optional(
    z
      .string()
      .check(z.refine(isTimeZone, 'must be a time zone of the tz database, such as Europe/Berlin')),
  ),
  /**
   * NEWSLETTER_SEND_RATE: messages per second the whole list may send at most, locally and in
   * AWS alike. A run sends at the lower of this and SES's MaxSendRate (this alone when SES does
   * not report its quota); in AWS the deliver functions running at once share it equally
   * (lambda/core/delivery/delivery-run.ts, pacedRate).
   */
  sendRateCap: z
    .number({ error: 'must be a number of messages per second, written in digits' })
    .check(
      z.positive({ error: 'must be more than 0 messages per second' }),
      z.maximum(10_000, { error: 'must be at most 10000 messages per second' }),
    ),
});

export type NewsletterConfig = z.output<typeof newsletterConfigSchema>;
export type NewsletterConfigInput = z.input<typeof newsletterConfigSchema>;

/** One row of a configuration table: what the setting is and a good value for it. */
export interface SettingDescription {
  /** What it is and where it shows; generated into docs/configuration.md. */
  readonly description: string;
  /** A good value, quoted in error messages and the docs. */
  readonly example: string;
}

/**
 * The list's settings: the environment variable that carries each one (for handlers and the
 * local run), what it is and a good value. docs/configuration.md is generated from this table.
 */
export const CONFIG_SETTINGS = {
  listName: {
    variable: 'NEWSLETTER_LIST_NAME',
    description: 'shown in every email and in `List-Id`',
    example: 'Weekly Briefing',
  },
  listId: {
    variable: 'NEWSLETTER_LIST_ID',
    description:
      "the list's stable id (`List-Id`: lower-case labels joined by dots, at least two, 255 characters at most; binds the unsubscribe tokens)",
    example: 'weekly.example.com',
  },
  fromAddress: {
    variable: 'NEWSLETTER_FROM_ADDRESS',
    description: 'the sender address (an international domain written as xn--…)',
    example: 'news@example.com',
  },
  fromName: {
    variable: 'NEWSLETTER_FROM_NAME',
    description: "the sender's display name (default: the list's name)",
    example: 'Weekly Briefing',
  },
  replyTo: {
    variable: 'NEWSLETTER_REPLY_TO',
    description: 'where replies go (an international domain written as xn--…)',
    example: 'editor@example.com',
  },
  postalAddress: {
    variable: 'NEWSLETTER_POSTAL_ADDRESS',
    description: 'the physical postal address every footer shows (CAN-SPAM)',
    example: 'Example Media Ltd, 1 Example Street, Springfield, EX 12345, USA',
  },
  publicUrl: {
    variable: 'NEWSLETTER_PUBLIC_URL',
    description:
      "base URL of the subscription API (a folder's address, not a page's such as …/index.html or …/signup.php, which every link went below; no query, fragment or credentials; an international host or path is written in ASCII, as xn--… and %XX, at most 500 characters so): the unsubscribe and confirm links start here (the stack sets the API's URL)",
    example: 'https://abc123.execute-api.us-east-1.amazonaws.com',
  },
  archiveUrl: {
    variable: 'NEWSLETTER_ARCHIVE_URL',
    description:
      'base URL where archived issues are served (the address of a folder, not of a page such as …/archive/index.html, which every link went below; no query, fragment or credentials; written in ASCII as the public URL is, at most 500 characters); enables the "view in browser" link',
    example: 'https://news.example.com/issues',
  },
  timeZone: {
    variable: 'NEWSLETTER_TIME_ZONE',
    description:
      "the IANA time zone issues go out in, which the archive's index dates them in (the stack passes its schedule's `timeZone`; default UTC)",
    example: 'Europe/Berlin',
  },
  sendRateCap: {
    variable: 'NEWSLETTER_SEND_RATE',
    description:
      "messages per second the whole list sends at most, locally and in AWS: a run sends at the lower of this and SES's MaxSendRate (this alone when SES does not report its quota); the deliver functions running at once share it equally",
    example: '14',
  },
} as const satisfies Record<keyof NewsletterConfig, SettingDescription & { variable: string }>;

/** The variable of each row of a settings table: `{ key: 'NEWSLETTER_…' }`. */
export function variablesOf<T extends Record<string, { readonly variable: string }>>(
  table: T,
): { readonly [K in keyof T]: T[K]['variable'] } {
  const entries = Object.entries(table).map(([key, row]) => [key, row.variable]);
  return Object.fromEntries(entries) as { readonly [K in keyof T]: T[K]['variable'] };
}

/** Validates config; the first problem becomes a ConfigError naming the key and an example. */
export function parseNewsletterConfig(input: unknown): NewsletterConfig {
  const result = newsletterConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue?.path.join('.') || '(root)';
  const example = CONFIG_SETTINGS[key as keyof NewsletterConfig]?.example;
  const given =
    typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const problem =
    issue?.code === 'invalid_type' && given[key] === undefined
      ? 'is missing'
      : `is invalid (${issue?.message})`;
  throw new ConfigError(key, `${problem}${example ? `; example: ${example}` : ''}`);
}

/** A number as a person writes one ("14", "0.5"): Number() would also take "0x10" or " 1e3". */
export const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** The environment variable that carries each setting, for handlers and the local run. */
export const CONFIG_ENV = variablesOf(CONFIG_SETTINGS);

/**
 * Reads the config from environment variables (passed in: the core never touches process.env),
 * falling back to `defaults`. An invalid value is reported under its variable's name.
 */
export function configFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  defaults: Partial<NewsletterConfigInput> = {},
): NewsletterConfig {
  const input: Record<string, unknown> = { ...defaults };
  for (const [key, variable] of Object.entries(CONFIG_ENV)) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    input[key] = key === 'sendRateCap' ? (DECIMAL.test(value) ? Number(value) : Number.NaN) : value;
  }
  try {
    return parseNewsletterConfig(input);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const variable = CONFIG_ENV[error.key as keyof typeof CONFIG_ENV];
    if (variable === undefined) throw error;
    throw new ConfigError(variable, error.reason, {
      cause: error,
    });
  }
}
