import { type App, type Environment, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readStackConfig, type StackConfig } from './config';
import { NewsletterStack } from './newsletter-stack';

export interface NewsletterAppOptions {
  readonly env?: Environment;
  /** @default read from the app's context (cdk.json and `-c key=value`) */
  readonly config?: StackConfig;
}

/**
 * Builds the newsletter stack from the app's configuration and has cdk-nag's AwsSolutions checks
 * run on every synth. Throws ConfigError for a bad configuration.
 */
export function createNewsletterApp(app: App, options: NewsletterAppOptions = {}): NewsletterStack {
  const config =
    options.config ??
    readStackConfig((key) => app.node.tryGetContext(key), Object.keys(app.node.getAllContext()));
  const stack = new NewsletterStack(app, config.stackName, { config, env: options.env });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}
