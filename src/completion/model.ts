// What a completion script needs to know, read off the commander program itself so it never drifts from --help.
import type { Command, Option } from 'commander';
import { GLOBAL_SETTINGS, PROFILE_KEYS } from '../config/keys.ts';

export type ValueKind = 'none' | 'word' | 'path' | 'profile' | 'choice' | 'model';

/** What the first positional argument of a command is completed with, asked of tfy-llm at TAB time. */
export type Dynamic = 'profiles' | 'ids' | undefined;

export interface FlagSpec {
  flags: string[];
  description: string;
  value: ValueKind;
  choices: string[];
}

export interface CommandSpec {
  /** e.g. ['config', 'add'] */
  path: string[];
  /** Fixed values of its positional arguments (e.g. the shells of `completion`, the keys of `config set`). */
  choices: string[];
  /** Its positional argument is an existing profile's name, or a response id (read at TAB time). */
  dynamic: Dynamic;
  description: string;
  flags: FlagSpec[];
  subcommands: string[];
  /** Its positional argument repeats (`delete <ids...>`): offered for every argument, not just the first. */
  variadic: boolean;
  /** Another name for a subcommand → its name (`rm` → `remove`): an alias completes like its command. */
  aliases: Record<string, string>;
}

/** Options whose value is a file (completed with paths), a profile name, or a model (from the cached list). */
const PATH_OPTIONS = new Set(['--image', '--file', '--input-json', '--schema']);
const PROFILE_OPTIONS = new Set(['--profile']);
const MODEL_OPTIONS = new Set(['--model']);
/** Commands whose argument names a profile that exists already, or a stored response. */
const DYNAMIC_ARGUMENTS: Readonly<Record<string, Dynamic>> = {
  'config use': 'profiles',
  'config remove': 'profiles',
  'config show': 'profiles',
  retrieve: 'ids',
  delete: 'ids',
  cancel: 'ids',
  'input-items': 'ids',
};
/** Commands whose first argument is a setting's name. */
const KEY_ARGUMENTS = new Set(['config set', 'config get', 'config unset']);
const SETTING_NAMES = [...PROFILE_KEYS, ...Object.keys(GLOBAL_SETTINGS)];

export function describeCommands(program: Command): CommandSpec[] {
  const specs: CommandSpec[] = [];
  const walk = (command: Command, path: string[]): void => {
    const visible = command.commands.filter((c) => !(c as Command & { _hidden?: boolean })._hidden);
    const name = path.join(' ');
    specs.push({
      path,
      description: command.description(),
      choices: KEY_ARGUMENTS.has(name) ? SETTING_NAMES : command.registeredArguments.flatMap((a) => a.argChoices ?? []),
      dynamic: DYNAMIC_ARGUMENTS[name],
      flags: [...command.options.filter((o) => !o.hidden).map(flagSpec), HELP],
      subcommands: visible.map((c) => c.name()),
      variadic: command.registeredArguments[0]?.variadic === true,
      aliases: Object.fromEntries(visible.flatMap((c) => c.aliases().map((alias) => [alias, c.name()]))),
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
  else if (MODEL_OPTIONS.has(long)) value = 'model';
  return { flags, description: option.description, value, choices: option.argChoices ?? [] };
}
