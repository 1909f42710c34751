/**
 * Reads what `cdk synth` wrote: the stack's CloudFormation template and, for every Lambda
 * function, the folder of its bundled code. Nothing here knows the project's handlers: the
 * rehearsal treats the functions as black boxes, as AWS does.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RehearsalError } from './rehearsal-error';

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

export interface Template {
  readonly Parameters?: Record<string, { Type: string; Default?: string }>;
  readonly Resources: Record<string, TemplateResource>;
  readonly Outputs?: Record<string, { Value: unknown; Description?: string }>;
}

export interface CloudAssembly {
  /** The cdk.out folder. */
  readonly dir: string;
  /** The stack's name in the app (the rehearsal deploys it under its own name). */
  readonly artifactId: string;
  readonly templateFile: string;
  readonly template: Template;
}

interface Manifest {
  readonly artifacts?: Record<
    string,
    { readonly type: string; readonly properties?: { readonly templateFile?: string } }
  >;
}

const SYNTH_HINT = 'run `npm run synth` first';

/** The one CloudFormation stack of the cloud assembly in `dir`. */
export function readCloudAssembly(dir: string): CloudAssembly {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    throw new RehearsalError(`${manifestFile} does not exist: ${SYNTH_HINT}`);
  }
  const manifest = readJson<Manifest>(manifestFile);
  const stacks = Object.entries(manifest.artifacts ?? {}).filter(
    ([, artifact]) => artifact.type === 'aws:cloudformation:stack',
  );
  const [stack, ...others] = stacks;
  if (!stack || others.length > 0) {
    throw new RehearsalError(
      `${manifestFile} holds ${stacks.length} CloudFormation stacks; the rehearsal runs exactly one`,
    );
  }
  const [artifactId, artifact] = stack;
  const templateFile = path.join(dir, artifact.properties?.templateFile ?? '');
  if (!existsSync(templateFile)) {
    throw new RehearsalError(`${templateFile} (stack ${artifactId}) is missing: ${SYNTH_HINT}`);
  }
  return { dir, artifactId, templateFile, template: readJson<Template>(templateFile) };
}

/** The folder of a function's bundled code (its `aws:asset:path` metadata). */
export function assetDirOf(assembly: CloudAssembly, logicalId: string): string {
  const assetPath = assembly.template.Resources[logicalId]?.Metadata?.['aws:asset:path'];
  if (typeof assetPath !== 'string') {
    throw new RehearsalError(
      `Function ${logicalId} in ${assembly.templateFile} has no aws:asset:path metadata: ` +
        'synth with asset metadata on (the default)',
    );
  }
  const dir = path.resolve(assembly.dir, assetPath);
  if (!existsSync(dir))
    throw new RehearsalError(`${dir} (code of ${logicalId}) is missing: ${SYNTH_HINT}`);
  return dir;
}

/** The resources of one type, as [logicalId, resource] pairs. */
export function resourcesOfType(
  template: Template,
  type: string,
): [string, TemplateResource & { Properties: Record<string, unknown> }][] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id, resource]) => [id, { ...resource, Properties: resource.Properties ?? {} }]);
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new RehearsalError(
      `${file} is not readable JSON (${(error as Error).message}): ${SYNTH_HINT}`,
    );
  }
}
