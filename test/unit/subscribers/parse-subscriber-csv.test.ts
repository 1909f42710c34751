import { describe, expect, it } from 'vitest';
import { parseSubscriberCsv } from '../../../lambda/core/subscribers/parse-subscriber-csv';

const RULE =
  'must be one line without control characters or invisible formatting characters such as bidi controls';

describe('parseSubscriberCsv', () => {
  it('reads email and optional name columns in any case and order, with a BOM', () => {
    const parsed = parseSubscriberCsv(
      '\uFEFFName,EMAIL\nAda,ada@example.com\n,bob@Example.com\n',
      'in.csv',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      { line: 2, email: 'ada@example.com', name: 'Ada' },
      { line: 3, email: 'bob@example.com', name: null },
    ]);
  });

  it.each([
    [';', 'semicolons, as spreadsheets write where the comma is the decimal mark'],
    ['\t', 'tabs'],
  ])('reads columns separated by %j (%s), a comma inside a name kept', (delimiter) => {
    const csv =
      ['Email', 'Name'].join(delimiter) +
      '\n' +
      ['ada@example.com', 'Lovelace, Ada'].join(delimiter) +
      '\n';
    const parsed = parseSubscriberCsv(csv, 'in.csv');
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([{ line: 2, email: 'ada@example.com', name: 'Lovelace, Ada' }]);
  });

  it('reports invalid rows and duplicates with their line numbers', () => {
    const csv = 'email,name\nada@example.com,Ada\nnope,X\n\nADA@example.com,Again\n';
    const parsed = parseSubscriberCsv(csv, 'in.csv');
    expect(parsed.rows.map((r) => r.line)).toEqual([2]);
    expect(parsed.problems).toEqual([
      { line: 3, reason: expect.stringContaining('not a valid email address') },
      { line: 5, reason: 'duplicate of line 2' },
    ]);
  });

  it('passes over a row of empty fields as a blank line, as Excel writes rows whose cells were cleared', () => {
    const parsed = parseSubscriberCsv(
      'email;name;city\r\nana@example.com;Ana;\r\n;;\r\n ; ;\r\nben@example.com;Ben;Lyon\r\n;;\r\n',
      'in.csv',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((row) => [row.line, row.email])).toEqual([
      [2, 'ana@example.com'],
      [5, 'ben@example.com'],
    ]);
    // A row with a name but no address is not blank: it is named as passed over.
    const named = parseSubscriberCsv('email,name\n,Ana\n', 'in.csv');
    expect([named.problems, named.withoutAddress]).toEqual([[], [{ line: 2 }]]);
  });

  it('names the line a row starts on when a quoted field runs over several lines', () => {
    const csv = 'email,name\nada@example.com,"Ada\nLovelace"\nnope,X\nbob@example.com,"B\n\nob"\n';
    const parsed = parseSubscriberCsv(csv, 'in.csv');
    const refusal = `name: ${RULE}; it holds U+000A`;
    expect(parsed.problems).toEqual([
      { line: 2, reason: refusal },
      { line: 4, reason: expect.stringContaining('not a valid email address') },
      { line: 5, reason: refusal },
    ]);
  });

  it('reports a name with a control character or a line separator, naming its line and column', () => {
    // Names the sign-up API refuses too: each one made every message to its subscriber fail.
    const csv =
      'email,name\nok@example.com,Ok\nvt@example.com,"V\vT"\n' +
      'nel@example.com,N\u0085L\nls@example.com,L\u2028S\n';
    const parsed = parseSubscriberCsv(csv, 'in.csv');
    expect(parsed.rows.map((row) => row.email)).toEqual(['ok@example.com']);
    expect(parsed.problems).toEqual(
      [
        [3, '000B'],
        [4, '0085'],
        [5, '2028'],
      ].map(([line, codePoint]) => ({ line, reason: `name: ${RULE}; it holds U+${codePoint}` })),
    );
  });

  it('reports a name with a bidi control or another invisible formatting character, by line', () => {
    // "\u202Egnp.exe" shows as "exe.png" in a list; an isolate garbles the columns after it.
    const csv =
      'email,name\nok@example.com,Ok\nrlo@example.com,Ada \u202Egnp.exe\n' +
      'lri@example.com,\u2066Ada\nshy@example.com,Ad\u00ADa\nzwnj@example.com,علی\u200Cرضا\n';
    const parsed = parseSubscriberCsv(csv, 'in.csv');
    expect(parsed.rows.map((row) => row.email)).toEqual(['ok@example.com', 'zwnj@example.com']);
    expect(parsed.problems).toEqual(
      [
        [3, '202E'],
        [4, '2066'],
        [5, '00AD'],
      ].map(([line, codePoint]) => ({ line, reason: `name: ${RULE}; it holds U+${codePoint}` })),
    );
  });

  it('reads a name as the sign-up form does: white space runs made one space, at most 100', () => {
    const csv = `email,name\na@example.com,"Ada   Lovelace"\nb@example.com,${'x'.repeat(101)}\n`;
    const parsed = parseSubscriberCsv(csv, 'in.csv');
    expect(parsed.rows).toEqual([{ line: 2, email: 'a@example.com', name: 'Ada Lovelace' }]);
    expect(parsed.problems).toEqual([{ line: 3, reason: 'name: is longer than 100 characters' }]);
  });

  it('leaves out rows whose status column says they left, bounced or never confirmed, by line', () => {
    // Sendy, listmonk and most CRMs export everyone with a status; importing all as active would
    // mail people who unsubscribed.
    const csv =
      'Name,Email,Status\nAna,ana@example.com,Subscribed\nBen,ben@example.com,Unsubscribed\n' +
      'Cy,cy@example.com,bounced\nDi,di@example.com,blocklisted\nEd,ed@example.com,enabled\n' +
      'Flo,flo@example.com,cleaned\nGus,gus@example.com,Unconfirmed\n';
    const parsed = parseSubscriberCsv(csv, 'in.csv');
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((row) => row.email)).toEqual(['ana@example.com', 'ed@example.com']);
    expect(parsed.left).toEqual([
      { line: 3, status: 'unsubscribed' },
      { line: 4, status: 'bounced' },
      { line: 5, status: 'blocklisted' },
      { line: 7, status: 'cleaned' },
      { line: 8, status: 'unconfirmed' },
    ]);
  });

  it("leaves out rows of Mailchimp's unsubscribed and cleaned exports, and Substack's disabled ones", () => {
    const unsubscribed = parseSubscriberCsv(
      'email,UNSUB_TIME\na@example.com,2024-01-01 00:00:00\nb@example.com,\n',
      'in.csv',
    );
    expect(unsubscribed.rows.map((row) => row.email)).toEqual(['b@example.com']);
    expect(unsubscribed.left).toEqual([{ line: 2, status: 'unsubscribed' }]);
    const cleaned = parseSubscriberCsv('email,CLEAN_TIME\na@example.com,2024-01-01\n', 'in.csv');
    expect(cleaned.left).toEqual([{ line: 2, status: 'cleaned' }]);
    const substack = parseSubscriberCsv(
      'email,email_disabled\na@example.com,false\nb@example.com,true\n',
      'in.csv',
    );
    expect(substack.rows.map((row) => row.email)).toEqual(['a@example.com']);
    expect(substack.left).toEqual([{ line: 3, status: 'email disabled' }]);
  });

  it("leaves out rows Kit's state or Buttondown's subscriber_type says left, bounced or never confirmed", () => {
    // Kit (ConvertKit) and Buttondown name the column otherwise; imported as active, those who
    // unsubscribed there were mailed here.
    const kit = parseSubscriberCsv(
      'first_name,email_address,state,created_at,tags\n' +
        'Ana,ana@example.com,active,2023-01-05 10:11:12 UTC,"Newsletter, VIP"\n' +
        'Ben,ben@example.com,cancelled,2023-01-06 10:11:12 UTC,\n' +
        'Cy,cy@example.com,bounced,2023-01-07 10:11:12 UTC,\n' +
        'Di,di@example.com,complained,2023-01-08 10:11:12 UTC,\n' +
        'Ed,ed@example.com,inactive,2023-01-09 10:11:12 UTC,\n',
      'kit.csv',
    );
    expect(kit.rows.map((row) => row.email)).toEqual(['ana@example.com']);
    expect(kit.left.map((row) => row.status)).toEqual([
      'cancelled',
      'bounced',
      'complained',
      'inactive',
    ]);
    const buttondown = parseSubscriberCsv(
      'email,subscriber_type,creation_date,notes,tags,metadata\n' +
        'ana@example.com,regular,2023-01-05T10:11:12Z,,"[""news""]","{""city"": ""Lisbon, PT""}"\n' +
        'ben@example.com,unsubscribed,2023-01-06T10:11:12Z,,[],{}\n' +
        'cy@example.com,unactivated,2023-01-07T10:11:12Z,,[],{}\n' +
        'di@example.com,premium,2023-01-08T10:11:12Z,,[],{}\n' +
        'ed@example.com,undeliverable,2023-01-08T10:11:12Z,,[],{}\n' +
        'fi@example.com,removed,2023-01-08T10:11:12Z,,[],{}\n' +
        'gus@example.com,spammy,2023-01-08T10:11:12Z,,[],{}\n' +
        'hal@example.com,gifted,2023-01-08T10:11:12Z,,[],{}\n',
      'buttondown.csv',
    );
    expect(buttondown.problems).toEqual([]);
    expect(buttondown.rows.map((row) => row.email)).toEqual([
      'ana@example.com',
      'di@example.com',
      'hal@example.com',
    ]);
    expect(buttondown.left).toEqual([
      { line: 3, status: 'unsubscribed' },
      { line: 4, status: 'unactivated' },
      { line: 6, status: 'undeliverable' },
      { line: 7, status: 'removed' },
      { line: 8, status: 'spammy' },
    ]);
  });

  it("imports Buttondown's trialed and churning subscribers, still mailed there, and leaves out its disposable ones", () => {
    // Buttondown: a trial of the premium tier, a premium subscriber who will not renew (both
    // still receive every email), and an address of a throwaway mail service.
    const parsed = parseSubscriberCsv(
      'email,subscriber_type\nana@example.com,trialed\nben@example.com,churning\ncy@example.com,disposable\n',
      'buttondown.csv',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((row) => row.email)).toEqual(['ana@example.com', 'ben@example.com']);
    expect(parsed.left).toEqual([{ line: 4, status: 'disposable' }]);
  });

  it("reads a column headed type as Buttondown's subscriber type when most of its values are statuses, and as anything else otherwise", () => {
    // Buttondown renamed subscriber_type to type: its unsubscribed rows were imported as active.
    const buttondown = parseSubscriberCsv(
      'id,email_address,type,creation_date\n1,ana@example.com,regular,2025-01-05\n2,ben@example.com,unsubscribed,2025-01-06\n',
      'buttondown.csv',
    );
    expect(buttondown.rows.map((row) => row.email)).toEqual(['ana@example.com']);
    expect(buttondown.left).toEqual([{ line: 3, status: 'unsubscribed' }]);
    // A contact type, with a stray status among its values, says nothing about the list.
    const contacts = parseSubscriberCsv(
      'Email,Type\nana@example.com,Personal\nben@example.com,Business\ncy@example.com,Active\n',
      'contacts.csv',
    );
    expect([contacts.problems, contacts.left, contacts.rows.length]).toEqual([[], [], 3]);
  });
  it('reads a state or type column as statuses when any of its values says someone left, however few of them are statuses', () => {
    // A paid list's export, mostly of a type the import does not know: its unsubscribed row
    // must not be imported as active because the column was taken for something else.
    const parsed = parseSubscriberCsv(
      'email,type\na@example.com,unpaid\nb@example.com,unpaid\nc@example.com,unpaid\nd@example.com,unsubscribed\n',
      'buttondown.csv',
    );
    expect(parsed.rows).toEqual([]);
    expect(parsed.left).toEqual([{ line: 5, status: 'unsubscribed' }]);
    expect(parsed.problems.map((problem) => problem.line)).toEqual([2, 3, 4]);
  });

  it("leaves out beehiiv's, MailerLite's and Campaign Monitor's states for addresses not on the list", () => {
    const parsed = parseSubscriberCsv(
      'email,status\na@example.com,validating\nb@example.com,invalid\nc@example.com,needs_attention\n' +
        'd@example.com,junk\ne@example.com,Deleted\nf@example.com,Active\n',
      'in.csv',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((row) => row.email)).toEqual(['f@example.com']);
    expect(parsed.left.map((row) => row.status)).toEqual([
      'validating',
      'invalid',
      'needs attention',
      'junk',
      'deleted',
    ]);
  });

  it('reads a column headed state as a region, not a status, when none of its values is a status', () => {
    // MailerLite's and address books' "State" is where someone lives.
    const parsed = parseSubscriberCsv(
      'Email,Name,State\na@example.com,Ana,California\nb@example.com,Ben,\n',
      'in.csv',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((row) => row.email)).toEqual(['a@example.com', 'b@example.com']);
  });
  it('reads a state column as a region when only a stray value of it is a status, and as a status when most are', () => {
    // An address book's region column with one "Active" typed into it: its regions were errors.
    const regions = parseSubscriberCsv(
      'Email,Name,State\na@example.com,Ana,California\nb@example.com,Ben,NY\nc@example.com,Cy,Active\nd@example.com,Di,\n',
      'in.csv',
    );
    expect(regions.problems).toEqual([]);
    expect(regions.left).toEqual([]);
    expect(regions.rows.map((row) => row.email)).toEqual([
      'a@example.com',
      'b@example.com',
      'c@example.com',
      'd@example.com',
    ]);
    // Kit's states with one the import does not know: still a status column, and that row stops it.
    const kit = parseSubscriberCsv(
      'email_address,state\na@example.com,active\nb@example.com,cancelled\nc@example.com,Lisbon\n',
      'kit.csv',
    );
    expect(kit.left).toEqual([{ line: 3, status: 'cancelled' }]);
    expect(kit.problems.map((problem) => problem.line)).toEqual([4]);
  });

  it('leaves out Ghost members not subscribed to emails, and rows a yes/no or date column marks as gone', () => {
    // Ghost exports every member, with a note that may run over lines; those who turned emails
    // off were imported as active.
    const ghost = parseSubscriberCsv(
      'id,email,name,note,subscribed_to_emails,complimentary_plan,stripe_customer_id,created_at,deleted_at,labels,tiers\n' +
        '64a1,ana@example.com,Ana Lima,"Met at the fair,\nasked for the weekly",true,false,,2023-01-05T10:11:12.000Z,,"VIP, Lisbon",Free\n' +
        '64a2,ben@example.com,Ben,,false,false,cus_123,2023-01-06T10:11:12.000Z,,,Free\n' +
        '64a3,cy@example.com,Cy,,TRUE,true,,2023-01-06T10:11:12.000Z,2024-02-01T00:00:00.000Z,,Gold\n',
      'ghost.csv',
    );
    expect(ghost.rows).toEqual([{ line: 2, email: 'ana@example.com', name: 'Ana Lima' }]);
    expect(ghost.left).toEqual([
      { line: 4, status: 'not subscribed to emails' },
      { line: 5, status: 'deleted' },
    ]);
    const marked = parseSubscriberCsv(
      'EMAIL;PRENOM;EMAIL_BLACKLISTED;unsubscribed_at\na@example.com;A;No;\nb@example.com;B;Yes;\n' +
        'c@example.com;C;0;2023-03-01 10:00:00\nd@example.com;D;false;\n',
      'in.csv',
    );
    expect(marked.rows.map((row) => row.email)).toEqual(['a@example.com', 'd@example.com']);
    expect(marked.left).toEqual([
      { line: 3, status: 'blocklisted' },
      { line: 4, status: 'unsubscribed' },
    ]);
  });

  it('reports a subscribed_to_emails that is neither true nor false instead of guessing', () => {
    const parsed = parseSubscriberCsv(
      'email,subscribed_to_emails\na@example.com,maybe\nb@example.com,\nc@example.com,1\n',
      'in.csv',
    );
    expect(parsed.rows.map((row) => row.email)).toEqual(['c@example.com']);
    expect(parsed.problems).toEqual([
      {
        line: 2,
        reason: 'subscribed_to_emails: "maybe" is neither true nor false: fill in one of them',
      },
      {
        line: 3,
        reason: 'subscribed_to_emails: "" is neither true nor false: fill in one of them',
      },
    ]);
  });

  it('leaves out an address the file also marks as gone on another line, in any case', () => {
    // Exports list one row per sign-up: the row that left must win over the one still listed,
    // before or after it, or the person who left is mailed.
    const csv =
      'email,name,status\nana@example.com,Ana,unsubscribed\nANA@example.com,Ana,subscribed\n' +
      'ben@example.com,Ben,subscribed\nBen@Example.com,Ben,bounced\ncy@example.com,Cy,subscribed\n';
    const parsed = parseSubscriberCsv(csv, 'in.csv');
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((row) => row.email)).toEqual(['cy@example.com']);
    expect(parsed.left).toEqual([
      { line: 2, status: 'unsubscribed' },
      { line: 3, status: 'unsubscribed', goneOn: 2 },
      { line: 4, status: 'bounced', goneOn: 5 },
      { line: 5, status: 'bounced' },
    ]);
  });

  it('passes over a row with no address (a contact with only a name) and names its line, taking the others', () => {
    // Address books and CRMs list people without an email: such a row stopped the whole import.
    const parsed = parseSubscriberCsv(
      'Name,Email,Status\nAna,ana@example.com,subscribed\nBen,,subscribed\nCy, ,\nDi,di@example.com,subscribed\n',
      'in.csv',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((row) => row.email)).toEqual(['ana@example.com', 'di@example.com']);
    expect(parsed.withoutAddress).toEqual([{ line: 3 }, { line: 4 }]);
    // An address that is not one is still a mistake to fix, not a row to pass over.
    const typo = parseSubscriberCsv('Name,Email\nAna,ana.example.com\n', 'in.csv');
    expect(typo.problems.map((problem) => problem.line)).toEqual([2]);
    expect(typo.withoutAddress).toEqual([]);
  });

  it('reads a status under other headings and an unsubscribe date, however the tool spells them', () => {
    const parsed = parseSubscriberCsv(
      'Email,Subscription Status,Date Unsubscribed\na@example.com,Subscribed,\n' +
        'b@example.com,Marked as spam,\nc@example.com,Opted-out,\nd@example.com,Subscribed,2024-02-01\n' +
        'e@example.com,hard-bounced,\n',
      'in.csv',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((row) => row.email)).toEqual(['a@example.com']);
    expect(parsed.left).toEqual([
      { line: 3, status: 'marked as spam' },
      { line: 4, status: 'opted out' },
      { line: 5, status: 'unsubscribed' },
      { line: 6, status: 'hard bounced' },
    ]);
    const member = parseSubscriberCsv(
      'email,member_status\na@example.com,active\nb@example.com,unsubscribed\n',
      'in.csv',
    );
    expect(member.left).toEqual([{ line: 3, status: 'unsubscribed' }]);
  });

  it.each([
    ['Email Marketing Status', 'Subscribed', 'Unsubscribed', 'unsubscribed'],
    ['Newsletter Status', 'subscribed', 'cleaned', 'cleaned'],
    ['Estado', 'active', 'bounced', 'bounced'],
    ['Abonnement', 'Subscribed', 'Unsubscribed', 'unsubscribed'],
  ])(
    'reads a column headed %j whose values are statuses, one of them a leaver, as the status',
    (heading, on, gone, status) => {
      const parsed = parseSubscriberCsv(
        `Email,${heading},Name\nana@example.com,${on},Ana\nben@example.com,${gone},Ben\ncy@example.com,${on},Cy\n`,
        'in.csv',
      );
      expect(parsed.problems).toEqual([]);
      expect(parsed.rows.map((row) => row.email)).toEqual(['ana@example.com', 'cy@example.com']);
      expect(parsed.left).toEqual([{ line: 3, status }]);
    },
  );

  it.each([
    ['Unsubscribed from all email', 'false', 'true', 'unsubscribed'],
    ['Opted Out', 'no', 'yes', 'opted out'],
    ['Email Opt Out', 'FALSE', 'TRUE', 'opted out'],
    ['HasOptedOutOfEmail', '0', '1', 'opted out'],
    ['Opt-out date', '', '2024-03-01', 'opted out'],
    ['is_unsubscribed', '0', '1', 'unsubscribed'],
    ['Bounced', 'false', 'true', 'bounced'],
    ['Hard Bounce', 'no', 'yes', 'bounced'],
    ['Do Not Email', 'N', 'Y', 'do not email'],
    ['Suppressed', 'false', 'true', 'suppressed'],
  ])(
    'leaves out the rows a yes/no or date column headed %j marks as gone',
    (heading, no, yes, status) => {
      const parsed = parseSubscriberCsv(
        `email,name,${heading},bounces\nana@example.com,Ana,${no},2\nben@example.com,Ben,${yes},0\n`,
        'in.csv',
      );
      expect(parsed.problems).toEqual([]);
      expect(parsed.rows.map((row) => row.email)).toEqual(['ana@example.com']);
      expect(parsed.left).toEqual([{ line: 3, status }]);
    },
  );

  it('reports a value of such a yes/no column that is neither yes, no nor a date, instead of guessing', () => {
    const parsed = parseSubscriberCsv(
      'email,Opted Out\nana@example.com,no\nben@example.com,yes\ncy@example.com,maybe\n',
      'in.csv',
    );
    expect(parsed.problems).toEqual([
      {
        line: 4,
        reason:
          'opted out: "maybe" is neither yes, no nor a date: fill in one of them (a yes or a date leaves the row out as opted out)',
      },
    ]);
  });

  it.each([
    ['Subscribed', 'TRUE', 'FALSE'],
    ['is_subscribed', '1', '0'],
    ['Email Opt In', 'yes', 'no'],
    ['Opted In', 'Y', 'N'],
  ])(
    'leaves out the rows a yes/no column headed %j says are not subscribed',
    (heading, yes, no) => {
      const parsed = parseSubscriberCsv(
        `email,${heading}\nana@example.com,${yes}\nben@example.com,${no}\n`,
        'in.csv',
      );
      expect(parsed.problems).toEqual([]);
      expect(parsed.rows.map((row) => row.email)).toEqual(['ana@example.com']);
      expect(parsed.left).toEqual([{ line: 3, status: 'not subscribed' }]);
    },
  );

  it('reads a column headed Subscribed that holds dates as when they joined, not as a yes/no', () => {
    const parsed = parseSubscriberCsv(
      'email,Subscribed\nana@example.com,2024-01-05\nben@example.com,2024-02-01\n',
      'in.csv',
    );
    expect([parsed.problems, parsed.left, parsed.rows.length]).toEqual([[], [], 2]);
  });

  it("leaves out the customers a shop's export says do not accept email marketing", () => {
    // Shopify's customers export.
    const parsed = parseSubscriberCsv(
      'First Name,Last Name,Email,Accepts Email Marketing,Accepts SMS Marketing,Total Spent\n' +
        'Ana,Lima,ana@example.com,yes,no,10.00\nBen,Ode,ben@example.com,no,yes,5.00\n',
      'customers_export.csv',
    );
    expect(parsed.rows.map((row) => row.email)).toEqual(['ana@example.com']);
    expect(parsed.left).toEqual([{ line: 3, status: 'does not accept email marketing' }]);
  });

  it('keeps reading columns that only look like statuses or leavers as other columns', () => {
    // A bounce count, an unsubscribe link, an account's plan, a region, notes.
    const parsed = parseSubscriberCsv(
      'email,Bounce count,Unsubscribe link,Plan,State,Notes\n' +
        'ana@example.com,2,https://example.com/u/1,Free,Texas,active reader\n' +
        'ben@example.com,0,https://example.com/u/2,Cancelled,Ohio,\n' +
        'cy@example.com,1,https://example.com/u/3,Pro,Utah,bounced once\n',
      'in.csv',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.left).toEqual([]);
    expect(parsed.rows).toHaveLength(3);
  });

  it('reports a status it does not know, or an empty one, instead of guessing', () => {
    const parsed = parseSubscriberCsv(
      'email,status\na@example.com,vip\nb@example.com,\nc@example.com,active\n',
      'in.csv',
    );
    expect(parsed.rows.map((row) => row.email)).toEqual(['c@example.com']);
    expect(parsed.problems).toEqual([
      {
        line: 2,
        reason: expect.stringMatching(/^status: "vip" is not a status this import knows/),
      },
      { line: 3, reason: expect.stringMatching(/^status: is empty/) },
    ]);
  });

  it("reads Mailchimp's column names and joins First Name and Last Name, naming the columns it read", () => {
    const csv =
      '"Email Address","First Name","Last Name","MEMBER_RATING","OPTIN_TIME"\r\n' +
      'ana@example.com,Ana,García,2,"2023-01-05 10:11:12"\r\nbob@example.com,Bob,,3,\r\n' +
      'cy@example.com,,,1,\r\n';
    const parsed = parseSubscriberCsv(csv, 'in.csv');
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      { line: 2, email: 'ana@example.com', name: 'Ana García' },
      { line: 3, email: 'bob@example.com', name: 'Bob' },
      { line: 4, email: 'cy@example.com', name: null },
    ]);
    expect(parsed.columns).toEqual({ email: 'Email Address', name: 'First Name + Last Name' });
  });

  it.each([
    ['E-Mail;Name', 'E-Mail', 'Name'],
    ['e-mail address,full name', 'e-mail address', 'full name'],
    ['email,first_name,last_name', 'email', 'first_name + last_name'],
  ])('reads an address column headed %j', (header, email, name) => {
    const delimiter = header.includes(';') ? ';' : ',';
    const parsed = parseSubscriberCsv(
      `${header}\n${['ada@example.com', 'Ada', 'Lovelace'].slice(0, header.split(delimiter).length).join(delimiter)}\n`,
      'in.csv',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows[0]?.email).toBe('ada@example.com');
    expect(parsed.columns).toEqual({ email, name });
  });

  it('reads the address of a Google Contacts or Thunderbird export and the names of a French or German one', () => {
    const google = parseSubscriberCsv(
      'Name,Given Name,Additional Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value\n' +
        'Ana Lima,Ana,,Lima,* myContacts,* Home,ana@example.com,* Work,ana@work.example\n',
      'contacts.csv',
    );
    expect(google.problems).toEqual([]);
    expect(google.rows).toEqual([{ line: 2, email: 'ana@example.com', name: 'Ana Lima' }]);
    expect(google.columns).toEqual({ email: 'E-mail 1 - Value', name: 'Name' });
    // Brevo in French names its attributes PRENOM and NOM.
    const brevo = parseSubscriberCsv(
      '\uFEFFEMAIL;NOM;PRENOM;SMS\nana@example.com;Lima;Ana;\n',
      'brevo.csv',
    );
    expect(brevo.rows).toEqual([{ line: 2, email: 'ana@example.com', name: 'Ana Lima' }]);
    expect(brevo.columns).toEqual({ email: 'EMAIL', name: 'PRENOM + NOM' });
    const german = parseSubscriberCsv(
      'E-Mail;Vorname;Nachname\nana@example.com;Ana;Lima\n',
      'de.csv',
    );
    expect(german.rows[0]?.name).toBe('Ana Lima');
    // Thunderbird's address book.
    const thunderbird = parseSubscriberCsv(
      'First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email\nAna,Lima,Ana Lima,,ana@example.com,ana@work.example\n',
      'abook.csv',
    );
    expect(thunderbird.rows).toEqual([{ line: 2, email: 'ana@example.com', name: 'Ana Lima' }]);
  });

  it.each([
    [
      'a heading with a comma in a semicolon file',
      'Name, Vorname;E-Mail\nLima, Ana;ana@example.com\nStone, Ben;ben@example.com\n',
      'E-Mail',
    ],
    [
      'headings with commas in a tab file',
      'E-Mail\tName, first\nana@example.com\tLima, Ana\nben@example.com\tStone, Ben\n',
      'E-Mail',
    ],
    [
      'a heading with a semicolon in a tab file',
      'Email\tName; as given\nana@example.com\tLima, Ana\nben@example.com\tBen\n',
      'Email',
    ],
    [
      'a heading with a semicolon in a comma file',
      'email,name,Notes; misc\nana@example.com,Lima Ana,\nben@example.com,Ben,x\n',
      'email',
    ],
  ])(
    'finds the separator every line has as often as the header, with %s left unquoted',
    (_, csv, email) => {
      const parsed = parseSubscriberCsv(csv, 'in.csv');
      expect(parsed.problems).toEqual([]);
      expect(parsed.rows.map((row) => row.email)).toEqual(['ana@example.com', 'ben@example.com']);
      expect(parsed.columns.email).toBe(email);
    },
  );

  it('finds the header under a title and blank lines a spreadsheet has above it, and counts lines from the first', () => {
    const parsed = parseSubscriberCsv(
      'Newsletter subscribers 2024,,\n,,\n"Email Address",Name,Joined\nana@example.com,Ana,2024-01-05\nnope,Ben,\n',
      'sheet.csv',
    );
    expect(parsed.columns).toEqual({ email: 'Email Address', name: 'Name' });
    expect(parsed.titleLines).toBe(2);
    expect(parsed.rows).toEqual([{ line: 4, email: 'ana@example.com', name: 'Ana' }]);
    expect(parsed.problems).toEqual([
      { line: 5, reason: expect.stringContaining('not a valid email address') },
    ]);
    // A title in a tab-separated sheet; a file whose first line is its header has none.
    const tabs = parseSubscriberCsv('Export\nE-Mail\tName\nana@example.com\tAna\n', 'x.txt');
    expect([tabs.titleLines, tabs.rows[0]?.line]).toEqual([1, 3]);
    expect(parseSubscriberCsv('email\nana@example.com\n', 'in.csv').titleLines).toBe(0);
    // A row's "Email" (how someone signed up) under a header read by content is no header.
    const source = parseSubscriberCsv('Correo-e,Fuente\nana@example.com,Email\n', 'in.csv');
    expect([source.titleLines, source.rows[0]?.line]).toEqual([0, 2]);
  });

  it('finds the separator outside the quoted headings, so a heading holding a comma is one', () => {
    const parsed = parseSubscriberCsv(
      '"Nom, prénom";"E-Mail"\n"Lima, Ana";ana@example.com\n',
      'in.csv',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((row) => row.email)).toEqual(['ana@example.com']);
  });

  it("reads a first line 'sep=;' as the separator, as Excel does, and counts lines from the file's first", () => {
    const parsed = parseSubscriberCsv(
      '\uFEFFsep=;\r\nEmail;Name\r\nana@example.com;Lima, Ana\r\nnope;X\r\n',
      'in.csv',
    );
    expect(parsed.rows).toEqual([{ line: 3, email: 'ana@example.com', name: 'Lima, Ana' }]);
    expect(parsed.problems).toEqual([
      { line: 4, reason: expect.stringContaining('not a valid email address') },
    ]);
    expect(parseSubscriberCsv('sep=,\nemail\nana@example.com', 'in.csv').rows).toHaveLength(1);
  });

  it('joins a name column and a last name column when there is no first name one, as MailerLite exports them', () => {
    // MailerLite's fields are "Name" and "Last name"; its "State" is a region.
    const parsed = parseSubscriberCsv(
      'Email,Name,Last name,Company,State\nana@example.com,Ana,Lima,,Texas\nben@example.com,Ben Stone,,,\n',
      'mailerlite.csv',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((row) => row.name)).toEqual(['Ana Lima', 'Ben Stone']);
    expect(parsed.columns).toEqual({ email: 'Email', name: 'Name + Last name' });
  });

  it('refuses a header with two different address columns, naming both', () => {
    expect(() =>
      parseSubscriberCsv('Email,Email Address\na@example.com,b@example.com\n', 'in.csv'),
    ).toThrow(
      'in.csv: has two address columns ("Email" and "Email Address"); keep the one to import',
    );
  });

  it('reads a list of addresses one per line, without a header row, from line 1', () => {
    const parsed = parseSubscriberCsv('ada@example.com\r\nBob@Example.com\r\n\r\n', 'list.txt');
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      { line: 1, email: 'ada@example.com', name: null },
      { line: 2, email: 'Bob@example.com', name: null },
    ]);
    expect(parsed.columns).toEqual({ email: null, name: null });
    expect(parseSubscriberCsv('ada@example.com', 'one.txt').rows).toHaveLength(1);
  });

  it('takes an address written with a display name or a mailto: prefix, the name kept if none is given', () => {
    const csv =
      'email,name\nAna Lima <ana@example.com>,\nmailto:bob@example.com,Bob\n' +
      'MAILTO:cy@example.com,\nDi <di@example.com>,Diana\n<ed@example.com>,\n';
    const parsed = parseSubscriberCsv(csv, 'in.csv');
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      { line: 2, email: 'ana@example.com', name: 'Ana Lima' },
      { line: 3, email: 'bob@example.com', name: 'Bob' },
      { line: 4, email: 'cy@example.com', name: null },
      { line: 5, email: 'di@example.com', name: 'Diana' },
      { line: 6, email: 'ed@example.com', name: null },
    ]);
  });

  it('says a cell holding two addresses holds two, rather than that its first is malformed', () => {
    // Google Contacts joins a contact's addresses with ' ::: '; people paste 'a@…, b@…'.
    const parsed = parseSubscriberCsv(
      'email,name\n"ana@example.com, ana@work.example",Ana\nben@example.com ::: ben@work.example,Ben\n',
      'in.csv',
    );
    const reason =
      'email: holds more than one address: keep the one to mail, or give each a row of its own';
    expect(parsed.problems).toEqual([
      { line: 2, reason },
      { line: 3, reason },
    ]);
  });

  it('reads a 1 MB cell of spaces between a display name and its address, or before no address, in linear time', () => {
    const spaces = ' '.repeat(1_000_000);
    const csv = `email\nAna${spaces}<ana@example.com>\nx${spaces}y\n`;
    const parsed = parseSubscriberCsv(csv, 'in.csv');
    expect(parsed.rows).toEqual([{ line: 2, email: 'ana@example.com', name: 'Ana' }]);
    expect(parsed.problems).toEqual([
      { line: 3, reason: expect.stringContaining('is longer than 254 characters') },
    ]);
  });

  it("reads a cell `subscribers export` guarded against formulas ('-ana@…, '+1 Club) as it was stored", () => {
    // The export puts a quote before a cell starting with = + - @, a tab or a CR (and their
    // fullwidth forms); a spreadsheet shows the cell without it. '-ana@… is another mailbox.
    const parsed = parseSubscriberCsv(
      "email,name\n'-ana@example.com,'+1 Club\n'=ben@example.com,'@Ben\ncy@example.com,'\uff0dCy\n" +
        "o'neil@example.com,'Tis Me\n",
      'export.csv',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      { line: 2, email: '-ana@example.com', name: '+1 Club' },
      { line: 3, email: '=ben@example.com', name: '@Ben' },
      { line: 4, email: 'cy@example.com', name: '\uff0dCy' },
      // A quote before anything else is the cell's own.
      { line: 5, email: "o'neil@example.com", name: "'Tis Me" },
    ]);
  });

  it.each([
    ['Correo electrónico;Nombre;Apellidos', 'Correo electrónico', 'Nombre + Apellidos'],
    ['correo,nombre', 'correo', 'nombre'],
    ['E-Mail-Adresse;Vorname;Nachname', 'E-Mail-Adresse', 'Vorname + Nachname'],
    ['Adresse e-mail;Prénom;Nom', 'Adresse e-mail', 'Prénom + Nom'],
    ['Courriel;PRÉNOM;NOM', 'Courriel', 'PRÉNOM + NOM'],
    ['E-mailadres,Voornaam,Achternaam', 'E-mailadres', 'Voornaam + Achternaam'],
    ['Indirizzo email,Nome,Cognome', 'Indirizzo email', 'Nome + Cognome'],
    ['Endereço de e-mail,Nome,Sobrenome', 'Endereço de e-mail', 'Nome + Sobrenome'],
    ['EMAIL_ADDRESS,FIRST_NAME,LAST_NAME', 'EMAIL_ADDRESS', 'FIRST_NAME + LAST_NAME'],
  ])(
    'reads the address and name columns of a header in another language or spelling: %j',
    (header, email, name) => {
      const delimiter = header.includes(';') ? ';' : ',';
      const cells = ['ana@example.com', 'Ana', 'Lima'].slice(0, header.split(delimiter).length);
      const parsed = parseSubscriberCsv(`${header}\n${cells.join(delimiter)}\n`, 'in.csv');
      expect(parsed.problems).toEqual([]);
      expect(parsed.rows).toEqual([
        { line: 2, email: 'ana@example.com', name: cells.slice(1).join(' ') || null },
      ]);
      expect(parsed.columns).toEqual({ email, name });
    },
  );

  it('reads the address from the one column holding addresses when no heading names it, and says which', () => {
    // A form's "Email Address *", a heading in a language the import has no word for.
    for (const [header, email] of [
      ['Timestamp,Email Address *,Name', 'Email Address *'],
      ['タイムスタンプ,メールアドレス,Name', 'メールアドレス'],
      ['Дата;Электронная почта;Name', 'Электронная почта'],
    ] as const) {
      const delimiter = header.includes(';') ? ';' : ',';
      const parsed = parseSubscriberCsv(
        `${header}\n${['2024-01-05', 'ana@example.com', 'Ana'].join(delimiter)}\n` +
          `${['2024-01-06', 'nope', 'Ben'].join(delimiter)}\n` +
          `${['2024-01-07', 'cy@example.com', ''].join(delimiter)}\n`,
        'form.csv',
      );
      expect(parsed.columns).toEqual({ email, name: 'Name' });
      expect(parsed.rows.map((row) => [row.line, row.email, row.name])).toEqual([
        [2, 'ana@example.com', 'Ana'],
        [4, 'cy@example.com', null],
      ]);
      // A row whose cell is not an address is still reported, not passed over.
      expect(parsed.problems).toEqual([
        { line: 3, reason: expect.stringContaining('not a valid email address') },
      ]);
    }
  });

  it('refuses to guess between columns that hold addresses under headings it does not know, naming them', () => {
    expect(() =>
      parseSubscriberCsv(
        'Contacto,Referido por\nana@example.com,ben@example.com\ncy@example.com,\n',
        'in.csv',
      ),
    ).toThrow(
      'in.csv: has no column headed "email", and 2 columns hold addresses ("Contacto" and "Referido por"): head the one to import "email"',
    );
    // A column with a few addresses among notes is no address column.
    expect(() =>
      parseSubscriberCsv(
        'Nombre;Notas\nAna;ana@example.com\nBen;llamar el lunes\nCy;sin correo\n',
        'in.csv',
      ),
    ).toThrow('in.csv: needs a header row with an "email" column');
  });

  it('says a first line holding an address and more columns is no header, instead of skipping it', () => {
    expect(() =>
      parseSubscriberCsv('ana@example.com;Ana Lima\nben@example.com;Ben\n', 'in.csv'),
    ).toThrow(
      'in.csv:1: holds an address (ana@example.com) where the column headings go: add a first line naming the columns ("email;name"), or list one address per line',
    );
  });

  it('refuses a file without an email column', () => {
    expect(() => parseSubscriberCsv('name\nAda\n', 'in.csv')).toThrow(
      'in.csv: needs a header row with an "email" column',
    );
  });

  it('refuses a header with a column it reads twice, instead of keeping the last', () => {
    expect(() =>
      parseSubscriberCsv('email,name,Email\na@example.com,A,b@example.com\n', 'in.csv'),
    ).toThrow('in.csv: has two "email" columns; keep the one to import');
    expect(() => parseSubscriberCsv('name;email;name\nA;a@example.com;B\n', 'in.csv')).toThrow(
      'in.csv: has two "name" columns',
    );
  });

  it('refuses a file with no rows', () => {
    expect(() => parseSubscriberCsv('email\n', 'in.csv')).toThrow('in.csv: has no subscriber rows');
  });

  it('names the line a never-closed quote opened on, not the end of the file it ran to', () => {
    const text = [
      'email,name',
      'ada@example.com,"Ada ""the first"" Lovelace"',
      '"grace@example.com,Grace',
      'alan@example.com,Alan',
      'katherine@example.com,Katherine',
      '',
    ].join('\r\n');
    expect(() => parseSubscriberCsv(text, 'in.csv')).toThrow(
      'in.csv:3: is not valid CSV (a quote (") opened on this line is never closed, so every row after it was read into this one): close the quote or remove it',
    );
    expect(() => parseSubscriberCsv('\ufeffemail;name\nx1@example.org;"X1\n', 'in.csv')).toThrow(
      /^in\.csv:2: is not valid CSV \(a quote/,
    );
  });

  it('reads a quote inside a field that does not start with one as part of it, as spreadsheets do', () => {
    // Hand-made lists and some exporters leave such quotes as they are; Excel and Google Sheets
    // read them as text, and the import refused the file.
    const parsed = parseSubscriberCsv(
      'email,name\nben@example.com,Ben "the" Stone\ncy@example.com,Cy 12" Tall\n',
      'in.csv',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.map((row) => row.name)).toEqual(['Ben "the" Stone', 'Cy 12" Tall']);
    // Such a quote opens nothing, so a quote left open later is still named at its own line.
    expect(() =>
      parseSubscriberCsv(
        'email,name\nben@example.com,Ben "the Stone\nana@example.com,Ana\n"cy@example.com,Cy\n',
        'in.csv',
      ),
    ).toThrow(/^in\.csv:4: is not valid CSV \(a quote/);
  });

  it('refuses a row with more or fewer columns than the header, naming its line and how to fix it', () => {
    expect(() =>
      parseSubscriberCsv(
        'email,name\nada@example.com,Ada\nbob@example.com,Lovelace, Bob\n',
        'in.csv',
      ),
    ).toThrow(
      'in.csv:3: has 3 columns where the header has 2 (column 3 has no heading): put a field that holds "," in double quotes ("Lovelace, Ada"), or give the extra column a heading',
    );
    expect(() => parseSubscriberCsv('email;name;city\nada@example.com;Ada\n', 'in.csv')).toThrow(
      'in.csv:2: has 2 columns where the header has 3: add the missing ones (an empty field is fine: ";;")',
    );
  });

  it('says a row separated by another character than its header is, naming both', () => {
    // Two exports pasted together, one from a spreadsheet set to semicolons.
    expect(() =>
      parseSubscriberCsv('email;name\nana@example.com;Ana\nben@example.com,Ben\n', 'in.csv'),
    ).toThrow(
      'in.csv:3: has 1 column where the header has 2, and holds "," where the header separates its columns with ";": separate this row\'s columns with ";" too',
    );
    expect(() =>
      parseSubscriberCsv('email\tname\nana@example.com\tAna\nben@example.com;Ben\n', 'in.csv'),
    ).toThrow('holds ";" where the header separates its columns with a tab');
  });

  it('refuses a field that goes on after its closing quote, naming its line, column and how to quote it', () => {
    // As a mail client copies an address: "Bob Builder" <bob@example.com>.
    expect(() =>
      parseSubscriberCsv(
        'name,email\nAda,ada@example.com\nBob,"Bob Builder" <bob@example.com>\n',
        'in.csv',
      ),
    ).toThrow(
      'in.csv:3: is not valid CSV (column 2 ("email") goes on after its closing quote): put the whole field in double quotes, each quote inside it doubled ("""Ana Lima"" <ana@example.com>"), or remove the quotes',
    );
  });

  it('refuses malformed CSV, naming the line', () => {
    expect(() => parseSubscriberCsv('email,name\n"ada@example.com,Ada\n', 'in.csv')).toThrow(
      /^in\.csv(:\d+)?: is not valid CSV/,
    );
  });
});
