/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy` (cdk.json runs it with tsx). Configuration
 * comes from cdk.json's "context" and `-c key=value`; see docs/deploy.md and docs/configuration.md.
 */
import { App } from 'aws-cdk-lib';
import { NewsletterError } from '../lambda/core/errors';
import { readStackConfig, type StackConfig } from '../lib/config';

const app = new App();
let config: StackConfig;
try {
  config = readStackConfig((key) => app.node.tryGetContext(key));
} catch (error) {
  // A configuration mistake is one line for the operator, not a stack trace.
  if (!(error instanceof NewsletterError)) throw error;
  console.error(error.message);
  process.exit(1);
}
// Loaded only once the configuration is known to be good: the stack's modules take a while.
const { createNewsletterApp } = await import('../lib/newsletter-app');
createNewsletterApp(app, {
  config,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
