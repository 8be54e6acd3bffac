// What a completion script needs to know, read off the commander program itself so it never drifts from --help.
import type { Command, Option } from 'commander';

export type ValueKind = 'none' | 'word' | 'path' | 'profile' | 'choice';

export interface FlagSpec {
  flags: string[];
  description: string;
  value: ValueKind;
  choices: string[];
}

export interface CommandSpec {
  /** e.g. ['config', 'add'] */
  path: string[];
  /** Fixed values of its positional arguments (e.g. the shells of `completion`). */
  choices: string[];
  /** Its positional argument is an existing profile's name (completed from the config). */
  profileArgument: boolean;
  description: string;
  flags: FlagSpec[];
  subcommands: string[];
}

/** Options whose value is a file (completed with paths) or a profile name (completed from the config). */
const PATH_OPTIONS = new Set(['--image', '--file', '--input-json', '--schema']);
const PROFILE_OPTIONS = new Set(['--profile']);
/** Commands whose argument names a profile that exists already. */
const PROFILE_ARGUMENTS = new Set(['config use', 'config remove', 'config show']);

export function describeCommands(program: Command): CommandSpec[] {
  const specs: CommandSpec[] = [];
  const walk = (command: Command, path: string[]): void => {
    const visible = command.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden);
    specs.push({
      path,
      description: command.description(),
      choices: command.registeredArguments.flatMap((a) => a.argChoices ?? []),
      profileArgument: PROFILE_ARGUMENTS.has(path.join(' ')),
      flags: [...command.options.filter((o) => !o.hidden).map(flagSpec), HELP],
      subcommands: visible.map((c) => c.name()),
    });
    for (const sub of visible) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return specs;
}

const HELP: FlagSpec = { flags: ['-h', '--help'], description: 'show help', value: 'none', choices: [] };

function flagSpec(option: Option): FlagSpec {
  const flags = [option.short, option.long].filter((f): f is string => typeof f === 'string');
  const long = option.long ?? '';
  let value: ValueKind = option.required || option.optional ? 'word' : 'none';
  if (option.argChoices?.length) value = 'choice';
  else if (PATH_OPTIONS.has(long)) value = 'path';
  else if (PROFILE_OPTIONS.has(long)) value = 'profile';
  return { flags, description: option.description, value, choices: option.argChoices ?? [] };
}
