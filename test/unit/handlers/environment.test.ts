import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../lambda/core/errors';
import {
  bundledTemplatesDir,
  initialiseOnce,
  readEnvironment,
} from '../../../lambda/handlers/environment';

const LIST = {
  NEWSLETTER_LIST_NAME: 'Weekly Briefing',
  NEWSLETTER_LIST_ID: 'weekly.example.com',
  NEWSLETTER_FROM_ADDRESS: 'news@example.com',
  NEWSLETTER_POSTAL_ADDRESS: '1 Example Street, Springfield',
  NEWSLETTER_PUBLIC_URL: 'https://abc123.execute-api.us-east-1.amazonaws.com',
  NEWSLETTER_SEND_RATE: '14',
};

describe('reading a handler’s environment', () => {
  it('returns the settings asked for, typed, with the list configuration', () => {
    const env = readEnvironment(['tableName', 'deliverConcurrency'], {
      ...LIST,
      NEWSLETTER_TABLE: 'Newsletter-Table-1',
      NEWSLETTER_DELIVER_CONCURRENCY: '4',
    });

    expect(env.tableName).toBe('Newsletter-Table-1');
    expect(env.deliverConcurrency).toBe(4);
    expect(env.config).toMatchObject({ listId: 'weekly.example.com', sendRateCap: 14 });
  });

  it('names the variable that is missing', () => {
    expect(() => readEnvironment(['queueUrl'], LIST)).toThrow(
      new ConfigError(
        'NEWSLETTER_QUEUE_URL',
        'is not set; the stack sets it on every function that needs it',
      ),
    );
  });

  it('names the variable that is malformed and shows its value', () => {
    expect(() =>
      readEnvironment(['secretArn'], { ...LIST, NEWSLETTER_SECRET_ARN: 'my-secret' }),
    ).toThrow(
      'Configuration NEWSLETTER_SECRET_ARN is invalid (must be a Secrets Manager ARN): my-secret',
    );
  });

  it("reads the list's time zone, and refuses one the tz database lacks", () => {
    expect(readEnvironment([], LIST).config.timeZone).toBeUndefined();
    const zone = { ...LIST, NEWSLETTER_TIME_ZONE: 'Pacific/Auckland' };
    expect(readEnvironment([], zone).config.timeZone).toBe('Pacific/Auckland');
    expect(() => readEnvironment([], { ...LIST, NEWSLETTER_TIME_ZONE: 'Mars/Olympus' })).toThrow(
      /^Configuration NEWSLETTER_TIME_ZONE is invalid \(must be a time zone of the tz database/,
    );
  });

  it('reports a bad list setting under its variable', () => {
    expect(() => readEnvironment([], { ...LIST, NEWSLETTER_PUBLIC_URL: 'not a url' })).toThrow(
      /^Configuration NEWSLETTER_PUBLIC_URL is invalid/,
    );
  });

  // Links are these URLs plus a path ("/subscribe", "/<issue>/index.html"): a query or fragment
  // would come before the path, and credentials would be in every email and public page.
  it.each([
    ['NEWSLETTER_ARCHIVE_URL', 'https://news.example.com/issues?utm_source=email'],
    ['NEWSLETTER_ARCHIVE_URL', 'https://news.example.com/issues#top'],
    ['NEWSLETTER_PUBLIC_URL', 'https://api.example.com/?stage=prod'],
    ['NEWSLETTER_PUBLIC_URL', 'https://user:secret@api.example.com'],
  ])('refuses %s %j: its links would be broken or leak', (name, value) => {
    expect(() => readEnvironment([], { ...LIST, [name]: value })).toThrow(
      `Configuration ${name} is invalid (must be a base URL: no query, fragment, user name or password)`,
    );
  });

  // The address of a page copied for the folder's (the archive's index, the sign-up form): every
  // link went below the page, https://news.example.com/archive/index.html/<issue>/index.html.
  it.each([
    ['NEWSLETTER_ARCHIVE_URL', 'https://news.example.com/archive/index.html'],
    ['NEWSLETTER_ARCHIVE_URL', 'https://news.example.com/archive/feed.xml'],
    ['NEWSLETTER_PUBLIC_URL', 'https://api.example.com/signup.php'],
  ])('refuses %s %j, the address of a page: its links would go below the page', (name, value) => {
    expect(() => readEnvironment([], { ...LIST, [name]: value })).toThrow(
      `Configuration ${name} is invalid (must be the address of the folder the links go below, not of a page in it such as index.html: leave the page's name out)`,
    );
  });

  it('takes a base URL whose folder has a dot in its name', () => {
    const { config } = readEnvironment([], {
      ...LIST,
      NEWSLETTER_ARCHIVE_URL: 'https://news.example.com/v2.1',
    });
    expect(config.archiveUrl).toBe('https://news.example.com/v2.1');
  });

  // The unsubscribe link (publicUrl + path + token) goes into the List-Unsubscribe header, which
  // takes printable ASCII only: a host or path written in other letters made every message fail.
  it.each([
    ['https://bücher.example', 'https://xn--bcher-kva.example'],
    ['https://news.example.com/café news', 'https://news.example.com/caf%C3%A9%20news'],
    ['https://News.Example.com:443/Prod', 'https://news.example.com/Prod'],
  ])('writes NEWSLETTER_PUBLIC_URL %j in ASCII, as browsers send it: %j', (given, written) => {
    const env = readEnvironment([], {
      ...LIST,
      NEWSLETTER_PUBLIC_URL: given,
      NEWSLETTER_ARCHIVE_URL: `${given}/issues`,
    });
    expect(env.config.publicUrl).toBe(written);
    expect(env.config.archiveUrl).toBe(`${written}/issues`);
  });

  it('keeps an ASCII public or archive URL as written', () => {
    const given = 'https://abc123.execute-api.us-east-1.amazonaws.com/prod-v2/a%2Fb';
    const env = readEnvironment([], { ...LIST, NEWSLETTER_PUBLIC_URL: given });
    expect(env.config.publicUrl).toBe(given);
  });

  // List-Id (RFC 2919) is a dot-atom of at most 255 octets with at least one dot: an id without
  // one passed here and then made every issue fail at compose.
  it.each(['weekly', 'weekly..example.com', `${'w'.repeat(250)}.example.com`])(
    'refuses NEWSLETTER_LIST_ID %j, which List-Id cannot carry',
    (listId) => {
      expect(() => readEnvironment([], { ...LIST, NEWSLETTER_LIST_ID: listId })).toThrow(
        /^Configuration NEWSLETTER_LIST_ID is invalid \(must look like weekly\.example\.com/,
      );
    },
  );

  it('takes a list id of several labels with digits and hyphens', () => {
    for (const listId of ['news-2.example.co.uk', 'a.b', `${'w'.repeat(240)}.example.com`]) {
      expect(readEnvironment([], { ...LIST, NEWSLETTER_LIST_ID: listId }).config.listId).toBe(
        listId,
      );
    }
  });

  it.each(['NEWSLETTER_LIST_NAME', 'NEWSLETTER_FROM_NAME'])(
    'reports a line break in %s under its variable, not as a header of some message',
    (name) => {
      expect(() =>
        readEnvironment([], { ...LIST, [name]: 'Weekly\r\nBcc: x@example.com' }),
      ).toThrow(
        `Configuration ${name} is invalid (must be one line without control characters or invisible formatting characters such as bidi controls; it holds U+000D)`,
      );
    },
  );

  it.each(['NEWSLETTER_LIST_NAME', 'NEWSLETTER_FROM_NAME'])(
    'refuses a %s that shows nothing, which every From line and greeting would carry blank',
    (name) => {
      for (const blank of ['\u3164', '\u200D\u200C']) {
        expect(() => readEnvironment([], { ...LIST, [name]: blank })).toThrow(
          `Configuration ${name} is invalid (shows nothing: write the name in letters)`,
        );
      }
    },
  );

  it.each(['NEWSLETTER_LIST_NAME', 'NEWSLETTER_FROM_NAME'])(
    'refuses a bidi control in %s as in a subscriber name, naming the character',
    (name) => {
      expect(() => readEnvironment([], { ...LIST, [name]: 'Weekly \u202EgnifeirB' })).toThrow(
        `Configuration ${name} is invalid (must be one line without control characters or invisible formatting characters such as bidi controls; it holds U+202E)`,
      );
    },
  );

  it.each([
    ['fast', 'must be a number of messages per second, written in digits'],
    // Number() would read these as 16, 5 and 1000.
    ['0x10', 'must be a number of messages per second, written in digits'],
    [' 5', 'must be a number of messages per second, written in digits'],
    ['1e3', 'must be a number of messages per second, written in digits'],
    ['0', 'must be more than 0 messages per second'],
    ['20000', 'must be at most 10000 messages per second'],
  ])('calls a send rate of %j invalid, saying why', (rate, reason) => {
    expect(() => readEnvironment([], { ...LIST, NEWSLETTER_SEND_RATE: rate })).toThrow(
      `Configuration NEWSLETTER_SEND_RATE is invalid (${reason}); example: 14`,
    );
  });

  it('takes a send rate written in digits, whole or not, and calls one left out missing', () => {
    expect(readEnvironment([], { ...LIST, NEWSLETTER_SEND_RATE: '0.5' }).config.sendRateCap).toBe(
      0.5,
    );
    expect(() => readEnvironment([], { ...LIST, NEWSLETTER_SEND_RATE: undefined })).toThrow(
      'Configuration NEWSLETTER_SEND_RATE is missing; example: 14',
    );
  });

  it('finds the bundled templates next to the function code only inside Lambda', () => {
    expect(bundledTemplatesDir({ LAMBDA_TASK_ROOT: '/var/task' })).toBe('/var/task/templates');
    expect(bundledTemplatesDir({})).toBeUndefined();
  });
});

describe('cold-start initialisation', () => {
  it('runs once for every invocation that follows, and again after a failure', async () => {
    let runs = 0;
    const ready = initialiseOnce(async () => {
      runs++;
      if (runs === 1) throw new Error('Secrets Manager timed out');
      return runs;
    });

    await expect(ready()).rejects.toThrow('Secrets Manager timed out');
    expect(await Promise.all([ready(), ready()])).toEqual([2, 2]);
    expect(await ready()).toBe(2);
    expect(runs).toBe(2);
  });
});
