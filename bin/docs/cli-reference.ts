import type { Argument, Command, Option } from 'commander';
import { code, markdownTable } from './markdown';

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent) {
    names.unshift(current.name());
  }
  return names.join(' ');
}

function choices(values: readonly string[] | undefined): string {
  return values === undefined ? '' : ` (one of ${values.map(code).join(', ')})`;
}

function optionRow(option: Option): string[] {
  const fallback = option.defaultValueDescription ?? option.defaultValue;
  return [code(option.flags), `${option.description}${choices(option.argChoices)}`, code(fallback)];
}

function argumentRow(argument: Argument): string[] {
  const name = `${argument.name()}${argument.variadic ? '...' : ''}`;
  const shown = argument.required ? `<${name}>` : `[${name}]`;
  return [
    code(shown),
    `${argument.description}${choices(argument.argChoices)}`,
    code(argument.defaultValue),
  ];
}

/** Every command under `command` (itself first), depth first, in the order they were declared. */
function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

function commandSection(command: Command, examples: readonly string[]): string {
  const visibleOptions = command.options.filter((option) => !option.hidden);
  const rows = [...command.registeredArguments.map(argumentRow), ...visibleOptions.map(optionRow)];
  const parts = [`### \`${commandPath(command)}\``, '', command.description()];
  if (command.commands.length > 0) {
    const names = command.commands.map((sub) => code(commandPath(sub)));
    parts.push('', `Commands: ${names.join(', ')}.`);
  } else {
    parts.push('', '```', `${commandPath(command)} ${command.usage()}`, '```');
  }
  if (rows.length > 0)
    parts.push('', markdownTable(['argument or option', 'what', 'default'], rows));
  if (examples.length > 0) parts.push('', 'Examples:', '', '```', ...examples, '```');
  return parts.join('\n');
}

/**
 * The reference of a commander program, built from its definitions without running it: every
 * command with its description, usage, arguments and options (with their defaults and choices),
 * and the examples its help ends with.
 */
export function renderCliReference(
  program: Command,
  examplesOf: (command: Command) => readonly string[],
): string {
  return allCommands(program)
    .map((command) => commandSection(command, examplesOf(command)))
    .join('\n\n');
}
