/**
 * Whether an address is on the rehearsed stack's list, read from its table as an operator would
 * read it: SES only ever reports a bounce or a complaint for mail it sent, so an event the
 * rehearsal publishes for anyone else rehearses nothing (ses-events passes it over in silence).
 */
import { type DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';

export type SubscriberLookup = (address: string) => Promise<boolean>;

export function createSubscriberLookup(
  dynamo: DynamoDBClient,
  tableName: string,
): SubscriberLookup {
  return async (address) => {
    // Mailbox providers read local parts case-insensitively, and so does ses-events' lookup.
    const wanted = address.trim().toLowerCase();
    const pages = paginateScan(
      { client: dynamo },
      {
        TableName: tableName,
        // Subscriber profiles (`SUB#<id>`, `PROFILE`) hold the address; an erased one does not.
        FilterExpression: 'begins_with(pk, :sub) AND attribute_exists(email)',
        ProjectionExpression: 'email',
        ExpressionAttributeValues: { ':sub': { S: 'SUB#' } },
      },
    );
    for await (const page of pages) {
      if (page.Items?.some((item) => item.email?.S?.toLowerCase() === wanted)) return true;
    }
    return false;
  };
}
