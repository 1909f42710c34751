/**
 * The rehearsal's own endpoints, next to Lambda's Invoke API (AWS_ENDPOINT_URL_LAMBDA):
 *   GET  /rehearsal                 the exports, URLs and stack outputs, as JSON
 *   POST /rehearsal/fire-schedule   fires the schedule now (202; compose runs asynchronously)
 *   POST /rehearsal/ses-events      publishes the SES event in the body (e.g. a bounce) to the
 *                                   configuration set's topic, as SES does (202); one naming a
 *                                   recipient who is not a subscriber is refused (422)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InvocationResult } from './function-host';
import type { SubscriberLookup } from './subscriber-lookup';

export interface RehearsalRoutesDeps {
  readonly fireSchedule: () => Promise<InvocationResult[]>;
  readonly publishSesEvent: (sesEvent: unknown) => Promise<InvocationResult[]>;
  readonly isSubscriber: SubscriberLookup;
  readonly env: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, string>>;
  readonly urls: object;
  readonly stackName: string;
}

export function routeRehearsalRequests(deps: RehearsalRoutesDeps) {
  return async (req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<boolean> => {
    const route = `${req.method} ${new URL(req.url ?? '/', 'http://local').pathname}`;
    switch (route) {
      case 'GET /rehearsal':
        send(res, 200, {
          stackName: deps.stackName,
          env: deps.env,
          urls: deps.urls,
          outputs: deps.outputs,
        });
        return true;
      case 'POST /rehearsal/fire-schedule':
        deps.fireSchedule().catch(() => {});
        send(res, 202, { fired: true });
        return true;
      case 'POST /rehearsal/ses-events': {
        let sesEvent: unknown;
        try {
          sesEvent = JSON.parse(body.toString('utf8'));
        } catch {
          send(res, 400, {
            message: 'The body must be an SES event as JSON, e.g. {"eventType":"Bounce",…}',
          });
          return true;
        }
        if (sesEvent === null || typeof sesEvent !== 'object') {
          send(res, 400, { message: 'The body must be a JSON object (an SES event)' });
          return true;
        }
        for (const address of recipientsOf(sesEvent)) {
          if (!(await deps.isSubscriber(address))) {
            send(res, 422, {
              message: `${address} is not a subscriber of ${deps.stackName}: pass the address of one (sign it up through the SubscriptionApiUrl, or npx newsletter subscribers list --stack ${deps.stackName})`,
            });
            return true;
          }
        }
        deps.publishSesEvent(sesEvent).catch(() => {});
        send(res, 202, { published: true });
        return true;
      }
      default:
        return false;
    }
  };
}

/** The addresses a bounce or complaint event names (SES event publishing's field names). */
function recipientsOf(sesEvent: object): string[] {
  const { bounce, complaint } = sesEvent as {
    bounce?: { bouncedRecipients?: { emailAddress?: unknown }[] };
    complaint?: { complainedRecipients?: { emailAddress?: unknown }[] };
  };
  return [...(bounce?.bouncedRecipients ?? []), ...(complaint?.complainedRecipients ?? [])]
    .map((recipient) => recipient.emailAddress)
    .filter((address): address is string => typeof address === 'string');
}

function send(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value, null, 2));
}
