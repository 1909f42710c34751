import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/**
 * The subscription endpoint (Lambda Function URL): subscribe, confirm, unsubscribe.
 * Placeholder wiring until the subscriber-lifecycle work (issue #4) lands its handler here.
 */
export async function handler(
  event: APIGatewayProxyEventV2,
): Promise<APIGatewayProxyStructuredResultV2> {
  return {
    statusCode: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
    body: `No route for ${event.requestContext.http.method} ${event.rawPath}\n`,
  };
}
