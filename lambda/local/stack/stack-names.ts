/**
 * What `--stack` and `--region` can be, checked while the options are read (no SDK loaded): a name
 * CloudFormation cannot hold would only come back as "not found", and a region that is no
 * hostname part made the SDK throw a stack trace instead of sending a request.
 */

/** A CloudFormation stack name (a letter, then letters, digits and hyphens; 128 at most), or a stack ARN. */
export const STACK_NAME_PATTERN =
  /^([A-Za-z][A-Za-z0-9-]{0,127}|arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:\d{12}:stack\/[A-Za-z][A-Za-z0-9-]{0,127}\/[A-Za-z0-9-]+)$/;

/** An AWS region code: eu-west-1, us-gov-west-1, ap-southeast-4, cn-north-1. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export const STACK_NAME_RULE =
  'must be a CloudFormation stack name: a letter, then letters, digits and hyphens, 128 at most (npx cdk list shows yours)';
export const REGION_RULE = 'must be an AWS region code such as eu-west-1';
