/**
 * In-memory stand-ins for the S3 and SQS APIs (no emulator for either runs here). They answer
 * the commands the adapters send with the SDK's own output shapes and error classes, so the real
 * adapters run against them; and they build SQS events of the real Lambda shape.
 */
import { createHash } from 'node:crypto';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';

export interface StoredObject {
  readonly body: Uint8Array;
  readonly contentType?: string;
  readonly lastModified: Date;
}

/** S3's ETag of a single-part upload: the body's MD5, quoted. */
function etagOf(body: Uint8Array): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

/** A bucket in memory behind an S3Client-shaped `send`. */
export function createFakeS3(bucket: string) {
  const objects = new Map<string, StoredObject>();
  let clock = Date.UTC(2026, 0, 1);
  const calls: string[] = [];

  async function send(command: unknown): Promise<unknown> {
    if (command instanceof PutObjectCommand) {
      const { Key, Body, ContentType } = command.input;
      calls.push(`PutObject ${Key}`);
      const body = typeof Body === 'string' ? new TextEncoder().encode(Body) : (Body as Uint8Array);
      objects.set(String(Key), { body, contentType: ContentType, lastModified: new Date(clock++) });
      return { $metadata: {} };
    }
    if (command instanceof GetObjectCommand) {
      const key = String(command.input.Key);
      calls.push(`GetObject ${key}`);
      expectBucket(command.input.Bucket);
      const object = objects.get(key);
      if (!object)
        throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
      const body = object.body;
      return {
        ETag: etagOf(body),
        ContentLength: body.length,
        ContentType: object.contentType,
        Body: {
          transformToByteArray: async () => body,
          transformToString: async () => new TextDecoder().decode(body),
          destroy: () => {},
        },
        $metadata: {},
      };
    }
    if (command instanceof ListObjectsV2Command) {
      const { Prefix = '', ContinuationToken, MaxKeys = 2 } = command.input;
      calls.push(`ListObjectsV2 ${Prefix}`);
      expectBucket(command.input.Bucket);
      // Small pages, so pagination is exercised.
      const keys = [...objects.keys()].filter((key) => key.startsWith(Prefix)).sort();
      const start = ContinuationToken ? Number(ContinuationToken) : 0;
      const page = keys.slice(start, start + MaxKeys);
      const next = start + MaxKeys < keys.length ? String(start + MaxKeys) : undefined;
      return {
        Contents: page.map((Key) => {
          const object = objects.get(Key);
          return { Key, ETag: object && etagOf(object.body), LastModified: object?.lastModified };
        }),
        IsTruncated: next !== undefined,
        NextContinuationToken: next,
        $metadata: {},
      };
    }
    throw new Error(`fake S3: unexpected command ${(command as object).constructor.name}`);
  }

  function expectBucket(name: string | undefined) {
    if (name !== bucket) throw new Error(`fake S3: bucket ${name} is not ${bucket}`);
  }

  // A real client (paginators check the class) whose requests never leave the process.
  const client = new S3Client({ region: 'us-east-1' });
  client.send = send as S3Client['send'];
  return {
    client,
    objects,
    calls,
    /** Stores an object as an upload at `at` would. */
    put(key: string, body: string | Uint8Array, at = new Date(clock++)) {
      const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
      objects.set(key, { body: bytes, lastModified: at });
    },
    text(key: string): string | undefined {
      const object = objects.get(key);
      return object && new TextDecoder().decode(object.body);
    },
  };
}

export type FailEntries = (
  entries: readonly SendMessageBatchRequestEntry[],
  call: number,
) => { id: string; senderFault: boolean; code?: string }[];

/** A queue in memory behind an SQSClient-shaped `send` (SendMessageBatch only). */
export function createFakeSqs(queueUrl: string, options: { fail?: FailEntries } = {}) {
  const messages: { messageId: string; body: string; delaySeconds?: number }[] = [];
  const batchSizes: number[] = [];

  async function send(command: unknown): Promise<unknown> {
    if (!(command instanceof SendMessageBatchCommand)) {
      throw new Error(`fake SQS: unexpected command ${(command as object).constructor.name}`);
    }
    if (command.input.QueueUrl !== queueUrl) throw new Error('fake SQS: wrong queue URL');
    const entries = command.input.Entries ?? [];
    if (entries.length > 10) throw new Error('fake SQS: more than 10 entries in a batch');
    batchSizes.push(entries.length);
    const failed = options.fail?.(entries, batchSizes.length) ?? [];
    const failedIds = new Set(failed.map((failure) => failure.id));
    const successful = [];
    for (const entry of entries) {
      if (failedIds.has(entry.Id ?? '')) continue;
      const messageId = `msg-${messages.length + 1}`;
      messages.push({
        messageId,
        body: String(entry.MessageBody),
        ...(entry.DelaySeconds === undefined ? {} : { delaySeconds: entry.DelaySeconds }),
      });
      successful.push({ Id: entry.Id, MessageId: messageId });
    }
    return {
      Successful: successful,
      Failed: failed.map((failure) => ({
        Id: failure.id,
        SenderFault: failure.senderFault,
        Code: failure.code ?? (failure.senderFault ? 'InvalidParameterValue' : 'InternalError'),
        Message: 'fake failure',
      })),
      $metadata: {},
    };
  }

  const client = new SQSClient({ region: 'us-east-1' });
  client.send = send as SQSClient['send'];
  return {
    client,
    messages,
    batchSizes,
    /** The messages (or these bodies) as the SQS event Lambda's event source mapping delivers. */
    event(bodies?: readonly { messageId: string; body: string }[]): SQSEvent {
      return { Records: (bodies ?? messages).map((message) => sqsRecord(message, queueUrl)) };
    },
  };
}

export function sqsRecord(message: { messageId: string; body: string }, queueUrl = ''): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: `receipt-${message.messageId}`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1767225600000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1767225600000',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:us-east-1:123456789012:${queueUrl.split('/').pop() ?? 'queue'}`,
    awsRegion: 'us-east-1',
  };
}
