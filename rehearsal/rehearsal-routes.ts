/**
 * The rehearsal's own endpoints, next to Lambda's Invoke API (AWS_ENDPOINT_URL_LAMBDA):
 *   GET  /rehearsal                 the exports, URLs and stack outputs, as JSON
 *   POST /rehearsal/fire-schedule   fires the schedule now (202; compose runs asynchronously)
 *   POST /rehearsal/ses-events      publishes the SES event in the body (e.g. a bounce) to the
 *                                   configuration set's topic, as SES does (202)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InvocationResult } from './function-host';

export interface RehearsalRoutesDeps {
  readonly fireSchedule: () => Promise<InvocationResult[]>;
  readonly publishSesEvent: (sesEvent: unknown) => Promise<InvocationResult[]>;
  readonly env: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, string>>;
  readonly urls: object;
  readonly stackName: string;
}

export function routeRehearsalRequests(deps: RehearsalRoutesDeps) {
  return (req: IncomingMessage, body: Buffer, res: ServerResponse): boolean => {
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
        deps.publishSesEvent(sesEvent).catch(() => {});
        send(res, 202, { published: true });
        return true;
      }
      default:
        return false;
    }
  };
}

function send(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value, null, 2));
}
