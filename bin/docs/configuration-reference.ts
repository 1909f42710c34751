import * as z from 'zod';
import { CONFIG_SETTINGS } from '../../lambda/core/config';
import { HANDLER_SETTINGS } from '../../lambda/handlers/environment';
import { LOCAL_DEFAULTS, LOCAL_ENVIRONMENT } from '../../lambda/local/local-config';
import { STACK_CONFIG_KEYS, stackConfigSchema } from '../../lib/config';
import { code, markdownTable } from './markdown';

/** The environment variables: the list's settings, the local run's own, and the stack's. */
export function renderEnvironmentReference(): string {
  const localDefaults: Partial<Record<string, unknown>> = LOCAL_DEFAULTS;
  const list = Object.entries(CONFIG_SETTINGS).map(([key, setting]) => [
    code(setting.variable),
    code(localDefaults[key]),
    key in STACK_CONFIG_KEYS ? code(key) : 'set by the stack',
    setting.description,
  ]);
  const local = Object.entries(LOCAL_ENVIRONMENT).map(([variable, setting]) => [
    code(variable),
    code(setting.default),
    setting.description,
  ]);
  const stack = Object.values(HANDLER_SETTINGS).map((setting) => [
    code(setting.variable),
    setting.description,
  ]);
  return [
    "### The list's settings",
    '',
    markdownTable(['variable', 'local default', 'context key (deployed)', 'what it is'], list),
    '',
    '### Only the local run',
    '',
    markdownTable(['variable', 'default', 'what it is'], local),
    '',
    '### Set by the stack on the functions',
    '',
    markdownTable(['variable', 'what it is'], stack),
  ].join('\n');
}

/** Whether a context key may be left out, and the value it then takes (from the schema). */
function requirement(field: z.core.$ZodType): { required: boolean; fallback: unknown } {
  if (!z.safeParse(field, undefined).success) return { required: true, fallback: undefined };
  return { required: false, fallback: z.parse(field, undefined) };
}

/** The CDK context keys, with whether each is required and its default from the schema. */
export function renderContextKeysReference(): string {
  const shape: Record<string, z.core.$ZodType> = stackConfigSchema.in.shape;
  const rows = Object.entries(STACK_CONFIG_KEYS).map(([key, { description, example }]) => {
    const field = shape[key];
    if (field === undefined) throw new Error(`lib/config.ts: context key ${key} has no schema`);
    const { required, fallback } = requirement(field);
    return [code(key), required ? 'yes' : 'no', code(fallback), code(example), description];
  });
  return markdownTable(['key', 'required', 'default', 'example', 'what it is'], rows);
}
