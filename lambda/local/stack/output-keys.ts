/**
 * What the operator CLI finds through a deployed stack's CloudFormation outputs: the key of each
 * output. The stack (lib/newsletter-stack.ts) names its `CfnOutput`s from here, so renaming one is
 * a compile error on both sides rather than a stack the CLI cannot read. Pure data: synth loads it.
 */
export const STACK_OUTPUTS = {
  tableName: 'TableName',
  bucketName: 'ArticlesBucket',
  composeFunction: 'ComposeFunction',
  queueUrl: 'RecipientsQueueUrl',
  signUpQueueUrl: 'SignUpQueueUrl',
  confirmationsPerHour: 'ConfirmationsPerHour',
  recipientsDlqUrl: 'RecipientsDlqUrl',
  composeDlqUrl: 'ComposeDlqUrl',
  sesEventsDlqUrl: 'SesEventsDlqUrl',
  signUpsDlqUrl: 'SignUpsDlqUrl',
  secretArn: 'TokenSecretArn',
  configurationSet: 'ConfigurationSet',
  fromAddress: 'FromAddress',
  publicUrl: 'SubscriptionApiUrl',
} as const;
