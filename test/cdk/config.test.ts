import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lambda/core/errors';
import { parseCron, readStackConfig, STACK_CONFIG_KEYS } from '../../lib/config';

const EXAMPLE_CONTEXT = JSON.parse(readFileSync('cdk.json', 'utf8')).context as Record<
  string,
  unknown
>;

/** Reads the config from the repository's example context with these keys changed. */
function configWith(changes: Record<string, unknown>) {
  const context = { ...EXAMPLE_CONTEXT, ...changes };
  return readStackConfig((key) => context[key], Object.keys(context));
}

/** The refusal of these changes, up to its example; 'taken' when they are good. */
function refusal(changes: Record<string, unknown>): string | undefined {
  try {
    configWith(changes);
  } catch (error) {
    return (error as Error).message.split('; example: ')[0];
  }
  return 'taken';
}

describe('the deployment configuration', () => {
  it('reads the example configuration kept in cdk.json', () => {
    const config = configWith({});

    expect(config).toMatchObject({
      stackName: 'Newsletter',
      fromAddress: 'news@example.com',
      senderDomain: 'example.com',
      schedule: 'cron(0 7 ? * MON *)',
      cron: { minute: '0', hour: '7', day: undefined, month: '*', weekDay: 'MON', year: '*' },
      timeZone: 'Europe/Berlin',
      sendRateCap: 14,
      deliverConcurrency: 2,
      stuckIssueHours: 6,
      schedulePeriodHours: 168,
      hostedZone: undefined,
    });
  });

  it('takes -c values, which arrive as strings', () => {
    const config = configWith({
      sendRateCap: '50',
      deliverConcurrency: '8',
      alarmEmail: '',
      stuckIssueHours: '3',
      schedulePeriodHours: '240',
    });

    expect(config.sendRateCap).toBe(50);
    expect(config.deliverConcurrency).toBe(8);
    expect(config.stuckIssueHours).toBe(3);
    expect(config.schedulePeriodHours).toBe(240);
    expect(config.alarmEmail).toBeUndefined();
  });

  it('shows what it was given, which the shell or cdk.json may have changed', () => {
    // A space typed around the value, or the shell's quoting, is only seen this way.
    expect(() => configWith({ fromAddress: ' news@example.com' })).toThrow(
      'Configuration fromAddress is invalid (must be written as news@example.com (nothing around it, an international domain in its xn-- form)): " news@example.com"; example: news@example.com',
    );
    expect(() => configWith({ replyTo: ['a@example.com'] })).toThrow(
      /^Configuration replyTo is invalid \(must be text, in quotes in cdk\.json\): \["a@example\.com"\]; example/,
    );
    // A long value is shortened.
    expect(() => configWith({ listId: `x${'.y'.repeat(200)}` })).toThrow(
      /\): "x(\.y){38}…"; example/,
    );
  });

  it('reads a -c number only as digits, as NEWSLETTER_SEND_RATE is read', () => {
    // Number() would take '0x10' as 16, '1e3' as 1000 and a blank as 0 ('Too small').
    for (const [key, value] of [
      ['deliverConcurrency', '0x10'],
      ['confirmationsPerHour', '1e3'],
      ['maxArticles', ' '],
      ['sendRateCap', '\t'],
      ['stuckIssueHours', true],
    ] as const) {
      expect(() => configWith({ [key]: value }), `${key}=${value}`).toThrow(
        new RegExp(`^Configuration ${key} is invalid \\(must be a number written in digits\\)`),
      );
    }
    expect(
      configWith({ sendRateCap: '0.5', maxArticles: '7', feeds: 'https://a.example.com/f.xml' }),
    ).toMatchObject({
      sendRateCap: 0.5,
      maxArticles: 7,
    });
  });

  it('says what is wrong with a value of the wrong kind, as cdk.json or the shell gave it', () => {
    // A number, a switch or an object where text is wanted (cdk.json's JSON).
    expect(refusal({ listName: 42 })).toBe(
      'Configuration listName is invalid (must be text, in quotes in cdk.json): 42',
    );
    expect(refusal({ alarmEmail: true })).toBe(
      'Configuration alarmEmail is invalid (must be text, in quotes in cdk.json): true',
    );
    expect(refusal({ fromAddress: {} })).toMatch(
      /^Configuration fromAddress is invalid \(must be text/,
    );
    expect(refusal({ feeds: 42 })).toBe(
      'Configuration feeds is invalid (must be a list: a JSON array in cdk.json, or values separated by spaces or commas with -c): 42',
    );
    expect(refusal({ deliverConcurrency: 2.5 })).toBe(
      'Configuration deliverConcurrency is invalid (must be a whole number): 2.5',
    );
    // Only spaces: said as such, whatever the key checks.
    for (const key of [
      'listName',
      'postalAddress',
      'schedule',
      'timeZone',
      'archiveUrl',
      'stackName',
    ]) {
      expect(refusal({ [key]: '  ' }), key).toBe(
        `Configuration ${key} is invalid (is blank: write a value, or leave the key out): "  "`,
      );
    }
    // Spaces around a good value: said, with the value to write.
    expect(refusal({ stackName: ' Newsletter' })).toBe(
      'Configuration stackName is invalid (has spaces around it: write "Newsletter"): " Newsletter"',
    );
    expect(refusal({ hostedZoneId: 'Z0123456789ABCDEFGHIJ ' })).toMatch(
      /^Configuration hostedZoneId is invalid \(has spaces around it: write "Z0123456789ABCDEFGHIJ"\)/,
    );
    expect(refusal({ listId: '\tbriefing.example.com' })).toMatch(
      /^Configuration listId is invalid \(has spaces around it: write "briefing\.example\.com"\)/,
    );
    expect(refusal({ waf: ' true' })).toMatch(/\(has spaces around it: write "true"\)/);
    // A switch is true or false, not what a person may say for it.
    for (const value of ['yes', 'on', '1', 1, 'True']) {
      expect(refusal({ waf: value }), String(value)).toMatch(
        /^Configuration waf is invalid \(must be true or false\)/,
      );
    }
  });

  it('says a value out of range in the words of one who set it, with the bound', () => {
    const feeds = 'https://a.example.com/feed.xml';
    // Not zod's 'Too small: expected number to be >=1' or 'Invalid URL'.
    for (const [changes, said] of [
      [{ stuckIssueHours: '0' }, 'stuckIssueHours is invalid (must be at least 1): "0"'],
      [{ deliverConcurrency: 1001 }, 'deliverConcurrency is invalid (must be at most 1000): 1001'],
      [{ feeds, maxArticles: '50' }, 'maxArticles is invalid (must be at most 20): "50"'],
      [{ schedulePeriodHours: '1000' }, 'schedulePeriodHours is invalid (must be at most 744)'],
      [{ postalAddress: 'PO' }, 'postalAddress is invalid (must be at least 5 characters): "PO"'],
      [{ listName: 'n'.repeat(101) }, 'listName is invalid (must be at most 100 characters)'],
      [{ feeds: '[]' }, 'feeds is invalid (must list at least 1): "[]"'],
      [
        { feeds: Array.from({ length: 21 }, (_, n) => `${feeds}?n=${n}`) },
        'feeds is invalid (must list at most 20)',
      ],
      [
        { archiveUrl: 'archive.example.com' },
        'archiveUrl is invalid (must be a URL: http:// or https://, then the host): "archive.example.com"',
      ],
    ] as const) {
      expect(refusal(changes), JSON.stringify(changes)).toContain(`Configuration ${said}`);
    }
  });

  it('fails naming the missing key, with an example and where to set it', () => {
    expect(() => configWith({ fromAddress: undefined })).toThrow(
      new ConfigError(
        'fromAddress',
        'is missing; example: news@example.com (set "fromAddress" under "context" in cdk.json, or pass -c fromAddress=news@example.com)',
      ),
    );
  });

  it('refuses a feed listed twice, whose articles every digest would hold twice', () => {
    expect(() =>
      configWith({ feeds: 'https://blog.example.com/feed.xml https://blog.example.com/feed.xml' }),
    ).toThrow(
      /^Configuration feeds is invalid \(https:\/\/blog\.example\.com\/feed\.xml is listed twice\)/,
    );
    // Not a URL twice: said once as such, not a crash of the check for repeats.
    expect(() => configWith({ feeds: 'not-a-url not-a-url' })).toThrow(
      /^Configuration feeds is invalid \(must be http\(s\) URLs\)/,
    );
    expect(configWith({ feeds: 'https://a.example.com/feed.xml' }).feeds).toEqual([
      'https://a.example.com/feed.xml',
    ]);
  });

  it('refuses a feed the deployed functions never fetch, which would fail every run', () => {
    // Compose fetches from inside AWS: never a private, loopback or metadata address, nor a URL
    // carrying credentials. Said at synth, not by the ComposeDlq alarm after each scheduled run.
    for (const [feed, reason] of [
      ['http://10.0.0.5/feed.xml', 'private address 10.0.0.5'],
      ['http://192.168.1.20:8080/rss', 'private address 192.168.1.20'],
      ['http://127.0.0.1:3000/feed.xml', 'loopback address 127.0.0.1'],
      ['http://[::1]/feed.xml', 'loopback address ::1'],
      ['http://169.254.169.254/latest/meta-data', 'metadata address 169.254.169.254'],
      ['http://localhost:4000/feed.xml', 'localhost, a loopback address'],
      ['https://feeds.localhost/rss', 'feeds.localhost, a loopback address'],
      ['https://reader:s3cret@blog.example.com/feed.xml', 'it carries a user name or password'],
    ]) {
      expect(() => configWith({ feeds: `https://a.example.com/feed.xml ${feed}` }), feed).toThrow(
        `Configuration feeds is invalid (${feed} is never fetched by the deployed functions: ${reason}`,
      );
    }
    // Public addresses and names are fetched, whatever they resolve to at run time.
    const feeds = ['http://93.184.215.14/feed.xml', 'https://localhost.example.com/rss'];
    expect(configWith({ feeds }).feeds).toEqual(feeds);
  });

  it('takes a feed with a #fragment for the same feed, as the fragment is never fetched', () => {
    expect(() =>
      configWith({
        feeds: 'https://blog.example.com/feed.xml https://blog.example.com/feed.xml#latest',
      }),
    ).toThrow(
      /^Configuration feeds is invalid \(https:\/\/blog\.example\.com\/feed\.xml#latest is listed twice\)/,
    );
    expect(
      configWith({ feeds: 'https://a.example.com/feed?tag=x https://a.example.com/feed?tag=y' })
        .feeds,
    ).toHaveLength(2);
  });

  it('keeps the stack name short enough for its WAF stack, which adds Firewall to it', () => {
    // CloudFormation takes 128 characters; -c waf=true outside us-east-1 makes <name>Firewall.
    expect(configWith({ stackName: `N${'x'.repeat(119)}` }).stackName).toHaveLength(120);
    expect(() => configWith({ stackName: `N${'x'.repeat(120)}` })).toThrow(
      /^Configuration stackName is invalid \(must be at most 120 characters: its WAF stack is named <stackName>Firewall, in CloudFormation's 128\)/,
    );
    expect(() => configWith({ stackName: 'News_Prod' })).toThrow(
      /^Configuration stackName is invalid \(must start with a letter and hold only letters, digits and -\)/,
    );
  });

  it('fails naming an invalid key and what is wrong with it', () => {
    expect(() => configWith({ timeZone: 'Mars/Olympus' })).toThrow(
      'Configuration timeZone is invalid (must be an IANA time zone name): "Mars/Olympus"; example: Europe/Berlin (set "timeZone" under "context" in cdk.json, or pass -c timeZone=Europe/Berlin)',
    );
    expect(() => configWith({ schedule: '0 7 * * MON *' })).toThrow(
      /^Configuration schedule is invalid \(must have `\?` in exactly one of the day-of-month and day-of-week fields\): "0 7 \* \* MON \*"; example: cron\(0 7 \? \* MON \*\) .* -c schedule='cron\(0 7 \? \* MON \*\)'\)$/,
    );
    expect(() => configWith({ sendRateCap: 'fast' })).toThrow(
      /^Configuration sendRateCap is invalid/,
    );
    expect(() => configWith({ deliverConcurrency: 1 })).toThrow(
      /^Configuration deliverConcurrency is invalid \(must be at least 2\)/,
    );
  });

  it('checks the addresses as the mailer will when it sends, saying how to write them', () => {
    // An international top-level domain (.рф) is a domain; the mailer sends from it.
    expect(configWith({ fromAddress: 'news@example.xn--p1ai' }).senderDomain).toBe(
      'example.xn--p1ai',
    );
    expect(() => configWith({ fromAddress: 'news@bücher.example' })).toThrow(
      /^Configuration fromAddress is invalid \(must be written as news@xn--bcher-kva\.example/,
    );
    // The mailer refuses a label ending in '-' at every send; refused here now.
    expect(() => configWith({ replyTo: 'editor@mail-.example.com' })).toThrow(
      /^Configuration replyTo is invalid \(is not a valid email address: mail-\.example\.com is not a domain name\)/,
    );
    expect(() => configWith({ alarmEmail: 'ops@Bücher.example' })).toThrow(
      /^Configuration alarmEmail is invalid \(must be written as ops@xn--bcher-kva\.example/,
    );
    expect(
      configWith({ replyTo: 'Editor@Example.com', alarmEmail: "o'neil@example.com" }),
    ).toMatchObject({
      replyTo: 'Editor@Example.com',
      alarmEmail: "o'neil@example.com",
    });
  });

  it('keeps the sender inside the SES domain identity', () => {
    expect(configWith({ fromAddress: 'news@mail.example.com' }).senderDomain).toBe(
      'mail.example.com',
    );
    expect(
      configWith({ fromAddress: 'news@mail.example.com', senderDomain: 'example.com' })
        .senderDomain,
    ).toBe('example.com');
    expect(() =>
      configWith({ fromAddress: 'news@example.org', senderDomain: 'example.com' }),
    ).toThrow(
      /^Configuration fromAddress is invalid \(must be an address at example\.com \(senderDomain\) or one of its subdomains\)/,
    );
  });

  it('puts the DKIM records in a hosted zone of the sender domain or a parent of it', () => {
    expect(
      configWith({
        fromAddress: 'news@mail.example.com',
        hostedZoneId: 'Z0123456789ABC',
        hostedZoneName: 'example.com',
      }).hostedZone,
    ).toEqual({ hostedZoneId: 'Z0123456789ABC', zoneName: 'example.com' });
    expect(configWith({ hostedZoneId: 'Z0123456789ABC' }).hostedZone?.zoneName).toBe('example.com');
    expect(() =>
      configWith({ hostedZoneId: 'Z0123456789ABC', hostedZoneName: 'example.net' }),
    ).toThrow(
      /^Configuration hostedZoneName is invalid \(must be example\.com or a parent domain of it\)/,
    );
    expect(() => configWith({ hostedZoneName: 'example.com' })).toThrow(
      /^Configuration hostedZoneId is missing; example: Z0123456789ABCDEFGHIJ/,
    );
  });

  it('says how to write a name or id copied from Route 53, the console or a browser', () => {
    const zone = { hostedZoneId: 'Z0123456789ABC' };
    for (const [changes, key, said] of [
      // aws route53 list-hosted-zones writes both so.
      [{ hostedZoneId: '/hostedzone/Z0123456789ABC' }, 'hostedZoneId', 'write "Z0123456789ABC"'],
      [{ ...zone, hostedZoneName: 'example.com.' }, 'hostedZoneName', 'write "example.com"'],
      [{ senderDomain: 'Example.com.' }, 'senderDomain', 'write "example.com"'],
      [
        { ...zone, apiDomainName: 'https://news.example.com/' },
        'apiDomainName',
        'write "news.example.com"',
      ],
      [
        { ...zone, archiveDomainName: 'archive.example.com/issues' },
        'archiveDomainName',
        'write "archive.example.com"',
      ],
    ] as const) {
      expect(() => configWith(changes), key).toThrow(
        `Configuration ${key} is invalid (must be the ${key === 'hostedZoneId' ? 'id' : 'name'} alone: ${said})`,
      );
    }
    // What is no domain at all is said as such.
    expect(() => configWith({ senderDomain: 'example' })).toThrow(
      /^Configuration senderDomain is invalid \(must be a domain name\): "example"/,
    );
  });

  it('says a value good in another case is to be written in that case', () => {
    expect(() => configWith({ listId: 'Briefing.Example.com' })).toThrow(
      /^Configuration listId is invalid \(is in the wrong case: write "briefing\.example\.com"\): "Briefing\.Example\.com"/,
    );
    expect(() => configWith({ hostedZoneId: 'z0123456789abc' })).toThrow(
      /^Configuration hostedZoneId is invalid \(is in the wrong case: write "Z0123456789ABC"\)/,
    );
    // A value no case makes good is told what it must be.
    expect(() => configWith({ listId: 'Briefing' })).toThrow(
      /^Configuration listId is invalid \(must look like weekly\.example\.com/,
    );
  });

  it('refuses the archive and the subscription API on one domain name', () => {
    const inZone = { hostedZoneId: 'Z0123456789ABC', apiDomainName: 'news.example.com' };
    // Both would make the alias records news.example.com: CloudFormation refuses the second.
    expect(() => configWith({ ...inZone, archiveDomainName: 'News.example.com' })).toThrow(
      /^Configuration archiveDomainName is invalid \(must not be apiDomainName, news\.example\.com: each needs a name of its own\): "News\.example\.com"; example: archive\.example\.com/,
    );
    // Every "view in browser" link would go to the subscription API.
    expect(() => configWith({ ...inZone, archiveUrl: 'https://news.example.com/issues' })).toThrow(
      /^Configuration archiveUrl is invalid \(must not be on apiDomainName, news\.example\.com: each needs a name of its own\)/,
    );
    expect(
      configWith({
        ...inZone,
        archiveDomainName: 'archive.example.com',
        archiveUrl: 'https://archive.example.com',
      }).archiveDomainName,
    ).toBe('archive.example.com');
  });

  it('refuses a key that does nothing without the one it belongs to, as hostedZoneName does', () => {
    // Each would pass over its value without a word: a certificate unused, a limit unset.
    expect(() =>
      configWith({ archiveCertificateArn: STACK_CONFIG_KEYS.archiveCertificateArn.example }),
    ).toThrow(
      /^Configuration archiveDomainName is needed with archiveCertificateArn \(which does nothing without it\); example: archive\.example\.com /,
    );
    expect(() => configWith({ wafSubscribeRateLimit: '50' })).toThrow(
      /^Configuration waf is needed with wafSubscribeRateLimit \(which does nothing without it\); example: true /,
    );
    expect(() => configWith({ maxArticles: 10 })).toThrow(
      /^Configuration feeds is needed with maxArticles \(which does nothing without it\); example: https:\/\/blog\.example\.com\/feed\.xml /,
    );
    expect(
      configWith({ feeds: 'https://a.example.com/feed.xml', maxArticles: 10 }).maxArticles,
    ).toBe(10);
  });

  it('takes a switch turned off by hand with the keys that tune it still set', () => {
    // cdk.json keeps a tuned limit while `-c waf=false` (or "waf": false) turns WAF off for a
    // while: that is the operator's word, and the limit is back in force when WAF is.
    for (const waf of [false, 'false']) {
      expect(configWith({ waf, wafSubscribeRateLimit: '50' })).toMatchObject({
        waf: false,
        wafSubscribeRateLimit: 50,
      });
    }
  });

  it('refuses a domain too long for the certificate the stack makes for it', () => {
    // ACM takes 64 characters at most; CDK stopped synth with a stack trace past that.
    const long = `${'d'.repeat(53)}.example.com`;
    expect(long).toHaveLength(65);
    expect(() => configWith({ hostedZoneId: 'Z0123456789ABC', apiDomainName: long })).toThrow(
      /^Configuration apiDomainName is invalid \(must be at most 64 characters, as its certificate's name is in ACM\): "d{53}\.example\.com"/,
    );
    expect(() => configWith({ hostedZoneId: 'Z0123456789ABC', archiveDomainName: long })).toThrow(
      /^Configuration archiveDomainName is invalid \(must be at most 64 characters, as its certificate's name is in ACM\)/,
    );
    // A certificate of the operator's own (a wildcard one) is not made here.
    expect(
      configWith({
        archiveDomainName: long,
        archiveCertificateArn: STACK_CONFIG_KEYS.archiveCertificateArn.example,
      }).archiveDomainName,
    ).toBe(long);
    expect(
      configWith({ hostedZoneId: 'Z0123456789ABC', apiDomainName: long.slice(1) }).apiDomainName,
    ).toHaveLength(64);
  });

  it('turns WAF on with true (cdk.json) or "true" (-c), with 100 sign-ups per IP in 5 minutes unless told', () => {
    expect(configWith({})).toMatchObject({ waf: false, wafSubscribeRateLimit: 100 });
    expect(configWith({ waf: true }).waf).toBe(true);
    expect(configWith({ waf: 'true', wafSubscribeRateLimit: '30' })).toMatchObject({
      waf: true,
      wafSubscribeRateLimit: 30,
    });
    expect(configWith({ waf: 'false' }).waf).toBe(false);
    expect(() => configWith({ waf: 'yes' })).toThrow(
      /^Configuration waf is invalid \(must be true or false\): "yes"; example: true/,
    );
    // WAF's rate-based rules take no limit below 10.
    expect(() => configWith({ wafSubscribeRateLimit: '5' })).toThrow(
      /^Configuration wafSubscribeRateLimit is invalid \(must be at least 10\)/,
    );
  });

  it('writes the time zone as EventBridge Scheduler knows it, whatever its case', () => {
    // Node reads time zone names in any case; Scheduler's reference writes them as the tz database does.
    expect(configWith({ timeZone: 'europe/berlin' }).timeZone).toBe('Europe/Berlin');
    expect(configWith({ timeZone: 'Europe/berlin' }).timeZone).toBe('Europe/Berlin');
    expect(configWith({ timeZone: 'america/buenos_aires' }).timeZone).toBe('America/Buenos_Aires');
    expect(configWith({ timeZone: 'us/eastern' }).timeZone).toBe('America/New_York');
    // Another of a zone's names, written as the tz database writes it, stays as written.
    for (const name of ['Asia/Kolkata', 'US/Eastern', 'America/Argentina/Buenos_Aires', 'UTC']) {
      expect(configWith({ timeZone: name }).timeZone).toBe(name);
    }
  });

  it('takes every name of the tz database, not only Area/City ones', () => {
    // Scheduler takes IANA names; the database's legacy and Etc names are as good as Area/City.
    for (const name of ['CET', 'EST', 'GMT', 'EST5EDT', 'Etc/GMT+5', 'Etc/UTC', 'Japan', 'NZ']) {
      expect(configWith({ timeZone: name }).timeZone, name).toBe(name);
    }
    // In another case, Node's name for the zone, as for 'us/eastern'.
    expect(configWith({ timeZone: 'etc/gmt+5' }).timeZone).toBe('Etc/GMT+5');
    expect(configWith({ timeZone: 'est5edt' }).timeZone).toBe('America/New_York');
  });

  it('refuses what is no tz database name, with the name meant when there is one', () => {
    expect(() => configWith({ timeZone: 'Europe/Berln' })).toThrow(
      /^Configuration timeZone is invalid \(must be an IANA time zone name: did you mean Europe\/Berlin\?\): "Europe\/Berln"/,
    );
    expect(() => configWith({ timeZone: 'America/New York' })).toThrow(
      /\(must be an IANA time zone name: did you mean America\/New_York\?\)/,
    );
    // Java's abbreviations, which Node's ICU adds to the database: BST is Dhaka's, not London's.
    expect(() => configWith({ timeZone: 'BST' })).toThrow(
      /^Configuration timeZone is invalid \(must be an IANA time zone name: BST is not in the tz database \(Node's ICU adds it, as Asia\/Dhaka\); write the zone's Area\/City name\)/,
    );
    for (const name of ['IST', 'pst', 'SystemV/EST5', 'GMT+5', '+05:00', 'Etc/GMT+13']) {
      expect(() => configWith({ timeZone: name }), name).toThrow(
        /^Configuration timeZone is invalid \(must be an IANA time zone name/,
      );
    }
  });

  it('derives the hours between two runs from the schedule, for the idle alarm', () => {
    const periodOf = (schedule: string) => configWith({ schedule }).schedulePeriodHours;
    expect(periodOf('cron(0 7 ? * MON *)')).toBe(168);
    expect(periodOf('cron(30 6 * * ? *)')).toBe(24);
    // The longest wait: Friday to Monday, Thursday evening to Monday morning.
    expect(periodOf('cron(0 7 ? * MON-FRI *)')).toBe(72);
    expect(periodOf('cron(0 7,19 ? * MON,THU *)')).toBe(84);
    expect(periodOf('cron(0/30 8-17 ? * 2-6 *)')).toBe(63);
    // A month of 31 days; the first Monday of two months may be five weeks apart.
    expect(periodOf('cron(0 7 1 * ? *)')).toBe(744);
    expect(periodOf('cron(0 7 ? * MON#1 *)')).toBe(840);
    expect(periodOf('cron(0 7 L * ? *)')).toBe(744);
    expect(periodOf('cron(0 7 ? * 6L *)')).toBe(840);
    // Years to come: counted from the first of them, not from today.
    const later = new Date().getUTCFullYear() + 4;
    expect(periodOf(`cron(0 7 ? * MON ${later}-${later + 1})`)).toBe(168);
  });

  it('refuses a schedulePeriodHours shorter than the wait between runs, as the idle alarm would go off on time', () => {
    expect(() => configWith({ schedulePeriodHours: 24 })).toThrow(
      /^Configuration schedulePeriodHours is invalid \(is 24 h, but the schedule cron\(0 7 \? \* MON \*\) waits up to 168 h between two runs: the idle alarm would go off while issues go out on time; leave it out to have it derived, or set 168 or more\): 24;/,
    );
    // Longer is the operator's choice: the alarm waits longer.
    expect(configWith({ schedulePeriodHours: '336' }).schedulePeriodHours).toBe(336);
    expect(
      configWith({ schedule: 'cron(0 7 * * ? *)', schedulePeriodHours: 24 }).schedulePeriodHours,
    ).toBe(24);
  });

  it('fails naming a misspelt key, which would leave the value in cdk.json in force', () => {
    // -c timezone=Europe/London would deploy with cdk.json's Europe/Berlin without a word.
    expect(() => configWith({ timezone: 'Europe/London' })).toThrow(
      'Configuration timezone is not a setting: did you mean timeZone? (set "timeZone" under "context" in cdk.json, or pass -c timeZone=Europe/Berlin)',
    );
    expect(() => configWith({ sendRatecap: '10' })).toThrow(
      /^Configuration sendRatecap is not a setting: did you mean sendRateCap\?/,
    );
    expect(() => configWith({ fromAdress: 'news@mine.example' })).toThrow(
      /did you mean fromAddress\?/,
    );
    expect(() => configWith({ 'deliver-concurrency': '4' })).toThrow(
      /did you mean deliverConcurrency\?/,
    );
    expect(() => configWith({ alarmsEmail: 'ops@example.com' })).toThrow(
      /did you mean alarmEmail\?/,
    );
    // CDK's own keys (cdk.json's feature flags, lookups, notices) and keys like no setting stay.
    expect(
      configWith({
        'acknowledged-issue-numbers': [34892],
        'hosted-zone:account=123456789012:domainName=example.com:region=eu-west-1': {},
        'aws:cdk:enable-path-metadata': true,
        team: 'newsroom',
      }).timeZone,
    ).toBe('Europe/Berlin');
  });

  it('fails naming the setting a key shortens or lengthens, whose cdk.json value would stay', () => {
    // -c archiveDomain=… or -c sendRate=5 deployed with cdk.json's values without a word.
    for (const [given, meant] of [
      ['archiveDomain', 'archiveDomainName'],
      ['sendRate', 'sendRateCap'],
      ['alarm', 'alarmEmail'],
      ['apiDomain', 'apiDomainName'],
      ['maxArticlesPerDigest', 'maxArticles'],
      ['scheduleExpression', 'schedule'],
      ['time-zone-name', 'timeZone'],
      ['schedulePeriod', 'schedulePeriodHours'],
    ] as const) {
      expect(() => configWith({ [given]: '5' }), given).toThrow(
        `Configuration ${given} is not a setting: did you mean ${meant}? (set "${meant}" under "context"`,
      );
    }
    // Shorter than five letters, or the start of several settings: no one setting is meant.
    expect(configWith({ from: 'x', list: 'x', archive: 'x', hosted: 'x' }).stackName).toBe(
      'Newsletter',
    );
  });

  it('fails on a region or account key, saying where the stack goes instead', () => {
    // -c region=eu-west-1 was passed over: the stack went to the credentials' region.
    for (const given of ['region', 'aws-region', 'Region']) {
      expect(() => configWith({ [given]: 'eu-west-1' }), given).toThrow(
        `Configuration ${given} is not a setting: the stack is deployed to the region of your AWS credentials; run with AWS_REGION=eu-west-1 (or a --profile in that region)`,
      );
    }
    expect(() => configWith({ account: '123456789012' })).toThrow(
      'Configuration account is not a setting: the stack is deployed to the account of your AWS credentials; run with the --profile of that account',
    );
  });

  it('has an example and a description for every key it reads', () => {
    for (const [key, { example, description }] of Object.entries(STACK_CONFIG_KEYS)) {
      expect(example, key).not.toBe('');
      expect(description, key).not.toBe('');
    }
  });
});

describe('a schedule expression', () => {
  it('is split into the fields of an EventBridge cron expression', () => {
    expect(parseCron('cron(30 6 1 * ? *)')).toEqual({
      minute: '30',
      hour: '6',
      day: '1',
      month: '*',
      weekDay: undefined,
      year: '*',
    });
    expect(parseCron('0 7 ? * MON-FRI *')).toMatchObject({ weekDay: 'MON-FRI', day: undefined });
    expect(parseCron('0 7 * * MON')).toMatch(
      /^must be an EventBridge cron expression with six fields/,
    );
  });

  it('is refused saying how to write it when it is written another way', () => {
    const sixFields = 'six fields (minutes hours day-of-month month day-of-week year)';
    for (const [schedule, said] of [
      // A Unix crontab line: five fields, no `?`.
      [
        '0 7 * * MON',
        `${sixFields}, not 5 (a crontab line: end it with a year field, *, put ? in one of the day fields, and count days of the week from SUN, 1`,
      ],
      ['cron(0 7 ? * MON * *)', `${sixFields}, not 7`],
      ['rate(7 days)', 'must be a cron expression: rate() and at() schedules are not taken'],
      [
        'at(2027-01-04T07:00:00)',
        'must be a cron expression: rate() and at() schedules are not taken',
      ],
      ['cron(0 7 ? * MON *', 'must be written cron( then its six fields, then )'],
      ['cron 0 7 ? * MON *', 'must be written cron( then its six fields, then )'],
    ] as const) {
      expect(parseCron(schedule), schedule).toContain(said);
    }
  });

  it('is refused at synth when EventBridge Scheduler would refuse it at deploy', () => {
    const refusals: [string, RegExp][] = [
      ['cron(60 9 ? * MON *)', /minute field: 60 is not 0 to 59/],
      ['cron(0 24 ? * MON *)', /hour field: 24 is not 0 to 23/],
      ['cron(0 9 32 * ? *)', /day-of-month field: 32 is not 1 to 31/],
      ['cron(0 9 ? 13 MON *)', /month field: 13 is not 1 to 12 or JAN to DEC/],
      ['cron(0 9 ? * MONDAY *)', /day-of-week field: MONDAY is not 1 to 7 or SUN to SAT/],
      ['cron(0 9 ? * 0 *)', /day-of-week field: 0 is not 1 to 7 or SUN to SAT/],
      ['cron(0 9 ? * MON 1969)', /year field: 1969 is not 1970 to 2199/],
      ['cron(? 9 ? * MON *)', /minute field: \? is not 0 to 59/],
      ['cron(0/0 9 ? * MON *)', /minute field: 0\/0 steps by 0/],
      ['cron(0 9 ? * MON#6 *)', /day-of-week field: MON#6 is not/],
      ['cron(0 9 ? * 2#1,6#3 *)', /day-of-week field: 2#1 must stand alone/],
      ['cron(0 9 ? * MON/2 *)', /day-of-week field: MON\/2 is not/],
      ['cron(0 9 ? * 1-8 *)', /day-of-week field: 8 is not/],
    ];
    for (const [schedule, reason] of refusals) {
      expect(parseCron(schedule), schedule).toMatch(reason);
    }
    // What EventBridge's reference allows stays allowed.
    for (const schedule of [
      'cron(0 7 ? * MON *)',
      'cron(*/15 6-18 ? * MON-FRI *)',
      'cron(1/10 * * * ? *)',
      'cron(0 9 L * ? *)',
      'cron(0 9 LW * ? *)',
      'cron(0 9 15W * ? *)',
      'cron(0 9 ? * 6L *)',
      'cron(0 9 ? * 3#2 *)',
      'cron(0 9 ? jan,jul,DEC fri 2026-2199)',
      'cron(0 22 1,15 * ? *)',
    ]) {
      expect(parseCron(schedule), schedule).toBeTypeOf('object');
    }
    expect(() => configWith({ schedule: 'cron(0 25 ? * MON *)' })).toThrow(
      /^Configuration schedule is invalid \(hour field: 25 is not 0 to 23\): "cron\(0 25 \? \* MON \*\)"; example: cron/,
    );
  });
});

describe('a schedule whose years are over', () => {
  it('is refused, as Scheduler takes it and it never runs', () => {
    expect(() => configWith({ schedule: 'cron(0 7 ? * MON 2020-2024)' })).toThrow(
      /^Configuration schedule is invalid \(year field: 2020-2024 is over: no issue would ever go out\)/,
    );
    expect(() => configWith({ schedule: 'cron(0 7 ? * MON 2021,2023)' })).toThrow(/is over/);
    expect(configWith({ schedule: 'cron(0 7 ? * MON 2024-2199)' }).cron.year).toBe('2024-2199');
    expect(configWith({ schedule: 'cron(0 7 ? * MON 2020/5)' }).cron.year).toBe('2020/5');
  });

  it('is refused when no date to come matches it, as it would never run either', () => {
    const next = new Date().getUTCFullYear() + 1;
    // Days no month has, or not that month: Scheduler takes them and never runs.
    for (const [schedule, days] of [
      ['cron(0 7 30 FEB ? *)', 'day-of-month 30 in month FEB'],
      ['cron(0 7 31 4,6,9,11 ? *)', 'day-of-month 31 in month 4,6,9,11'],
      // The year after a leap year has no 29 February, nor a fifth Monday in February.
      [`cron(0 7 29 2 ? ${next + 3 - ((next + 3) % 4) + 1})`, 'day-of-month 29 in month 2'],
      [`cron(0 7 ? 2 MON#5 ${next + 3 - ((next + 3) % 4) + 1})`, 'day-of-week MON#5 in month 2'],
    ] as const) {
      expect(() => configWith({ schedule }), schedule).toThrow(
        new RegExp(
          `^Configuration schedule is invalid \\(never runs: no date from today on is ${days.replace(/[#]/g, '\\$&')} in year \\S+: no issue would ever go out\\)`,
        ),
      );
    }
    // A run every four years, or once a year to come, is a run.
    expect(configWith({ schedule: 'cron(0 7 29 2 ? *)' }).schedule).toBe('cron(0 7 29 2 ? *)');
    expect(configWith({ schedule: `cron(0 7 1 1 ? ${next})` }).cron.year).toBe(String(next));
    expect(configWith({ schedule: 'cron(0 7 ? 2 MON#5 *)' }).cron.weekDay).toBe('MON#5');
  });
});

describe('synth without a sender', () => {
  it('fails with one line naming the key, not a stack trace', () => {
    const { fromAddress: _, ...context } = EXAMPLE_CONTEXT;
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bin/newsletter-app.ts'], {
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context) },
      encoding: 'utf8',
    });

    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      'Configuration fromAddress is missing; example: news@example.com (set "fromAddress" under "context" in cdk.json, or pass -c fromAddress=news@example.com)',
    );
  });
});
