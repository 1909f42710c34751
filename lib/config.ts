/**
 * The deployment's configuration: read from cdk.json's "context" and `-c key=value`, validated
 * once before any construct is built. A missing or invalid value fails synth with a ConfigError
 * that names the key and shows a good value.
 */
import { isIP } from 'node:net';
import * as z from 'zod';
import en from 'zod/v4/locales/en.js';
import { classifyAddress } from '../lambda/adapters/http/address-guard';
import {
  CONFIG_SETTINGS,
  DECIMAL,
  emailAddress,
  newsletterConfigSchema,
  type SettingDescription,
} from '../lambda/core/config';
import { ConfigError } from '../lambda/core/errors';
import { DEFAULT_CONFIRMATIONS_PER_HOUR } from '../lambda/core/subscription/rate-limits';

/** A domain name in ASCII; an international top-level domain (.рф) in its xn-- form. */
const DOMAIN =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** An EventBridge cron field: digits, names and the characters * ? , - / L W #. */
const CRON_FIELD = /^[\w*?,/#-]+$/;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEK_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** What EventBridge's cron reference allows in each field (eb-cron-expressions.html). */
interface CronFieldRule {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  /** Names standing for min, min + 1, … */
  readonly names?: readonly string[];
  /** Whether `/` (increments) is allowed. */
  readonly steps: boolean;
  /** Whether one item of the field is a good use of its own wildcards (L, W, #). */
  readonly special?: (item: string, value: (text: string) => boolean) => boolean;
}

const CRON_FIELD_RULES: readonly CronFieldRule[] = [
  { label: 'minute', min: 0, max: 59, steps: true },
  { label: 'hour', min: 0, max: 23, steps: true },
  {
    label: 'day-of-month',
    min: 1,
    max: 31,
    steps: true,
    // L (the last day), LW (the last weekday), 15W (the weekday nearest the 15th).
    special: (item, value) =>
      item === 'L' || item === 'LW' || (/^\d+W$/.test(item) && value(item.slice(0, -1))),
  },
  { label: 'month', min: 1, max: 12, names: MONTHS, steps: true },
  {
    label: 'day-of-week',
    min: 1,
    max: 7,
    names: WEEK_DAYS,
    steps: false,
    // L (Saturday), 6L (the month's last Friday), 3#2 (its second Tuesday).
    special: (item, value) => {
      if (item === 'L') return true;
      if (/^\w+L$/.test(item)) return value(item.slice(0, -1));
      const nth = /^(\w+)#([1-5])$/.exec(item);
      return nth !== null && value(nth[1] ?? '');
    },
  },
  { label: 'year', min: 1970, max: 2199, steps: true },
];

/** Why EventBridge would refuse this field (`?` already handled), or undefined. */
function cronFieldProblem(field: string, rule: CronFieldRule): string | undefined {
  const range = `${rule.min} to ${rule.max}${rule.names ? ` or ${rule.names[0]} to ${rule.names.at(-1)}` : ''}`;
  const value = (text: string) => {
    if (rule.names?.includes(text)) return true;
    return /^\d+$/.test(text) && Number(text) >= rule.min && Number(text) <= rule.max;
  };
  const items = field.toUpperCase().split(',');
  for (const item of items) {
    if (item === '*') continue;
    if (rule.special?.(item, value)) {
      // EventBridge reads '3#1,6#3' as two expressions and refuses it.
      if (item.includes('#') && items.length > 1) return `${item} must stand alone`;
      continue;
    }
    const parts = /^(\*|\w+)(?:-(\w+))?(?:\/(\w+))?$/.exec(item);
    if (parts === null || (parts[3] !== undefined && !rule.steps)) return `${item} is not ${range}`;
    const [, start = '', end, step] = parts;
    for (const bound of [start, end]) {
      if (bound !== undefined && bound !== '*' && !value(bound)) return `${bound} is not ${range}`;
    }
    if (start === '*' && end !== undefined) return `${item} is not ${range}`;
    if (
      step !== undefined &&
      !(/^\d+$/.test(step) && Number(step) >= 1 && Number(step) <= rule.max)
    ) {
      return `${item} steps by ${step}, not by 1 to ${rule.max}`;
    }
  }
  return undefined;
}

/**
 * Whether every year a cron's year field names is before this one: Scheduler takes such a
 * schedule, which never runs. A step (`2020/5`) or `*` goes on.
 */
function yearsOver(year: string): boolean {
  if (/[*/]/.test(year)) return false;
  const thisYear = new Date().getUTCFullYear();
  return year.split(',').every((item) => Number(item.split('-').at(-1)) < thisYear);
}

export interface CronFields {
  readonly minute: string;
  readonly hour: string;
  /** Day of the month; undefined when it is `?` (the day of the week decides). */
  readonly day?: string;
  readonly month: string;
  /** Day of the week; undefined when it is `?`. */
  readonly weekDay?: string;
  readonly year: string;
}

/**
 * Splits `cron(0 7 ? * MON *)` into fields, each checked as EventBridge Scheduler checks it at
 * deploy (a value out of range, `?` outside the day fields): exactly one of day and week day
 * must be `?`.
 */
export function parseCron(expression: string): CronFields | string {
  const trimmed = expression.trim();
  if (/^(rate|at)\(/i.test(trimmed)) {
    return 'must be a cron expression: rate() and at() schedules are not taken (every day at 7:00 is cron(0 7 * * ? *))';
  }
  const inside = /^cron\((.*)\)$/.exec(trimmed)?.[1];
  if (inside === undefined && /^cron\b/i.test(trimmed)) {
    return 'must be written cron( then its six fields, then ), in lower case';
  }
  const fields = (inside ?? trimmed).trim().split(/\s+/);
  const six =
    'must be an EventBridge cron expression with six fields (minutes hours day-of-month month day-of-week year)';
  if (!fields.every((field) => CRON_FIELD.test(field))) return six;
  if (fields.length !== 6) {
    const crontab =
      fields.length === 5
        ? ' (a crontab line: end it with a year field, *, put ? in one of the day fields, and count days of the week from SUN, 1, or name them)'
        : '';
    return `${six}, not ${fields.length}${crontab}`;
  }
  const [minute = '', hour = '', day = '', month = '', weekDay = '', year = ''] = fields;
  if ((day === '?') === (weekDay === '?')) {
    return 'must have `?` in exactly one of the day-of-month and day-of-week fields';
  }
  for (const [index, field] of fields.entries()) {
    const rule = CRON_FIELD_RULES[index] as CronFieldRule;
    const problem =
      field === '?' && index % 2 === 0 && index > 0 ? undefined : cronFieldProblem(field, rule);
    if (problem !== undefined) return `${rule.label} field: ${problem}`;
  }
  return {
    minute,
    hour,
    day: day === '?' ? undefined : day,
    month,
    weekDay: weekDay === '?' ? undefined : weekDay,
    year,
  };
}

/** The numbers a field's plain items name (`*`, `5`, `MON-FRI`, `0/15`, `8-17/2`); L, W and # aside. */
function cronValues(field: string, rule: CronFieldRule): Set<number> {
  const value = (text: string) => {
    const named = rule.names?.indexOf(text) ?? -1;
    return named >= 0 ? rule.min + named : Number(text);
  };
  const values = new Set<number>();
  for (const item of field.toUpperCase().split(',')) {
    const parts = /^(\*|\d+|[A-Z]{3})(?:-(\d+|[A-Z]{3}))?(?:\/(\d+))?$/.exec(item);
    if (parts === null) continue;
    const [, start = '', end, step] = parts;
    const from = start === '*' ? rule.min : value(start);
    const to =
      start === '*' || (end === undefined && step !== undefined) ? rule.max : value(end ?? start);
    // A range may wrap (FRI-MON).
    const span = to >= from ? to - from : to - from + rule.max - rule.min + 1;
    for (let offset = 0; offset <= span; offset += Number(step ?? 1)) {
      values.add(((from - rule.min + offset) % (rule.max - rule.min + 1)) + rule.min);
    }
  }
  return values;
}

/** Days counted by the schedule's runs: 800 covers two years, so a yearly run shows its wait. */
const SCHEDULE_DAYS_LOOKED_AT = 800;

/** Milliseconds in a day. */
const DAY_MS = 86_400_000;

/** Whether a schedule runs on a date (read in UTC: only its year, month and day count). */
function runsOnDay(cron: CronFields): (date: Date) => boolean {
  const values = (field: string, index: number) =>
    cronValues(field, CRON_FIELD_RULES[index] as CronFieldRule);
  const days = values(cron.day ?? '?', 2);
  const months = values(cron.month, 3);
  const weekDays = values(cron.weekDay ?? '?', 4);
  const years = values(cron.year, 5);
  return (date) =>
    years.has(date.getUTCFullYear()) &&
    months.has(date.getUTCMonth() + 1) &&
    (cron.day === undefined
      ? weekDayRuns(cron.weekDay ?? '', weekDays, date)
      : dayRuns(cron.day, days, date));
}

/** Today's UTC midnight. */
function today(): number {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}

/**
 * Whether the schedule names a date from today to the last year its year field allows (2199 at
 * most): Scheduler takes 30 February, or a fifth Monday in February of a year that has none, and
 * never runs it. Today counts, whatever the hour: a run later today is a run.
 */
function runsAgain(cron: CronFields): boolean {
  const runs = runsOnDay(cron);
  const months = cronValues(cron.month, CRON_FIELD_RULES[3] as CronFieldRule);
  const years = cronValues(cron.year, CRON_FIELD_RULES[5] as CronFieldRule);
  const from = today();
  const thisYear = new Date(from).getUTCFullYear();
  for (const year of [...years].filter((year) => year >= thisYear)) {
    for (const month of months) {
      for (let day = 1; day <= 31; day++) {
        const date = new Date(Date.UTC(year, month - 1, day));
        if (date.getUTCMonth() !== month - 1) break;
        if (date.getTime() >= from && runs(date)) return true;
      }
    }
  }
  return false;
}

/**
 * The most hours the schedule waits between two runs (rounded up; read in its own time zone, as
 * Scheduler reads it, so a change of clocks may add or take away an hour), over two years from
 * today or from the first year to come its year field names; Infinity when it runs less than
 * twice in them.
 */
function longestWaitHours(cron: CronFields): number {
  const [minutes, hours] = [cron.minute, cron.hour].map((field, index) =>
    cronValues(field, CRON_FIELD_RULES[index] as CronFieldRule),
  );
  const years = cronValues(cron.year, CRON_FIELD_RULES[5] as CronFieldRule);
  const runs = runsOnDay(cron);
  const times = [...(hours ?? [])]
    .flatMap((hour) => [...(minutes ?? [])].map((minute) => hour * 60 + minute))
    .sort((a, b) => a - b);
  let longest = 0;
  for (const [index, time] of times.entries())
    longest = Math.max(longest, time - (times[index - 1] ?? time));
  const first = times[0] ?? 0;
  const last = times.at(-1) ?? 0;
  let lastDay: number | undefined;
  // From today, or from the first year to come the schedule names (2030-2031 runs weekly then).
  const thisYear = new Date().getUTCFullYear();
  const firstYear = Math.min(...[...years].filter((year) => year >= thisYear));
  const start = Math.max(today(), Number.isFinite(firstYear) ? Date.UTC(firstYear, 0, 1) : 0);
  for (let dayNumber = 0; dayNumber < SCHEDULE_DAYS_LOOKED_AT; dayNumber++) {
    if (!runs(new Date(start + dayNumber * DAY_MS))) continue;
    if (lastDay !== undefined)
      longest = Math.max(longest, (dayNumber - lastDay) * 1440 + first - last);
    lastDay = dayNumber;
  }
  if (lastDay === undefined || (longest === 0 && times.length < 2)) return Number.POSITIVE_INFINITY;
  return Math.ceil(longest / 60);
}

/** The date's day of the month and the month's last day, and whether a day is a weekday. */
function inMonth(date: Date) {
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  const weekDay = (day: number) => (date.getUTCDay() + day - date.getUTCDate() + 35) % 7;
  return { day: date.getUTCDate(), last, weekDay };
}

/** Whether the schedule's day-of-month field (15, L, LW, 15W) names this date. */
function dayRuns(field: string, values: ReadonlySet<number>, date: Date): boolean {
  const { day, last, weekDay } = inMonth(date);
  const nearestWeekDay = (wanted: number) => {
    const target = Math.min(wanted, last);
    const sunday = weekDay(target) === 0;
    const saturday = weekDay(target) === 6;
    if (saturday) return target === 1 ? 3 : target - 1;
    if (sunday) return target === last ? target - 2 : target + 1;
    return target;
  };
  return field
    .toUpperCase()
    .split(',')
    .some((item) =>
      item === 'L'
        ? day === last
        : item === 'LW'
          ? day === nearestWeekDay(last)
          : item.endsWith('W')
            ? day === nearestWeekDay(Number(item.slice(0, -1)))
            : values.has(day),
    );
}

/** Whether the schedule's day-of-week field (MON, L, 6L, 2#1; 1 is Sunday) names this date. */
function weekDayRuns(field: string, values: ReadonlySet<number>, date: Date): boolean {
  const { day, last } = inMonth(date);
  const today = date.getUTCDay() + 1;
  const rule = CRON_FIELD_RULES[4] as CronFieldRule;
  const number = (text: string) => [...cronValues(text, rule)][0];
  return field
    .toUpperCase()
    .split(',')
    .some((item) => {
      if (item === 'L') return today === 7;
      const nth = /^(\w+)#(\d)$/.exec(item);
      if (nth) return today === number(nth[1] ?? '') && Math.ceil(day / 7) === Number(nth[2]);
      if (/^\w+L$/.test(item)) return today === number(item.slice(0, -1)) && day + 7 > last;
      return values.has(today);
    });
}

/**
 * Names Node's ICU reads beside the tz database's: Java's old abbreviations (the database has
 * EST, MST and HST, not these) and the SystemV zones it dropped in 2020b. Scheduler promises
 * nothing for them, and they read otherwise than many mean (BST is Asia/Dhaka, IST Asia/Calcutta).
 * A closed set: ICU keeps it for Java, which froze it long ago; new zones come through Intl.
 */
const ICU_ONLY_ZONES = new Set(
  'ACT AET AGT ART AST BET BST CAT CNT CST CTT EAT ECT IET IST JST MIT NET NST PLT PNT PRT PST SST VST'.split(
    ' ',
  ),
);

/**
 * Why Scheduler would not take this time zone, or undefined: every name of the tz database as
 * Node knows it (Europe/Berlin, US/Eastern, CET, EST5EDT, Etc/GMT+5), not an offset (+05:00,
 * which a newer Node reads) or ICU's own additions; a slip is told the name it is nearest.
 */
function timeZoneProblem(name: string): string | undefined {
  const wanted = 'must be an IANA time zone name';
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    const folded = name.toLowerCase();
    let nearest: { zone: string; slips: number } | undefined;
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const slips = typingDistance(folded, zone.toLowerCase());
      if (slips <= 2 && slips < (nearest?.slips ?? 3)) nearest = { zone, slips };
    }
    return nearest === undefined ? wanted : `${wanted}: did you mean ${nearest.zone}?`;
  }
  if (!/^[A-Za-z][\w/+-]*$/.test(name)) return wanted;
  if (ICU_ONLY_ZONES.has(name.toUpperCase()) || /^systemv\//i.test(name)) {
    return `${wanted}: ${name} is not in the tz database (Node's ICU adds it, as ${resolved}); write the zone's Area/City name`;
  }
  return undefined;
}

/**
 * The name as the tz database writes it: Node reads one in any case, so 'europe/berlin' passed
 * synth, but Scheduler's reference lists the names as the database writes them and promises
 * nothing for another case (and there is no account to rehearse on). Node resolves a name to its
 * own choice among a zone's names (Asia/Kolkata is Asia/Calcutta), so another name of the zone is
 * kept as written when each part starts with a capital, as the database's names do; else
 * ('us/eastern') Node's is taken.
 */
function timeZoneAsWritten(name: string): string {
  const resolved = new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  if (resolved.toLowerCase() === name.toLowerCase()) return resolved;
  return name.split('/').every((part) => /^[A-Z]/.test(part)) ? name : resolved;
}

/** A list from cdk.json, or from `-c`: one URL, several separated by commas or spaces, or JSON. */
function listOfUrls(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  return trimmed.split(/[\s,]+/).filter((url) => url !== '');
}

/**
 * Why compose, which fetches from inside AWS, refuses this feed at every run (as its fetcher
 * does: lambda/adapters/http/address-guard.ts), or undefined. Only what synth can know: a name
 * is resolved at run time, but localhost and its subdomains are loopback (RFC 6761).
 */
function neverFetched(url: URL): string | undefined {
  if (url.username || url.password) return 'it carries a user name or password';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
  if (isIP(host) !== 0) {
    const kind = classifyAddress(host);
    return kind && `${kind} address ${host}; give a public address`;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return `${host}, a loopback address; give a public address`;
  }
  return undefined;
}

/**
 * A number, whether it comes from cdk.json (a number) or from `-c` (a string of digits, read as
 * NEWSLETTER_SEND_RATE is: not '0x10', '1e3' or a blank, which Number() takes).
 */
const numberFrom = (schema: z.core.$ZodType<number, number>) =>
  z.preprocess(
    (value) =>
      typeof value !== 'string' ? value : DECIMAL.test(value) ? Number(value) : Number.NaN,
    z.number({ error: 'must be a number written in digits' }).pipe(schema),
  );

/** A switch, whether it comes from cdk.json (a boolean) or from `-c` (`true` or `false`). */
const booleanFrom = z.preprocess(
  (value) => (value === 'true' ? true : value === 'false' ? false : value),
  z.boolean({ error: 'must be true or false' }),
);

/** A Route 53 hosted zone id. */
const HOSTED_ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

/**
 * A domain name, in lower case. One copied with a scheme or a path (from a browser) or a final
 * dot (as Route 53 writes zone names) is told the name alone.
 */
const domainName = z
  .string()
  .toLowerCase()
  .regex(DOMAIN, {
    error: (issue) => {
      const host = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/?#]*)/.exec(String(issue.input).toLowerCase());
      const name = host?.[1]?.replace(/\.$/, '') ?? '';
      return DOMAIN.test(name)
        ? `must be the name alone: write "${name}"`
        : 'must be a domain name';
    },
  });

/** The longest domain name an ACM certificate is made for. */
const MAX_CERTIFICATE_NAME_LENGTH = 64;

/** What CloudFormation takes as a stack name. */
const MAX_STACK_NAME_LENGTH = 128;

/** Added to the stack's name for its stack in us-east-1 (with waf, deployed elsewhere). */
export const FIREWALL_STACK_SUFFIX = 'Firewall';

/** The fewest requests a WAF rate-based rule may allow in its window. */
const WAF_MIN_RATE_LIMIT = 10;

/** The list's settings, validated as the functions validate them (lambda/core/config.ts). */
const { listName, listId, fromAddress, fromName, replyTo, postalAddress, archiveUrl, sendRateCap } =
  newsletterConfigSchema.shape;

export const stackConfigSchema = z
  .object({
    listName,
    listId,
    fromAddress,
    fromName,
    replyTo,
    postalAddress,
    archiveUrl,
    /** CloudFormation stack name. */
    stackName: z
      .string()
      .regex(
        /^[A-Za-z][A-Za-z0-9-]*$/,
        'must start with a letter and hold only letters, digits and -',
      )
      .max(
        MAX_STACK_NAME_LENGTH - FIREWALL_STACK_SUFFIX.length,
        `must be at most ${MAX_STACK_NAME_LENGTH - FIREWALL_STACK_SUFFIX.length} characters: its WAF stack is named <stackName>${FIREWALL_STACK_SUFFIX}, in CloudFormation's ${MAX_STACK_NAME_LENGTH}`,
      )
      .default('Newsletter'),
    /** The SES domain identity; fromAddress must be at it or a subdomain. @default fromAddress's domain */
    senderDomain: domainName.optional(),
    /** When the issue goes out: an EventBridge Scheduler cron expression. */
    schedule: z.string().superRefine((value, context) => {
      const cron = parseCron(value);
      const problem =
        typeof cron === 'string'
          ? cron
          : yearsOver(cron.year)
            ? `year field: ${cron.year} is over: no issue would ever go out`
            : runsAgain(cron)
              ? undefined
              : `never runs: no date from today on is ${
                  cron.day === undefined
                    ? `day-of-week ${cron.weekDay}`
                    : `day-of-month ${cron.day}`
                } in month ${cron.month} in year ${cron.year}: no issue would ever go out`;
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
    }),
    /** IANA time zone the schedule runs in (daylight saving time is followed). */
    timeZone: z
      .string()
      .superRefine((value, context) => {
        const problem = timeZoneProblem(value);
        if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
      })
      .transform(timeZoneAsWritten),
    sendRateCap: numberFrom(sendRateCap),
    /** Deliver functions running at once (SQS MaximumConcurrency, 2 to 1000). @default 2 */
    deliverConcurrency: numberFrom(z.number().int().min(2).max(1000)).default(2),
    /** Where alarms are emailed (the address must confirm the SNS subscription). */
    alarmEmail: z.optional(emailAddress),
    /** Hours an issue may stay `sending` or `paused` before an alarm goes off. @default 6 */
    stuckIssueHours: numberFrom(z.number().int().min(1).max(168)).default(6),
    /**
     * Hours between two scheduled runs (168 for weekly): the idle-newsletter alarm waits two.
     * @default the longest wait between two runs of the schedule
     */
    schedulePeriodHours: numberFrom(z.number().int().min(1).max(744)).optional(),
    /** Route 53 public hosted zone for the DKIM records; without it they become stack outputs. */
    hostedZoneId: z
      .string()
      .regex(HOSTED_ZONE_ID, {
        // aws route53 list-hosted-zones writes /hostedzone/Z….
        error: (issue) => {
          const id = String(issue.input).replace(/^\/hostedzone\//, '');
          return HOSTED_ZONE_ID.test(id)
            ? `must be the id alone: write "${id}"`
            : 'must be a hosted zone id';
        },
      })
      .optional(),
    /** The hosted zone's domain: senderDomain or a parent of it. @default senderDomain */
    hostedZoneName: domainName.optional(),
    /** Feeds each scheduled run makes a digest of: one URL or a list. */
    feeds: z
      .preprocess(
        listOfUrls,
        z
          .array(z.url({ protocol: /^https?$/, error: 'must be http(s) URLs' }))
          .min(1)
          .max(20)
          // Each digest would hold a repeated feed's articles twice.
          .superRefine((feeds, context) => {
            const seen = new Set<string>();
            for (const feed of feeds) {
              // Refinements run even when an item is no URL (reported as such already). A
              // #fragment is never sent: the same feed.
              const href = URL.canParse(feed) ? (new URL(feed).href.split('#')[0] ?? feed) : feed;
              if (seen.has(href))
                context.addIssue({ code: 'custom', message: `${feed} is listed twice` });
              seen.add(href);
              const unfetched = URL.canParse(feed) ? neverFetched(new URL(feed)) : undefined;
              if (unfetched !== undefined) {
                context.addIssue({
                  code: 'custom',
                  message: `${feed} is never fetched by the deployed functions: ${unfetched}`,
                });
              }
            }
          }),
      )
      .optional(),
    /** Articles in one digest at most. @default 5 */
    maxArticles: numberFrom(z.number().int().min(1).max(20)).default(5),
    /** The public archive's own domain name. @default the CloudFront name */
    archiveDomainName: domainName.optional(),
    /** A us-east-1 ACM certificate for archiveDomainName (a stack outside us-east-1 needs one). */
    archiveCertificateArn: z
      .string()
      .regex(
        /^arn:aws[\w-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/,
        'must be the ARN of an ACM certificate in us-east-1',
      )
      .optional(),
    /**
     * The subscription API's own domain (in the hosted zone of hostedZoneId): the stack adds its
     * certificate, custom domain, mapping and alias record, and every link uses it, so links in
     * sent emails survive the API being replaced. @default the API's execute-api URL
     */
    apiDomainName: domainName.optional(),
    /**
     * Confirmation emails the list sends an hour at most: past it none are sent and an alarm
     * goes off (someone is using the sign-up form to mail strangers). @default 200
     */
    confirmationsPerHour: numberFrom(z.number().int().min(1).max(1_000_000)).default(
      DEFAULT_CONFIRMATIONS_PER_HOUR,
    ),
    /** CloudFront with an AWS WAF rate-based rule in front of the subscription API. @default false */
    waf: booleanFrom.default(false),
    /** POST /subscribe requests one client IP may make in 5 minutes (with waf). @default 100 */
    wafSubscribeRateLimit: numberFrom(
      z.number().int().min(WAF_MIN_RATE_LIMIT).max(2_000_000_000),
    ).default(100),
  })
  .transform((config, context) => {
    const fromDomain = config.fromAddress.split('@')[1]?.toLowerCase() ?? '';
    const senderDomain = config.senderDomain ?? fromDomain;
    if (fromDomain !== senderDomain && !fromDomain.endsWith(`.${senderDomain}`)) {
      context.addIssue({
        code: 'custom',
        path: ['fromAddress'],
        message: `must be an address at ${senderDomain} (senderDomain) or one of its subdomains`,
      });
    }
    const hostedZoneName = config.hostedZoneName ?? senderDomain;
    if (
      config.hostedZoneName !== undefined &&
      senderDomain !== hostedZoneName &&
      !senderDomain.endsWith(`.${hostedZoneName}`)
    ) {
      context.addIssue({
        code: 'custom',
        path: ['hostedZoneName'],
        message: `must be ${senderDomain} or a parent domain of it`,
      });
    }
    const outsideZone = (domain: string | undefined) =>
      domain !== undefined && domain !== hostedZoneName && !domain.endsWith(`.${hostedZoneName}`);
    for (const key of ['archiveDomainName', 'apiDomainName'] as const) {
      // An archive domain without a zone of ours is served with archiveCertificateArn.
      if (key === 'archiveDomainName' && config.hostedZoneId === undefined) continue;
      if (outsideZone(config[key])) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `must be in the hosted zone ${hostedZoneName} (hostedZoneName)`,
        });
      }
    }
    // The stack makes a certificate for each (the archive's unless one is given): ACM takes a
    // name of 64 characters at most, and CDK's refusal comes as a stack trace.
    for (const key of ['apiDomainName', 'archiveDomainName'] as const) {
      const ownCertificate = key === 'archiveDomainName' && config.archiveCertificateArn;
      if ((config[key]?.length ?? 0) > MAX_CERTIFICATE_NAME_LENGTH && !ownCertificate) {
        context.addIssue({
          code: 'custom',
          path: [key],
          message: `must be at most ${MAX_CERTIFICATE_NAME_LENGTH} characters, as its certificate's name is in ACM`,
        });
      }
    }
    // The API's alias records take its name: the archive's records for it would be refused at
    // deploy, and links to an archive there would reach the API.
    const api = config.apiDomainName;
    if (api !== undefined && config.archiveDomainName === api) {
      context.addIssue({
        code: 'custom',
        path: ['archiveDomainName'],
        message: `must not be apiDomainName, ${api}: each needs a name of its own`,
      });
    }
    if (api !== undefined && config.archiveUrl && new URL(config.archiveUrl).hostname === api) {
      context.addIssue({
        code: 'custom',
        path: ['archiveUrl'],
        message: `must not be on apiDomainName, ${api}: each needs a name of its own`,
      });
    }
    if (config.apiDomainName !== undefined && config.hostedZoneId === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['hostedZoneId'],
        message: 'is needed with apiDomainName (its certificate and alias record go there)',
      });
    }
    if (config.hostedZoneName !== undefined && config.hostedZoneId === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['hostedZoneId'],
        message: 'is needed with hostedZoneName',
      });
    }
    const cron = parseCron(config.schedule) as CronFields;
    const wait = longestWaitHours(cron);
    const period = config.schedulePeriodHours;
    if (period !== undefined && Number.isFinite(wait) && period < wait) {
      context.addIssue({
        code: 'custom',
        path: ['schedulePeriodHours'],
        message: `is ${period} h, but the schedule ${config.schedule} waits up to ${wait} h between two runs: the idle alarm would go off while issues go out on time; leave it out to have it derived, or set ${wait} or more`,
      });
    }
    return {
      ...config,
      /** The schedule's fields (validated above). */
      cron,
      schedulePeriodHours: period ?? wait,
      senderDomain,
      hostedZone:
        config.hostedZoneId === undefined
          ? undefined
          : { hostedZoneId: config.hostedZoneId, zoneName: hostedZoneName },
    };
  });

export type StackConfig = z.output<typeof stackConfigSchema>;

/** The list's settings that are also context keys: what each is and a good value. */
const listKey = (key: keyof typeof CONFIG_SETTINGS): SettingDescription => ({
  description: CONFIG_SETTINGS[key].description,
  example: CONFIG_SETTINGS[key].example,
});

/**
 * The context keys: what each is and a good value (quoted in error messages). Whether a key is
 * required and its default come from stackConfigSchema; docs/configuration.md is generated from
 * both.
 */
export const STACK_CONFIG_KEYS = {
  fromAddress: {
    description:
      'the sender; must be at `senderDomain` or a subdomain of it, checked as the mailer checks it at every send (an international domain written as xn--…)',
    example: CONFIG_SETTINGS.fromAddress.example,
  },
  senderDomain: {
    description: 'the SES domain identity (DKIM-signed); default: the domain of `fromAddress`',
    example: 'example.com',
  },
  fromName: listKey('fromName'),
  replyTo: listKey('replyTo'),
  listName: listKey('listName'),
  listId: listKey('listId'),
  postalAddress: listKey('postalAddress'),
  schedule: {
    description:
      'when an issue goes out: an EventBridge cron expression (minutes 0-59, hours 0-23, day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 1-7 or SUN-SAT, year 1970-2199; `?` in exactly one of the two day fields), checked at synth as EventBridge Scheduler checks it at deploy (a `rate()` schedule or a five-field crontab line is told how to write it as one), and refused when it would never run: all its years past, or no date to come that it names (`30 FEB`, the 29th of February in a year that has none, `1 JAN` of this year after it)',
    example: 'cron(0 7 ? * MON *)',
  },
  timeZone: {
    description:
      'the IANA time zone the schedule is read in (daylight saving time is followed): any name of the tz database (`Europe/Berlin`, `US/Eastern`, `CET`, `EST5EDT`, `Etc/GMT+5`), not an offset or an abbreviation it lacks (`BST`, `IST`: Node reads them as Dhaka and Kolkata); written in any case, it goes to EventBridge Scheduler as the tz database writes it (`europe/berlin` is `Europe/Berlin`), and a misspelt name is told the one it is nearest',
    example: 'Europe/Berlin',
  },
  sendRateCap: {
    description:
      'messages per second at most; the deliver functions share the lower of this and your SES sending rate',
    example: CONFIG_SETTINGS.sendRateCap.example,
  },
  deliverConcurrency: {
    description: 'deliver functions running at once (SQS MaximumConcurrency, 2 to 1000)',
    example: '2',
  },
  alarmEmail: {
    description: 'alarms are emailed here (confirm the SNS subscription email)',
    example: 'ops@example.com',
  },
  stuckIssueHours: {
    description:
      'hours an issue may stay `sending` or `paused` before an alarm goes off (default 6)',
    example: '6',
  },
  schedulePeriodHours: {
    description:
      'hours between two scheduled runs; an alarm goes off when articles wait and no issue was sent for two of them (CloudWatch looks back 7 days at most, so a schedule with runs further apart has no such alarm). Default: the longest wait between two runs of `schedule` (168 for `cron(0 7 ? * MON *)`, 72 for Monday to Friday); a value below it is refused, as the alarm would go off while issues go out on time',
    example: '168',
  },
  hostedZoneId: {
    description:
      'Route 53 public hosted zone for the DKIM records; without it they become stack outputs',
    example: 'Z0123456789ABCDEFGHIJ',
  },
  hostedZoneName: {
    description:
      "that zone's domain: the sender domain or a parent of it (needs `hostedZoneId`); default: `senderDomain`",
    example: 'example.com',
  },
  archiveUrl: {
    description:
      'where the public archive is served (not on `apiDomainName`), for the "view in browser" links; default: the archive\'s CloudFront distribution (or `archiveDomainName`)',
    // Not news.example.com: that is apiDomainName's example, and the two need names of their own.
    example: 'https://archive.example.com',
  },
  feeds: {
    description:
      'RSS, Atom or JSON feeds each scheduled run makes one digest of (new items only), after sending the oldest unsent upload under articles/ as its own issue: one URL, or a list (each URL once: one differing only after `#` is the same feed); each at a public address, as compose fetches from AWS and never fetches a private, loopback or metadata IP address, `localhost` or a URL with a user name or password (refused at synth)',
    example: 'https://blog.example.com/feed.xml',
  },
  maxArticles: {
    description:
      "articles in one digest at most (1 to 20; only with `feeds`); newer items wait for the next run, and a feed's first run takes its newest, its older items taken as read",
    example: '5',
  },
  archiveDomainName: {
    description:
      "the public archive's own domain, not `apiDomainName` (64 characters at most unless `archiveCertificateArn` is given); with `hostedZoneId` a certificate and alias records are made (the stack must be in us-east-1, else give `archiveCertificateArn`)",
    example: 'archive.example.com',
  },
  archiveCertificateArn: {
    description:
      'an ACM certificate in us-east-1 for `archiveDomainName`, which it needs (CloudFront takes no other region)',
    example: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
  },
  stackName: {
    description: `the CloudFormation stack name (a letter, then letters, digits and -; at most ${MAX_STACK_NAME_LENGTH - FIREWALL_STACK_SUFFIX.length} characters, as \`waf\` outside us-east-1 adds a stack named \`<stackName>${FIREWALL_STACK_SUFFIX}\`)`,
    example: 'Newsletter',
  },
  apiDomainName: {
    description:
      "the subscription API's own domain (64 characters at most, as its certificate's), in the hosted zone of `hostedZoneId`: the stack adds its certificate, custom domain, mapping and alias record, and every link uses it; without it links use the execute-api URL, which changes if the API is replaced",
    example: 'news.example.com',
  },
  confirmationsPerHour: {
    description:
      'confirmation emails the list sends an hour at most; past it none are sent and an alarm goes off (someone may be using the sign-up form to mail strangers)',
    example: '200',
  },
  waf: {
    description:
      'put a CloudFront distribution with an AWS WAF web ACL in front of the subscription API: it blocks a client IP that sends more than `wafSubscribeRateLimit` sign-ups in 5 minutes, and every link uses the distribution (or `apiDomainName`, which then points at it); see docs/subscription-api.md',
    example: 'true',
  },
  wafSubscribeRateLimit: {
    description: `\`POST /subscribe\` requests one client IP may send in 5 minutes before WAF answers 429 (only with \`waf\`; at least ${WAF_MIN_RATE_LIMIT})`,
    example: '100',
  },
} as const satisfies Record<keyof z.input<typeof stackConfigSchema>, SettingDescription>;

type StackConfigKey = keyof typeof STACK_CONFIG_KEYS;

/** Keys that do nothing unless the second is set (true). */
const ONLY_WITH: readonly (readonly [StackConfigKey, StackConfigKey])[] = [
  ['archiveCertificateArn', 'archiveDomainName'],
  ['wafSubscribeRateLimit', 'waf'],
  ['maxArticles', 'feeds'],
];

/**
 * The setting a context key is a slip of the pen for (`timezone`, `sendRatecap`, `fromAdress`,
 * `deliver-concurrency`), or a shortening or lengthening of (`archiveDomain`, `sendRate`,
 * `scheduleExpression`), or undefined. CDK's own keys (`@aws-cdk/…`, `aws:cdk:…`, lookups) hold
 * a colon or start with `@`.
 */
function misspeltKey(given: string): StackConfigKey | undefined {
  if (given in STACK_CONFIG_KEYS || given.includes(':') || given.startsWith('@')) return undefined;
  const folded = given.toLowerCase().replace(/[^a-z0-9]/g, '');
  const keys = Object.keys(STACK_CONFIG_KEYS) as StackConfigKey[];
  const slip = keys.find((key) => {
    const wanted = key.toLowerCase();
    // One slip in a short key, two in a long one; none in `waf`, which many words are near.
    const slips = wanted.length >= 8 ? 2 : wanted.length >= 5 ? 1 : 0;
    return folded === wanted || typingDistance(folded, wanted) <= slips;
  });
  if (slip !== undefined) return slip;
  // The setting that shares the most letters with it from the start, one of the two holding the
  // other and the shorter five letters or more (`from`, `list` could be many); none on a tie.
  const [best, second] = keys
    .filter((key) => {
      const [shorter = '', longer = ''] = [folded, key.toLowerCase()].sort(
        (a, b) => a.length - b.length,
      );
      return shorter.length >= 5 && longer.startsWith(shorter);
    })
    .map((key) => ({ key, shared: Math.min(key.length, folded.length) }))
    .sort((a, b) => b.shared - a.shared);
  return best !== undefined && best.shared !== second?.shared ? best.key : undefined;
}

/** Letters added, dropped, changed or two swapped to make `a` into `b` (at most 3 is told). */
function typingDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  // Optimal string alignment: rows of the table, the one before last kept for swaps.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (previous[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (before[j - 2] ?? 0) + 1);
      }
      row.push(best);
    }
    before = previous;
    previous = row;
  }
  return previous[b.length] ?? 0;
}

/**
 * Where the stack goes instead, for a key naming its region or account (`-c region=eu-west-1`),
 * which CDK takes from the credentials (CDK_DEFAULT_REGION, CDK_DEFAULT_ACCOUNT): passed over, it
 * let the stack go elsewhere without a word. Undefined for any other key.
 */
function deployTarget(given: string, value: unknown): string | undefined {
  const folded = given.toLowerCase().replace(/[^a-z]/g, '');
  if (folded === 'region' || folded === 'awsregion') {
    const region =
      typeof value === 'string' && /^[a-z]{2}(-[a-z]+)+-\d$/.test(value) ? value : 'eu-west-1';
    return `the stack is deployed to the region of your AWS credentials; run with AWS_REGION=${region} (or a --profile in that region)`;
  }
  if (['account', 'awsaccount', 'accountid'].includes(folded)) {
    return 'the stack is deployed to the account of your AWS credentials; run with the --profile of that account';
  }
  return undefined;
}

/**
 * Reads the keys from a construct node's context: `(key) => app.node.tryGetContext(key)`, with
 * every key the context holds (`Object.keys(app.node.getAllContext())`) to find a misspelt one.
 */
export function readStackConfig(
  getContext: (key: string) => unknown,
  contextKeys: Iterable<string> = [],
): StackConfig {
  for (const given of contextKeys) {
    const target = deployTarget(given, getContext(given));
    if (target !== undefined) throw new ConfigError(given, `is not a setting: ${target}`);
    const key = misspeltKey(given);
    if (key === undefined) continue;
    // Refused, not passed over: the setting it was meant for would keep cdk.json's value.
    throw new ConfigError(given, `is not a setting: did you mean ${key}? (${whereToSet(key)})`);
  }
  const input: Record<string, unknown> = {};
  for (const key of Object.keys(STACK_CONFIG_KEYS)) {
    const value = getContext(key);
    // `-c key=` (empty) means "not set", like leaving the key out.
    if (value !== undefined && value !== null && value !== '') input[key] = value;
  }
  const result = stackConfigSchema.safeParse(input);
  if (result.success) {
    for (const [key, needed] of ONLY_WITH) {
      // Its value would be passed over without a word (as hostedZoneName's is refused above); a
      // switch given as false (`-c waf=false`) is that word, and keeps the keys tuning it for later.
      if (!(key in input) || needed in input) continue;
      throw new ConfigError(
        needed,
        `is needed with ${key} (which does nothing without it); example: ${STACK_CONFIG_KEYS[needed].example} (${whereToSet(needed)})`,
      );
    }
    return result.data;
  }
  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? '(root)');
  const example = STACK_CONFIG_KEYS[key as StackConfigKey]?.example ?? '';
  // What was given, as the app got it: a space or the shell's quoting shows only this way.
  const problem =
    key in input && issue !== undefined
      ? `is invalid (${valueProblem(issue, input, key)}): ${shown(input[key])}`
      : 'is missing';
  throw new ConfigError(key, `${problem}; example: ${example} (${whereToSet(key)})`);
}

/**
 * What is wrong with the key's value, in the words of one who wrote it: zod's 'expected string,
 * received number' as cdk.json's quotes, a blank as such, and spaces around a value that is good
 * without them (a key's own words, a custom issue, stand: they already say how to write it).
 */
function valueProblem(
  issue: z.core.$ZodIssue,
  input: Readonly<Record<string, unknown>>,
  key: string,
): string {
  const value = input[key];
  if (issue.code === 'invalid_type' && issue.expected === 'string') {
    return 'must be text, in quotes in cdk.json';
  }
  if (issue.code === 'invalid_type' && issue.expected === 'array') {
    return 'must be a list: a JSON array in cdk.json, or values separated by spaces or commas with -c';
  }
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'must be a whole number';
  if (typeof value !== 'string') return inPlainWords(issue);
  // A number's own words say it: digits.
  const number = issue.code === 'invalid_type' && issue.expected === 'number';
  const trimmed = value.trim();
  if (trimmed === '' && !number) return 'is blank: write a value, or leave the key out';
  if (issue.code === 'custom') return issue.message;
  // Whether the key would be taken with this value instead.
  const takes = (instead: string) =>
    instead !== value &&
    !stackConfigSchema
      .safeParse({ ...input, [key]: instead })
      .error?.issues.some((other) => other.path[0] === key);
  if (takes(trimmed)) return `has spaces around it: write ${JSON.stringify(trimmed)}`;
  // listId in lower case, a hosted zone id in upper case: told the value to write.
  const cased =
    issue.code === 'invalid_format'
      ? [value.toLowerCase(), value.toUpperCase()].find(takes)
      : undefined;
  if (cased !== undefined) return `is in the wrong case: write ${JSON.stringify(cased)}`;
  return inPlainWords(issue);
}

/** zod's English messages, to tell its own words from a key's. */
const ZOD_WORDS = en();

/**
 * An issue in the words of one who set the value: zod's own 'Too small: expected number to be
 * >=1' or 'Invalid URL' as the bound or the form wanted; a key's own message stands.
 */
function inPlainWords(issue: z.core.$ZodIssue): string {
  const own = ZOD_WORDS.localeError(issue as z.core.$ZodRawIssue);
  if (issue.message !== (typeof own === 'string' ? own : own?.message)) return issue.message;
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const small = issue.code === 'too_small';
    const bound = String(small ? issue.minimum : issue.maximum);
    const [verb, unit] =
      issue.origin === 'array'
        ? ['must list', '']
        : ['must be', issue.origin === 'string' ? ' characters' : ''];
    const side =
      issue.inclusive === false
        ? small
          ? 'more than'
          : 'less than'
        : small
          ? 'at least'
          : 'at most';
    return `${verb} ${side} ${bound}${unit}`;
  }
  if (issue.code === 'invalid_format' && issue.format === 'url') {
    return 'must be a URL: http:// or https://, then the host';
  }
  return issue.message;
}

/** A value as JSON (a string in quotes, so spaces show), shortened to 80 characters. */
function shown(value: unknown): string {
  const characters = [...(JSON.stringify(value) ?? String(value))];
  if (characters.length <= 80) return characters.join('');
  return `${characters.slice(0, 78).join('')}…${typeof value === 'string' ? '"' : ''}`;
}

function whereToSet(key: string): string {
  const example = STACK_CONFIG_KEYS[key as StackConfigKey]?.example ?? '';
  return `set "${key}" under "context" in cdk.json, or pass -c ${key}=${quoteForShell(example)}`;
}

function quoteForShell(value: string): string {
  return /^[\w@.:/+-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}
