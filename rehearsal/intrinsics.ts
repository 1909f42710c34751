/**
 * Resolves the CloudFormation intrinsic functions a synthesized template uses (Ref, Fn::GetAtt,
 * Fn::Join, Fn::Sub, Fn::Select, Fn::Split) against the local resources, so a function's
 * environment and the stack's outputs hold the local names, URLs and ARNs.
 */
import { RehearsalError } from './rehearsal-error';

export interface PhysicalResource {
  /** What `Ref` answers. */
  readonly ref: string;
  /** What `Fn::GetAtt` answers, by attribute name. */
  readonly attributes: Readonly<Record<string, string>>;
}

export interface ResolveContext {
  readonly resources: ReadonlyMap<string, PhysicalResource>;
  /** Pseudo parameters (AWS::Region, …) and template parameters, by name. */
  readonly parameters: Readonly<Record<string, string>>;
}

export function resolveValue(value: unknown, context: ResolveContext, where: string): unknown {
  if (Array.isArray(value)) return value.map((item) => resolveValue(item, context, where));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [first] = entries;
  if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
    return resolveFunction(first[0], first[1], context, where);
  }
  return Object.fromEntries(
    entries.map(([k, v]) => [k, resolveValue(v, context, `${where}.${k}`)]),
  );
}

/** A value that must resolve to a string (an environment variable, an output). */
export function resolveString(value: unknown, context: ResolveContext, where: string): string {
  const resolved = resolveValue(value, context, where);
  if (typeof resolved === 'string') return resolved;
  if (typeof resolved === 'number' || typeof resolved === 'boolean') return String(resolved);
  throw new RehearsalError(`${where} does not resolve to a string: ${JSON.stringify(value)}`);
}

function resolveFunction(
  name: string,
  argument: unknown,
  context: ResolveContext,
  where: string,
): unknown {
  const strings = (value: unknown) => resolveValue(value, context, where) as unknown[];
  switch (name) {
    case 'Ref':
      return refOf(String(argument), context, where);
    case 'Fn::GetAtt': {
      const [id, attribute] = Array.isArray(argument) ? argument : String(argument).split('.');
      return attributeOf(String(id), String(attribute), context, where);
    }
    case 'Fn::Join': {
      const [separator, parts] = argument as [string, unknown];
      return strings(parts).join(separator);
    }
    case 'Fn::Select': {
      const [index, list] = argument as [unknown, unknown];
      return strings(list)[Number(resolveValue(index, context, where))];
    }
    case 'Fn::Split': {
      const [separator, text] = argument as [string, unknown];
      return String(resolveValue(text, context, where)).split(separator);
    }
    case 'Fn::Sub': {
      const [text, variables] = Array.isArray(argument) ? argument : [argument, {}];
      const local = resolveValue(variables, context, where) as Record<string, string>;
      return String(text).replace(/\$\{([^}]+)\}/g, (_, ref: string) => {
        if (ref in local) return String(local[ref]);
        const [id, attribute] = ref.split('.');
        return attribute === undefined
          ? refOf(ref, context, where)
          : attributeOf(String(id), attribute, context, where);
      });
    }
    default:
      throw new RehearsalError(`${where} uses ${name}, which the rehearsal does not resolve`);
  }
}

function refOf(name: string, context: ResolveContext, where: string): string {
  const parameter = context.parameters[name];
  if (parameter !== undefined) return parameter;
  const resource = context.resources.get(name);
  if (!resource)
    throw new RehearsalError(`${where} refers to ${name}, which the template does not declare`);
  return resource.ref;
}

function attributeOf(
  id: string,
  attribute: string,
  context: ResolveContext,
  where: string,
): string {
  const resource = context.resources.get(id);
  const value = resource?.attributes[attribute];
  if (value === undefined) {
    throw new RehearsalError(
      `${where} asks for ${id}.${attribute}, which the rehearsal does not know`,
    );
  }
  return value;
}
