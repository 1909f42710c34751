import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** A queue encrypted with SQS-managed keys that refuses plain-HTTP access. */
export function encryptedQueue(
  scope: Construct,
  id: string,
  props: sqs.QueueProps = {},
): sqs.Queue {
  return new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    ...props,
  });
}

/**
 * Lets the grantee send to the queue (sqs:SendMessage, which also authorises SendMessageBatch)
 * and nothing else: the L2's grantSendMessages adds GetQueueAttributes and GetQueueUrl, which
 * neither the functions nor Lambda's failure destinations call.
 */
export function grantSendMessage(queue: sqs.IQueue, grantee: iam.IGrantable): void {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
  );
}

/**
 * Where Lambda puts an asynchronous invocation that failed every retry: SqsDestination with
 * sqs:SendMessage only.
 */
export function failureQueue(queue: sqs.IQueue): lambda.IDestination {
  return {
    bind(_scope, fn) {
      grantSendMessage(queue, fn);
      return { destination: queue.queueArn };
    },
  };
}
