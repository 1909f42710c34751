import path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLE_SETTINGS, PROJECT_ROOT } from './bundling';

export interface NewsletterFunctionProps {
  /** The handler module, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  /** Shown in the Lambda console. */
  readonly description: string;
  /** Powertools service name: the `service` field of every log line and metric. */
  readonly serviceName: string;
  /** CloudWatch namespace of the function's Powertools metrics. */
  readonly metricsNamespace: string;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** More memory is also more CPU. @default 256 */
  readonly memorySize?: number;
  /** Variables besides the defaults (Powertools settings, source maps). @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Shell commands run after esbuild, e.g. to copy files next to the bundle. @default none */
  readonly afterBundling?: (inputDir: string, outputDir: string) => string[];
}

/**
 * A NodejsFunction with the project's defaults: Node.js 24 on ARM64, an ES module bundle built by
 * the local esbuild (never Docker) with source maps and the AWS SDK left to the runtime,
 * Powertools logger and metrics configured, its own log group with a retention, and its own role
 * that may write to that log group and nothing else until it is granted more.
 */
export class NewsletterFunction extends Construct implements iam.IGrantable {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  /** The function's role: grants go to it. */
  readonly grantPrincipal: iam.IPrincipal;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: NewsletterFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Not the AWS managed basic-execution policy: that one may write to every log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.serviceName} function`,
    });
    this.grantPrincipal = this.role;
    this.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    const afterBundling = props.afterBundling;
    this.function = new NodejsFunction(this, 'Function', {
      entry: path.join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: props.memorySize ?? 256,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: BUNDLE_SETTINGS.nodeOptions,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: BUNDLE_SETTINGS.target,
        minify: BUNDLE_SETTINGS.minify,
        mainFields: [...BUNDLE_SETTINGS.mainFields],
        externalModules: [...BUNDLE_SETTINGS.externalModules],
        banner: BUNDLE_SETTINGS.esmBanner,
        sourceMap: true,
        sourcesContent: false,
        commandHooks: afterBundling && {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling,
        },
      },
    });
  }
}
