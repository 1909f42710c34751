/**
 * The CDK app: `npx cdk synth` / `npx cdk deploy` (cdk.json runs it with tsx). Configuration
 * comes from cdk.json's "context" and `-c key=value`; see docs/deploy.md and docs/configuration.md.
 */
import { App } from 'aws-cdk-lib';
import { NewsletterError } from '../lambda/core/errors';
import { readStackConfig } from '../lib/config';

const app = new App();
try {
  const config = readStackConfig(
    (key) => app.node.tryGetContext(key),
    Object.keys(app.node.getAllContext()),
  );
  // Loaded only once the configuration is known to be good: the stack's modules take a while.
  const { createNewsletterApp } = await import('../lib/newsletter-app');
  createNewsletterApp(app, {
    config,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
} catch (error) {
  // A configuration mistake (found reading it or building the stack from it) is one line for
  // the operator, not a stack trace.
  if (!(error instanceof NewsletterError)) throw error;
  console.error(error.message);
  process.exit(1);
}
