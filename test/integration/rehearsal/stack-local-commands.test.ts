import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readBody } from '../../../rehearsal/lambda-service';
import { routeRehearsalRequests } from '../../../rehearsal/rehearsal-routes';
import { runStackLocal } from '../../../rehearsal/stack-local-program';
import { createSubscriberLookup } from '../../../rehearsal/subscriber-lookup';
import { useDynalite } from '../../support/emulators';
import { subscriber } from '../../support/fakes';
import { captureOutput } from '../../support/run-cli';

const dynamo = useDynalite();

/** What the rehearsal's endpoint was asked to do. */
const published: unknown[] = [];
let fired = 0;
let server: Server;
let endpoint: string;

/**
 * The rehearsal's own routes over a real table with the application's schema, written by the
 * application's store: the running rehearsal without its functions and emulators.
 */
beforeAll(async () => {
  const { tableName, store } = await dynamo.createSubscriberStore();
  await store.create(subscriber('mia', 'active', 'Mia@example.net'));
  await store.create(subscriber('gone', 'active', 'gone@example.net'));
  await store.erase('gone', '2026-11-02T00:00:00.000Z');
  const routes = routeRehearsalRequests({
    fireSchedule: async () => {
      fired += 1;
      return [];
    },
    publishSesEvent: async (sesEvent) => {
      published.push(sesEvent);
      return [];
    },
    isSubscriber: createSubscriberLookup(dynamo.client, tableName),
    env: {},
    outputs: {},
    urls: {},
    stackName: 'NewsletterLocal',
  });
  server = createServer(async (req, res) => {
    if (!(await routes(req, await readBody(req, 1_000_000), res))) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  published.length = 0;
  fired = 0;
});

const stackLocal = (args: readonly string[]) =>
  captureOutput(() => runStackLocal(['node', 'stack:local', ...args]));

describe('npm run stack:local -- bounce', () => {
  it("publishes a bounce for a subscriber's address, in any case", async () => {
    const { code, out, err } = await stackLocal([
      'bounce',
      'mia@EXAMPLE.net',
      '--endpoint',
      endpoint,
    ]);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toBe('Bounce published to ses-events.\n');
    expect(published).toMatchObject([
      { eventType: 'Bounce', bounce: { bouncedRecipients: [{ emailAddress: 'mia@EXAMPLE.net' }] } },
    ]);
  });

  it.each([
    ['nobody@example.net', 'never on the list'],
    ['gone@example.net', 'erased'],
  ])('refuses %s (%s) in one line naming it, and publishes nothing', async (address) => {
    const { code, out, err } = await stackLocal(['bounce', address, '--endpoint', endpoint]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe(
      `stack:local: ${address} is not a subscriber of NewsletterLocal: pass the address of one (sign it up through the SubscriptionApiUrl, or npx newsletter subscribers list --stack NewsletterLocal)\n`,
    );
    expect(published).toEqual([]);
  });

  it('refuses what is not an address before asking the rehearsal anything', async () => {
    const { code, err } = await stackLocal(['bounce', 'notanaddress', '--endpoint', endpoint]);
    expect(code).toBe(1);
    expect(err).toBe(
      "error: command-argument value 'notanaddress' is invalid for argument 'address'. must be a subscriber's email address, such as you@example.net\n(npm run stack:local -- --help for usage)\n",
    );
    expect(published).toEqual([]);
  });
});

describe('npm run stack:local with bad arguments', () => {
  it.each([
    [['bounce', '--endpoint', 'http://127.0.0.1:9'], "error: missing required argument 'address'"],
    [['bounce', 'a@example.net', 'b@example.net'], "too many arguments for 'bounce'"],
    [['fire', 'now'], "too many arguments for 'fire'"],
    [
      ['fire', '--endpoint', '127.0.0.1:9'],
      "error: option '--endpoint <url>' argument '127.0.0.1:9' is invalid. must be the http:// URL `npm run stack:local` printed as AWS_ENDPOINT_URL_LAMBDA",
    ],
    [
      ['frie', '--cdk-out', '/nonexistent'],
      "stack:local: unknown command 'frie': the commands are fire and bounce (npm run stack:local -- --help)",
    ],
    [['--bogus'], "error: unknown option '--bogus'"],
  ])(
    '%j: one line saying what is wrong, exit 1, nothing fired or published',
    async (args, line) => {
      const { code, out, err } = await stackLocal(args);
      expect(code).toBe(1);
      expect(out).toBe('');
      expect(err.split('\n')[0]).toContain(line);
      expect({ fired, published }).toEqual({ fired: 0, published: [] });
    },
  );

  it.each([[['--help']], [['bounce', '--help']], [['fire', '--help']]])(
    '%j prints the usage and exits 0',
    async (args) => {
      const { code, out } = await stackLocal(args);
      expect(code).toBe(0);
      expect(out).toMatch(/^Usage: stack:local/);
    },
  );

  // As `newsletter help send`: the word was taken for a mistyped command.
  it.each([
    [['help'], /^Usage: stack:local \[options\] \[command\]/],
    [['help', 'bounce'], /^Usage: stack:local bounce \[options\] <address>/],
    [['help', 'fire'], /^Usage: stack:local fire \[options\]/],
  ])('%j prints that usage and exits 0', async (args, usage) => {
    const { code, out, err } = await stackLocal(args);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(usage);
  });

  it('`help` with a word that names no command says so, exit 1', async () => {
    const { code, out, err } = await stackLocal(['help', 'frie']);
    expect({ code, out, err }).toEqual({
      code: 1,
      out: '',
      err: "stack:local: unknown command 'frie': the commands are fire and bounce (npm run stack:local -- --help)\n",
    });
  });

  it('fires the schedule of a running rehearsal', async () => {
    const { code, out } = await stackLocal(['fire', '--endpoint', endpoint]);
    expect({ code, out, fired }).toEqual({
      code: 0,
      out: 'Schedule fired: compose is running; watch its log.\n',
      fired: 1,
    });
  });
});
